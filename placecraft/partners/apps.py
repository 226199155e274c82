from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "placecraft.partners"
    label = "partners"
    verbose_name = "Partners, commitments and funding"
