from django.apps import AppConfig


class OpennessConfig(AppConfig):
    name = "placecraft.openness"
    label = "openness"
    verbose_name = "Working in the open"

    def ready(self) -> None:
        from placecraft.core import personal_data
        from placecraft.core.demo import register_seeder
        from placecraft.core.toolkit import Tool, register_tool
        from placecraft.openness import services
        from placecraft.openness.demo import seed_openness

        personal_data.register(
            personal_data.Holder("events_and_digests", services.export_for, services.erase_for)
        )
        register_seeder(45, "openness", seed_openness)
        for title, description, url_name in (
            (
                "Weeknotes",
                "Short notes on what the team did and learned each week, with feeds and a "
                "weekly email for anyone who wants to follow along.",
                "weeknote_list",
            ),
            (
                "Stories",
                "Stories of the missions told with the consent of the people in them, "
                "including case studies.",
                "story_list",
            ),
            (
                "Events",
                "Convenings, celebrations and forums with registration, a waiting list and "
                "the commitments partners restate there.",
                "event_list",
            ),
            (
                "Champions",
                "People in every sector who champion a mission, and what they do for it.",
                "champion_list",
            ),
        ):
            register_tool(2, Tool(title, description, url_name))
