"""python manage.py send_notification_digests --frequency daily|weekly

Run from a scheduler (cron, systemd timer): daily at a fixed hour, weekly on a fixed day.
Safe to run twice or at the same time: nothing is emailed twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from placecraft.notifications.models import Frequency
from placecraft.notifications.services import send_digests


class Command(BaseCommand):
    help = "Email digests of notifications not yet emailed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--frequency", choices=[Frequency.DAILY, Frequency.WEEKLY], default=Frequency.DAILY
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests(frequency=options["frequency"])
        self.stdout.write(f"Sent {sent} {options['frequency']} digest{'s' if sent != 1 else ''}.")
