"""Workflows for frameworks and exercises. Each runs in one transaction and writes the audit log,
except anonymous survey responses, which are never audited: an audit row (with its time) next to
each response would undo the anonymity the survey promises."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from placecraft.accounts.models import User
from placecraft.core import audit
from placecraft.core.models import AuditEvent, Visibility
from placecraft.frameworks import content, schema
from placecraft.frameworks import models as m
from placecraft.places.models import Organisation, Place

# --- Loading the shipped frameworks ----------------------------------------------------------


@dataclass(frozen=True)
class StoreModels:
    """The model classes to write with: the real ones, or a migration's historical ones, so the
    data migration and ``load_frameworks`` share this code."""

    framework: Any = m.Framework
    version: Any = m.FrameworkVersion
    prompt: Any = m.Prompt


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)  # "slug version N"
    unchanged: list[str] = field(default_factory=list)


def load_frameworks(directory: str | Path = schema.DEFINITIONS_DIR) -> LoadReport:
    """Validate every file, then store new versions: all or nothing (``FrameworkError``)."""
    return store_frameworks(schema.load_all(directory))


def store_frameworks(
    frameworks: list[schema.Framework], models: StoreModels | None = None
) -> LoadReport:
    models = models or StoreModels()
    report = LoadReport()
    problems: list[schema.Problem] = []
    with transaction.atomic():
        for definition in frameworks:
            digest = schema.content_hash(definition)
            framework, _created = models.framework.objects.get_or_create(
                slug=definition.slug,
                defaults={"toolset": definition.toolset, "title": definition.title},
            )
            shipped = models.version.objects.filter(framework=framework, organisation=None)
            same_number = shipped.filter(number=definition.version).first()
            latest = shipped.aggregate(n=Max("number"))["n"] or 0
            name = f"{definition.slug} version {definition.version}"
            if same_number is not None:
                if same_number.content_hash == digest:
                    report.unchanged.append(name)
                else:
                    problems.append(
                        schema.Problem(
                            definition.source,
                            definition.version_line,
                            f"the content of '{definition.slug}' has changed but its version "
                            f"is still {definition.version}: add 1 to version",
                        )
                    )
                continue
            if definition.version < latest:
                problems.append(
                    schema.Problem(
                        definition.source,
                        definition.version_line,
                        f"version {definition.version} is older than the stored version "
                        f"{latest} of '{definition.slug}'",
                    )
                )
                continue
            parent = shipped.filter(number=latest).first() if latest else None
            _create_version(models, framework, definition, digest, parent=parent)
            framework.toolset, framework.title = definition.toolset, definition.title
            framework.save()
            report.created.append(name)
        if problems:
            # Raising inside the atomic block rolls back whatever was stored before the problem.
            raise schema.FrameworkError(problems)
    return report


def _create_version(
    models: StoreModels,
    framework: Any,
    definition: schema.Framework,
    digest: str,
    *,
    parent: Any = None,
    organisation: Organisation | None = None,
    number: int | None = None,
    actor: User | None = None,
    note: str = "",
) -> Any:
    version = models.version.objects.create(
        framework=framework,
        number=number if number is not None else definition.version,
        title=definition.title,
        content_hash=digest,
        definition=definition.as_dict(),
        parent=parent,
        organisation=organisation,
        created_by=actor,
        note=note,
    )
    models.prompt.objects.bulk_create(
        [
            models.prompt(
                version=version,
                slug=prompt.slug,
                section=section.slug,
                kind=prompt.kind,
                position=position,
                text=prompt.text,
            )
            for position, (section, prompt) in enumerate(
                ((s, p) for s in definition.sections for p in s.prompts), start=1
            )
        ]
    )
    return version


# --- Adapting a framework --------------------------------------------------------------------


def adapt_framework(
    *,
    actor: User,
    organisation: Organisation,
    base: m.FrameworkVersion,
    definition: dict[str, Any],
    note: str,
) -> m.FrameworkVersion:
    """Store an organisation's own version of a framework, with ``base`` as its parent."""
    with transaction.atomic():
        latest = (
            # Two adaptations saved at once would clash on the unique constraint, not duplicate.
            m.FrameworkVersion.objects.filter(
                framework=base.framework, organisation=organisation
            ).aggregate(n=Max("number"))["n"]
            or 0
        )
        try:
            checked = content.validate(
                {**definition, "version": latest + 1}, source=f"{base.framework.slug} adaptation"
            )
        except schema.FrameworkError as error:
            raise ValidationError([problem.reason for problem in error.problems]) from None
        version = _create_version(
            StoreModels(),
            base.framework,
            checked,
            schema.content_hash(checked),
            parent=base,
            organisation=organisation,
            number=latest + 1,
            actor=actor,
            note=note,
        )
        assert isinstance(version, m.FrameworkVersion)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=version,
            place=organisation.place,
            organisation=organisation,
            changes={"adapted from": str(base), "note": note},
        )
    return version


