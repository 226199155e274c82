"""Retention: delete the voting codes of closed rounds. Ballots stay, and stay counted."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from placecraft.budgeting import services
from placecraft.budgeting.management.commands._round import get_round
from placecraft.budgeting.models import PHASE_ORDER, Phase, Round, VotingCode


class Command(BaseCommand):
    help = "Delete the voting codes of a closed round (or of every closed round with --all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("round", nargs="?", help="the round's id")
        parser.add_argument("--all", action="store_true", help="every round whose voting closed")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            closed = PHASE_ORDER[PHASE_ORDER.index(Phase.VOTING) + 1 :]
            rounds = list(
                Round.objects.filter(
                    phase__in=closed,
                    pk__in=VotingCode.objects.values("round_id"),
                )
            )
        elif options["round"]:
            rounds = [get_round(options["round"])]
        else:
            raise CommandError("Give a round's id, or --all.")
        total = 0
        for round in rounds:
            try:
                total += services.purge_codes(round=round)
            except ValidationError as error:
                raise CommandError(f"Round {round.pk}: {' '.join(error.messages)}") from None
        self.stdout.write(f"Deleted {total:,} voting codes from {len(rounds)} round(s).")
