from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "placecraft.impact"
    label = "impact"
    verbose_name = "Impact in uncertainty"

    def ready(self) -> None:
        from placecraft.core import personal_data
        from placecraft.core.dashboard import register_panel
        from placecraft.core.demo import register_seeder
        from placecraft.core.toolkit import Tool, register_tool
        from placecraft.impact.demo import seed_impact
        from placecraft.impact.personal import holder
        from placecraft.impact.views import risks_panel

        for tool in (
            Tool(
                "Self-assessment journey",
                "Your organisation's shift towards impact over time: the stage now and the stage "
                "aimed for by feature, leadership's view beside staff's, and the actions agreed.",
                "journey_index",
                for_members=True,
            ),
            Tool(
                "Risks of acting and of not acting",
                "A risk register that weighs the risk of acting against the risk of doing "
                "nothing, with owners, appetite and review dates.",
                "risk_list",
                for_members=True,
            ),
            Tool(
                "Learning log",
                "What we tried, what happened, what we learned and what we will change, from "
                "sprints, forums, projects and updates, searchable and shared with partners.",
                "learning_log",
                for_members=True,
            ),
            Tool(
                "Portfolio dashboard",
                "Every mission on one page: status, headline indicators, overdue updates, sprints, "
                "commitments and risks that need attention.",
                "portfolio",
                for_members=True,
            ),
            Tool(
                "Board packs",
                "A PDF for a mission board or the whole portfolio, for a date range.",
                "board_pack",
                for_members=True,
            ),
            Tool(
                "Resource library",
                "Background reading and case studies on missions, summarised in our own words.",
                "resource_library",
            ),
            Tool(
                "State of our missions",
                "The yearly public report on every public mission, built from public data.",
                "state_of_missions",
            ),
        ):
            register_tool(5, tool)
        register_panel(risks_panel)
        personal_data.register(holder())
        register_seeder(70, "impact", seed_impact)
