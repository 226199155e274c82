from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "placecraft.accounts"
    label = "accounts"
    verbose_name = "Accounts"
