"""Tell owners about risks whose review is overdue: once per risk, review date and person.

Run it daily (cron, or a scheduler). Running it twice, or two at once, sends nothing twice.
The last line of output is the number of reminders sent.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from placecraft.impact.services import send_risk_reminders


class Command(BaseCommand):
    help = "Remind owners of risks that are overdue for review (never twice)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_risk_reminders()
        for reminder in sent:
            self.stdout.write(f"Reminded {reminder.recipient} about {reminder.risk}")
        self.stdout.write(str(len(sent)))
