from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ranting.audit"
    label = "audit"
