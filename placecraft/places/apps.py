from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "placecraft.places"
    label = "places"
    verbose_name = "Places and organisations"

    def ready(self) -> None:
        from placecraft.core.dashboard import register_panel
        from placecraft.core.demo import register_seeder
        from placecraft.core.toolkit import Tool, register_tool
        from placecraft.places.dashboard import stalled_work_panel
        from placecraft.places.demo import seed_places

        register_seeder(0, "places", seed_places)
        register_panel(stalled_work_panel)
        register_tool(
            3,
            Tool(
                "Organisations in the place",
                "Every council, public body, voluntary and community group, business, university "
                "and funder working in the place, by kind.",
                "organisation_list",
            ),
        )
