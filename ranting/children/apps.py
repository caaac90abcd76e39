from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "ranting.children"
    label = "children"
