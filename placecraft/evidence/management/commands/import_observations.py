"""python manage.py import_observations FILE.csv --indicator SLUG [--place SLUG] [--dry-run]

Imports a tidy CSV (geography_code,period,value[,lower,upper]) into an indicator, all or
nothing. Problems are printed one per line as “Row N: …” and the command exits with status 1
having changed nothing. On success the last line is the indicator's id."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from placecraft.evidence import services
from placecraft.evidence.importer import ImportFailed, import_observations
from placecraft.evidence.models import Indicator
from placecraft.places.models import Place


class Command(BaseCommand):
    help = "Import observations for an indicator from a tidy CSV file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV file: geography_code,period,value[,lower,upper]")
        parser.add_argument("--indicator", required=True, help="The indicator's slug.")
        parser.add_argument(
            "--place", help="The place's slug (may be left out when there is one place)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file without importing it."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        place = self._place(options["place"])
        try:
            indicator = Indicator.objects.select_related("place", "organisation").get(
                place=place, slug=options["indicator"]
            )
        except Indicator.DoesNotExist:
            raise CommandError(f"{place} has no indicator “{options['indicator']}”.") from None
        try:
            with open(options["file"], "rb") as stream:
                if options["dry_run"]:
                    result = import_observations(indicator=indicator, stream=stream, dry_run=True)
                else:
                    result = services.import_file(actor=None, indicator=indicator, stream=stream)
        except FileNotFoundError:
            raise CommandError(f"There is no file called {options['file']}.") from None
        except ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            if failure.truncated:
                self.stderr.write("(Only the first problems are shown.)")
            raise CommandError("Nothing was imported: fix the rows above and try again.") from None
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{verb} {result.rows:,} rows into “{indicator}” ({result.added:,} new, "
            f"{result.replaced:,} replaced; {result.geographies:,} areas, {result.first_period} to "
            f"{result.last_period}) in {result.seconds:.1f} s."
        )
        self.stdout.write(str(indicator.pk))

    def _place(self, slug: str | None) -> Place:
        if slug:
            try:
                return Place.objects.get(slug=slug)
            except Place.DoesNotExist:
                raise CommandError(f"There is no place “{slug}”.") from None
        places = list(Place.objects.all()[:2])
        if len(places) != 1:
            raise CommandError("Say which place with --place SLUG.")
        return places[0]
