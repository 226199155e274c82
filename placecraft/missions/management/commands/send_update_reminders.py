"""python manage.py send_update_reminders [--place SLUG]

Emails each lead of every active or paused mission whose progress update is overdue, or whose
indicator data is out of date. Safe to run as often as you like (for example daily from cron):
each reminder is recorded and never sent twice for the same due date. The last line is the
number of reminders sent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from placecraft.missions import services
from placecraft.places.models import Place


class Command(BaseCommand):
    help = "Remind mission leads about overdue progress updates and out-of-date data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--place", help="Only this place's missions.")

    def handle(self, *args: Any, **options: Any) -> None:
        place = None
        if options["place"]:
            place = Place.objects.filter(slug=options["place"]).first()
            if place is None:
                raise CommandError(f"There is no place “{options['place']}”.")
        sent = services.send_update_reminders(place=place)
        for reminder in sent:
            self.stdout.write(
                f"Reminded {reminder.recipient.email} about {reminder.mission} ({reminder.get_kind_display().lower()})"  # noqa: E501
            )
        self.stdout.write(str(len(sent)))
