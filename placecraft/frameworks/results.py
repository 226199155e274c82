"""Results of exercises: per prompt, per section (area), per team and across rounds.

The rule for surveys: figures are shown only for a group of at least ``MIN_GROUP`` responses, so
nobody's answers can be picked out. A "group" is a team, or the respondents who used the link
without a team. Responses in a smaller group count towards nothing that is shown, not even the
overall figures: otherwise the overall minus the other teams would give the small group away.

After that, a group's figures change only in whole steps of ``MIN_GROUP``: they include its first
5, 10, 15… responses, so comparing the results before and after one more response shows nothing
(the next step adds five at once). The same responses make up every page, comparison and CSV.
Free-text comments are listed per prompt in alphabetical order, so comments to different prompts
cannot be matched to one another.

Every function here runs a fixed number of queries, however many responses there are.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from placecraft.frameworks import schema
from placecraft.frameworks.models import Answer, Exercise, Response, SurveyTeam

MIN_GROUP = 5
ANSWER_CACHE_SECONDS = 24 * 60 * 60
ALL = "all"
NO_TEAM = "none"


@dataclass
class PromptResult:
    prompt: schema.Prompt
    answered: int = 0
    mean: float | None = None
    # (label, count) for every scale point or checklist state, in order
    distribution: list[tuple[str, int]] = field(default_factory=list)
    current: dict[str, int] = field(default_factory=dict)  # stage slug → count
    target: dict[str, int] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)  # reflections
    evidence: list[str] = field(default_factory=list)


@dataclass
class SectionResult:
    section: schema.Section
    mean: float | None
    prompts: list[PromptResult]


@dataclass
class GroupResult:
    key: str
    label: str
    responses: int
    reportable: bool
    sections: list[SectionResult] = field(default_factory=list)

    def section_means(self) -> list[float | None]:
        return [s.mean for s in self.sections]


@dataclass
class ExerciseResults:
    framework: schema.Framework
    overall: GroupResult
    groups: list[GroupResult]  # teams (and the no-team group) in a survey; empty for a workshop
    withheld: int  # responses left out because their group is under MIN_GROUP
    pending: int = 0  # responses waiting for their group's next step of MIN_GROUP

    @property
    def rated_sections(self) -> list[schema.Section]:
        return rated_sections(self.framework)

    @property
    def stage_prompts(self) -> list[schema.Prompt]:
        return [p for p in self.framework.prompts if p.kind == "stage"]

    @property
    def scale_range(self) -> tuple[int, int]:
        return scale_range(self.framework)


def rated_sections(framework: schema.Framework) -> list[schema.Section]:
    return [s for s in framework.sections if any(p.kind == "rating" for p in s.prompts)]


def scale_range(framework: schema.Framework) -> tuple[int, int]:
    values = [v for scale in framework.scales for v in scale.values] or [1, 5]
    return min(values), max(values)


def _mean(counts: Counter[Any]) -> float | None:
    total = sum(counts.values())
    if not total:
        return None
    return float(sum(value * n for value, n in counts.items())) / total


# Keys of the tallies: (group key, prompt slug) → Counter of the answer's value.
Tally = dict[tuple[str, str], Counter[Any]]
# Answers summed in the database, and the free-text answers (see _answer_rows).
_Rows = tuple[list[dict[str, Any]], list[tuple[Any, ...]]]


@dataclass
class _Tallies:
    ratings: Tally = field(default_factory=lambda: defaultdict(Counter))
    states: Tally = field(default_factory=lambda: defaultdict(Counter))
    current: Tally = field(default_factory=lambda: defaultdict(Counter))
    target: Tally = field(default_factory=lambda: defaultdict(Counter))
    texts: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    evidence: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, group: str, slug: str, row: dict[str, Any], n: int) -> None:
        for key in (group, ALL):
            if row["rating"] is not None:
                self.ratings[key, slug][row["rating"]] += n
            if row["state"]:
                self.states[key, slug][row["state"]] += n
            if row["current_stage"]:
                self.current[key, slug][row["current_stage"]] += n
            if row["target_stage"]:
                self.target[key, slug][row["target_stage"]] += n


def _group_key(team_id: int | None) -> str:
    return NO_TEAM if team_id is None else str(team_id)


def stepped(n: int) -> int:
    """How many of a group's ``n`` responses its figures include."""
    return n - n % MIN_GROUP if n >= MIN_GROUP else 0


