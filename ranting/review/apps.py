from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "ranting.review"
    label = "review"
