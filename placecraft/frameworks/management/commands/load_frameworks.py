"""python manage.py load_frameworks — store the framework files as versions, all or nothing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from placecraft.frameworks import schema, services


class Command(BaseCommand):
    help = (
        "Validate every framework file and store new versions. A problem in any file stores "
        "nothing and lists every problem as file:line: reason."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            default=str(schema.DEFINITIONS_DIR),
            help="Where the framework files are (default: the shipped definitions).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = services.load_frameworks(options["directory"])
        except schema.FrameworkError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing was loaded: {len(error.problems)} problem(s) in the framework files."
            ) from None
        for name in report.created:
            self.stdout.write(f"Stored {name}")
        if report.unchanged:
            self.stdout.write(f"{len(report.unchanged)} framework version(s) already stored")
        # The last line is the number of versions created, as other commands print an id.
        self.stdout.write(str(len(report.created)))
