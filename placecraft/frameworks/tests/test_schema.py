"""Framework definition files: the shipped frameworks, validation errors and content hashes.

No database: these tests exercise the pure-Python loader only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from placecraft.frameworks.schema import (
    CHECKLIST_STATES,
    DEFINITIONS_DIR,
    ORGANISATION_KINDS,
    Framework,
    FrameworkError,
    content_hash,
    load_all,
    load_definition,
    parse_definition,
)

SHIPPED = {
    "missions-mindset",
    "sprint-team-conditions",
    "mission-scoping",
    "building-confidence",
    "enabling-partners",
    "community-collaboration",
    "shifting-towards-impact",
}


@pytest.fixture(scope="module")
def frameworks() -> dict[str, Framework]:
    return {framework.slug: framework for framework in load_all()}


# --- The shipped frameworks --------------------------------------------------------------------


def test_all_seven_frameworks_load(frameworks):
    assert set(frameworks) == SHIPPED
    for framework in frameworks.values():
        # One file per framework, named after its slug, so people can find it.
        assert Path(framework.source).name == f"{framework.slug}.yaml"
        assert framework.version >= 1
        assert "Places on a mission" in framework.credit
        assert "New Local" in framework.credit
        assert "Inner Circle Consulting" in framework.credit
        assert "2025" in framework.credit
        assert framework.sections


def test_toolsets(frameworks):
    assert {slug: f.toolset for slug, f in frameworks.items()} == {
        "missions-mindset": 1,
        "sprint-team-conditions": 1,
        "mission-scoping": 2,
        "building-confidence": 2,
        "enabling-partners": 3,
        "community-collaboration": 4,
        "shifting-towards-impact": 5,
    }


def test_load_all_orders_by_toolset_then_slug():
    loaded = load_all(DEFINITIONS_DIR)
    assert [(f.toolset, f.slug) for f in loaded] == sorted((f.toolset, f.slug) for f in loaded)


def test_missions_mindset_has_the_four_areas(frameworks):
    mindset = frameworks["missions-mindset"]
    assert [s.slug for s in mindset.sections] == [
        "purpose-led",
        "relational",
        "curious-problem-solving",
        "navigating-risk",
    ]
    assert set(mindset.modes) == {"survey", "workshop"}
    scale = mindset.scale("agreement")
    assert scale.values == (1, 2, 3, 4, 5)
    assert scale.label(5) == "Strongly agree"
    for section in mindset.sections:
        ratings = [p for p in section.prompts if p.kind == "rating"]
        reflections = [p for p in section.prompts if p.kind == "reflection"]
        assert 3 <= len(ratings) <= 5, section.slug
        assert all(p.scale == "agreement" for p in ratings)
        assert len(reflections) == 1, section.slug


def test_sprint_conditions_have_the_six_stable_slugs(frameworks):
    sprint = frameworks["sprint-team-conditions"]
    assert sprint.subjects == ("sprint",)
    conditions = sprint.section("conditions")
    assert [p.slug for p in conditions.prompts] == [
        "multidisciplinary",
        "protected-time",
        "senior-champion",
        "timebound-problem",
        "missions-mindset",
        "range-of-practices",
    ]
    for prompt in conditions.prompts:
        assert prompt.kind == "checklist"
        assert prompt.if_not_met, f"{prompt.slug} says what to do when it is not met"
    enables = sprint.section("what-it-enables")
    ratings = [p.slug for p in enables.prompts if p.kind == "rating"]
    assert ratings == ["rapid-progress", "mindset-in-practice", "learning-fed-back"]
    assert [state for state, _ in CHECKLIST_STATES] == ["met", "partly-met", "not-met"]


def test_mission_scoping(frameworks):
    scoping = frameworks["mission-scoping"]
    assert scoping.subjects == ("mission",)
    assert set(scoping.modes) == {"workshop", "survey"}
    assert [s.slug for s in scoping.sections] == [
        "data-and-insight",
        "potential-for-impact",
        "coalition-building",
    ]
    for section in scoping.sections:
        kinds = {p.kind for p in section.prompts}
        assert kinds == {"rating", "reflection"}, section.slug
    assert scoping.prompt("who-not-heard").kind == "reflection"


def test_building_confidence(frameworks):
    confidence = frameworks["building-confidence"]
    assert [s.slug for s in confidence.sections] == [
        "storytelling",
        "working-in-the-open",
        "celebrating-success",
        "creating-champions",
    ]


def test_enabling_partners_covers_the_seven_kinds(frameworks):
    partners = frameworks["enabling-partners"]
    assert partners.subjects == ("partner",)
    assert len(partners.sections) == 7
    for section in partners.sections:
        assert section.applies_to, f"{section.slug} names the kinds it serves"
        assert set(section.applies_to) <= set(ORGANISATION_KINDS)
    served = {kind for section in partners.sections for kind in section.applies_to}
    # Every kind of partner organisation has prompts; councils and strategic authorities are
    # served by the "other public sector organisations" section when they are the partner.
    assert served == set(ORGANISATION_KINDS)
    assert partners.section("vcse").applies_to == ("vcse",)
    assert partners.section("communities").applies_to == ("community-group",)


def test_community_collaboration(frameworks):
    community = frameworks["community-collaboration"]
    assert [s.slug for s in community.sections] == [
        "participatory-and-deliberative",
        "relational-practice",
        "community-action",
    ]


def test_shift_has_features_by_four_stages(frameworks):
    shift = frameworks["shifting-towards-impact"]
    assert shift.subjects == ("organisation",)
    assert set(shift.modes) == {"workshop", "survey"}
    assert [s.slug for s in shift.stages] == [
        "exploring",
        "experimenting",
        "embedding",
        "mission-led",
    ]
    features = [p for p in shift.prompts if p.kind == "stage"]
    assert len(features) >= 8
    required = {
        "organisational-design",
        "governance-and-decision-making",
        "funding-and-finance",
        "people-and-capabilities",
        "culture",
        "data-and-learning",
        "risk",
        "partnerships",
    }
    assert required <= {p.slug for p in features}
    for prompt in features:
        assert [level.stage for level in prompt.levels] == [s.slug for s in shift.stages]
        for level in prompt.levels:
            assert level.shift_from and level.shift_to, f"{prompt.slug}/{level.stage}"
            assert level.description == f"{level.shift_from} → {level.shift_to}"


# --- Validation errors -------------------------------------------------------------------------

VALID = """\
slug: demo
version: 1
toolset: 1
title: Demo
purpose: For testing.
credit: After the Places on a mission toolkit.
subjects: [organisation]
modes: [workshop]
scales:
  - slug: agreement
    title: Agree?
    points:
      - {value: 1, label: "No"}
      - {value: 2, label: "Yes"}
