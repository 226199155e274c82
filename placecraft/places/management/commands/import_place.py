"""python manage.py import_place FILE — restore a place archive into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from placecraft.places.archive import ArchiveError, import_place


class Command(BaseCommand):
    help = "Import a place archive made by export_place. All or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=None,
            help="refuse an archive that unpacks to more than this many bytes "
            "(default: the PLACE_ARCHIVE_MAX_BYTES setting, or 20 GiB)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            place = import_place(options["file"], max_bytes=options["max_bytes"])
        except ArchiveError as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        self.stdout.write(f"Imported {place}.")
        self.stdout.write(str(place.pk))
