"""Read and validate a citizens' panel pool in the Sortition Foundation's CSV formats.

Two files, as the `sortition-algorithms` library and the Foundation's spreadsheets use them:

* the **categories** file, one row per category value with its quota:
  ``feature,value,min,max`` and optionally ``min_flex,max_flex`` (how far the quota may be
  relaxed). The library's older headings ``category,name`` are accepted for ``feature,value``.
* the **people** (respondents) file, one row per person: an id column (``id``, or the
  Foundation's ``nationbuilder_id``), one column per feature, and any other columns (address,
  contact details…), which are kept as they are.

Reading is all-or-nothing: every problem in a file is collected and reported together, with the
spreadsheet row number (the header is row 1), so that an officer can fix the file in one pass.
Nothing here touches the database: the caller stores what these functions return.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

# Tried in this order when the caller does not name the id column.
ID_COLUMNS = ("id", "nationbuilder_id")

_REQUIRED = ("feature", "value", "min", "max")
_OLD_NAMES = {"category": "feature", "name": "value"}
_FLEX = ("min_flex", "max_flex")
# More than this and the list stops helping the person reading it.
_ERRORS_SHOWN = 25


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in a file. `row` is the spreadsheet row (header = 1); None for the whole file."""

    row: int | None
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}" if self.row is not None else self.message


class PoolFormatError(ValueError):
    """A file could not be read; `errors` lists every problem found, in row order."""

    def __init__(self, filename: str, errors: Sequence[RowError]) -> None:
        self.filename = filename
        self.errors = tuple(sorted(errors, key=lambda e: e.row or 0))
        super().__init__(self._describe())

    def _describe(self) -> str:
        count = len(self.errors)
        head = f"{self.filename} could not be read: {count} problem{'s' if count != 1 else ''}."
        lines = [head, *(f"  {error}" for error in self.errors[:_ERRORS_SHOWN])]
        if count > _ERRORS_SHOWN:
            lines.append(f"  …and {count - _ERRORS_SHOWN} more.")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Quota:
    """How many people with `feature` = `value` the panel must hold (min to max inclusive)."""

    feature: str
    value: str
    min: int
    max: int
    # How far the library may suggest relaxing the quota when it cannot be met.
    min_flex: int = 0
    max_flex: int | None = None
    row: int = 0


@dataclass(frozen=True, slots=True)
class Categories:
    """The quotas, in file order. Feature and value names match case-insensitively."""

    quotas: tuple[Quota, ...]
    _index: dict[tuple[str, str], Quota] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {(q.feature.casefold(), q.value.casefold()): q for q in self.quotas}
        object.__setattr__(self, "_index", index)

    @property
    def features(self) -> dict[str, tuple[Quota, ...]]:
        """Feature name → its quotas, both in file order."""
        grouped: dict[str, list[Quota]] = {}
        for quota in self.quotas:
            grouped.setdefault(quota.feature, []).append(quota)
        return {name: tuple(quotas) for name, quotas in grouped.items()}

    def quota(self, feature: str, value: str) -> Quota | None:
        return self._index.get((feature.strip().casefold(), value.strip().casefold()))

    def with_quotas(self, quotas: Iterable[Quota]) -> Categories:
        return Categories(tuple(quotas))


@dataclass(frozen=True, slots=True)
class Respondent:
    """One person in the pool.

    `features` maps each feature to the value as spelled in the categories file; `columns` holds
    every column of the person's row (stripped), for addresses and contact details.
    """

    id: str
    row: int
    features: Mapping[str, str]
    columns: Mapping[str, str]

    def column(self, name: str) -> str:
        """The value in column `name` (matched case-insensitively), or "" when absent."""
        folded = name.casefold()
        return next((v for k, v in self.columns.items() if k.casefold() == folded), "")


@dataclass(frozen=True, slots=True)
class Pool:
    """The people who may be selected, in file order."""

    respondents: tuple[Respondent, ...]
    id_column: str = "id"
    _by_id: dict[str, Respondent] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.id: r for r in self.respondents})

    def __len__(self) -> int:
        return len(self.respondents)

    def __iter__(self) -> Iterator[Respondent]:
        return iter(self.respondents)

    def __contains__(self, person_id: object) -> bool:
        return person_id in self._by_id

    def __getitem__(self, person_id: str) -> Respondent:
        return self._by_id[person_id]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.respondents)

    def count(self, feature: str, value: str) -> int:
        return sum(1 for r in self.respondents if r.features[feature] == value)


# ---------------------------------------------------------------------------------------------
# Reading


