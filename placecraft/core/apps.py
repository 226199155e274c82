from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "placecraft.core"
    label = "core"
    verbose_name = "Placecraft core"