# (exercise id, group key) → a number
ByGroup = dict[tuple[int, str], int]


def count_responses(responses: QuerySet[Response]) -> tuple[ByGroup, ByGroup]:
    """Responses per group, and the id of the last response each group's figures include
    (groups with none to show are left out). One query."""
    ids: dict[tuple[int, str], list[int]] = defaultdict(list)
    for exercise_id, team_id, pk in responses.values_list("exercise_id", "team_id", "id").order_by(
        "id"
    ):
        ids[exercise_id, _group_key(team_id)].append(pk)
    counts = {key: len(found) for key, found in ids.items()}
    last = {
        key: found[stepped(len(found)) - 1] for key, found in ids.items() if stepped(len(found))
    }
    return counts, last


def included(last: ByGroup, prefix: str = "") -> Q:
    """The responses (or, with ``prefix`` "response__", the answers) the figures include."""
    shown = Q(**{f"{prefix}id__in": []})
    for (exercise_id, group), last_id in last.items():
        team = (
            Q(**{f"{prefix}team__isnull": True})
            if group == NO_TEAM
            else Q(**{f"{prefix}team_id": int(group)})
        )
        shown |= Q(**{f"{prefix}exercise_id": exercise_id, f"{prefix}id__lte": last_id}) & team
    return shown


