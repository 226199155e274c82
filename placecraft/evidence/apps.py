from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "placecraft.evidence"
    label = "evidence"
    verbose_name = "Evidence and indicators"

    def ready(self) -> None:
        from placecraft.core.demo import register_seeder
        from placecraft.core.toolkit import Tool, register_tool
        from placecraft.evidence.demo import seed_evidence

        register_seeder(21, "evidence", seed_evidence)
        register_tool(
            2,
            Tool(
                "Indicators and evidence",
                "Outcome indicators beyond GDP, with data, baselines, targets and trajectories, "
                "charts and tables, and CSV import.",
                "indicator_list",
            ),
        )
