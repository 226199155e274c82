from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "placecraft.panels"
    label = "panels"
    verbose_name = "Citizens' panels"

    def ready(self) -> None:
        from placecraft.core import personal_data
        from placecraft.core.toolkit import Tool, register_tool
        from placecraft.panels import personal

        personal_data.register(
            personal_data.Holder("panel_registrations", personal.export_for, personal.erase_for)
        )
        register_tool(
            4,
            Tool(
                "Citizens' panels",
                "Recruit a pool, set quotas, and select a panel by fair lottery with a published "
                "seed and every person's chance of selection.",
                "panel_list",
            ),
        )
