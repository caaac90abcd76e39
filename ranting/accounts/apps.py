from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ranting.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Receivers keeping User.two_factor in step with the TOTP devices.
        from ranting.accounts import twofactor  # noqa: F401
