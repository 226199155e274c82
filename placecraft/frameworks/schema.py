"""Frameworks as data: read, validate and fingerprint framework definition files.

A framework file is YAML (the format is described in docs/frameworks.md). We read it with
``yaml.compose`` rather than ``yaml.safe_load`` so that every key and value keeps its line
number: people adapting a framework need to be told *where* a problem is, not just what it is.
We collect every problem in a file (and, in ``load_all``, in every file) before raising, so one
run of ``load_frameworks`` shows the whole list.

Nothing here touches the database. The result is a tree of frozen dataclasses that the
database layer can store as an immutable version, using ``content_hash`` to tell whether the
content behind a version number has changed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = [
    "CHECKLIST_STATES",
    "DEFINITIONS_DIR",
    "MODES",
    "ORGANISATION_KINDS",
    "PROMPT_KINDS",
    "SUBJECTS",
    "TOOLSETS",
    "Framework",
    "FrameworkError",
    "Problem",
    "Prompt",
    "Scale",
    "ScalePoint",
    "Section",
    "Stage",
    "StageLevel",
    "content_hash",
    "load_all",
    "load_definition",
    "parse_definition",
]

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"

TOOLSETS: dict[int, str] = {
    1: "Culture",
    2: "Shared purpose",
    3: "System mobilisation",
    4: "Community power",
    5: "Impact in uncertainty",
}
SUBJECTS = ("organisation", "mission", "sprint", "partner", "place")
MODES = ("workshop", "survey")
PROMPT_KINDS = ("reflection", "rating", "checklist", "stage")
ORGANISATION_KINDS = (
    "council",
    "strategic-authority",
    "public-sector-body",
    "vcse",
    "community-group",
    "sme",
    "large-business",
    "university",
    "funder",
)
# Every checklist prompt is answered on this fixed scale (plus evidence), so a health check
# can be computed the same way for every framework.
CHECKLIST_STATES: tuple[tuple[str, str], ...] = (
    ("met", "Met"),
    ("partly-met", "Partly met"),
    ("not-met", "Not met"),
)

# Limits chosen to fit the database layer's columns (Django's SlugField defaults to 50).
MAX_SLUG_LENGTH = 50
MAX_TITLE_LENGTH = 200
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"

_FRAMEWORK_REQUIRED = (
    "slug",
    "version",
    "toolset",
    "title",
    "purpose",
    "credit",
    "subjects",
    "modes",
    "sections",
)
_FRAMEWORK_OPTIONAL = ("scales", "stages")
_KIND_KEYS = {"rating": "scale", "checklist": "if_not_met", "stage": "stages"}


# --- Results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: str


@dataclass(frozen=True)
class Scale:
    slug: str
    title: str
    points: tuple[ScalePoint, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(point.value for point in self.points)

    def label(self, value: int) -> str:
        for point in self.points:
            if point.value == value:
                return point.label
        raise KeyError(value)


@dataclass(frozen=True)
class Stage:
    slug: str
    title: str
    description: str | None


@dataclass(frozen=True)
class StageLevel:
    """What one stage looks like for one stage prompt.

    Written either as a plain description or as a "from → to" shift; ``description`` is
    always filled in (for a shift it reads "<from> → <to>") so a template can show it as is.
    """

    stage: str
    description: str
    shift_from: str | None = None
    shift_to: str | None = None


@dataclass(frozen=True)
class Prompt:
    slug: str
    kind: str
    text: str
    help: str | None = None
    scale: str | None = None  # rating prompts: the slug of one of the framework's scales
    if_not_met: str | None = None  # checklist prompts: what to do when the answer is not "met"
    levels: tuple[StageLevel, ...] = ()  # stage prompts: one per framework stage, in order


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    description: str
    prompts: tuple[Prompt, ...]
    applies_to: tuple[str, ...] = ()  # organisation kinds; empty means every kind


@dataclass(frozen=True)
class Framework:
    slug: str
    version: int
    toolset: int
    title: str
    purpose: str
    credit: str
    subjects: tuple[str, ...]
    modes: tuple[str, ...]
    sections: tuple[Section, ...]
    scales: tuple[Scale, ...] = ()
    stages: tuple[Stage, ...] = ()
    # Where the definition came from, for error messages; not part of the content.
    source: str = field(default="", compare=False)
    slug_line: int | None = field(default=None, compare=False)
    version_line: int | None = field(default=None, compare=False)

    @property
    def toolset_title(self) -> str:
        return TOOLSETS[self.toolset]

    @property
    def prompts(self) -> Iterator[Prompt]:
        for section in self.sections:
            yield from section.prompts

    def prompt(self, slug: str) -> Prompt:
        for prompt in self.prompts:
            if prompt.slug == slug:
                return prompt
        raise KeyError(slug)

    def section(self, slug: str) -> Section:
        for section in self.sections:
            if section.slug == slug:
                return section
        raise KeyError(slug)

    def scale(self, slug: str) -> Scale:
        for scale in self.scales:
            if scale.slug == slug:
                return scale
        raise KeyError(slug)

    def as_dict(self) -> dict[str, Any]:
        """The content as plain JSON-ready data (what ``content_hash`` fingerprints)."""
        return {
            "slug": self.slug,
            "version": self.version,
            "toolset": self.toolset,
            "title": self.title,
            "purpose": self.purpose,
            "credit": self.credit,
            "subjects": list(self.subjects),
            "modes": list(self.modes),
            "scales": [
                {
                    "slug": scale.slug,
                    "title": scale.title,
                    "points": [{"value": p.value, "label": p.label} for p in scale.points],
                }
                for scale in self.scales
            ],
            "stages": [
                {"slug": s.slug, "title": s.title, "description": s.description}
                for s in self.stages
            ],
            "sections": [
                {
                    "slug": section.slug,
                    "title": section.title,
                    "description": section.description,
                    "applies_to": list(section.applies_to),
                    "prompts": [_prompt_dict(prompt) for prompt in section.prompts],
                }
                for section in self.sections
            ],
        }


def _prompt_dict(prompt: Prompt) -> dict[str, Any]:
    return {
        "slug": prompt.slug,
        "kind": prompt.kind,
        "text": prompt.text,
        "help": prompt.help,
        "scale": prompt.scale,
        "if_not_met": prompt.if_not_met,
        "levels": [
            {
                "stage": level.stage,
                "description": level.description,
                "from": level.shift_from,
                "to": level.shift_to,
            }
            for level in prompt.levels
        ],
    }


def content_hash(framework: Framework) -> str:
    """A stable fingerprint of a framework's content: 64 hex characters (SHA-256).

    It ignores the version number and where the file lives, and because text is normalised
    when it is read, it also ignores layout: indentation, line wrapping, key order and
    comments. It changes when any word of the content does. The database layer compares it
    with the stored hash for the same slug and version to catch content edited without a
    version bump.
    """
    data = framework.as_dict()
    del data["version"]
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- Errors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # 1-based; None when the problem is not on a particular line
    reason: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.reason}"
        return f"{self.file}:{self.line}: {self.reason}"


class FrameworkError(Exception):
    """One or more problems in framework files, each with its file, line and reason.

    ``file``, ``line`` and ``reason`` describe the first problem; ``problems`` holds them all.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("FrameworkError needs at least one problem")
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    @property
    def file(self) -> str:
        return self.problems[0].file

    @property
    def line(self) -> int | None:
        return self.problems[0].line

    @property
    def reason(self) -> str:
        return self.problems[0].reason


