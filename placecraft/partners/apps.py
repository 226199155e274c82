from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "placecraft.partners"
    label = "partners"
    verbose_name = "Partners, commitments and funding"

    def ready(self) -> None:
        from placecraft.core.dashboard import register_panel
        from placecraft.core.demo import register_seeder
        from placecraft.core.personal_data import Holder, register
        from placecraft.core.toolkit import Tool, register_tool
        from placecraft.partners.demo import seed_partners
        from placecraft.partners.panels import (
            commitments_needing_update,
            erase_contacts,
            export_contacts,
        )

        register_seeder(50, "partners", seed_partners)
        register_panel(commitments_needing_update)
        register(Holder("partner_contacts", export_contacts, erase_contacts))
        for tool in (
            Tool(
                "Partner registry",
                "Every partner in the place by kind, with what they do, the missions they care "
                "about and who to talk to, kept up to date by the partners themselves.",
                "partner_list",
            ),
            Tool(
                "Commitments",
                "What partners have promised to do for each mission, by when, how it is going "
                "and the evidence, with reminders when an update is overdue.",
                "commitment_list",
            ),
            Tool(
                "Funding and grants",
                "Funding lines, pooled funds and 360Giving grants lined up behind the missions, "
                "with each mission's funding picture.",
                "funding_list",
            ),
            Tool(
                "Procurement and commissioning",
                "Contracts from OCDS data linked to missions, and the social value suppliers "
                "offered recorded as commitments.",
                "contract_list",
            ),
            Tool(
                "System map",
                "Partners, missions, commitments and funding as a network, with lists of the "
                "same and exports for Kumu and as CSV.",
                "system_map",
            ),
        ):
            register_tool(3, tool)
