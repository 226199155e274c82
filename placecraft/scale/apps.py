from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "placecraft.scale"
    label = "scale"
    verbose_name = "Scale data"
