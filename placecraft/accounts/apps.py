from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "placecraft.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from placecraft.accounts import erasure, personal_data

        personal_data.register()
        erasure.register()
