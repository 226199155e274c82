"""Import a citizens' panel pool from Sortition Foundation CSV files, all or nothing.

    python manage.py import_panel_pool people.csv categories.csv [--place SLUG] [--panel ID]

A new panel is made unless --panel names one; the place may be omitted when there is only one.
The last line printed is the panel's id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from placecraft.panels import services
from placecraft.panels.models import Panel
from placecraft.panels.pool import PoolFormatError
from placecraft.places.models import Organisation, OrganisationKind, Place


class Command(BaseCommand):
    help = "Import a citizens' panel pool (people.csv) and its quotas (categories.csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("people", type=Path)
        parser.add_argument("categories", type=Path)
        parser.add_argument("--place", help="The place's slug (optional when there is one).")
        parser.add_argument("--panel", type=int, help="Import into this panel, not a new one.")
        parser.add_argument("--title", default="", help="The new panel's title.")
        parser.add_argument("--size", type=int, default=30, help="The new panel's size.")

    def handle(self, *args: Any, **options: Any) -> None:
        people_path: Path = options["people"]
        categories_path: Path = options["categories"]
        for path in (people_path, categories_path):
            if not path.is_file():
                raise CommandError(f"{path} does not exist.")
        place = _place(options["place"])
        if options["panel"]:
            try:
                panel = Panel.objects.get(pk=options["panel"], place=place)
            except Panel.DoesNotExist:
                raise CommandError(f"There is no panel {options['panel']} in {place}.") from None
        else:
            panel = Panel(
                place=place,
                organisation=_owner(place),
                title=options["title"] or f"Citizens' panel from {people_path.name}",
                size=options["size"],
            )
        people, categories = people_path.read_bytes(), categories_path.read_bytes()
        try:
            # One transaction: a new panel is not left behind when a file is refused.
            with transaction.atomic():
                if panel.pk is None:
                    panel = services.create_panel(
                        actor=None,
                        place=place,
                        organisation=panel.organisation,
                        data={"title": panel.title, "size": panel.size},
                    )
                count = services.import_pool(
                    actor=None,
                    panel=panel,
                    people=people,
                    categories=categories,
                    people_name=people_path.name,
                    categories_name=categories_path.name,
                )
        except PoolFormatError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(f"Imported {count} people into “{panel.title}”.")
        self.stdout.write(str(panel.pk))


def _place(slug: str | None) -> Place:
    if slug:
        try:
            return Place.objects.get(slug=slug)
        except Place.DoesNotExist:
            raise CommandError(f"There is no place “{slug}”.") from None
    places = list(Place.objects.all()[:2])
    if len(places) != 1:
        raise CommandError("Name the place with --place (there is more than one, or none).")
    return places[0]


def _owner(place: Place) -> Organisation:
    owner = (
        Organisation.objects.filter(place=place, kind=OrganisationKind.COUNCIL).first()
        or Organisation.objects.filter(place=place).first()
    )
    if owner is None:
        raise CommandError(f"{place} has no organisations to own the panel.")
    return owner
