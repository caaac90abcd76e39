from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ranting.audit"
    label = "audit"

    def ready(self) -> None:
        from ranting.audit import tracking

        tracking.register_models()
