from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "placecraft.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from placecraft.core import personal_data
        from placecraft.notifications import services

        personal_data.register(
            personal_data.Holder("notifications", services.export_for, services.erase_for, 20)
        )
