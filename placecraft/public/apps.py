from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "placecraft.public"
    label = "public"
    verbose_name = "Public site"

    def ready(self) -> None:
        from placecraft.public import security  # noqa: F401 - registers the deployment check
