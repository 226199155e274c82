from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "placecraft.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks and exercises"

    def ready(self) -> None:
        from placecraft.core import personal_data
        from placecraft.core.dashboard import register_panel
        from placecraft.core.demo import register_seeder
        from placecraft.frameworks import personal, tools
        from placecraft.frameworks.demo import seed_frameworks
        from placecraft.frameworks.views import my_actions_panel

        tools.register()
        register_panel(my_actions_panel)
        register_seeder(30, "frameworks", seed_frameworks)
        personal_data.register(personal.holder())
