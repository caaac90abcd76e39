from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "ranting.transfer"
    label = "transfer"
