"""Import a pabulib ``.pb`` file as a closed round with its projects and ballots.

All or nothing: a malformed file is refused with the line and the reason, and nothing is
imported. The last line of output is the new round's id. The count is queued for the worker.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from placecraft.budgeting import services
from placecraft.budgeting.pabulib import PabulibError, read_pabulib
from placecraft.places.models import Organisation, OrganisationKind, Place


class Command(BaseCommand):
    help = "Import a pabulib .pb file as a closed participatory budgeting round."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .pb file")
        parser.add_argument("--place", help="the place's slug (may be left out if there is one)")
        parser.add_argument(
            "--organisation",
            help="slug of the owner organisation (default: the place's first council or authority)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        place = _place(options["place"])
        organisation = _organisation(place, options["organisation"])
        started = time.perf_counter()
        try:
            election = read_pabulib(path)
        except PabulibError as error:
            raise CommandError(f"{path.name}: {error}; nothing was imported") from None
        round = services.import_election(
            actor=None,
            place=place,
            organisation=organisation,
            election=election,
            name=path.name,
        )
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Imported {path.name}: {len(election.projects)} projects, "
            f"{len(election.voters):,} ballots, in {seconds:.1f} s. "
            "The count is queued for the worker."
        )
        self.stdout.write(str(round.pk))


def _place(slug: str | None) -> Place:
    if slug:
        try:
            return Place.objects.get(slug=slug)
        except Place.DoesNotExist:
            raise CommandError(f"There is no place {slug!r}.") from None
    places = list(Place.objects.all()[:2])
    if len(places) != 1:
        raise CommandError(
            "Say which place with --place SLUG."
            if places
            else "There is no place yet: create one first."
        )
    return places[0]


def _organisation(place: Place, slug: str | None) -> Organisation:
    organisations = Organisation.objects.filter(place=place)
    if slug:
        found = organisations.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"There is no organisation {slug!r} in {place}.")
        return found
    found = (
        organisations.filter(
            kind__in=[OrganisationKind.COUNCIL, OrganisationKind.STRATEGIC_AUTHORITY]
        )
        .order_by("pk")
        .first()
        or organisations.order_by("pk").first()
    )
    if found is None:
        raise CommandError(f"{place} has no organisations: add one to own the round.")
    return found
