"""Write a round as a pabulib ``.pb`` file, with a ``selected`` column for its winners.

Ballots are written as they are published: in a random order, under random voter ids.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from placecraft.budgeting import services
from placecraft.budgeting.management.commands._round import get_round
from placecraft.budgeting.pabulib import write_pabulib


class Command(BaseCommand):
    help = "Export a participatory budgeting round as a pabulib .pb file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("round", help="the round's id")
        parser.add_argument("file", help="the .pb file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        round = get_round(options["round"])
        election = services.election_for_publication(round)
        winners = services.winners_for_export(round)
        if winners is None:
            # Not counted here: keep the outcome an imported file recorded, or mark none.
            recorded = [p.id for p in election.projects if p.selected]
            winners = recorded
        text = write_pabulib(election, selected=winners)
        Path(options["file"]).write_text(text, encoding="utf-8")
        self.stdout.write(
            f"Wrote {len(election.projects)} projects and {len(election.voters):,} ballots "
            f"to {options['file']}."
        )
