"""Delete pool data kept longer than each panel's retention period after its selection.

    python manage.py purge_panel_pools [--dry-run]

Contact details of everyone and the answers of people not selected are deleted; the published
transparency report (seed, quotas, probabilities by reference) stays. Run it daily from cron.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from placecraft.panels import services


class Command(BaseCommand):
    help = "Purge citizens' panel pool data past its retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        due = services.purge_due()
        for panel in due:
            if options["dry_run"]:
                self.stdout.write(f"Would purge panel {panel.pk}: {panel.title}")
            else:
                removed = services.purge_pool(actor=None, panel=panel)
                self.stdout.write(f"Purged panel {panel.pk} ({removed} records): {panel.title}")
        self.stdout.write(f"{len(due)} panel{'s' if len(due) != 1 else ''} due.")