# --- Exercises -------------------------------------------------------------------------------

EXERCISE_FIELDS = [
    "title",
    "mode",
    "subject_type",
    "subject_id",
    "round_label",
    "round_date",
    "status",
    "visibility",
    "facilitator",
    "participants",
]


def create_exercise(
    *,
    actor: User,
    place: Place,
    organisation: Organisation,
    version: m.FrameworkVersion,
    data: Mapping[str, Any],
) -> m.Exercise:
    with transaction.atomic():
        exercise = m.Exercise(
            place=place, organisation=organisation, version=version, created_by=actor, **data
        )
        if exercise.mode not in version.content.modes:
            raise ValidationError({"mode": f"{version.title} cannot be run as a {exercise.mode}."})
        exercise.full_clean()
        exercise.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=exercise,
            place=place,
            organisation=organisation,
            changes=audit.field_changes({}, audit.snapshot(exercise, EXERCISE_FIELDS)),
        )
    return exercise


# Narrowest first: widening means moving right.
_VISIBILITY_ORDER = [Visibility.PRIVATE, Visibility.PARTNERS, Visibility.PUBLIC]


def update_exercise(*, actor: User, exercise: m.Exercise, data: Mapping[str, Any]) -> m.Exercise:
    """Respondents answered a survey on the understanding of who would see the results: once
    anyone has answered, the survey's visibility can be narrowed but never widened."""
    wanted = data.get("visibility", exercise.visibility)
    if (
        exercise.is_survey
        and _VISIBILITY_ORDER.index(Visibility(wanted))
        > _VISIBILITY_ORDER.index(Visibility(exercise.visibility))
        and m.Response.objects.filter(exercise=exercise).exists()
    ):
        raise ValidationError(
            {
                "visibility": _(
                    "This survey's results cannot be shown to more people: it was answered as "
                    "'%(promised)s', and people have answered it on that understanding. Start a "
                    "new round to ask more widely."
                )
                % {"promised": Visibility(exercise.visibility).label}
            }
        )
    with transaction.atomic():
        before = audit.snapshot(exercise, EXERCISE_FIELDS)
        for key, value in data.items():
            setattr(exercise, key, value)
        exercise.full_clean()
        exercise.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=exercise,
            place=exercise.place,
            organisation=exercise.organisation,
            changes=audit.field_changes(before, audit.snapshot(exercise, EXERCISE_FIELDS)),
        )
    return exercise


def add_team(*, actor: User, exercise: m.Exercise, label: str) -> m.SurveyTeam:
    label = label.strip()
    if m.SurveyTeam.objects.filter(exercise=exercise, label__iexact=label).exists():
        raise ValidationError({"label": f"There is already a team called {label}."})
    with transaction.atomic():
        team = m.SurveyTeam.objects.create(exercise=exercise, label=label)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=team,
            place=exercise.place,
            organisation=exercise.organisation,
            changes={"exercise": str(exercise)},
        )
    return team


ANSWER_FIELDS = ("text", "rating", "state", "evidence", "current_stage", "target_stage")


def _answers(
    response: m.Response, prompts: dict[str, m.Prompt], answers: Mapping[str, Mapping[str, Any]]
) -> list[m.Answer]:
    rows = []
    for slug, values in answers.items():
        answer = m.Answer(
            response=response,
            prompt=prompts[slug],
            **{key: values.get(key) or ("" if key != "rating" else None) for key in ANSWER_FIELDS},
        )
        if len(answer.text) > m.ANSWER_TEXT_MAX or len(answer.evidence) > m.EVIDENCE_TEXT_MAX:
            raise ValidationError(
                _("An answer to %(prompt)s is too long.") % {"prompt": slug}, code="too_long"
            )
        if not answer.is_empty:
            rows.append(answer)
    return rows


def save_workshop_answers(
    *, actor: User, exercise: m.Exercise, answers: Mapping[str, Mapping[str, Any]]
) -> m.Response:
    """Replace the workshop's shared answers (keyed by prompt slug) with ``answers``."""
    if exercise.is_survey:
        raise ValidationError("A survey's answers come from its respondents.")
    prompts = {p.slug: p for p in m.Prompt.objects.filter(version=exercise.version_id)}
    with transaction.atomic():
        response, _created = m.Response.objects.get_or_create(exercise=exercise, team=None)
        before = {
            a.prompt.slug: {k: getattr(a, k) for k in ANSWER_FIELDS if getattr(a, k)}
            for a in response.answers.select_related("prompt")
        }
        response.answers.all().delete()
        rows = _answers(response, prompts, answers)
        m.Answer.objects.bulk_create(rows)
        after = {
            a.prompt.slug: {k: getattr(a, k) for k in ANSWER_FIELDS if getattr(a, k)} for a in rows
        }
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=exercise,
            place=exercise.place,
            organisation=exercise.organisation,
            changes={
                f"answer {slug}": {"from": before.get(slug), "to": after.get(slug)}
                for slug in sorted(set(before) | set(after))
                if before.get(slug) != after.get(slug)
            },
        )
    return response


