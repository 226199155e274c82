from django.apps import AppConfig


class SprintsConfig(AppConfig):
    name = "placecraft.sprints"
    label = "sprints"
    verbose_name = "Mission sprints"

    def ready(self) -> None:
        from placecraft.core import personal_data
        from placecraft.core.demo import register_seeder
        from placecraft.core.toolkit import Tool, register_tool
        from placecraft.frameworks.subjects import SubjectProvider, register_subject
        from placecraft.sprints import personal
        from placecraft.sprints.demo import seed_sprints
        from placecraft.sprints.subjects import sprint_choices, sprint_names

        register_subject("sprint", SubjectProvider(sprint_choices, sprint_names))
        register_seeder(40, "sprints", seed_sprints)
        personal_data.register(personal.holder())
        register_tool(
            1,
            Tool(
                "Mission sprints",
                "Short, protected bursts of work by a mixed team on one problem tied to a "
                "mission: board, weekly check-ins, a health check against six conditions, and "
                "learning fed back.",
                "sprint_list",
            ),
        )
        register_tool(
            5,
            Tool(
                "Learning from sprints",
                "What sprint teams tried, what happened, and what they will change, shared with "
                "the organisation and its partners.",
                "learning_list",
            ),
        )
