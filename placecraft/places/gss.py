"""ONS GSS codes: nine characters, a country letter, a two-digit entity type and six digits.

Which entity types a kind of organisation may carry comes from the ONS Register of Geographic
Codes (entity codes such as E06 unitary authority, E47 combined authority).
"""

from __future__ import annotations

import re

GSS_PATTERN = re.compile(r"^[ENSWK]\d{8}$")

COUNCIL_PREFIXES = {
    "E06": "unitary authority (England)",
    "E07": "non-metropolitan district (England)",
    "E08": "metropolitan district (England)",
    "E09": "London borough",
    "E10": "county (England)",
    "W06": "unitary authority (Wales)",
    "S12": "council area (Scotland)",
    "N09": "local government district (Northern Ireland)",
}
STRATEGIC_AUTHORITY_PREFIXES = {
    "E47": "combined authority or combined county authority",
    "E61": "Greater London Authority",
    "E10": "county (England)",
    "E06": "unitary authority (England)",
}
# Places are geographies of any kind: regions, countries, authorities, or a custom area.
PLACE_PREFIXES = None


def gss_problem(code: str, allowed: dict[str, str] | None = None) -> str | None:
    """A plain-English reason the code is not acceptable, or None when it is."""
    if not GSS_PATTERN.match(code):
        return (
            f"“{code}” is not a GSS code: it should be a letter (E, W, S, N or K) followed by "
            "8 digits, like E06000014."
        )
    if allowed is not None and code[:3] not in allowed:
        kinds = ", ".join(f"{prefix} ({label})" for prefix, label in allowed.items())
        return f"“{code}” starts with {code[:3]}, which is not one of {kinds}."
    return None
