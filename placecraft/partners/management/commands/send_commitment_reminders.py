"""Remind partners whose commitments are overdue an update. Safe to run as often as you like
(from cron, say daily): nobody is reminded twice about the same due date."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from placecraft.partners.services import send_commitment_reminders
from placecraft.places.models import Place


class Command(BaseCommand):
    help = "Notify the people responsible for commitments whose update is overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--place", help="Only this place (its slug).")

    def handle(self, *args: Any, **options: Any) -> None:
        place = Place.objects.get(slug=options["place"]) if options.get("place") else None
        sent = send_commitment_reminders(place=place)
        self.stdout.write(f"Sent {len(sent)} reminder{'s' if len(sent) != 1 else ''}.")
        self.stdout.write(str(len(sent)))
