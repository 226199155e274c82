"""Importing contracts from the Open Contracting Data Standard (OCDS 1.1): release packages and
record packages, all or nothing, with record-numbered errors.

Each release must have an ``ocid``, an ``id``, a ``date`` (ISO 8601 date-time) and a ``tag`` (a
non-empty list of release tags), and every value object it holds (``planning.budget.amount``,
``tender.value``, ``awards[].value``, ``contracts[].value``) must have a numeric ``amount`` and an
ISO 4217 ``currency``. A release package may hold several releases of one contracting process:
the latest (by date) describes the contract. A record package gives each process's
``compiledRelease`` (or, without one, its latest embedded release).

Social value: the supplier's offer is read from the sustainability extension
(``tender.sustainability[].description``) where the publisher used it.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from placecraft.core import audit
from placecraft.core.models import AuditEvent
from placecraft.partners.currencies import currency_problem
from placecraft.partners.giving import MAX_ERRORS, GrantImportFailed, RecordError, sentence
from placecraft.partners.models import Contract, DataImport
from placecraft.places.models import Organisation, Place

RELEASE_TAGS = frozenset(
    {
        "planning",
        "planningUpdate",
        "tender",
        "tenderAmendment",
        "tenderUpdate",
        "tenderCancellation",
        "award",
        "awardUpdate",
        "awardCancellation",
        "contract",
        "contractUpdate",
        "contractAmendment",
        "implementation",
        "implementationUpdate",
        "contractTermination",
        "compiled",
    }
)

ContractImportFailed = GrantImportFailed  # the same shape of error: labelled, numbered problems


@dataclass(frozen=True)
class CheckedRelease:
    where: str
    ocid: str
    release_id: str
    date: datetime
    tags: list[str]
    release: dict[str, Any]


@dataclass
class ContractImportResult:
    data_import: DataImport | None = None
    created: int = 0
    updated: int = 0


def parse_datetime(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_fixed_timezone(0))
    return parsed


def _value_problems(value: Any, path: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"{path} is not an object"]
    problems = []
    amount = value.get("amount")
    if amount is None:
        problems.append(f"{path}.amount is missing")
    elif isinstance(amount, bool) or not isinstance(amount, int | float):
        problems.append(f"{path}.amount “{str(amount)[:30]}” is not a number")
    elif isinstance(amount, float) and not math.isfinite(amount):
        problems.append(f"{path}.amount is not an ordinary number")
    problem = currency_problem(value.get("currency"))
    if problem:
        problems.append(f"{path}.currency: {problem}")
    return problems


def check_release(release: Any) -> list[str]:
    if not isinstance(release, dict):
        return ["it is not an object"]
    problems = []
    for key in ("ocid", "id"):
        if not isinstance(release.get(key), str) or not release[key].strip():
            problems.append(f"{key} is missing")
    if release.get("date") in (None, ""):
        problems.append("date is missing")
    elif parse_datetime(release.get("date")) is None:
        problems.append(
            f"date “{str(release.get('date'))[:40]}” is not an ISO 8601 date-time, like "
            "2024-03-31T09:30:00Z"
        )
    tags = release.get("tag")
    if not isinstance(tags, list) or not tags:
        problems.append('tag is missing: it is a list such as ["award"]')
    else:
        unknown = [str(t) for t in tags if t not in RELEASE_TAGS]
        if unknown:
            problems.append(f"tag has values that are not release tags: {', '.join(unknown)[:80]}")
    planning = release.get("planning") or {}
    budget = planning.get("budget") if isinstance(planning, dict) else None
    if isinstance(budget, dict):
        problems += _value_problems(budget.get("amount"), "planning.budget.amount")
    tender = release.get("tender")
    if isinstance(tender, dict):
        problems += _value_problems(tender.get("value"), "tender.value")
    for key in ("awards", "contracts"):
        items = release.get(key) or []
        if not isinstance(items, list):
            problems.append(f"{key} is not a list")
            continue
        for i, item in enumerate(items):
            if isinstance(item, dict):
                problems += _value_problems(item.get("value"), f"{key}[{i}].value")
    return problems


def read_package(stream: IO[bytes]) -> list[tuple[str, Any]]:
    """(label, release) pairs from a release package or a record package."""
    try:
        package = json.load(io.TextIOWrapper(stream, encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise GrantImportFailed([RecordError("File", "it is not UTF-8 text.")]) from None
    except json.JSONDecodeError as problem:
        raise GrantImportFailed(
            [RecordError("File", f"it is not valid JSON (line {problem.lineno}).")]
        ) from None
    if isinstance(package, dict) and isinstance(package.get("releases"), list):
        releases = package["releases"]
        if not releases:
            raise GrantImportFailed([RecordError("File", 'the "releases" list is empty.')])
        return [(f"Release {n}", r) for n, r in enumerate(releases, start=1)]
    if isinstance(package, dict) and isinstance(package.get("records"), list):
        out = []
        for n, record in enumerate(package["records"], start=1):
            if not isinstance(record, dict):
                out.append((f"Record {n}", record))
                continue
            compiled = record.get("compiledRelease")
            if isinstance(compiled, dict):
                out.append((f"Record {n} (compiled release)", compiled))
                continue
            embedded = [
                r for r in record.get("releases") or [] if isinstance(r, dict) and "tag" in r
            ]
            if not embedded:
                out.append((f"Record {n}", {"ocid": record.get("ocid")}))
                continue
            latest = max(embedded, key=lambda r: str(r.get("date", "")))
            out.append((f"Record {n} (latest release)", latest))
        if not out:
            raise GrantImportFailed([RecordError("File", 'the "records" list is empty.')])
        return out
    raise GrantImportFailed(
        [
            RecordError(
                "File",
                'an OCDS file is a release package (with "releases") or a record package (with '
                '"records"); this file is neither.',
            )
        ]
    )


def check_releases(items: list[tuple[str, Any]]) -> list[CheckedRelease]:
    errors: list[RecordError] = []
    checked: list[CheckedRelease] = []
    for where, release in items:
        problems = check_release(release)
        errors += [RecordError(where, sentence(p)) for p in problems]
        if not problems:
            date = parse_datetime(release["date"])
            assert date is not None
            checked.append(
                CheckedRelease(
                    where,
                    release["ocid"].strip(),
                    release["id"].strip(),
                    date,
                    release["tag"],
                    release,
                )
            )
        if len(errors) > MAX_ERRORS:
            break
    if errors:
        raise GrantImportFailed(errors[:MAX_ERRORS], truncated=len(errors) > MAX_ERRORS)
    return checked


def _first(items: Any) -> dict[str, Any]:
    if isinstance(items, list) and items and isinstance(items[0], dict):
        return items[0]
    return {}


def contract_fields(release: dict[str, Any]) -> dict[str, Any]:
    tender: dict[str, Any] = release["tender"] if isinstance(release.get("tender"), dict) else {}
    award, contract = _first(release.get("awards")), _first(release.get("contracts"))
    value = contract.get("value") or award.get("value") or tender.get("value") or {}
    suppliers = [
        str(s.get("name", "")).strip()
        for a in release.get("awards") or []
        if isinstance(a, dict)
        for s in a.get("suppliers") or []
        if isinstance(s, dict) and s.get("name")
    ]
    social = [
        str(item.get("description", "")).strip()
        for item in tender.get("sustainability") or []
        if isinstance(item, dict) and item.get("description")
    ]
    buyer: dict[str, Any] = release["buyer"] if isinstance(release.get("buyer"), dict) else {}
    return {
        "title": str(
            contract.get("title") or award.get("title") or tender.get("title") or release["ocid"]
        )[:500],
        "description": str(
            contract.get("description")
            or award.get("description")
            or tender.get("description")
            or ""
        ),
        "buyer_name": str(buyer.get("name", ""))[:300],
        "supplier_names": list(dict.fromkeys(suppliers)),
        "value_amount": Decimal(str(value["amount"])).quantize(Decimal("0.01"))
        if value.get("amount") is not None
        else None,
        "currency": str(value.get("currency", ""))[:3],
        "status": str(contract.get("status") or award.get("status") or tender.get("status") or "")[
            :40
        ],
        "social_value": "\n\n".join(social),
    }


def import_contracts(
    *,
    actor: Any,
    place: Place,
    organisation: Organisation,
    stream: IO[bytes],
    file_name: str,
    visibility: str = "public",
) -> ContractImportResult:
    items = read_package(stream)
    checked = check_releases(items)
    latest: dict[str, CheckedRelease] = {}
    for release in checked:
        if release.ocid not in latest or release.date >= latest[release.ocid].date:
            latest[release.ocid] = release
    result = ContractImportResult()
    with transaction.atomic():
        existing = {
            c.ocid: c
            for c in Contract.objects.select_for_update().filter(place=place, ocid__in=list(latest))
        }
        clashes = [
            RecordError(
                r.where, f"the contracting process {r.ocid} was imported by another organisation."
            )
            for r in latest.values()
            if r.ocid in existing and existing[r.ocid].organisation_id != organisation.pk
        ]
        if clashes:
            raise GrantImportFailed(clashes[:MAX_ERRORS])
        data_import = DataImport.objects.create(
            place=place,
            organisation=organisation,
            kind=DataImport.Kind.CONTRACTS,
            file_name=file_name[:200],
            file_format="json",
            records=len(checked),
            imported_by=actor if actor is not None and actor.is_authenticated else None,
        )
        for ocid, release in latest.items():
            contract = existing.get(ocid) or Contract(
                place=place, organisation=organisation, ocid=ocid
            )
            created = contract.pk is None
            contract.release_id, contract.release_date = release.release_id, release.date
            contract.tags, contract.data = release.tags, release.release
            contract.data_import, contract.visibility = data_import, visibility
            for key, value in contract_fields(release.release).items():
                setattr(contract, key, value)
            contract.save()
            if created:
                result.created += 1
            else:
                result.updated += 1
        result.data_import = data_import
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=data_import,
            place=place,
            organisation=organisation,
            changes={"contracts added": result.created, "contracts replaced": result.updated},
        )
    return result