def _answer_rows(answers: Any) -> tuple[list[dict[str, Any]], list[tuple[Any, ...]]]:
    """Answers summed by team, prompt and value in the database, and the free-text answers."""
    rows = list(
        answers.values(
            "response__team_id", "prompt__slug", "rating", "state", "current_stage", "target_stage"
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    texts = list(
        answers.exclude(text="", evidence="")
        .values_list("response__team_id", "prompt__slug", "text", "evidence")
        .order_by("response__key", "prompt__position")
    )
    return rows, texts


def _cached(signature: tuple[Any, ...], compute: Callable[[], _Rows]) -> _Rows:
    """A survey's answers never change once given: only new or removed responses change its
    sums, so they are kept in the shared cache under the responses' count and last id."""
    key = "frameworks:answers:" + hashlib.sha256(repr(signature).encode()).hexdigest()
    found: _Rows | None = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, ANSWER_CACHE_SECONDS)
    return found


def _tally(answer_rows: _Rows, reportable: set[str] | None, group_of: Any) -> _Tallies:
    """``reportable`` None means all groups."""
    tallies = _Tallies()
    rows, texts = answer_rows
    for row in rows:
        group = group_of(row)
        if reportable is not None and group not in reportable:
            continue
        tallies.add(group, row["prompt__slug"], row, row["n"])
    for team_id, slug, text, evidence in texts:
        group = _group_key(team_id)
        if reportable is not None and group not in reportable:
            continue
        for key in (group, ALL):
            if text:
                tallies.texts[key, slug].append(text)
            if evidence:
                tallies.evidence[key, slug].append(evidence)
    return tallies


def _build_sections(
    framework: schema.Framework, tallies: _Tallies, group: str
) -> list[SectionResult]:
    sections = []
    for section in framework.sections:
        prompts = []
        pooled: Counter[Any] = Counter()
        for prompt in section.prompts:
            key = (group, prompt.slug)
            result = PromptResult(prompt)
            if prompt.kind == "rating" and prompt.scale:
                counts = tallies.ratings.get(key, Counter())
                pooled.update(counts)
                scale = framework.scale(prompt.scale)
                result.distribution = [(p.label, counts.get(p.value, 0)) for p in scale.points]
                result.answered = sum(counts.values())
                result.mean = _mean(counts)
            elif prompt.kind == "checklist":
                counts = tallies.states.get(key, Counter())
                result.distribution = [
                    (label, counts.get(v, 0)) for v, label in schema.CHECKLIST_STATES
                ]
                result.answered = sum(counts.values())
            elif prompt.kind == "stage":
                result.current = dict(tallies.current.get(key, Counter()))
                result.target = dict(tallies.target.get(key, Counter()))
                result.answered = sum(result.current.values())
            result.texts = sorted(tallies.texts.get(key, []))
            result.evidence = sorted(tallies.evidence.get(key, []))
            if prompt.kind == "reflection":
                result.answered = len(result.texts)
            prompts.append(result)
        sections.append(SectionResult(section, _mean(pooled), prompts))
    return sections


def survey_results(exercise: Exercise, *, by_group: bool = True) -> ExerciseResults:
    """Three queries: teams, responses per group, answer tallies (plus one for comments).
    Without ``by_group``, only the overall results are worked out (a summary elsewhere)."""
    framework = exercise.version.content
    teams = list(SurveyTeam.objects.filter(exercise=exercise))
    found, last = count_responses(Response.objects.filter(exercise=exercise))
    counts = {group: n for (_, group), n in found.items()}
    shown_of = {group: stepped(n) for group, n in counts.items()}
    labels = [(str(team.pk), team.label) for team in teams]
    if counts.get(NO_TEAM) or not teams:
        labels.append((NO_TEAM, "No team given" if teams else "All respondents"))
    reportable = {group for group, n in shown_of.items() if n}
    answers = Answer.objects.filter(included(last, "response__"))
    tallies = _tally(
        _cached(
            ("survey", exercise.pk, exercise.created_at, sorted(last.items())),
            lambda: _answer_rows(answers),
        ),
        reportable,
        lambda row: _group_key(row["response__team_id"]),
    )
    groups = []
    for key, label in labels:
        ok = key in reportable
        groups.append(
            GroupResult(
                key,
                label,
                shown_of[key] if ok else counts.get(key, 0),
                ok,
                _build_sections(framework, tallies, key) if ok and by_group else [],
            )
        )
    shown = sum(shown_of.values())
    overall = GroupResult(
        ALL,
        "All teams" if teams else "All respondents",
        shown,
        shown >= MIN_GROUP,
        _build_sections(framework, tallies, ALL) if shown >= MIN_GROUP else [],
    )
    withheld = sum(n for key, n in counts.items() if key not in reportable)
    pending = sum(n - shown_of[key] for key, n in counts.items() if key in reportable)
    # Without teams there is one group, and it is the overall: list it once.
    return ExerciseResults(framework, overall, groups if teams else [], withheld, pending)


def workshop_results(exercise: Exercise) -> ExerciseResults:
    """A workshop's answers are agreed by the group in the room, so they are shown as given."""
    framework = exercise.version.content
    tallies = _tally(
        _answer_rows(Answer.objects.filter(response__exercise=exercise)),
        None,
        lambda row: "workshop",
    )
    answered = bool(tallies.ratings or tallies.states or tallies.current or tallies.texts)
    overall = GroupResult(
        ALL, "Workshop", 1 if answered else 0, True, _build_sections(framework, tallies, ALL)
    )
    return ExerciseResults(framework, overall, [], 0)


def results(exercise: Exercise, *, by_group: bool = True) -> ExerciseResults:
    return (
        survey_results(exercise, by_group=by_group)
        if exercise.is_survey
        else workshop_results(exercise)
    )


# --- Across rounds ---------------------------------------------------------------------------


@dataclass
class RoundComparison:
    rounds: list[Exercise]
    responses: list[int]  # shown responses per round
    reportable: list[bool]
    sections: list[tuple[schema.Section, list[float | None]]]  # section mean per round
    prompts: list[tuple[str, str, list[float | None]]]  # slug, text, mean per round
    matched: list[str]  # rating prompt slugs asked in every round
    dropped: list[str]  # rating prompt slugs in an earlier round but not in the latest


def compare_rounds(current: Exercise, rounds: Sequence[Exercise]) -> RoundComparison:
    """Compare rounds (oldest first) of one framework, matching prompts by slug.

    Section means use only the rating prompts asked in every round, grouped by the sections of
    ``current``'s version, so a reworded or moved prompt keeps its history and an added or
    dropped one does not skew the trend.
    """
    rounds = list(rounds)
    ids = [r.pk for r in rounds]
    survey = current.is_survey
    counts, last = count_responses(Response.objects.filter(exercise_id__in=ids))
    shown_of = {key: stepped(n) if survey else n for key, n in counts.items()}
    reportable = {f"{eid}:{group}" for (eid, group), n in shown_of.items() if n}

    def rating_rows() -> list[dict[str, Any]]:
        answers = Answer.objects.filter(response__exercise_id__in=ids, rating__isnull=False)
        if survey:
            answers = answers.filter(included(last, "response__"))
        return list(
            answers.values("response__exercise_id", "response__team_id", "prompt__slug", "rating")
            .annotate(n=Count("id"))
            .order_by()
        )

    all_surveys = all(r.is_survey for r in rounds)
    rows = (
        _cached(
            ("rounds", [(r.pk, r.created_at) for r in rounds], sorted(last.items())),
            lambda: (rating_rows(), []),
        )[0]
        if all_surveys
        else rating_rows()
    )
    ratings: Tally = defaultdict(Counter)
    for row in rows:
        eid = row["response__exercise_id"]
        if f"{eid}:{_group_key(row['response__team_id'])}" in reportable:
            ratings[str(eid), row["prompt__slug"]][row["rating"]] += row["n"]
    shown = [
        sum(n for (eid, g), n in shown_of.items() if eid == r.pk and f"{eid}:{g}" in reportable)
        for r in rounds
    ]
    ok = [n >= MIN_GROUP if survey else n > 0 for n in shown]

    def rated(r: Exercise) -> list[str]:
        return [p.slug for p in r.version.content.prompts if p.kind == "rating"]

    latest = current.version.content
    asked = [set(rated(r)) for r in rounds]
    matched = [s for s in rated(current) if all(s in a for a in asked)]
    dropped = sorted({s for a in asked for s in a} - set(rated(current)))
    sections = []
    for section in rated_sections(latest):
        slugs = [p.slug for p in section.prompts if p.slug in matched]
        values: list[float | None] = []
        for r, good in zip(rounds, ok, strict=True):
            pooled: Counter[Any] = Counter()
            for slug in slugs:
                pooled.update(ratings.get((str(r.pk), slug), Counter()))
            values.append(_mean(pooled) if good else None)
        sections.append((section, values))
    texts = {p.slug: p.text for r in rounds for p in r.version.content.prompts}
    texts.update({p.slug: p.text for p in latest.prompts})
    prompt_rows = []
    for slug in [*rated(current), *dropped]:
        prompt_rows.append(
            (
                slug,
                texts[slug],
                [
                    _mean(ratings.get((str(r.pk), slug), Counter())) if good else None
                    for r, good in zip(rounds, ok, strict=True)
                ],
            )
        )
    return RoundComparison(rounds, shown, ok, sections, prompt_rows, matched, dropped)


def teams_table(res: ExerciseResults) -> list[tuple[GroupResult, list[float | None]]]:
    """Section means per group, for groups big enough to show."""
    names = [s.slug for s in res.rated_sections]
    out = []
    for group in [*res.groups, res.overall]:
        by_slug = {s.section.slug: s.mean for s in group.sections}
        out.append((group, [by_slug.get(n) for n in names]))
    return out


def summary_sentence(labels: Iterable[str], values: Sequence[float | None]) -> str:
    """One plain-English sentence naming the strongest and weakest area."""
    pairs = [(label, v) for label, v in zip(labels, values, strict=False) if v is not None]
    if not pairs:
        return "There are no ratings to show yet."
    best = max(pairs, key=lambda p: p[1])
    worst = min(pairs, key=lambda p: p[1])
    if best == worst or best[1] == worst[1]:
        return f"Every area averages {best[1]:.1f}."
    return (
        f"The strongest area is {best[0]} (average {best[1]:.1f}) and the one that needs most "
        f"support is {worst[0]} (average {worst[1]:.1f})."
    )
