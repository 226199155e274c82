"""python manage.py export_place PLACE FILE: a versioned ZIP archive of everything a place holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from placecraft.places.archive import export_place
from placecraft.places.models import Place


class Command(BaseCommand):
    help = (
        "Export a place (its organisations, people, missions and all their work) to a ZIP archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("place", help="the place's slug")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        place = Place.objects.filter(slug=options["place"]).first()
        if place is None:
            raise CommandError(f"There is no place called “{options['place']}”.")
        manifest = export_place(place, options["file"])
        total = sum(manifest["counts"].values())
        files = len(manifest["files"])
        self.stdout.write(
            f"Exported {total} objects and {files} files of {place} to {options['file']}."
        )
