"""Importing observations from a tidy CSV file, all or nothing.

The file has a header row and then one figure per row::

    geography_code,period,value[,lower,upper]
    E06000014,2023,78.4,77.1,79.6

- ``geography_code``: an ONS GSS code (a letter and eight digits);
- ``period``: one of the forms in ``placecraft/evidence/periods.py`` (2023, 2023-04, 2023-Q2,
  2023/24);
- ``value``, ``lower``, ``upper``: plain numbers (a minus sign and a decimal point are fine; no
  thousands separators, units or per cent signs). ``lower`` and ``upper`` are an optional
  confidence interval; either both columns are in the header or neither.

The file must be UTF-8 (Excel: “CSV UTF-8”); a byte-order mark is allowed. Rows are numbered as a
spreadsheet shows them: the header is row 1. Blank lines are skipped.

Nothing is imported unless every row is good. A figure for an area and period the indicator
already has replaces the old one; other existing figures are left alone.

How it scales to a million rows: the file is read as a stream (never held in memory), each row is
checked on its own, and good rows go in batches into a temporary staging table (on PostgreSQL
with COPY). Duplicates are then found with one GROUP BY, and the staging table is merged into the
observations in one transaction: one INSERT … ON CONFLICT DO UPDATE (which both SQLite and
PostgreSQL understand) that skips figures coming back unchanged. Nothing touches the
observations before that transaction, so any problem leaves them as they were.

Figures that are already parsed (the items of an API request) go through ``import_rows``: the
same row check (``RowCheck``), staging and merge, numbered as the caller numbers them.

The web import runs this twice in background tasks (placecraft/evidence/tasks.py): a dry run to
check the file and build the preview, then, once the person confirms, the import itself.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.db import DatabaseError, connection, transaction

from placecraft.core import audit
from placecraft.core.models import AuditEvent
from placecraft.evidence.models import Indicator, Observation
from placecraft.evidence.periods import PeriodError, parse_period
from placecraft.places import gss

REQUIRED = ["geography_code", "period", "value"]
OPTIONAL = ["lower", "upper"]
MAX_ERRORS = 100
BATCH = 10_000
PREVIEW_ROWS = 10
PROGRESS_EVERY = 20_000
STAGING = "placecraft_observation_staging"

Row = tuple[int, str, str, date, date, float, float | None, float | None]


@dataclass(frozen=True)
class RowError:
    """A problem with one row: ``row`` is its number, as the caller counts its rows (a file's
    rows as a spreadsheet shows them, or the items of an API request); ``noun`` is what they
    are called."""

    row: int
    message: str
    noun: str = "row"

    def __str__(self) -> str:
        return f"{self.noun.capitalize()} {self.row}: {self.message}"


class ImportFailed(Exception):
    """The file has problems: the first ones (up to MAX_ERRORS), and how many in all."""

    def __init__(
        self, errors: list[RowError], truncated: bool = False, total: int | None = None
    ) -> None:
        self.errors = errors
        self.total = max(total or 0, len(errors))
        self.truncated = truncated or self.total > len(errors)
        super().__init__("\n".join(str(e) for e in errors))


class ErrorLog:
    """Problems found so far: the first ``limit`` kept to show, the rest only counted, so a file
    that is wrong on every row costs no more memory than one wrong on a few."""

    def __init__(self, limit: int = MAX_ERRORS) -> None:
        self.limit = limit
        self.shown: list[RowError] = []
        self.total = 0

    def append(self, error: RowError) -> None:
        self.total += 1
        if len(self.shown) < self.limit:
            self.shown.append(error)

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return self.total

    def failure(self) -> ImportFailed:
        return ImportFailed(list(self.shown), total=self.total)


@dataclass
class ImportResult:
    rows: int = 0
    replaced: int = 0
    seconds: float = 0.0
    geographies: int = 0
    first_period: str = ""
    last_period: str = ""
    preview: list[Row] = field(default_factory=list)

    @property
    def added(self) -> int:
        return self.rows - self.replaced


class _Undecodable(Exception):
    def __init__(self, row: int) -> None:
        self.row = row


def _decoded_lines(stream: IO[bytes]) -> Iterator[str]:
    """Text lines, decoded one at a time so a bad byte can be pinned to its row."""
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _Undecodable(number) from None


# A cell as read from a file (text), or as sent already parsed (a number, or nothing).
Cell = str | float | int | None


def _text(cell: Cell) -> str:
    return "" if cell is None else cell.strip() if isinstance(cell, str) else str(cell)


def _number(cell: Cell, what: str) -> float:
    cleaned = _text(cell)
    try:
        value = float(cell) if isinstance(cell, int | float) else float(cleaned)
    except OverflowError:
        value = math.inf  # an integer beyond any float: refused below, as "1e999" would be
    except ValueError:
        shown = f"“{cleaned}”" if cleaned else "empty"
        raise ValueError(
            f"the {what} is {shown}, which is not a number. Write plain numbers like 78.4 or "
            "-2, without units, per cent signs or commas."
        ) from None
    if not math.isfinite(value) or "_" in cleaned:
        raise ValueError(f"the {what} “{cleaned}” is not an ordinary number.")
    return value


class RowCheck:
    """Checks one row's cells and gives the figure to stage; shared by the file and the
    already-parsed paths, so both accept exactly the same things. Raises ValueError or
    PeriodError with a plain-English reason. Geography codes are checked once each."""

    def __init__(self) -> None:
        self.known_codes: dict[str, str | None] = {}

    def __call__(
        self,
        number: int,
        code_cell: Cell,
        period_cell: Cell,
        value_cell: Cell,
        lower_cell: Cell = None,
        upper_cell: Cell = None,
    ) -> Row:
        code = _text(code_cell).upper()
        if code not in self.known_codes:
            self.known_codes[code] = gss.gss_problem(code)
        problem = self.known_codes[code]
        if problem:
            raise ValueError(problem if code else "the geography code is empty.")
        period = parse_period(_text(period_cell))
        value = _number(value_cell, "value")
        lower = upper = None
        if _text(lower_cell) or _text(upper_cell):
            lower = _number(lower_cell, "lower bound")
            upper = _number(upper_cell, "upper bound")
            if not lower <= value <= upper:
                raise ValueError(
                    f"the value {_text(value_cell)} should lie between the lower bound "
                    f"{_text(lower_cell)} and the upper bound {_text(upper_cell)}."
                )
        return (number, code, period.code, period.start, period.end, value, lower, upper)


def _problem(error: ValueError | PeriodError) -> str:
    text = str(error)
    return text[0].upper() + text[1:]


def _check_header(fields: list[str]) -> list[str]:
    names = [f.strip().lower() for f in fields]
    if names in (REQUIRED, REQUIRED + OPTIONAL):
        return names
    raise ImportFailed(
        [
            RowError(
                1,
                "the first row must be the header geography_code,period,value (optionally "
                f"followed by lower,upper), but it is “{','.join(fields)[:120]}”.",
            )
        ]
    )


def parse_rows(
    stream: IO[bytes], errors: ErrorLog, tick: Callable[[int], None] | None = None
) -> Iterator[Row]:
    """Good rows, in order; problems go into ``errors``. The whole file is read, so the count
    of problems is complete."""
    lines = _decoded_lines(stream)
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
        while header is not None and not any(f.strip() for f in header):
            header = next(reader, None)
        if header is None:
            raise ImportFailed(
                [
                    RowError(
                        1,
                        "the file is empty. It needs a header row and at least one row of figures.",
                    )
                ]
            )
        width = len(_check_header(header))
        check = RowCheck()
        since_tick = 0
        for fields in reader:
            row = reader.line_num
            since_tick += 1
            if tick is not None and since_tick == PROGRESS_EVERY:
                since_tick = 0
                tick(row - 1)
            if len(fields) != width:
                if not any(f.strip() for f in fields):
                    continue
                errors.append(RowError(row, f"expected {width} columns, found {len(fields)}."))
                continue
            try:
                yield check(row, *fields)
            except (ValueError, PeriodError) as problem:
                errors.append(RowError(row, _problem(problem)))
    except _Undecodable as bad:
        errors.append(
            RowError(
                bad.row,
                "this row is not UTF-8 text, so the file has the wrong encoding. Save it as "
                "“CSV UTF-8” and try again.",
            )
        )
    except csv.Error as problem:
        errors.append(RowError(reader.line_num, f"the row cannot be read as CSV ({problem})."))


def _batches(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _create_staging(cursor: Any) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGING} (row_no integer, geography_code varchar(9), "
        "period varchar(7), period_start date, period_end date, value double precision, "
        "lower double precision, upper double precision)"
    )


def _stage(cursor: Any, batch: list[Row]) -> None:
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(
            f"COPY {STAGING} (row_no, geography_code, period, period_start, period_end, value, "
            "lower, upper) FROM STDIN"
        ) as copy:
            for row in batch:
                copy.write_row(row)
    else:
        cursor.executemany(f"INSERT INTO {STAGING} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", batch)  # noqa: S608 - table names are constants; values are parameters


def _duplicates(cursor: Any, noun: str) -> list[RowError]:
    cursor.execute(
        f"SELECT geography_code, period, MIN(row_no), MAX(row_no), COUNT(*) FROM {STAGING} "  # noqa: S608 - table names are constants; values are parameters
        f"GROUP BY geography_code, period HAVING COUNT(*) > 1 ORDER BY MIN(row_no) LIMIT {MAX_ERRORS}"  # noqa: E501
    )
    return [
        RowError(
            last,
            f"{code} for {period} appears more than once (first on {noun} {first}"
            + (f", {count} times in all" if count > 2 else "")
            + "). Keep one row for each area and period.",
            noun,
        )
        for code, period, first, last, count in cursor.fetchall()
    ]


def _drop_staging(cursor: Any) -> None:
    # Also reached after a database error, when the connection may refuse any statement: the
    # temporary table then goes with the transaction or the session anyway.
    with contextlib.suppress(DatabaseError):
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")


def _duplicate_count(cursor: Any) -> int:
    cursor.execute(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {STAGING} GROUP BY geography_code, period "  # noqa: S608 - table names are constants
        "HAVING COUNT(*) > 1) AS repeated"
    )
    return int(cursor.fetchone()[0])


def _merge(cursor: Any, indicator: Indicator) -> None:
    table = Observation._meta.db_table
    # A figure that comes back unchanged is left alone: re-importing a refreshed series, where
    # most figures are as they were, then writes only the new and revised ones instead of a new
    # version of every row (with its index entries). "IS NOT" is SQLite's null-safe inequality.
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    changed = " OR ".join(
        f"{table}.{column} {differs} excluded.{column}"
        for column in ("value", "lower", "upper", "period_start", "period_end")
    )
    cursor.execute(
        f"INSERT INTO {table} (indicator_id, geography_code, period, period_start, "  # noqa: S608 - table names are constants; values are parameters
        "period_end, value, lower, upper) "
        "SELECT %s, geography_code, period, period_start, period_end, value, lower, upper "
        f"FROM {STAGING} WHERE true "
        "ON CONFLICT (indicator_id, geography_code, period) DO UPDATE SET "
        "period_start = excluded.period_start, period_end = excluded.period_end, "
        f"value = excluded.value, lower = excluded.lower, upper = excluded.upper WHERE {changed}",
        [indicator.pk],
    )


Progress = Callable[[int, str], None]


def import_observations(
    *,
    indicator: Indicator,
    stream: IO[bytes],
    actor: Any = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check and import ``stream``; raises ImportFailed (having changed nothing) on any problem.

    With ``dry_run`` everything is checked, and the result says what would change, but nothing
    is written. ``progress(rows_read, what)`` is called every PROGRESS_EVERY rows and before
    each later step.

    Only the final merge writes to the observations, in one transaction. The rows are staged in
    a temporary table before that, a batch per transaction, so that progress recorded by the
    caller on its own rows is committed (and visible to a progress page) as the file is read."""
    errors = ErrorLog()

    def tell(rows: int, what: str) -> None:
        if progress is not None:
            progress(rows, what)

    return _import(
        indicator=indicator,
        rows=parse_rows(stream, errors, tick=lambda n: tell(n, "Reading the file")),
        errors=errors,
        actor=actor,
        dry_run=dry_run,
        tell=tell,
        noun="row",
        nothing=RowError(2, "the file has a header but no rows of figures."),
    )


