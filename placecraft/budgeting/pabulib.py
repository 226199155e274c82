"""Read and write participatory-budgeting elections in the pabulib ``.pb`` format.

A ``.pb`` file has three sections, in this order, each a header row followed by
``;``-separated rows with CSV quoting (see pabulib.org and Faliszewski et al., "Participatory
Budgeting: Data, Tools, and Analysis", 2023):

* ``META`` (``key;value``) — at least ``budget`` and ``vote_type``; often ``rule`` and the
  ballot limits (``min_length``, ``max_length``, ``min_project_score_threshold`` …);
* ``PROJECTS`` (``project_id;cost;…``) — optional ``name``, ``votes``, ``score``, ``selected``
  and any other columns;
* ``VOTES`` (``voter_id;vote;…``) — ``vote`` lists project ids separated by commas; cumulative
  files add ``points`` in the same order; ordinal files list projects from first choice down.

The parser is strict and all-or-nothing: a malformed file raises :class:`PabulibError` with the
line number and a plain-English reason, and nothing is returned. Imports of real elections must
never half-succeed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Literal, NamedTuple

VoteType = Literal["approval", "cumulative", "ordinal"]

SECTIONS = ("meta", "projects", "votes")
# "choose-1" is an approval ballot limited to one project (pabutools reads it the same way).
_VOTE_TYPES: dict[str, VoteType] = {
    "approval": "approval",
    "choose-1": "approval",
    "cumulative": "cumulative",
    "ordinal": "ordinal",
}
_WHOLE_NUMBER = re.compile(r"\d+(?:[.,]0+)?")
_DECIMAL = re.compile(r"\d+(?:[.,]\d+)?")
_PROJECT_COLUMNS = ("project_id", "cost", "name", "votes", "score", "selected")
_VOTER_COLUMNS = ("voter_id", "vote", "points")


class PabulibError(ValueError):
    """A ``.pb`` file that cannot be read, with the line (1-based) where the problem is."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Project:
    """One project row. ``extra`` keeps every other column as text, in file order."""

    id: str
    cost: int
    name: str = ""
    votes: int | None = None
    score: int | None = None
    selected: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


class Voter(NamedTuple):
    """One ballot. ``vote`` is in file order (for ordinal ballots: first choice first);
    ``points`` is parallel to ``vote`` for cumulative ballots and ``None`` otherwise.

    A named tuple rather than a frozen dataclass: big files have ~100,000 ballots and a tuple is
    several times cheaper to build.
    """

    id: str
    vote: tuple[str, ...]
    points: tuple[int, ...] | None = None
    extra: dict[str, str] = {}  # shared default: never mutated, the parser always passes one


@dataclass(frozen=True, slots=True)
class Election:
    """A whole ``.pb`` file: META as text, the budget, the projects (file order) and the voters."""

    meta: dict[str, str]
    budget: Fraction
    vote_type: VoteType
    projects: tuple[Project, ...]
    voters: tuple[Voter, ...]

    def project(self, project_id: str) -> Project:
        for project in self.projects:
            if project.id == project_id:
                return project
        raise KeyError(project_id)


def read_pabulib(path: str | Path) -> Election:
    """Parse the file at ``path``; see :func:`parse_pabulib`."""
    return parse_pabulib(Path(path).read_bytes())


