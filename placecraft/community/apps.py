from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "placecraft.community"
    label = "community"
    verbose_name = "Community power"

    def ready(self) -> None:
        from placecraft.community import personal
        from placecraft.community.demo import seed_community
        from placecraft.core import personal_data
        from placecraft.core.demo import register_seeder
        from placecraft.core.toolkit import Tool, register_tool

        personal_data.register(
            personal_data.Holder("community", personal.export_for, personal.erase_for)
        )
        register_seeder(80, "community", seed_community)
        for title, description, url_name in (
            (
                "Participatory processes and ideas",
                "Residents propose ideas for the missions, support and discuss them, and hear "
                "back what the council decided.",
                "process_list",
            ),
            (
                "Deliberative forums",
                "Panel sessions and open forums with agendas, evidence packs, minutes, "
                "recommendations and the council's response to each.",
                "forum_list",
            ),
            (
                "Community grants",
                "Grants for community groups aligned to the missions: applications with "
                "budgets, scored assessment, awards, reports and 360Giving open data.",
                "programme_list",
            ),
            (
                "Who we have heard from",
                "Who has taken part, by area and group, against the place's population.",
                "representation",
            ),
        ):
            register_tool(4, Tool(title, description, url_name))