# One figure already parsed: a mapping with geography_code, period, value and optionally lower
# and upper, or a sequence of those three or five cells in that order.
Figure = Mapping[str, Cell] | Sequence[Cell]


def _cells(figure: Figure) -> Sequence[Cell]:
    if isinstance(figure, Mapping):
        return [figure.get(name) for name in REQUIRED + OPTIONAL]
    if isinstance(figure, str) or len(figure) not in (3, 5):
        raise ValueError(
            f"expected {len(REQUIRED)} or {len(REQUIRED + OPTIONAL)} values "
            f"({', '.join(REQUIRED + OPTIONAL)}), found "
            f"{len(figure) if not isinstance(figure, str) else 1}."
        )
    return figure


def import_rows(
    *,
    indicator: Indicator,
    rows: Iterable[Figure],
    actor: Any = None,
    dry_run: bool = False,
    first: int = 1,
    noun: str = "item",
) -> ImportResult:
    """Check and import figures that are already parsed (an API request's items, say), exactly
    as a file's rows are: the same checks, the same all-or-nothing merge and audit entry.
    Problems are numbered from ``first`` in the order given and call each figure ``noun``."""
    errors = ErrorLog()

    def checked() -> Iterator[Row]:
        check = RowCheck()
        for number, figure in enumerate(rows, start=first):
            try:
                yield check(number, *_cells(figure))
            except (ValueError, PeriodError) as problem:
                errors.append(RowError(number, _problem(problem), noun))

    return _import(
        indicator=indicator,
        rows=checked(),
        errors=errors,
        actor=actor,
        dry_run=dry_run,
        tell=lambda rows, what: None,
        noun=noun,
        nothing=RowError(first, "there are no figures to import.", noun),
    )


