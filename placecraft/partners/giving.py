"""The 360Giving Data Standard: importing grants (JSON package, or the flat CSV/XLSX form) and
exporting a place's grants as a 360Giving JSON package.

Importing is all or nothing: every record is checked first, and any problem (a missing required
field, a currency that is not ISO 4217, a date that is not an ISO 8601 date, an amount that is not
a number, a repeated identifier) is reported with the number of the record (JSON: its position in
``grants``, from 1) or the row (CSV/XLSX: as a spreadsheet numbers it, the header being row 1),
and nothing is stored.

``grants_package`` is the exporter: the community grants feature reuses it for its own awards.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction

from placecraft.core import audit
from placecraft.core.models import AuditEvent
from placecraft.partners.currencies import currency_problem
from placecraft.partners.models import DataImport, Grant, GrantRule
from placecraft.places.models import Organisation, Place

MAX_ERRORS = 100
MAX_RECORDS = 100_000

# Required by the 360Giving schema (recipientIndividual is the standard's alternative to
# recipientOrganization since 1.4; this importer takes organisations only).
REQUIRED = (
    "id",
    "title",
    "description",
    "currency",
    "amountAwarded",
    "awardDate",
    "recipientOrganization",
    "fundingOrganization",
)

# Column titles of the standard's spreadsheet template → JSON paths. Columns may also be headed
# with the paths themselves (flatten-tool's convention, like ``recipientOrganization/0/id``).
TITLES = {
    "identifier": "id",
    "title": "title",
    "description": "description",
    "currency": "currency",
    "amount applied for": "amountAppliedFor",
    "amount awarded": "amountAwarded",
    "amount disbursed": "amountDisbursed",
    "award date": "awardDate",
    "url": "url",
    "planned dates:start date": "plannedDates/0/startDate",
    "planned dates:end date": "plannedDates/0/endDate",
    "planned dates:duration (months)": "plannedDates/0/duration",
    "recipient org:identifier": "recipientOrganization/0/id",
    "recipient org:name": "recipientOrganization/0/name",
    "recipient org:charity number": "recipientOrganization/0/charityNumber",
    "recipient org:company number": "recipientOrganization/0/companyNumber",
    "recipient org:postal code": "recipientOrganization/0/postalCode",
    "funding org:identifier": "fundingOrganization/0/id",
    "funding org:name": "fundingOrganization/0/name",
    "grant programme:title": "grantProgramme/0/title",
    "grant programme:code": "grantProgramme/0/code",
    "beneficiary location:name": "beneficiaryLocation/0/name",
    "beneficiary location:geographic code": "beneficiaryLocation/0/geoCode",
    "beneficiary location:geographic code type": "beneficiaryLocation/0/geoCodeType",
    "last modified": "dateModified",
    "data source": "dataSource",
}
NUMBER_PATHS = {"amountAppliedFor", "amountAwarded", "amountDisbursed", "plannedDates/0/duration"}
MISSION_VOCABULARY = "Placecraft mission"


@dataclass(frozen=True)
class RecordError:
    where: str  # "Row 4" or "Grant 3"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def sentence(problem: str) -> str:
    """A problem as a sentence; field names (``awardDate``, ``tender.value``) keep their case."""
    first = problem.split(" ", 1)[0]
    if first in ("the", "it", "a", "an"):
        problem = problem[0].upper() + problem[1:]
    return problem + "."


class GrantImportFailed(Exception):
    def __init__(self, errors: list[RecordError], truncated: bool = False) -> None:
        self.errors = errors
        self.truncated = truncated
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class GrantImportResult:
    data_import: DataImport | None = None
    created: int = 0
    updated: int = 0
    linked: int = 0
    total: Decimal = Decimal(0)
    currencies: set[str] = field(default_factory=set)


# Reading ---------------------------------------------------------------------------------------


def _fail(where: str, message: str) -> GrantImportFailed:
    return GrantImportFailed([RecordError(where, message)])


def read_json(stream: IO[bytes]) -> list[tuple[str, Any]]:
    """(label, record) for each grant in a 360Giving JSON package."""
    try:
        package = json.load(io.TextIOWrapper(stream, encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise _fail("File", "it is not UTF-8 text.") from None
    except json.JSONDecodeError as problem:
        raise _fail(
            "File", f"it is not valid JSON (line {problem.lineno}, column {problem.colno})."
        ) from None
    if not isinstance(package, dict) or not isinstance(package.get("grants"), list):
        raise _fail(
            "File",
            'a 360Giving JSON package is an object with a "grants" list; this file has none.',
        )
    grants = package["grants"]
    if not grants:
        raise _fail("File", 'the "grants" list is empty.')
    return [(f"Grant {n}", record) for n, record in enumerate(grants, start=1)]


def _set_path(target: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split("/")
    node: Any = target
    for i, part in enumerate(parts[:-1]):
        following = parts[i + 1]
        if isinstance(node, list):
            index = int(part)
            while len(node) <= index:
                node.append({} if not following.isdigit() else [])
            node = node[index]
        else:
            node = node.setdefault(part, [] if following.isdigit() else {})
    last = parts[-1]
    if isinstance(node, list):
        index = int(last)
        while len(node) <= index:
            node.append(None)
        node[index] = value
    else:
        node[last] = value


def _flat_number(text: str) -> Any:
    cleaned = text.strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return cleaned  # left as text: validation explains what is wrong
    return int(value) if value == value.to_integral_value() else float(value)


def _header_paths(header: list[str], where: str) -> list[str | None]:
    paths: list[str | None] = []
    for heading in header:
        text = heading.strip()
        path = TITLES.get(text.casefold()) or (text if text in REQUIRED or "/" in text else None)
        paths.append(path)
    missing = [
        name
        for name, path in (
            ("Identifier", "id"),
            ("Title", "title"),
            ("Description", "description"),
            ("Currency", "currency"),
            ("Amount Awarded", "amountAwarded"),
            ("Award Date", "awardDate"),
            ("Recipient Org:Identifier", "recipientOrganization/0/id"),
            ("Recipient Org:Name", "recipientOrganization/0/name"),
            ("Funding Org:Identifier", "fundingOrganization/0/id"),
            ("Funding Org:Name", "fundingOrganization/0/name"),
        )
        if path not in paths
    ]
    if missing:
        raise _fail(where, "the header has no column for " + ", ".join(missing) + ".")
    return paths


def _rows_to_records(rows: Iterator[tuple[int, list[str]]]) -> list[tuple[str, Any]]:
    header: list[str] | None = None
    paths: list[str | None] = []
    records: list[tuple[str, Any]] = []
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = cells
            paths = _header_paths(cells, f"Row {number}")
            continue
        record: dict[str, Any] = {}
        for path, cell in zip(paths, cells, strict=False):
            if path is None or not cell.strip():
                continue
            _set_path(record, path, _flat_number(cell) if path in NUMBER_PATHS else cell.strip())
        records.append((f"Row {number}", record))
        if len(records) > MAX_RECORDS:
            raise _fail(f"Row {number}", f"a file can hold at most {MAX_RECORDS:,} grants.")
    if header is None:
        raise _fail("Row 1", "the file is empty. It needs a header row and a row per grant.")
    if not records:
        raise _fail("Row 2", "the file has a header but no grants.")
    return records


def read_csv(stream: IO[bytes]) -> list[tuple[str, Any]]:
    raw = stream.read()
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail("File", "it is not UTF-8 text. Save it as “CSV UTF-8” and try again.") from None
    reader = csv.reader(io.StringIO(text))

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for cells in reader:
                yield reader.line_num, cells
        except csv.Error as problem:
            raise _fail(
                f"Row {reader.line_num}", f"it cannot be read as CSV ({problem})."
            ) from None

    return _rows_to_records(rows())


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(stream: IO[bytes]) -> list[tuple[str, Any]]:
    """The first worksheet of a spreadsheet in the flat form (openpyxl, read-only)."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise _fail("File", "it cannot be opened as an Excel (.xlsx) workbook.") from None
    sheet = workbook.worksheets[0]
    rows = (
        (number, [_cell_text(v) for v in values])
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
    )
    try:
        return _rows_to_records(rows)
    finally:
        workbook.close()


