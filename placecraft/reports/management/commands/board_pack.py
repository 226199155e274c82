"""Write a mission's board pack for a date range to a PDF file.

    python manage.py board_pack MISSION --from 2025-01-01 --to 2025-03-31 pack.pdf

MISSION is the mission's id or slug (``--place`` picks the place when two places share a slug).
The pack shows what a contributor of the mission's owner organisation may see. The last line of
output is the path of the file written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from placecraft.places.models import Place
from placecraft.reports import boardpack, render


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date like 2025-04-01.") from None


class Command(BaseCommand):
    help = "Write a mission's board pack for a date range to a PDF file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("mission", help="The mission's id or slug.")
        parser.add_argument("file", help="Where to write the PDF.")
        parser.add_argument(
            "--from", dest="date_from", required=True, help="First day, YYYY-MM-DD."
        )
        parser.add_argument("--to", dest="date_to", required=True, help="Last day, YYYY-MM-DD.")
        parser.add_argument("--place", help="The place's slug, when several hold the slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _date(options["date_from"]), _date(options["date_to"])
        if end < start:
            raise CommandError("--to must be on or after --from.")
        place = None
        if options["place"]:
            place = Place.objects.filter(slug=options["place"]).first()
            if place is None:
                raise CommandError(f"There is no place {options['place']!r}.")
        try:
            mission = boardpack.find_mission(place, options["mission"])
        except Http404:
            raise CommandError(f"There is no mission {options['mission']!r}.") from None
        viewer = boardpack.OrganisationViewer(mission.organisation)
        pack = boardpack.build(viewer, mission.place, mission, start, end)
        content, refused = render.board_pack_pdf(pack)
        path = Path(options["file"])
        path.write_bytes(content)
        if refused and options["verbosity"] > 1:
            self.stderr.write(f"Not fetched: {', '.join(refused)}")
        self.stdout.write(f"{pack.title}, {start} to {end}: {len(content):,} bytes.")
        self.stdout.write(str(path))