def _decode(source: bytes | str, filename: str) -> str:
    if isinstance(source, str):
        return source.removeprefix("\ufeff")
    try:
        # utf-8-sig: spreadsheet programs put a byte-order mark at the start of "CSV UTF-8".
        return source.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = source[: error.start].count(b"\n") + 1
        raise PoolFormatError(
            filename,
            [
                RowError(
                    None,
                    f"The file is not UTF-8 text (unexpected byte 0x{source[error.start]:02x} on "
                    f"line {line}). Save it from your spreadsheet as “CSV UTF-8” and try again.",
                )
            ],
        ) from None


def _read_rows(source: bytes | str, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Return the stripped header and the non-blank rows with their spreadsheet row numbers."""
    text = _decode(source, filename)
    if not text.strip():
        raise PoolFormatError(filename, [RowError(None, "The file is empty.")])
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        problem = RowError(None, f"The file is not valid CSV: {error}.")
        raise PoolFormatError(filename, [problem]) from None
    header = [cell.strip() for cell in records[0]]
    # Row numbers count records, as a spreadsheet shows them (header = row 1).
    rows = [
        (number, record)
        for number, record in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in record)
    ]
    return header, rows


def _header_errors(header: Sequence[str]) -> list[RowError]:
    errors: list[RowError] = []
    seen: set[str] = set()
    for name in header:
        key = name.casefold()
        if not name:
            errors.append(RowError(1, "A column has no heading."))
        elif key in seen:
            errors.append(RowError(1, f"The column “{name}” appears more than once."))
        seen.add(key)
    return errors


def _shape_error(record: Sequence[str], width: int) -> str | None:
    # Trailing empty cells are harmless (spreadsheets pad rows); anything else is a shifted row.
    if len(record) > width and any(cell.strip() for cell in record[width:]):
        return f"The row has {len(record)} values but the header has {width} columns."
    return None


def _parse_int(raw: str, column: str) -> tuple[int | None, str | None]:
    text = raw.strip()
    if not text:
        return None, f"“{column}” is empty; it needs a whole number."
    try:
        number = int(text)
    except ValueError:
        return None, f"“{column}” is “{text}”, which is not a whole number."
    if number < 0:
        return None, f"“{column}” is {number}; it cannot be negative."
    return number, None


def read_categories(source: bytes | str, *, filename: str = "categories.csv") -> Categories:
    """Read a categories (quotas) file: ``feature,value,min,max[,min_flex,max_flex]``.

    Raises PoolFormatError listing every problem with its row number.
    """
    header, rows = _read_rows(source, filename)
    errors = _header_errors(header)
    positions: dict[str, int] = {}
    for position, name in enumerate(header):
        key = name.casefold()
        positions.setdefault(_OLD_NAMES.get(key, key), position)
    missing = [name for name in _REQUIRED if name not in positions]
    if missing:
        names = " and ".join(f"“{name}”" for name in missing)
        errors.append(
            RowError(
                1,
                f"Missing column {names}. A categories file needs the columns feature, value, min "
                "and max (min_flex and max_flex are optional).",
            )
        )
    flex = [name for name in _FLEX if name in positions]
    if len(flex) == 1:
        errors.append(RowError(1, "Give both “min_flex” and “max_flex” columns, or neither."))
    if errors:
        raise PoolFormatError(filename, errors)
    if not rows:
        raise PoolFormatError(
            filename, [RowError(None, "The file has a header but no categories.")]
        )

    quotas: list[Quota] = []
    first_row: dict[tuple[str, str], int] = {}
    for number, record in rows:
        shape = _shape_error(record, len(header))
        if shape:
            errors.append(RowError(number, shape))
            continue
        cells = {
            name: (record[pos] if pos < len(record) else "") for name, pos in positions.items()
        }
        feature, value = cells["feature"].strip(), cells["value"].strip()
        row_errors: list[str] = []
        if not feature:
            row_errors.append("“feature” is empty.")
        if not value:
            row_errors.append("“value” is empty.")
        low, problem = _parse_int(cells["min"], "min")
        if problem:
            row_errors.append(problem)
        high, problem = _parse_int(cells["max"], "max")
        if problem:
            row_errors.append(problem)
        if low is not None and high is not None and low > high:
            row_errors.append(f"The minimum ({low}) is greater than the maximum ({high}).")
        min_flex, max_flex = 0, None
        if len(flex) == 2:
            # Blank flex cells mean "no limit", as in the Foundation's spreadsheets.
            if cells["min_flex"].strip():
                parsed, problem = _parse_int(cells["min_flex"], "min_flex")
                if problem:
                    row_errors.append(problem)
                elif parsed is not None and low is not None and parsed > low:
                    row_errors.append(f"min_flex ({parsed}) is greater than min ({low}).")
                else:
                    min_flex = parsed or 0
            if cells["max_flex"].strip():
                parsed, problem = _parse_int(cells["max_flex"], "max_flex")
                if problem:
                    row_errors.append(problem)
                elif parsed is not None and high is not None and parsed < high:
                    row_errors.append(f"max_flex ({parsed}) is less than max ({high}).")
                else:
                    max_flex = parsed
        pair = (feature.casefold(), value.casefold())
        if feature and value and pair in first_row:
            row_errors.append(f"“{feature}” = “{value}” is already given on row {first_row[pair]}.")
        first_row.setdefault(pair, number)
        errors.extend(RowError(number, message) for message in row_errors)
        if not row_errors and low is not None and high is not None:
            quotas.append(Quota(feature, value, low, high, min_flex, max_flex, number))
    if errors:
        raise PoolFormatError(filename, errors)
    # The spelling of a feature is the one on its first row.
    spelling: dict[str, str] = {}
    for quota in quotas:
        spelling.setdefault(quota.feature.casefold(), quota.feature)
    return Categories(
        tuple(
            Quota(
                spelling[q.feature.casefold()], q.value, q.min, q.max, q.min_flex, q.max_flex, q.row
            )
            for q in quotas
        )
    )


def read_pool(
    source: bytes | str,
    categories: Categories,
    *,
    id_column: str | None = None,
    required_columns: Sequence[str] = (),
    filename: str = "people.csv",
) -> Pool:
    """Read a people (respondents) file against the categories.

    `id_column` defaults to the first of ID_COLUMNS present. `required_columns` are other columns
    that must exist, e.g. the address columns used to keep one person per household.
    Raises PoolFormatError listing every problem with its row number.
    """
    header, rows = _read_rows(source, filename)
    errors = _header_errors(header)
    positions: dict[str, int] = {}
    for position, name in enumerate(header):
        positions.setdefault(name.casefold(), position)
    if id_column is None:
        id_column = next((name for name in ID_COLUMNS if name in positions), ID_COLUMNS[0])
    features = categories.features
    needed = [id_column, *features, *required_columns]
    missing = [name for name in dict.fromkeys(needed) if name.casefold() not in positions]
    for name in missing:
        if name == id_column:
            hint = f"the id column (“{ID_COLUMNS[0]}” or “{ID_COLUMNS[1]}”)"
        elif name in features:
            hint = "a category in the categories file"
        else:
            hint = "needed to tell households apart"
        errors.append(RowError(1, f"Missing column “{name}”: it is {hint}."))
    if errors:
        raise PoolFormatError(filename, errors)
    if not rows:
        raise PoolFormatError(filename, [RowError(None, "The file has a header but no people.")])

    id_pos = positions[id_column.casefold()]
    allowed = {
        name: {q.value.casefold(): q.value for q in quotas} for name, quotas in features.items()
    }
    respondents: list[Respondent] = []
    first_row: dict[str, int] = {}
    for number, record in rows:
        shape = _shape_error(record, len(header))
        if shape:
            errors.append(RowError(number, shape))
            continue
        # Spreadsheets drop trailing empty cells: a short row is padded, not refused.
        padded = [cell.strip() for cell in record] + [""] * (len(header) - len(record))
        cells = dict(zip(header, padded, strict=False))
        row_errors: list[str] = []
        person_id = padded[id_pos]
        if not person_id:
            row_errors.append(f"The id (“{id_column}”) is empty.")
        elif person_id in first_row:
            row_errors.append(
                f"The id “{person_id}” is already used on row {first_row[person_id]}."
            )
        else:
            first_row[person_id] = number
        values: dict[str, str] = {}
        for feature, spelling in allowed.items():
            raw = padded[positions[feature.casefold()]]
            if not raw:
                row_errors.append(f"“{feature}” is empty.")
            elif raw.casefold() not in spelling:
                options = ", ".join(spelling.values())
                row_errors.append(
                    f"“{raw}” is not a value of “{feature}” in the categories file "
                    f"(expected one of: {options})."
                )
            else:
                values[feature] = spelling[raw.casefold()]
        errors.extend(RowError(number, message) for message in row_errors)
        if not row_errors:
            respondents.append(Respondent(person_id, number, values, cells))
    if errors:
        raise PoolFormatError(filename, errors)
    return Pool(tuple(respondents), id_column)