def read_grants(stream: IO[bytes], file_name: str) -> tuple[str, list[tuple[str, Any]]]:
    """The format (json, csv or xlsx, from the name) and the labelled records."""
    name = file_name.lower()
    if name.endswith(".json"):
        return "json", read_json(stream)
    if name.endswith(".xlsx"):
        return "xlsx", read_xlsx(stream)
    if name.endswith(".csv"):
        return "csv", read_csv(stream)
    raise _fail("File", "choose a .json, .csv or .xlsx file in the 360Giving format.")


# Checking ---------------------------------------------------------------------------------------


def parse_iso_date(value: object) -> date | None:
    """An ISO 8601 date (2024-03-31) or date-time (2024-03-31T00:00:00Z), else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _first_org(
    record: Mapping[str, Any], key: str, label: str, problems: list[str]
) -> tuple[str, str]:
    orgs = record.get(key)
    if not isinstance(orgs, list) or not orgs or not isinstance(orgs[0], dict):
        problems.append(f"{label} is missing ({key})")
        return "", ""
    org = orgs[0]
    org_id, name = _text(org.get("id")), _text(org.get("name"))
    if not org_id:
        problems.append(f"{label}'s identifier is missing ({key}/0/id)")
    if not name:
        problems.append(f"{label}'s name is missing ({key}/0/name)")
    return org_id, name


@dataclass(frozen=True)
class CheckedGrant:
    where: str
    identifier: str
    title: str
    description: str
    currency: str
    amount: Decimal
    award_date: date
    recipient_id: str
    recipient_name: str
    funder_id: str
    funder_name: str
    data: dict[str, Any]


def check_record(where: str, record: Any) -> tuple[CheckedGrant | None, list[str]]:
    if not isinstance(record, dict):
        return None, ["it is not an object"]
    problems: list[str] = []
    for key in ("id", "title", "description"):
        if not _text(record.get(key)):
            problems.append(f"{key} is missing")
    currency = record.get("currency")
    currency_error = currency_problem(currency)
    if currency_error:
        problems.append(currency_error)
    amount_value = record.get("amountAwarded")
    amount: Decimal | None = None
    if amount_value is None or amount_value == "":
        problems.append("amountAwarded is missing")
    elif isinstance(amount_value, bool) or not isinstance(amount_value, int | float):
        problems.append(
            f"amountAwarded “{str(amount_value)[:30]}” is not a number: write it without "
            "currency signs or commas, like 12500 or 12500.50"
        )
    elif isinstance(amount_value, float) and not math.isfinite(amount_value):
        problems.append("amountAwarded is not an ordinary number")
    elif amount_value < 0:
        problems.append("amountAwarded cannot be less than zero")
    else:
        amount = Decimal(str(amount_value)).quantize(Decimal("0.01"))
    award = record.get("awardDate")
    award_date = parse_iso_date(award)
    if award is None or award == "":
        problems.append("awardDate is missing")
    elif award_date is None:
        problems.append(
            f"awardDate “{str(award)[:30]}” is not an ISO 8601 date: write it as YYYY-MM-DD, "
            "like 2024-03-31"
        )
    for path in ("plannedDates/0/startDate", "plannedDates/0/endDate"):
        planned = record.get("plannedDates")
        if isinstance(planned, list) and planned and isinstance(planned[0], dict):
            value = planned[0].get(path.rsplit("/", 1)[1])
            if value not in (None, "") and parse_iso_date(value) is None:
                problems.append(f"{path} “{str(value)[:30]}” is not an ISO 8601 date")
    recipient_id, recipient_name = _first_org(
        record, "recipientOrganization", "the recipient organisation", problems
    )
    funder_id, funder_name = _first_org(
        record, "fundingOrganization", "the funding organisation", problems
    )
    if problems or amount is None or award_date is None:
        return None, problems
    return (
        CheckedGrant(
            where=where,
            identifier=_text(record["id"])[:200],
            title=_text(record["title"])[:500],
            description=_text(record["description"]),
            currency=str(currency),
            amount=amount,
            award_date=award_date,
            recipient_id=recipient_id[:200],
            recipient_name=recipient_name[:300],
            funder_id=funder_id[:200],
            funder_name=funder_name[:300],
            data=record,
        ),
        [],
    )


def check_records(records: list[tuple[str, Any]]) -> list[CheckedGrant]:
    errors: list[RecordError] = []
    checked: list[CheckedGrant] = []
    first_seen: dict[str, str] = {}
    for where, record in records:
        grant, problems = check_record(where, record)
        for problem in problems:
            errors.append(RecordError(where, sentence(problem)))
        if grant is not None:
            if grant.identifier in first_seen:
                errors.append(
                    RecordError(
                        where,
                        f"the identifier {grant.identifier} is used again (first in "
                        f"{first_seen[grant.identifier].lower()}). Each grant needs its own.",
                    )
                )
            first_seen.setdefault(grant.identifier, where)
            checked.append(grant)
        if len(errors) > MAX_ERRORS:
            break
    if errors:
        raise GrantImportFailed(errors[:MAX_ERRORS], truncated=len(errors) > MAX_ERRORS)
    return checked


# Importing ---------------------------------------------------------------------------------------


def import_grants(
    *,
    actor: Any,
    place: Place,
    organisation: Organisation,
    stream: IO[bytes],
    file_name: str,
    visibility: str = "public",
) -> GrantImportResult:
    """Check and store a 360Giving file for ``organisation``; raises ``GrantImportFailed`` having
    stored nothing. A grant whose identifier the organisation already imported is replaced; an
    identifier another organisation imported is an error. The organisation's rules are applied
    to the new grants."""
    file_format, records = read_grants(stream, file_name)
    checked = check_records(records)
    result = GrantImportResult()
    with transaction.atomic():
        existing = {
            grant.identifier: grant
            for grant in Grant.objects.select_for_update().filter(
                place=place, identifier__in=[c.identifier for c in checked]
            )
        }
        clashes = [
            RecordError(
                c.where, f"the identifier {c.identifier} was imported by another organisation."
            )
            for c in checked
            if c.identifier in existing
            and existing[c.identifier].organisation_id != organisation.pk
        ]
        if clashes:
            raise GrantImportFailed(clashes[:MAX_ERRORS], truncated=len(clashes) > MAX_ERRORS)
        data_import = DataImport.objects.create(
            place=place,
            organisation=organisation,
            kind=DataImport.Kind.GRANTS,
            file_name=file_name[:200],
            file_format=file_format,
            records=len(checked),
            imported_by=actor if actor is not None and actor.is_authenticated else None,
        )
        by_name = {
            name.casefold(): pk
            for pk, name in Organisation.objects.filter(place=place).values_list("pk", "name")
        }
        new: list[Grant] = []
        changed: list[Grant] = []
        for c in checked:
            grant = existing.get(c.identifier) or Grant(
                place=place, organisation=organisation, identifier=c.identifier
            )
            grant.title, grant.description = c.title, c.description
            grant.currency, grant.amount_awarded, grant.award_date = (
                c.currency,
                c.amount,
                c.award_date,
            )
            grant.recipient_org_id, grant.recipient_org_name = c.recipient_id, c.recipient_name
            grant.funder_org_id, grant.funder_org_name = c.funder_id, c.funder_name
            grant.recipient_organisation_id = by_name.get(c.recipient_name.casefold())
            grant.data, grant.data_import, grant.visibility = c.data, data_import, visibility
            (changed if grant.pk else new).append(grant)
            result.total += c.amount
            result.currencies.add(c.currency)
        Grant.objects.bulk_create(new, batch_size=1000)
        fields = [
            "title",
            "description",
            "currency",
            "amount_awarded",
            "award_date",
            "recipient_org_id",
            "recipient_org_name",
            "funder_org_id",
            "funder_org_name",
            "recipient_organisation",
            "data",
            "data_import",
            "visibility",
        ]
        Grant.objects.bulk_update(changed, fields, batch_size=1000)
        from placecraft.partners.services import apply_grant_rules

        stored = Grant.objects.filter(data_import=data_import)
        result.linked = apply_grant_rules(
            grants=stored, rules=GrantRule.objects.filter(organisation=organisation)
        )
        result.created, result.updated, result.data_import = len(new), len(changed), data_import
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=data_import,
            place=place,
            organisation=organisation,
            changes={
                "grants added": result.created,
                "grants replaced": result.updated,
                "linked by rules": result.linked,
            },
        )
    return result


# Exporting ---------------------------------------------------------------------------------------


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def grant_record(grant: Grant, missions: Iterable[Any] = ()) -> dict[str, Any]:
    """One grant in the 360Giving shape: the publisher's original record with the required
    fields from our checked values, and each mission it serves as a classification."""
    record = dict(grant.data) if isinstance(grant.data, dict) else {}
    record.update(
        {
            "id": grant.identifier,
            "title": grant.title,
            "description": grant.description,
            "currency": grant.currency,
            "amountAwarded": _number(grant.amount_awarded),
            "awardDate": grant.award_date.isoformat(),
        }
    )
    recipient = dict((record.get("recipientOrganization") or [{}])[0])
    recipient.update({"id": grant.recipient_org_id, "name": grant.recipient_org_name})
    record["recipientOrganization"] = [recipient]
    funder = dict((record.get("fundingOrganization") or [{}])[0])
    funder.update({"id": grant.funder_org_id, "name": grant.funder_org_name})
    record["fundingOrganization"] = [funder]
    classifications = [
        c
        for c in record.get("classifications") or []
        if isinstance(c, dict) and c.get("vocabulary") != MISSION_VOCABULARY
    ]
    classifications += [
        {"vocabulary": MISSION_VOCABULARY, "code": m.slug, "title": m.title} for m in missions
    ]
    if classifications:
        record["classifications"] = classifications
    return record


def grants_package(
    records: Iterable[dict[str, Any]],
    *,
    publisher_name: str,
    publisher_prefix: str = "",
    license_url: str = "https://creativecommons.org/licenses/by/4.0/",
) -> dict[str, Any]:
    """A 360Giving JSON package around ``records`` (from ``grant_record`` or built the same way
    by another app, such as community grants)."""
    publisher: dict[str, Any] = {"name": publisher_name}
    if publisher_prefix:
        publisher["prefix"] = publisher_prefix
    return {"license": license_url, "publisher": publisher, "grants": list(records)}