def parse_pabulib(data: bytes | str) -> Election:
    """Parse a ``.pb`` file given as bytes (UTF-8, an optional BOM) or text.

    Raises :class:`PabulibError` for anything malformed; never returns a partial election.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise PabulibError(line, "the file is not UTF-8 text") from None
    else:
        text = data.removeprefix("\ufeff")
    if not text.strip():
        raise PabulibError(1, "the file is empty")
    return _Parser(text).parse()


class _Parser:
    def __init__(self, text: str) -> None:
        self.reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
        self.meta: dict[str, str] = {}
        self.meta_lines: dict[str, int] = {}
        self.projects: dict[str, Project] = {}
        self.voters: list[Voter] = []
        self.voter_ids: set[str] = set()
        self.vote_type: VoteType = "approval"

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        try:
            for row in self.reader:
                cells = [cell.strip() for cell in row]
                if not any(cells):
                    continue  # blank lines are allowed anywhere, as pabutools allows them
                yield self.reader.line_num, cells
        except csv.Error as error:
            raise PabulibError(self.reader.line_num, f"badly quoted text ({error})") from None

    def parse(self) -> Election:
        section = ""
        header: list[str] = []
        seen: list[str] = []
        rows = self.rows()
        line = 1
        for line, cells in rows:
            name = cells[0].lower()
            if len(cells) == 1 and name in SECTIONS:
                expected = SECTIONS[len(seen)] if len(seen) < len(SECTIONS) else None
                if name in seen:
                    raise PabulibError(line, f"the {name.upper()} section appears twice")
                if name != expected:
                    raise PabulibError(
                        line,
                        f"the {name.upper()} section comes too early: "
                        f"expected {str(expected).upper()} first",
                    )
                if name == "projects":
                    self.finish_meta(line)
                if name == "votes" and not self.projects:
                    raise PabulibError(line, "the PROJECTS section lists no projects")
                seen.append(name)
                section = name
                header_line, header = next(rows, (line, []))
                self.check_header(section, header_line, header)
                continue
            if not section:
                raise PabulibError(line, "the file must start with a META section")
            if len(cells) != len(header):
                raise PabulibError(
                    line,
                    f"expected {len(header)} columns like the {section.upper()} header, "
                    f"found {len(cells)}",
                )
            if section == "meta":
                self.meta_row(line, cells)
            elif section == "projects":
                self.project_row(line, header, cells)
            else:
                self.vote_row(line, header, cells)
        for name in SECTIONS:
            if name not in seen:
                raise PabulibError(line, f"the {name.upper()} section is missing")
        return Election(
            meta=self.meta,
            budget=self.budget,
            vote_type=self.vote_type,
            projects=tuple(self.projects.values()),
            voters=tuple(self.voters),
        )

    def check_header(self, section: str, line: int, header: list[str]) -> None:
        required = {"meta": ("key", "value"), "projects": ("project_id", "cost")}.get(
            section, ("voter_id", "vote")
        )
        if section == "meta" and header != ["key", "value"]:
            raise PabulibError(line, "the META header must be key;value")
        for column in required:
            if column not in header:
                raise PabulibError(line, f"the {section.upper()} header has no {column} column")
        if len(set(header)) != len(header):
            raise PabulibError(line, f"the {section.upper()} header repeats a column")
        if section == "votes":
            if self.vote_type == "cumulative" and "points" not in header:
                raise PabulibError(line, "a cumulative file needs a points column in VOTES")
            self.id_at = header.index("voter_id")
            self.vote_at = header.index("vote")
            self.points_at = header.index("points") if "points" in header else -1
            self.extra_at = [
                (i, name) for i, name in enumerate(header) if name not in _VOTER_COLUMNS
            ]

    def meta_row(self, line: int, cells: list[str]) -> None:
        key, value = cells
        if key in self.meta:
            raise PabulibError(line, f"the META key {key!r} appears twice")
        self.meta[key] = value
        self.meta_lines[key] = line

    def finish_meta(self, line: int) -> None:
        budget = self.meta.get("budget")
        if budget is None:
            raise PabulibError(line, "META has no budget")
        if not _DECIMAL.fullmatch(budget):
            raise PabulibError(self.meta_lines["budget"], f"the budget {budget!r} is not a number")
        self.budget = Fraction(budget.replace(",", "."))
        if self.budget <= 0:
            raise PabulibError(self.meta_lines["budget"], "the budget must be more than zero")
        vote_type = self.meta.get("vote_type")
        if vote_type is None:
            raise PabulibError(line, "META has no vote_type")
        if vote_type not in _VOTE_TYPES:
            raise PabulibError(
                self.meta_lines["vote_type"],
                f"vote_type {vote_type!r} is not supported (use approval, cumulative or ordinal)",
            )
        self.vote_type = _VOTE_TYPES[vote_type]

    def project_row(self, line: int, header: list[str], cells: list[str]) -> None:
        values = dict(zip(header, cells, strict=True))
        project_id = values["project_id"]
        if not project_id:
            raise PabulibError(line, "a project has no id")
        if project_id in self.projects:
            raise PabulibError(line, f"project {project_id!r} is listed twice")
        cost = values["cost"]
        if not _WHOLE_NUMBER.fullmatch(cost) or int(re.split("[.,]", cost)[0]) <= 0:
            raise PabulibError(
                line, f"project {project_id!r} has cost {cost!r}: expected a whole number above 0"
            )
        self.projects[project_id] = Project(
            id=project_id,
            cost=int(re.split("[.,]", cost)[0]),
            name=values.get("name", ""),
            votes=_optional_int(line, values, "votes"),
            score=_optional_int(line, values, "score"),
            selected=_optional_int(line, values, "selected"),
            extra={k: v for k, v in values.items() if k not in _PROJECT_COLUMNS},
        )

    def vote_row(self, line: int, header: list[str], cells: list[str]) -> None:
        voter_id = cells[self.id_at]
        if not voter_id:
            raise PabulibError(line, "a ballot has no voter_id")
        if voter_id in self.voter_ids:
            raise PabulibError(line, f"voter {voter_id!r} has two ballots")
        self.voter_ids.add(voter_id)
        text = cells[self.vote_at]
        if not text:
            vote: tuple[str, ...] = ()
        elif " " in text or "\t" in text:
            vote = tuple(p.strip() for p in text.split(","))
        else:
            vote = tuple(text.split(","))
        projects = self.projects
        for project_id in vote:
            if project_id not in projects:
                raise PabulibError(
                    line, f"voter {voter_id!r} votes for unknown project {project_id!r}"
                )
        if len(set(vote)) != len(vote):
            raise PabulibError(line, f"voter {voter_id!r} lists a project twice")
        points: tuple[int, ...] | None = None
        if self.vote_type == "cumulative":
            text = cells[self.points_at]
            raw = [p.strip() for p in text.split(",")] if text else []
            if len(raw) != len(vote):
                raise PabulibError(
                    line,
                    f"voter {voter_id!r} gives {len(raw)} points for {len(vote)} projects",
                )
            for value in raw:
                if not value.isdigit():
                    raise PabulibError(
                        line, f"voter {voter_id!r} has points {value!r}: expected a whole number"
                    )
            points = tuple(int(value) for value in raw)
        extra = {name: cells[i] for i, name in self.extra_at}
        self.voters.append(Voter(id=voter_id, vote=vote, points=points, extra=extra))


def _optional_int(line: int, values: dict[str, str], key: str) -> int | None:
    value = values.get(key, "")
    if value == "" or value.lower() == "none":
        return None
    if not _WHOLE_NUMBER.fullmatch(value):
        raise PabulibError(line, f"{key} {value!r} is not a whole number")
    return int(re.split("[.,]", value)[0])


def write_pabulib(election: Election, selected: Iterable[str] | None = None) -> str:
    """Return ``election`` as ``.pb`` text that pabutools (and :func:`parse_pabulib`) can read.

    With ``selected``, the PROJECTS section gets a ``selected`` column with 1 for those project
    ids and 0 for the others; without it, any ``selected`` values already known are kept.
    Line breaks inside values are written as spaces because pabutools splits the file into
    lines before it reads the CSV.
    """
    chosen = None if selected is None else set(selected)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")

    def row(cells: Iterable[object]) -> None:
        writer.writerow([" ".join(str(cell).split("\n")).replace("\r", " ") for cell in cells])

    meta = dict(election.meta)
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(len(election.voters))
    meta.setdefault("budget", _number(election.budget))
    meta.setdefault("vote_type", election.vote_type)
    row(["META"])
    row(["key", "value"])
    for key, value in meta.items():
        row([key, value])

    projects = election.projects
    extra_keys = list(dict.fromkeys(k for p in projects for k in p.extra))
    columns = ["project_id", "cost", "name"]
    columns += [c for c in ("votes", "score") if any(getattr(p, c) is not None for p in projects)]
    has_selected = chosen is not None or any(p.selected is not None for p in projects)
    if has_selected:
        columns.append("selected")
    row(["PROJECTS"])
    row(columns + extra_keys)
    for p in projects:
        cells: list[object] = [p.id, p.cost, p.name]
        cells += ["" if getattr(p, c) is None else getattr(p, c) for c in columns[3:]]
        if chosen is not None:
            cells[-1] = int(p.id in chosen)
        row(cells + [p.extra.get(k, "") for k in extra_keys])

    voter_keys = list(dict.fromkeys(k for v in election.voters for k in v.extra))
    cumulative = election.vote_type == "cumulative"
    row(["VOTES"])
    row(["voter_id", "vote"] + (["points"] if cumulative else []) + voter_keys)
    for v in election.voters:
        cells = [v.id, ",".join(v.vote)]
        if cumulative:
            cells.append(",".join(str(x) for x in v.points or ()))
        row(cells + [v.extra.get(k, "") for k in voter_keys])
    return out.getvalue()


def _number(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return str(float(value))
