"""python manage.py seed_demo [--json] — build (or refresh) the demo place."""

from __future__ import annotations

import contextlib
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from placecraft.core.demo import DemoContext, seeders
from placecraft.places import demo


class Command(BaseCommand):
    help = "Create or refresh the illustrative demo place, Wyvern Valley. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the log-ins as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        ctx = DemoContext()
        # Whatever seeding writes to standard output (e-mails on the console backend, mostly)
        # goes to standard error, so that `--json` prints the JSON object and nothing else.
        with contextlib.redirect_stdout(sys.stderr), transaction.atomic():
            for _order, name, seeder in seeders():
                if options["verbosity"] > 1:
                    self.stderr.write(f"Seeding {name}…")
                seeder(ctx)
        accounts = demo.accounts()
        if options["json"]:
            self.stdout.write(json.dumps({"password": demo.DEMO_PASSWORD, "accounts": accounts}))
            return
        self.stdout.write(f"Demo place: {ctx.place.name} (illustrative data)")
        self.stdout.write(f"Every demo account's password: {demo.DEMO_PASSWORD}")
        width = max(len(account["email"]) for account in accounts)
        for account in accounts:
            where = f" — {account['organisation']}" if account["organisation"] else ""
            self.stdout.write(f"  {account['email']:<{width}}  {account['role']}{where}")
        self.stdout.write(
            "The place admin is asked to set up two-factor authentication at first sign-in."
        )
        self.stdout.write(str(ctx.place.pk))
