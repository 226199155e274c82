"""Select a citizens' panel from the command line, running the lottery in this process.

    python manage.py select_panel PANEL --size N --seed S [--method leximin|maximin]
        [--reason TEXT] [--json]

With --json, standard output is exactly one object: ``{"seed": S, "method": "leximin",
"selected": [pool ids], "probabilities": {pool id: probability}}``. Progress goes
to standard error, and the solver's own output is kept off standard output while it runs.
Without --json a summary is printed and the last line is the selection run's id.

Every draw goes on the panel's public record. A panel already drawn is drawn again only with
--reason, and a seed published in advance for the panel's next draw must be the one given.
The method is the panel's own (leximin unless its organisers chose maximin); --method may choose
it before the first draw, after which it is fixed.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from placecraft.panels import services
from placecraft.panels.models import Panel, SelectionMethod, SelectionStatus
from placecraft.panels.selection import Progress


class Command(BaseCommand):
    help = (
        "Select a citizens' panel by stratified lottery (leximin or maximin) with a published seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("panel", type=int)
        parser.add_argument("--size", type=int, required=True)
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument(
            "--method",
            choices=SelectionMethod.values,
            help="The lottery method (default: the panel's own, fixed at its first draw).",
        )
        parser.add_argument(
            "--reason", default="", help="Why the panel is drawn again (needed for a redraw)."
        )
        parser.add_argument("--json", action="store_true", dest="as_json")
        parser.add_argument("--quiet", action="store_true", help="No progress on stderr.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            panel = Panel.objects.get(pk=options["panel"])
        except Panel.DoesNotExist:
            raise CommandError(f"There is no panel {options['panel']}.") from None
        if options["size"] < 1:
            raise CommandError("The panel size must be at least 1.")
        if not panel.pool.exists():
            raise CommandError("The panel's pool is empty.")
        try:
            run = services.request_selection(
                actor=None,
                panel=panel,
                size=options["size"],
                seed=options["seed"],
                reason=options["reason"],
                method=options["method"],
                background=False,
            )
        except ValidationError as error:
            message = " ".join(error.messages)
            if services.panel_needs_reason(panel) and not options["reason"].strip():
                message += " Give it with --reason."
            raise CommandError(message) from None
        quiet = options["quiet"]

        def progress(p: Progress) -> None:
            # stderr only: stdout is the JSON answer (and is silenced while the solver runs).
            if not quiet:
                step = f" {p.current}/{p.total}" if p.total else ""
                self.stderr.write(f"{p.stage}{step}: {p.message}")

        run = services.run_selection(run.pk, progress=progress, from_command_line=True)
        if run.status == SelectionStatus.FAILED:
            raise CommandError(run.message)
        if run.status != SelectionStatus.DONE:
            lines = ["No panel can meet every quota:", *(f"- {p}" for p in run.problems)]
            if run.suggestions:
                lines += ["Suggested changes:", *(f"- {s}" for s in run.suggestions)]
            raise CommandError("\n".join(lines))
        if options["as_json"]:
            answer = {
                "seed": run.seed,
                "method": run.algorithm,
                "selected": run.selected,
                "probabilities": run.probabilities,
            }
            self.stdout.write(json.dumps(answer))
            return
        self.stdout.write(
            f"Selected {len(run.selected)} of {run.pool_size} by {run.algorithm} with seed "
            f"{run.seed} in "
            f"{run.seconds:.1f} s: {', '.join(run.selected)}"
        )
        self.stdout.write(str(run.pk))
