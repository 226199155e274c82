from django.apps import AppConfig


class BudgetingConfig(AppConfig):
    name = "placecraft.budgeting"
    label = "budgeting"
    verbose_name = "Participatory budgeting"

    def ready(self) -> None:
        from placecraft.budgeting.demo import seed_budgeting
        from placecraft.budgeting.personal import holder
        from placecraft.core import personal_data
        from placecraft.core.demo import register_seeder
        from placecraft.core.toolkit import Tool, register_tool

        register_seeder(60, "budgeting", seed_budgeting)
        personal_data.register(holder())
        register_tool(
            4,
            Tool(
                "Participatory budgeting",
                "Residents decide how to spend a budget: projects with costs, voting online, with "
                "a code or on paper, and results counted fairly with every outcome explained.",
                "pb_round_list",
            ),
        )
