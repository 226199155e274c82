from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "placecraft.api"
    label = "api"
    verbose_name = "JSON API"