class SurveyFull(ValidationError):
    """The open link has taken as many responses as its cap allows."""


class CodeUsed(ValidationError):
    """The single-use code has already given its response."""


def submit_survey_response(
    *,
    exercise: m.Exercise,
    team: m.SurveyTeam | None,
    answers: Mapping[str, Mapping[str, Any]],
    code: m.SurveyCode | None = None,
) -> m.Response:
    """Store one anonymous response. No person, address or time is kept, and no audit row.

    With a code, the code is spent in the same transaction (one response per code, however
    many requests race); nothing links the code to the response. Without one, the open link's
    cap is checked under a lock on the exercise, so two last responses cannot both get in.
    """
    if not exercise.is_survey:
        raise ValidationError("This exercise is not a survey.")
    if not exercise.is_open:
        raise ValidationError("This survey has closed.")
    if code is not None:
        if code.exercise_id != exercise.pk:
            raise ValidationError("That code belongs to another survey.")
        team = code.team
    if team is not None and team.exercise_id != exercise.pk:
        raise ValidationError("That team belongs to another survey.")
    prompts = {p.slug: p for p in m.Prompt.objects.filter(version=exercise.version_id)}
    with transaction.atomic():
        if code is not None:
            if not m.SurveyCode.objects.filter(pk=code.pk, used=False).update(used=True):
                raise CodeUsed(_("This code has already been used."))
        else:
            locked = m.Exercise.objects.select_for_update().get(pk=exercise.pk)
            if m.Response.objects.filter(exercise=locked).count() >= locked.response_cap:
                raise SurveyFull(_("This survey has reached the number of responses it can take."))
        response = m.Response.objects.create(exercise=exercise, team=team)
        m.Answer.objects.bulk_create(_answers(response, prompts, answers))
    return response


def make_codes(
    *, actor: User, exercise: m.Exercise, team: m.SurveyTeam | None, number: int
) -> list[m.SurveyCode]:
    """``number`` new single-use codes, to print or send."""
    if not exercise.is_survey:
        raise ValidationError("Only a survey has codes.")
    if team is not None and team.exercise_id != exercise.pk:
        raise ValidationError("That team belongs to another survey.")
    with transaction.atomic():
        codes = m.SurveyCode.objects.bulk_create(
            [m.SurveyCode(exercise=exercise, team=team) for _n in range(number)]
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=exercise,
            place=exercise.place,
            organisation=exercise.organisation,
            changes={"codes made": number, "team": str(team or "")},
        )
    return codes


def send_codes(
    *,
    actor: User,
    exercise: m.Exercise,
    team: m.SurveyTeam | None,
    emails: list[str],
    base_url: str,
) -> list[m.SurveyCode]:
    """A code to each address, by email once the codes are stored. The addresses are not kept
    (nor put in the audit log): only how many were sent."""
    codes = make_codes(actor=actor, exercise=exercise, team=team, number=len(emails))
    letters = [
        (address, base_url + reverse("survey_respond", args=[exercise.place.slug, code.code]))
        for address, code in zip(emails, codes, strict=True)
    ]
    transaction.on_commit(lambda: _send_codes(exercise, letters))
    return codes


def _send_codes(exercise: m.Exercise, letters: list[tuple[str, str]]) -> None:
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    subject = prefix + str(_("Your invitation to answer: %(title)s") % {"title": exercise.title})
    messages = [
        EmailMessage(
            subject=subject,
            body=str(
                _(
                    "%(organisation)s invites you to answer the survey '%(title)s'.\n\n"
                    "This link is yours and works once:\n%(url)s\n\n"
                    "Your answers are anonymous: nothing records which link gave which answers."
                )
                % {"organisation": exercise.organisation, "title": exercise.title, "url": url}
            ),
            to=[address],
        )
        for address, url in letters
    ]
    get_connection().send_messages(messages)


# --- Actions ---------------------------------------------------------------------------------

ACTION_FIELDS = ["title", "owner", "due_date", "status", "mission_id", "prompt"]


def create_action(*, actor: User, exercise: m.Exercise, data: Mapping[str, Any]) -> m.Action:
    with transaction.atomic():
        action = m.Action(exercise=exercise, **data)
        action.full_clean()
        action.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=action,
            place=exercise.place,
            organisation=exercise.organisation,
            changes=audit.field_changes({}, audit.snapshot(action, ACTION_FIELDS)),
        )
    return action


def update_action(*, actor: User, action: m.Action, data: Mapping[str, Any]) -> m.Action:
    with transaction.atomic():
        before = audit.snapshot(action, ACTION_FIELDS)
        for key, value in data.items():
            setattr(action, key, value)
        action.full_clean()
        action.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=action,
            place=action.exercise.place,
            organisation=action.exercise.organisation,
            changes=audit.field_changes(before, audit.snapshot(action, ACTION_FIELDS)),
        )
    return action
