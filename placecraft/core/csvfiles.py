"""Every CSV file the product writes goes through ``writer``, so no cell runs as a formula.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, which a hostile title or answer could use to run commands or send data
away when an officer opens the download. Such text cells get a leading single quote (OWASP's
advice for CSV injection), which spreadsheets show as plain text.

Numbers the product itself writes as numbers (``int``, ``float``, ``Decimal``) are left as they
are, so a negative figure stays a figure. Anything passed as text is neutralised, whoever wrote
it: views pass figures as numbers, not as formatted strings, when they must stay numbers.

Pabulib files (``.pb``, ``budgeting/pabulib.py``) are not written through here: they are an
exchange format for counting tools, whose readers would take a quote as part of a name.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_cell(value: Any) -> Any:
    """The value, with a leading quote if it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` with every cell passed through ``safe_cell``."""

    def __init__(self, stream: _Writable, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: _Writable, **options: Any) -> SafeWriter:
    return SafeWriter(stream, **options)
