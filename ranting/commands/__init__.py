"""Subcommands of the `ranting` console script (see ranting/cli.py)."""


def django_setup() -> None:
    """Configure Django for commands that need the ORM."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ranting.settings")
    django.setup()
