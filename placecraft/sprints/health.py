"""The sprint health check: the six conditions of the *sprint team conditions* framework, each
with a status derived from the sprint's own data where the data can tell, and from the team's
latest health-check workshop (an exercise in the frameworks engine) where it has answered.

When both say something, the worse of the two is shown: the data can reveal a gap the team has
not named (a team from one department only), and the team can name a gap the data cannot see
(protected hours on paper, but not in practice). Every status says where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from placecraft.frameworks.models import Answer, ChecklistState, Exercise, FrameworkVersion
from placecraft.sprints.models import Sprint, TeamMember

FRAMEWORK = "sprint-team-conditions"
CONDITIONS = (
    "multidisciplinary",
    "protected-time",
    "senior-champion",
    "timebound-problem",
    "missions-mindset",
    "range-of-practices",
)
NOT_ASSESSED = "not-assessed"
RANK = {ChecklistState.NOT_MET: 0, ChecklistState.PARTLY_MET: 1, ChecklistState.MET: 2}
LABELS = {
    ChecklistState.MET: "Met",
    ChecklistState.PARTLY_MET: "Partly met",
    ChecklistState.NOT_MET: "Not met",
    NOT_ASSESSED: "Not assessed",
}
TAG_CLASSES = {
    ChecklistState.MET: "govuk-tag--green",
    ChecklistState.PARTLY_MET: "govuk-tag--yellow",
    ChecklistState.NOT_MET: "govuk-tag--red",
    NOT_ASSESSED: "govuk-tag--grey",
}


@dataclass
class Condition:
    slug: str
    text: str
    if_not_met: str
    status: str = NOT_ASSESSED
    from_data: tuple[str, str] | None = None  # (state, reason)
    from_workshop: tuple[str, str] | None = None  # (state, evidence)
    reasons: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES[self.status]

    @property
    def needs_fixing(self) -> bool:
        return self.status in (ChecklistState.NOT_MET, ChecklistState.PARTLY_MET)


@dataclass
class HealthCheck:
    conditions: list[Condition]
    exercise: Exercise | None

    @property
    def unmet(self) -> list[Condition]:
        return [c for c in self.conditions if c.needs_fixing]

    def counts(self) -> list[tuple[str, int]]:
        return [
            (LABELS[state], sum(1 for c in self.conditions if c.status == state))
            for state in (*RANK, NOT_ASSESSED)
        ]


def from_data(sprint: Sprint, members: list[TeamMember]) -> dict[str, tuple[str, str]]:
    """What the sprint's own records say about each condition they can speak to."""
    found: dict[str, tuple[str, str]] = {}
    units = {m.unit for m in members}
    organisations = {m.organisation_id for m in members}
    if not members:
        found["multidisciplinary"] = (ChecklistState.NOT_MET, "Nobody is on the team yet.")
    elif len(units) < 2:
        found["multidisciplinary"] = (
            ChecklistState.NOT_MET,
            "Everyone on the team comes from the same department.",
        )
    elif len(organisations) < 2:
        found["multidisciplinary"] = (
            ChecklistState.MET,
            f"The team spans {len(units)} departments of one organisation.",
        )
    else:
        found["multidisciplinary"] = (
            ChecklistState.MET,
            f"The team spans {len(units)} departments and {len(organisations)} organisations.",
        )
    without = [m.name for m in members if m.hours_per_week == 0]
    if not members or len(without) == len(members):
        found["protected-time"] = (
            ChecklistState.NOT_MET,
            "No one on the team has protected hours recorded.",
        )
    elif without:
        found["protected-time"] = (
            ChecklistState.PARTLY_MET,
            f"No protected hours for: {', '.join(without)}.",
        )
    else:
        hours = sum(m.hours_per_week for m in members)
        found["protected-time"] = (
            ChecklistState.MET,
            f"Every member has protected hours: {hours} a week in all.",
        )
    if sprint.champion_name.strip():
        found["senior-champion"] = (ChecklistState.MET, f"{sprint.champion_name} is the champion.")
    else:
        found["senior-champion"] = (ChecklistState.NOT_MET, "No senior champion is named.")
    if sprint.mission_id is None:
        found["timebound-problem"] = (
            ChecklistState.NOT_MET,
            "The sprint is not linked to a mission.",
        )
    else:
        found["timebound-problem"] = (
            ChecklistState.MET,
            f"It ends on {sprint.end_date:%d %B %Y} and serves a named mission.",
        )
    practices = sprint.practices or []
    if not practices:
        found["range-of-practices"] = (ChecklistState.NOT_MET, "No practices are recorded.")
    elif len(practices) == 1:
        found["range-of-practices"] = (
            ChecklistState.PARTLY_MET,
            "Only one practice is recorded.",
        )
    else:
        found["range-of-practices"] = (
            ChecklistState.MET,
            f"{len(practices)} practices are in use.",
        )
    return found


def latest_exercise(sprint: Sprint) -> Exercise | None:
    return (
        Exercise.objects.filter(
            place_id=sprint.place_id,
            subject_type="sprint",
            subject_id=sprint.pk,
            version__framework__slug=FRAMEWORK,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def shipped_version() -> FrameworkVersion | None:
    return (
        FrameworkVersion.objects.filter(framework__slug=FRAMEWORK, organisation=None)
        .order_by("-number")
        .first()
    )


def health_check(sprint: Sprint, members: list[TeamMember] | None = None) -> HealthCheck:
    """A fixed number of queries, whatever the size of the team."""
    members = list(sprint.members.all()) if members is None else members
    exercise = latest_exercise(sprint)
    version = exercise.version if exercise else shipped_version()
    prompts = {}
    if version is not None:
        section = next((s for s in version.content.sections if s.slug == "conditions"), None)
        prompts = {p.slug: p for p in section.prompts} if section else {}
    answers: dict[str, Answer] = {}
    if exercise is not None:
        answers = {
            a.prompt.slug: a
            for a in Answer.objects.filter(
                response__exercise=exercise, prompt__slug__in=CONDITIONS
            ).select_related("prompt")
        }
    data = from_data(sprint, members)
    conditions = []
    for slug in CONDITIONS:
        prompt = prompts.get(slug)
        condition = Condition(
            slug=slug,
            text=prompt.text if prompt else slug.replace("-", " ").capitalize(),
            if_not_met=(prompt.if_not_met or "") if prompt else "",
        )
        states = []
        if slug in data:
            condition.from_data = data[slug]
            states.append(data[slug][0])
        answer = answers.get(slug)
        if answer is not None and answer.state:
            condition.from_workshop = (answer.state, answer.evidence)
            states.append(answer.state)
        if states:
            condition.status = min(states, key=lambda s: RANK[ChecklistState(s)])
        conditions.append(condition)
    return HealthCheck(conditions, exercise)