# --- Loading -----------------------------------------------------------------------------------


def parse_definition(text: str, source: str = "<string>") -> Framework:
    """Parse and validate one framework definition given as YAML text."""
    parser = _Parser(source)
    framework = parser.parse(text)
    if parser.problems or framework is None:
        raise FrameworkError(parser.problems or [Problem(source, None, "not a framework")])
    return framework


def load_definition(path: str | Path) -> Framework:
    """Read, parse and validate one framework file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FrameworkError([Problem(str(path), None, "the file is not UTF-8 text")]) from None
    except OSError as error:
        reason = f"cannot read the file: {error.strerror or error}"
        raise FrameworkError([Problem(str(path), None, reason)]) from None
    return parse_definition(text, str(path))


def load_all(directory: str | Path = DEFINITIONS_DIR) -> list[Framework]:
    """Load every ``*.yaml`` / ``*.yml`` file in a directory, all or nothing.

    Every file is validated before anything is returned; if any file has a problem, or two
    files share a framework slug, a single FrameworkError lists every problem found.
    The frameworks come back ordered by toolset, then slug.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise FrameworkError([Problem(str(directory), None, "not a directory")])
    paths = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    if not paths:
        raise FrameworkError([Problem(str(directory), None, "no framework files (*.yaml) found")])

    problems: list[Problem] = []
    frameworks: list[Framework] = []
    first_by_slug: dict[str, Framework] = {}
    for path in paths:
        try:
            framework = load_definition(path)
        except FrameworkError as error:
            problems.extend(error.problems)
            continue
        first = first_by_slug.get(framework.slug)
        if first is not None:
            where = f"{first.source}:{first.slug_line}" if first.slug_line else first.source
            reason = f"framework slug '{framework.slug}' is already used by {where}"
            problems.append(Problem(str(path), framework.slug_line, reason))
            continue
        first_by_slug[framework.slug] = framework
        frameworks.append(framework)
    if problems:
        raise FrameworkError(problems)
    return sorted(frameworks, key=lambda f: (f.toolset, f.slug))