def _import(
    *,
    indicator: Indicator,
    rows: Iterator[Row],
    errors: ErrorLog,
    actor: Any,
    dry_run: bool,
    tell: Progress,
    noun: str,
    nothing: RowError,
) -> ImportResult:
    """Stage the good ``rows`` (reading them all, so ``errors`` counts every problem), then
    look for repeats and merge, all or nothing."""
    started = time.perf_counter()
    result = ImportResult()
    table = Observation._meta.db_table

    with connection.cursor() as cursor:
        _create_staging(cursor)
        try:
            for batch in _batches(rows, BATCH):
                if errors:
                    continue  # keep reading to count every problem, but stop staging rows
                if len(result.preview) < PREVIEW_ROWS:
                    result.preview.extend(batch[: PREVIEW_ROWS - len(result.preview)])
                with transaction.atomic():
                    _stage(cursor, batch)
                result.rows += len(batch)
            if errors:
                raise errors.failure()
            if result.rows == 0:
                raise ImportFailed([nothing])
            tell(result.rows, "Looking for repeated rows")
            if connection.vendor == "postgresql":
                # Temporary tables are never analysed automatically; without figures the planner
                # guesses a tiny table and picks slow joins against the observations.
                cursor.execute(f"ANALYZE {STAGING}")
            duplicates = _duplicates(cursor, noun)
            if duplicates:
                total = _duplicate_count(cursor) if len(duplicates) >= MAX_ERRORS else None
                raise ImportFailed(duplicates, total=total)
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} o JOIN {STAGING} s ON o.geography_code = s.geography_code "  # noqa: S608, E501 - table names are constants; values are parameters
                "AND o.period = s.period WHERE o.indicator_id = %s",
                [indicator.pk],
            )
            result.replaced = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT COUNT(DISTINCT geography_code), MIN(period_start), MAX(period_start) FROM {STAGING}"  # noqa: S608, E501 - table names are constants; values are parameters
            )
            result.geographies, first_start, last_start = cursor.fetchone()
            cursor.execute(
                f"SELECT (SELECT period FROM {STAGING} WHERE period_start = %s LIMIT 1), "  # noqa: S608 - table names are constants; values are parameters
                f"(SELECT period FROM {STAGING} WHERE period_start = %s LIMIT 1)",
                [first_start, last_start],
            )
            result.first_period, result.last_period = cursor.fetchone()
            if not dry_run:
                tell(result.rows, "Saving the figures")
                with transaction.atomic():
                    _merge(cursor, indicator)
                    audit.record(
                        actor=actor,
                        action=AuditEvent.Action.UPDATE,
                        obj=indicator,
                        place=indicator.place,
                        organisation=indicator.organisation,
                        changes={
                            "imported rows": result.rows,
                            "replaced": result.replaced,
                            "periods": f"{result.first_period} to {result.last_period}",
                        },
                    )
        finally:
            _drop_staging(cursor)
    result.seconds = time.perf_counter() - started
    return result
