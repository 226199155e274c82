from django.apps import AppConfig


class MissionsConfig(AppConfig):
    name = "placecraft.missions"
    label = "missions"
    verbose_name = "Missions"

    def ready(self) -> None:
        from placecraft.core import personal_data
        from placecraft.core.dashboard import register_panel
        from placecraft.core.demo import register_seeder
        from placecraft.core.toolkit import Tool, register_tool
        from placecraft.frameworks.subjects import SubjectProvider, register_subject
        from placecraft.missions import personal
        from placecraft.missions.demo import seed_missions
        from placecraft.missions.panels import your_missions
        from placecraft.missions.subjects import mission_choices, mission_names

        register_seeder(20, "missions", seed_missions)
        register_subject("mission", SubjectProvider(mission_choices, mission_names))
        register_panel(your_missions)
        personal_data.register(personal.holder())
        register_tool(
            2,
            Tool(
                "Missions",
                "The place's missions: their ambition, owners, board, indicators and latest "
                "progress, with open data to download.",
                "mission_list",
            ),
        )
        register_tool(
            2,
            Tool(
                "Alignment map",
                "How council and authority missions contribute to each other and to the national "
                "missions, as a picture and as a list.",
                "alignment_map",
            ),
        )
        register_tool(
            2,
            Tool(
                "Scoping candidate missions",
                "Candidate missions side by side on the scoping framework, how far partners "
                "agree, and which kinds of partner we have not heard from yet.",
                "scoping_comparison",
                for_members=True,
            ),
        )
