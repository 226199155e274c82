from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "placecraft.public"
    label = "public"
    verbose_name = "Public site"