# --- The parser --------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    """Collapse layout whitespace: paragraphs are separated by a blank line, nothing else."""
    paragraphs = re.split(r"\n[ \t]*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "nothing"
    if node.tag == _STR:
        return f"the text '{node.value}'"
    return f"'{node.value}'"


def _name(node: Node, what: str, position: int) -> str:
    """Name an item in messages by its slug when it has a usable one, else by its position."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if (
                isinstance(key, ScalarNode)
                and key.value == "slug"
                and isinstance(value, ScalarNode)
                and value.tag == _STR
                and _SLUG_RE.match(value.value)
            ):
                return f"{what} '{value.value}'"
    return f"{what} {position}"


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


_Fields = dict[str, tuple[Node, Node]]


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []
        # Used only to turn int scalars into ints the way YAML defines them (1_000, 0x10…).
        self._constructor = yaml.SafeLoader("")

    def fail(self, node: Node | None, reason: str) -> None:
        line = _line(node) if node is not None else None
        self.problems.append(Problem(self.source, line, reason))

    # Generic checks. Each returns None after recording a problem, so callers can carry on
    # and report further, independent problems.

    def mapping(
        self,
        node: Node,
        where: str,
        required: Sequence[str],
        optional: Sequence[str] = (),
    ) -> _Fields | None:
        if not isinstance(node, MappingNode):
            self.fail(node, f"{where} must be a mapping of keys to values, not {_describe(node)}")
            return None
        fields: _Fields = {}
        allowed = (*required, *optional)
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                self.fail(key_node, f"{where}: a key must be a word, not {_describe(key_node)}")
                continue
            key = str(key_node.value)
            if key in fields:
                first = _line(fields[key][0])
                self.fail(key_node, f"{where}: key '{key}' appears twice (first on line {first})")
            elif key not in allowed:
                expected = ", ".join(allowed)
                self.fail(key_node, f"{where}: unknown key '{key}' (expected: {expected})")
            else:
                fields[key] = (key_node, value_node)
        for key in required:
            if key not in fields:
                self.fail(node, f"{where}: missing required key '{key}'")
        return fields

    def sequence(self, node: Node, where: str) -> list[Node] | None:
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{where} must be a list, not {_describe(node)}")
            return None
        if not node.value:
            self.fail(node, f"{where} must not be empty")
            return None
        return list(node.value)

    def text(self, node: Node, where: str, max_length: int | None = None) -> str | None:
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            self.fail(node, f"{where} is empty")
            return None
        if not isinstance(node, ScalarNode) or node.tag != _STR:
            hint = " (put it in quotes)" if isinstance(node, ScalarNode) else ""
            self.fail(node, f"{where} must be text, not {_describe(node)}{hint}")
            return None
        value = _normalise(str(node.value))
        if not value:
            self.fail(node, f"{where} is empty")
            return None
        if max_length is not None and len(value) > max_length:
            self.fail(node, f"{where} is {len(value)} characters long (at most {max_length})")
            return None
        return value

    def integer(self, node: Node, where: str) -> int | None:
        if not isinstance(node, ScalarNode) or node.tag != _INT:
            self.fail(node, f"{where} must be a whole number, not {_describe(node)}")
            return None
        value = self._constructor.construct_object(node)
        assert isinstance(value, int)  # guaranteed by the int tag
        return value

    def slug(self, node: Node, where: str) -> str | None:
        value = self.text(node, where)
        if value is None:
            return None
        if not _SLUG_RE.match(value):
            reason = "use lower-case letters, digits and single hyphens, like 'purpose-led'"
            self.fail(node, f"{where} '{value}' is not a valid slug: {reason}")
            return None
        if len(value) > MAX_SLUG_LENGTH:
            self.fail(node, f"{where} '{value}' is longer than {MAX_SLUG_LENGTH} characters")
            return None
        return value

    def choices(self, node: Node, where: str, allowed: Sequence[str]) -> tuple[str, ...] | None:
        items = self.sequence(node, where)
        if items is None:
            return None
        chosen: list[str] = []
        ok = True
        for item in items:
            if not isinstance(item, ScalarNode) or item.tag != _STR or item.value not in allowed:
                expected = ", ".join(allowed)
                self.fail(item, f"{where}: unknown value {_describe(item)} (expected: {expected})")
                ok = False
            elif item.value in chosen:
                self.fail(item, f"{where}: '{item.value}' is listed twice")
                ok = False
            else:
                chosen.append(str(item.value))
        return tuple(chosen) if ok else None

    def optional_text(self, fields: _Fields, key: str, where: str) -> str | None:
        if key not in fields:
            return None
        return self.text(fields[key][1], f"{where}: '{key}'")

    # The framework itself.

    def parse(self, text: str) -> Framework | None:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = int(mark.line) + 1 if mark is not None else None
            reason = f"YAML syntax error: {error.problem or error.context or 'invalid YAML'}"
            self.problems.append(Problem(self.source, line, reason))
            return None
        except yaml.YAMLError as error:
            self.problems.append(Problem(self.source, None, f"YAML syntax error: {error}"))
            return None
        if root is None:
            self.problems.append(Problem(self.source, 1, "the file is empty"))
            return None

        fields = self.mapping(root, "framework", _FRAMEWORK_REQUIRED, _FRAMEWORK_OPTIONAL)
        if fields is None:
            return None

        def get(key: str) -> Node | None:
            return fields[key][1] if key in fields else None

        values: dict[str, Any] = {}
        if (node := get("slug")) is not None:
            values["slug"] = self.slug(node, "framework slug")
        if (node := get("version")) is not None:
            version = self.integer(node, "version")
            if version is not None and version < 1:
                self.fail(node, f"version must be 1 or more, not {version}")
                version = None
            values["version"] = version
        if (node := get("toolset")) is not None:
            toolset = self.integer(node, "toolset")
            if toolset is not None and toolset not in TOOLSETS:
                names = "; ".join(f"{n} {name}" for n, name in TOOLSETS.items())
                self.fail(node, f"toolset must be one of 1 to 5 ({names}), not {toolset}")
                toolset = None
            values["toolset"] = toolset
        if (node := get("title")) is not None:
            values["title"] = self.text(node, "title", MAX_TITLE_LENGTH)
        for key in ("purpose", "credit"):
            if (node := get(key)) is not None:
                values[key] = self.text(node, key)
        if (node := get("subjects")) is not None:
            values["subjects"] = self.choices(node, "subjects", SUBJECTS)
        if (node := get("modes")) is not None:
            values["modes"] = self.choices(node, "modes", MODES)

        # Scales and stages first: prompts refer to them.
        scales: tuple[Scale, ...] | None = ()
        if (node := get("scales")) is not None:
            scales = self.scales(node)
        stages: tuple[Stage, ...] | None = ()
        if (node := get("stages")) is not None:
            stages = self.stages(node)
        sections = None
        if (node := get("sections")) is not None:
            sections = self.sections(node, scales, stages)

        if self.problems:
            return None
        assert scales is not None and stages is not None and sections is not None
        return Framework(
            slug=values["slug"],
            version=values["version"],
            toolset=values["toolset"],
            title=values["title"],
            purpose=values["purpose"],
            credit=values["credit"],
            subjects=values["subjects"],
            modes=values["modes"],
            sections=sections,
            scales=scales,
            stages=stages,
            source=self.source,
            slug_line=_line(fields["slug"][1]),
            version_line=_line(fields["version"][1]),
        )

    def unique(self, seen: dict[str, int], slug: str | None, node: Node, what: str) -> None:
        if slug is None:
            return
        if slug in seen:
            self.fail(node, f"{what} slug '{slug}' is used twice (first on line {seen[slug]})")
        else:
            seen[slug] = _line(node)

    def scales(self, node: Node) -> tuple[Scale, ...] | None:
        items = self.sequence(node, "scales")
        if items is None:
            return None
        scales: list[Scale] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(items, start=1):
            where = _name(item, "scale", index)
            fields = self.mapping(item, where, ("slug", "title", "points"))
            if fields is None:
                continue
            slug = self.slug(fields["slug"][1], f"{where} slug") if "slug" in fields else None
            self.unique(seen, slug, fields["slug"][1] if "slug" in fields else item, "scale")
            title = self.text(fields["title"][1], f"{where}: title") if "title" in fields else None
            points = self.points(fields["points"][1], where) if "points" in fields else None
            if slug and title and points:
                scales.append(Scale(slug, title, points))
        return tuple(scales)

    def points(self, node: Node, where: str) -> tuple[ScalePoint, ...] | None:
        items = self.sequence(node, f"{where}: points")
        if items is None:
            return None
        if len(items) < 2:
            self.fail(node, f"{where}: a scale needs at least two points")
            return None
        points: list[ScalePoint] = []
        ok = True
        for item in items:
            fields = self.mapping(item, f"{where}: point", ("value", "label"))
            if fields is None or len(fields) < 2:
                ok = False
                continue
            value_node = fields["value"][1]
            value = self.integer(value_node, f"{where}: point value")
            label = self.text(fields["label"][1], f"{where}: point label")
            if value is None or label is None:
                ok = False
                continue
            if points and value <= points[-1].value:
                reason = f"{where}: point values must go up in order ({value} follows "
                self.fail(value_node, f"{reason}{points[-1].value})")
                ok = False
                continue
            if any(point.label == label for point in points):
                self.fail(fields["label"][1], f"{where}: label '{label}' is used twice")
                ok = False
                continue
            points.append(ScalePoint(value, label))
        return tuple(points) if ok else None

    def stages(self, node: Node) -> tuple[Stage, ...] | None:
        items = self.sequence(node, "stages")
        if items is None:
            return None
        if len(items) < 2:
            self.fail(node, "stages: list at least two stages")
            return None
        stages: list[Stage] = []
        seen: dict[str, int] = {}
        ok = True
        for index, item in enumerate(items, start=1):
            where = _name(item, "stage", index)
            fields = self.mapping(item, where, ("slug", "title"), ("description",))
            if fields is None or "slug" not in fields or "title" not in fields:
                ok = False
                continue
            slug = self.slug(fields["slug"][1], f"{where} slug")
            self.unique(seen, slug, fields["slug"][1], "stage")
            title = self.text(fields["title"][1], f"{where}: title", MAX_TITLE_LENGTH)
            description = self.optional_text(fields, "description", where)
            if slug is None or title is None:
                ok = False
                continue
            stages.append(Stage(slug, title, description))
        return tuple(stages) if ok else None

    def sections(
        self,
        node: Node,
        scales: tuple[Scale, ...] | None,
        stages: tuple[Stage, ...] | None,
    ) -> tuple[Section, ...] | None:
        items = self.sequence(node, "sections")
        if items is None:
            return None
        sections: list[Section] = []
        section_slugs: dict[str, int] = {}
        prompt_slugs: dict[str, int] = {}
        for index, item in enumerate(items, start=1):
            where = _name(item, "section", index)
            fields = self.mapping(
                item, where, ("slug", "title", "description", "prompts"), ("applies_to",)
            )
            if fields is None:
                continue
            slug = None
            if "slug" in fields:
                slug = self.slug(fields["slug"][1], f"{where} slug")
                self.unique(section_slugs, slug, fields["slug"][1], "section")
            title = None
            if "title" in fields:
                title = self.text(fields["title"][1], f"{where}: title", MAX_TITLE_LENGTH)
            description = self.optional_text(fields, "description", where)
            applies_to: tuple[str, ...] | None = ()
            if "applies_to" in fields:
                applies_to = self.choices(
                    fields["applies_to"][1], f"{where}: applies_to", ORGANISATION_KINDS
                )
            prompts: list[Prompt] = []
            if "prompts" in fields:
                prompt_nodes = self.sequence(fields["prompts"][1], f"{where}: prompts")
                for position, prompt_node in enumerate(prompt_nodes or [], start=1):
                    prompt = self.prompt(prompt_node, where, position, prompt_slugs, scales, stages)
                    if prompt is not None:
                        prompts.append(prompt)
            if slug and title and description and applies_to is not None and prompts:
                sections.append(Section(slug, title, description, tuple(prompts), applies_to))
        return tuple(sections)

    def prompt(
        self,
        node: Node,
        section: str,
        position: int,
        seen: dict[str, int],
        scales: tuple[Scale, ...] | None,
        stages: tuple[Stage, ...] | None,
    ) -> Prompt | None:
        where = f"{section}, {_name(node, 'prompt', position)}"
        fields = self.mapping(
            node, where, ("slug", "kind", "text"), ("help", "scale", "if_not_met", "stages")
        )
        if fields is None:
            return None
        slug = None
        if "slug" in fields:
            slug = self.slug(fields["slug"][1], f"{where}: slug")
            self.unique(seen, slug, fields["slug"][1], "prompt")
        text = self.text(fields["text"][1], f"{where}: text") if "text" in fields else None
        help_text = self.optional_text(fields, "help", where)

        kind = None
        if "kind" in fields:
            kind_node = fields["kind"][1]
            if (
                isinstance(kind_node, ScalarNode)
                and kind_node.tag == _STR
                and kind_node.value in PROMPT_KINDS
            ):
                kind = str(kind_node.value)
            else:
                expected = ", ".join(PROMPT_KINDS)
                reason = f"unknown prompt kind {_describe(kind_node)} (expected: {expected})"
                self.fail(kind_node, f"{where}: {reason}")
        if kind is None:
            return None

        # Keys that belong to another kind are mistakes worth pointing at.
        for other_kind, key in _KIND_KEYS.items():
            if key in fields and other_kind != kind:
                reason = f"'{key}' is only for {other_kind} prompts, and this is a {kind} prompt"
                self.fail(fields[key][0], f"{where}: {reason}")

        scale = None
        if kind == "rating":
            scale = self.scale_reference(node, fields, where, scales)
        if_not_met = (
            self.optional_text(fields, "if_not_met", where) if kind == "checklist" else None
        )
        levels: tuple[StageLevel, ...] | None = ()
        if kind == "stage":
            levels = self.levels(node, fields, where, stages)

        if slug is None or text is None or levels is None or (kind == "rating" and not scale):
            return None
        return Prompt(slug, kind, text, help_text, scale, if_not_met, levels)

    def scale_reference(
        self, node: Node, fields: _Fields, where: str, scales: tuple[Scale, ...] | None
    ) -> str | None:
        if "scale" not in fields:
            self.fail(node, f"{where}: a rating prompt needs a 'scale'")
            return None
        scale_node = fields["scale"][1]
        name = self.slug(scale_node, f"{where}: scale")
        if name is None or scales is None:  # scales themselves are broken: already reported
            return None
        known = [scale.slug for scale in scales]
        if name not in known:
            defined = ", ".join(known) if known else "none: add a 'scales' list"
            self.fail(scale_node, f"{where}: unknown scale '{name}' (this file defines {defined})")
            return None
        return name

    def levels(
        self, node: Node, fields: _Fields, where: str, stages: tuple[Stage, ...] | None
    ) -> tuple[StageLevel, ...] | None:
        if stages == ():
            reason = "a stage prompt needs the framework's 'stages' list, and this file has none"
            self.fail(fields["kind"][1], f"{where}: {reason}")
            return None
        if "stages" not in fields:
            self.fail(node, f"{where}: a stage prompt needs 'stages' describing each stage")
            return None
        if stages is None:  # the framework's stages are broken: already reported
            return None
        levels_node = fields["stages"][1]
        level_fields = self.mapping(levels_node, f"{where}: stages", [s.slug for s in stages])
        if level_fields is None or len(level_fields) < len(stages):
            return None
        levels: list[StageLevel] = []
        for stage in stages:
            level = self.level(level_fields[stage.slug][1], f"{where}, stage '{stage.slug}'")
            if level is None:
                return None
            levels.append(StageLevel(stage.slug, *level))
        return tuple(levels)

    def level(self, node: Node, where: str) -> tuple[str, str | None, str | None] | None:
        if isinstance(node, ScalarNode):
            description = self.text(node, where)
            return None if description is None else (description, None, None)
        fields = self.mapping(node, where, (), ("description", "from", "to"))
        if fields is None:
            return None
        if "description" in fields and ("from" in fields or "to" in fields):
            self.fail(node, f"{where}: give either a description or 'from' and 'to', not both")
            return None
        if "description" in fields:
            description = self.text(fields["description"][1], f"{where}: description")
            return None if description is None else (description, None, None)
        if "from" not in fields or "to" not in fields:
            self.fail(node, f"{where}: describe the stage with 'from' and 'to' (or 'description')")
            return None
        shift_from = self.text(fields["from"][1], f"{where}: from")
        shift_to = self.text(fields["to"][1], f"{where}: to")
        if shift_from is None or shift_to is None:
            return None
        return (f"{shift_from} → {shift_to}", shift_from, shift_to)