stages:
  - slug: early
    title: Early
  - slug: late
    title: Late
sections:
  - slug: one
    title: One
    description: The first section.
    prompts:
      - slug: think
        kind: reflection
        text: What do you think?
      - slug: rate
        kind: rating
        scale: agreement
        text: Rate this.
      - slug: check
        kind: checklist
        text: Is it done?
        if_not_met: Do it.
      - slug: where
        kind: stage
        text: Where are we?
        stages:
          early: {from: Nothing, to: Something}
          late: Fully there.
"""

SECTION_TWO = """\
  - slug: two
    title: Two
    description: The second section.
    prompts:
      - slug: more
        kind: reflection
        text: Anything else?
"""


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = text.splitlines()
    found = [number for number, line in enumerate(lines, start=1) if needle in line]
    assert len(found) >= occurrence, f"{needle!r} not in the test YAML"
    return found[occurrence - 1]


def edit(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def test_the_valid_example_parses():
    framework = parse_definition(VALID, "demo.yaml")
    assert [p.kind for p in framework.prompts] == ["reflection", "rating", "checklist", "stage"]
    where = framework.prompt("where")
    assert where.levels[0].shift_from == "Nothing"
    assert where.levels[1].description == "Fully there."
    assert where.levels[1].shift_from is None
    assert framework.prompt("check").if_not_met == "Do it."
    assert framework.slug_line == 1 and framework.version_line == 2


# Each case: a name, the broken YAML, the text on the line the error must point at (with
# which occurrence of it), and words the reason must contain.
BAD_CASES = [
    ("yaml-syntax", edit("title: Demo\n", "title: Demo: again\n"), "title: Demo", "YAML syntax"),
    (
        "missing-key",
        edit("purpose: For testing.\n", ""),
        "slug: demo",
        "missing required key 'purpose'",
    ),
    (
        "unknown-key",
        edit("title: Demo\n", "title: Demo\ncolour: blue\n"),
        "colour: blue",
        "unknown key 'colour'",
    ),
    (
        "duplicate-key",
        edit("title: Demo\n", "title: Demo\ntitle: Again\n"),
        "title: Again",
        "key 'title' appears twice",
    ),
    ("version-type", edit("version: 1", "version: one"), "version: one", "whole number"),
    ("version-zero", edit("version: 1", "version: 0"), "version: 0", "1 or more"),
    ("bad-toolset", edit("toolset: 1", "toolset: 6"), "toolset: 6", "toolset must be one of 1"),
    (
        "title-not-text",
        edit("title: Demo", "title: [Demo]"),
        "title: [Demo]",
        "title must be text",
    ),
    ("empty-purpose", edit("purpose: For testing.", "purpose:"), "purpose:", "purpose is empty"),
    (
        "bad-slug",
        edit("slug: demo", "slug: Demo Framework"),
        "slug: Demo Framework",
        "not a valid slug",
    ),
    (
        "unknown-subject",
        edit("subjects: [organisation]", "subjects: [organisation, planet]"),
        "subjects:",
        "unknown value the text 'planet'",
    ),
    ("empty-modes", edit("modes: [workshop]", "modes: []"), "modes: []", "must not be empty"),
    (
        "unknown-kind",
        edit("kind: reflection", "kind: musing"),
        "kind: musing",
        "unknown prompt kind the text 'musing'",
    ),
    (
        "rating-without-scale",
        edit("        scale: agreement\n", ""),
        "- slug: rate",
        "rating prompt needs a 'scale'",
    ),
    (
        "rating-unknown-scale",
        edit("scale: agreement", "scale: likert"),
        "scale: likert",
        "unknown scale 'likert'",
    ),
    (
        "scale-on-reflection",
        edit("kind: reflection\n", "kind: reflection\n        scale: agreement\n"),
        "scale: agreement",
        "'scale' is only for rating prompts",
    ),
    (
        "duplicate-prompt-slug",
        edit("slug: check", "slug: think"),
        ("slug: think", 2),
        "prompt slug 'think' is used twice (first on line 25)",
    ),
    (
        "duplicate-section-slug",
        VALID + SECTION_TWO.replace("slug: two", "slug: one"),
        ("slug: one", 2),
        "section slug 'one' is used twice",
    ),
    (
        "duplicate-prompt-slug-across-sections",
        VALID + SECTION_TWO.replace("slug: more", "slug: rate"),
        ("slug: rate", 2),
        "prompt slug 'rate' is used twice",
    ),
    (
        "empty-section",
        VALID + SECTION_TWO.split("      - slug: more")[0].replace("prompts:", "prompts: []"),
        "prompts: []",
        "section 'two': prompts must not be empty",
    ),
    (
        "section-without-prompts",
        VALID + SECTION_TWO.split("    prompts:")[0],
        "- slug: two",
        "section 'two': missing required key 'prompts'",
    ),
    (
        "no-sections",
        VALID.split("sections:")[0] + "sections: []\n",
        "sections: []",
        "sections must not be empty",
    ),
    (
        "stage-prompt-without-stages",
        edit(
            "stages:\n  - slug: early\n    title: Early\n  - slug: late\n    title: Late\n",
            "",
        ),
        "kind: stage",
        "stage prompt needs the framework's 'stages' list",
    ),
    (
        "stage-not-described",
        edit("          late: Fully there.\n", ""),
        "early: {from",
        "missing required key 'late'",
    ),
    (
        "unknown-stage",
        edit("late: Fully there.", "late: Fully there.\n          later: Beyond."),
        "later: Beyond.",
        "unknown key 'later'",
    ),
    (
        "shift-without-to",
        edit("{from: Nothing, to: Something}", "{from: Nothing}"),
        "early: {from",
        "describe the stage with 'from' and 'to'",
    ),
    (
        "one-stage-only",
        edit("  - slug: late\n    title: Late\n", ""),
        "- slug: early",  # a block list starts at its first item
        "at least two stages",
    ),
    (
        "scale-values-out-of-order",
        edit('{value: 2, label: "Yes"}', '{value: 0, label: "Yes"}'),
        "value: 0",
        "must go up in order",
    ),
    (
        "unknown-applies-to",
        edit(
            "    description: The first section.\n", "    description: x\n    applies_to: [pub]\n"
        ),
        "applies_to: [pub]",
        "unknown value the text 'pub'",
    ),
    (
        "text-not-text",
        edit("text: What do you think?", "text: 42"),
        "text: 42",
        "must be text, not '42' (put it in quotes)",
    ),
    ("not-a-mapping", "- just\n- a list\n", "- just", "framework must be a mapping"),
    ("empty-file", "", None, "the file is empty"),
]


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [case[1:] for case in BAD_CASES],
    ids=[case[0] for case in BAD_CASES],
)
def test_malformed_file_fails_with_file_line_and_reason(tmp_path, text, where, reason):
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_definition(path)
    error = caught.value
    expected_line = 1
    if where is not None:
        needle, occurrence = where if isinstance(where, tuple) else (where, 1)
        expected_line = line_of(text, needle, occurrence)
    matching = [p for p in error.problems if reason in p.reason]
    assert matching, f"no problem says {reason!r}; got:\n{error}"
    problem = matching[0]
    assert problem.file == str(path)
    assert problem.line == expected_line, str(error)
    assert f"{path}:{expected_line}: " in str(error)


def test_every_problem_in_a_file_is_reported(tmp_path):
    text = edit("toolset: 1", "toolset: 9", edit("kind: reflection", "kind: musing"))
    with pytest.raises(FrameworkError) as caught:
        parse_definition(text, "demo.yaml")
    reasons = [p.reason for p in caught.value.problems]
    assert any("toolset must be one of" in r for r in reasons)
    assert any("unknown prompt kind" in r for r in reasons)
    assert caught.value.file == "demo.yaml"
    assert caught.value.line == 3  # the first problem, in file order


def test_unreadable_file(tmp_path):
    with pytest.raises(FrameworkError) as caught:
        load_definition(tmp_path / "missing.yaml")
    assert caught.value.line is None
    assert "cannot read" in caught.value.reason


# --- load_all: all or nothing ------------------------------------------------------------------


def test_load_all_loads_nothing_when_one_file_is_bad(tmp_path):
    (tmp_path / "demo.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "other.yaml").write_text(edit("slug: demo", "slug: other"), encoding="utf-8")
    assert [f.slug for f in load_all(tmp_path)] == ["demo", "other"]

    bad = tmp_path / "broken.yaml"
    bad.write_text(edit("slug: demo", "slug: broken", edit("toolset: 1", "toolset: 0")))
    with pytest.raises(FrameworkError) as caught:
        load_all(tmp_path)
    assert [(p.file, p.line) for p in caught.value.problems] == [(str(bad), 3)]


def test_load_all_reports_problems_from_every_file(tmp_path):
    (tmp_path / "a.yaml").write_text(edit("version: 1", "version: x"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(edit("modes: [workshop]", "modes: [webinar]"))
    with pytest.raises(FrameworkError) as caught:
        load_all(tmp_path)
    assert [Path(p.file).name for p in caught.value.problems] == ["a.yaml", "b.yaml"]


def test_load_all_rejects_a_framework_slug_used_twice(tmp_path):
    (tmp_path / "first.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "second.yaml").write_text(VALID, encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_all(tmp_path)
    problem = caught.value.problems[0]
    assert problem.file == str(tmp_path / "second.yaml")
    assert problem.line == 1
    assert f"framework slug 'demo' is already used by {tmp_path / 'first.yaml'}:1" in problem.reason


def test_load_all_rejects_an_empty_directory(tmp_path):
    with pytest.raises(FrameworkError, match="no framework files"):
        load_all(tmp_path)


# --- Content hash ------------------------------------------------------------------------------

# VALID, laid out differently: keys reordered, flow and block styles swapped, text re-wrapped
# and indented differently, comments added. The content is the same.
RELAID = """\
# A comment changes nothing.
version: 1
slug: demo
title: "Demo"
toolset: 1
purpose: >
  For
  testing.
