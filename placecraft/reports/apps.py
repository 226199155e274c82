from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "placecraft.reports"
    label = "reports"
    verbose_name = "Reports and exports"
