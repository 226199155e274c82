"""Email the weekly weeknotes digest to confirmed subscribers.

Run it on a schedule (for example every Monday morning). By default it covers last week; running
it again, or twice at the same time, never emails a subscriber twice for the same week."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from placecraft.openness.services import send_weeknote_digest, week_start
from placecraft.places.models import Place


class Command(BaseCommand):
    help = "Email each confirmed subscriber the public weeknotes published in one week."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--place", help="The place's slug (default: every place).")
        parser.add_argument(
            "--week", help="Any day in the week to send, as YYYY-MM-DD (default: last week)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        place = None
        if options["place"]:
            place = Place.objects.filter(slug=options["place"]).first()
            if place is None:
                raise CommandError(f"No place with the slug {options['place']}.")
        if options["week"]:
            try:
                day = date.fromisoformat(options["week"])
            except ValueError:
                raise CommandError("Give the week as a date, YYYY-MM-DD.") from None
        else:
            day = timezone.localdate() - timedelta(days=7)
        week = week_start(day)
        sent = send_weeknote_digest(week=week, place=place)
        self.stdout.write(f"Sent {sent} digest{'s' if sent != 1 else ''} for the week of {week}.")
        self.stdout.write(str(sent))
