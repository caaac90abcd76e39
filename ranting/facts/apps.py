from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FactsConfig(AppConfig):
    name = "ranting.facts"
    label = "facts"

    def ready(self) -> None:
        # Connect the receivers that refresh facts after single-row writes.
        from ranting.facts import signals

        # After `migrate`, with the schema complete: an existing database that has measurements
        # but no facts yet (the first deploy of this app) gets them, so no page shows zeros.
        post_migrate.connect(signals.build_missing_facts, sender=self)