credit: |-
  After the Places on a mission
     toolkit.
modes:
- workshop
subjects:
- organisation
stages: [{slug: early, title: Early}, {title: Late, slug: late}]
scales:
- title: Agree?
  slug: agreement
  points: [{label: "No", value: 1}, {label: "Yes", value: 2}]
sections:
- prompts:
  - {slug: think, text: "What do you think?", kind: reflection}
  - text: Rate this.
    scale: agreement
    kind: rating
    slug: rate
  - {if_not_met: Do it., text: "Is it done?", kind: checklist, slug: check}
  - slug: where
    kind: stage
    text: Where are we?
    stages:
      late: {description: Fully there.}
      early:
        to: Something
        from: Nothing
  description: >-
    The first section.
  title: One
  slug: one
"""


def test_hash_ignores_layout_key_order_and_whitespace():
    original = parse_definition(VALID)
    relaid = parse_definition(RELAID)
    assert relaid == original
    assert content_hash(relaid) == content_hash(original)
    assert len(content_hash(original)) == 64


def test_hash_changes_when_a_prompt_text_changes():
    original = parse_definition(VALID)
    changed = parse_definition(edit("text: Rate this.", "text: Rate this, please."))
    assert content_hash(changed) != content_hash(original)


def test_hash_changes_when_prompt_order_changes():
    original = parse_definition(VALID)
    swapped = edit(
        "      - slug: think\n        kind: reflection\n        text: What do you think?\n",
        "",
    ) + SECTION_TWO.replace("slug: more", "slug: think")
    assert content_hash(parse_definition(swapped)) != content_hash(original)


def test_hash_ignores_the_version_number():
    # The database compares hashes for the same slug and version; a bumped version with
    # identical content is still the same content.
    bumped = parse_definition(edit("version: 1", "version: 2"))
    assert content_hash(bumped) == content_hash(parse_definition(VALID))


def test_shipped_hashes_are_stable(frameworks):
    again = {f.slug: content_hash(f) for f in load_all()}
    assert again == {slug: content_hash(f) for slug, f in frameworks.items()}
