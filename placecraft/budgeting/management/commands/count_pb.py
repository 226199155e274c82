"""Count a round by a rule and print the winners, their total cost and the time taken.

``--json`` prints exactly ``{"rule", "winners": [pabulib project ids], "total_cost",
"seconds"}``. This is a recount for checking: it does not change the round's stored results.
Exact ties are settled by the round's published tie-break rule, as in the round's own count.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from placecraft.budgeting import counting, services
from placecraft.budgeting.management.commands._round import get_round


class Command(BaseCommand):
    help = "Count a participatory budgeting round by a rule (a recount; nothing is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("round", help="the round's id")
        parser.add_argument(
            "--rule",
            required=True,
            help=f"one of {', '.join(counting.RULES)}",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        rule = options["rule"]
        if rule not in counting.RULES:
            raise CommandError(f"Unknown rule {rule!r}: use one of {', '.join(counting.RULES)}.")
        round = get_round(options["round"])
        started = time.perf_counter()
        election = services.election_for(round)
        try:
            result = counting.count(election, rule, services.tie_break_for(round))
        except counting.UnknownRuleError as error:
            raise CommandError(f"Cannot count round {round.pk} by {rule!r}: {error}.") from None
        except ValueError as error:
            raise CommandError(f"Cannot count round {round.pk}: {error}.") from None
        seconds = time.perf_counter() - started
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "rule": rule,
                        "winners": list(result.winners),
                        "total_cost": result.total_cost,
                        "seconds": round_seconds(seconds),
                    }
                )
            )
            return
        self.stdout.write(f"{round.title}: counted by {result.rule}")
        for position, project_id in enumerate(result.winners, start=1):
            outcome = result.projects[project_id]
            self.stdout.write(f"{position:>3}. {project_id}  cost {outcome.cost:,}")
        self.stdout.write(
            f"{len(result.winners)} winners, total cost {result.total_cost:,} of "
            f"{float(result.budget):,.2f}; {seconds:.2f} s"
        )


def round_seconds(seconds: float) -> float:
    return float(f"{seconds:.3f}")
