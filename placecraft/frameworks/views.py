"""Frameworks, exercises, survey links, results and actions.

Each view reads top to bottom: get objects through the access functions, validate the form,
call a service, then render or redirect.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from placecraft.accounts.models import User
from placecraft.core import charts, csvfiles, ratelimit
from placecraft.core.dashboard import Panel
from placecraft.core.http import AuthenticatedRequest
from placecraft.core.models import Visibility
from placecraft.frameworks import access as fw_access
from placecraft.frameworks import results as res
from placecraft.frameworks import schema, services, subjects
from placecraft.frameworks.forms import (
    ActionForm,
    AdaptForm,
    AnswersForm,
    ExerciseEditForm,
    ExerciseForm,
    MakeCodesForm,
    SendCodesForm,
    SurveyCodeForm,
    TeamForm,
)
from placecraft.frameworks.models import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionStatus,
    Answer,
    Exercise,
    Framework,
    FrameworkVersion,
    Prompt,
    Response,
    ResponseAccess,
    SurveyCode,
    new_token,
)
from placecraft.places import access
from placecraft.places.models import Place


def _posted(request: HttpRequest) -> Any:
    """The submitted data, even when empty (``request.POST or None`` would treat an empty
    submission as no submission)."""
    return request.POST if request.method == "POST" else None


# --- Frameworks ------------------------------------------------------------------------------


def framework_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    frameworks = list(Framework.objects.all())
    adaptations = list(
        fw_access.visible_versions(request.user, place_obj)
        .exclude(organisation=None)
        .select_related("framework", "organisation")
        .order_by("framework__title", "organisation__name", "-number")
    )
    return render(
        request,
        "frameworks/framework_list.html",
        {"place": place_obj, "frameworks": frameworks, "adaptations": adaptations},
    )


def framework_detail(request: HttpRequest, place: str, framework: str) -> HttpResponse:
    place_obj = access.get_place(place)
    framework_obj = fw_access.get_framework(framework)
    latest = fw_access.latest_shipped(framework_obj)
    versions = list(
        fw_access.visible_versions(request.user, place_obj)
        .filter(framework=framework_obj)
        .select_related("organisation", "parent__organisation")
        .order_by("organisation__name", "number")
    )
    exercises = list(
        fw_access.visible_exercises(request.user, place_obj)
        .filter(version__framework=framework_obj)
        .select_related("organisation")[:20]
    )
    can_start = access.writable_organisations(request.user, place_obj).exists()
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "place": place_obj,
            "framework": framework_obj,
            "version": latest,
            "content": latest.content,
            "versions": versions,
            "exercises": exercises,
            "can_start": can_start,
            "can_adapt": can_start
            and fw_access.adapting_organisations(request.user, place_obj).exists(),
            "toolset_title": schema.TOOLSETS[framework_obj.toolset],
        },
    )


def _lineage(version: FrameworkVersion) -> list[FrameworkVersion]:
    chain: list[FrameworkVersion] = []
    seen: set[int] = set()
    node: FrameworkVersion | None = version.parent
    while node is not None and node.pk not in seen and len(chain) < 20:
        chain.append(node)
        seen.add(node.pk)
        node = node.parent
    return chain


def _changes(version: FrameworkVersion) -> dict[str, list[schema.Prompt]]:
    if version.parent is None:
        return {}
    old = {p.slug: p for p in version.parent.content.prompts}
    new = {p.slug: p for p in version.content.prompts}
    return {
        "added": [p for s, p in new.items() if s not in old],
        "reworded": [p for s, p in new.items() if s in old and old[s].text != p.text],
        "dropped": [p for s, p in old.items() if s not in new],
    }


def version_detail(request: HttpRequest, place: str, framework: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    framework_obj = fw_access.get_framework(framework)
    version = fw_access.get_version(request.user, place_obj, framework_obj, pk)
    return render(
        request,
        "frameworks/version_detail.html",
        {
            "place": place_obj,
            "framework": framework_obj,
            "version": version,
            "content": version.content,
            "lineage": _lineage(version),
            "changes": _changes(version),
            "can_adapt": fw_access.adapting_organisations(request.user, place_obj).exists(),
        },
    )


@login_required
def version_adapt(
    request: AuthenticatedRequest, place: str, framework: str, pk: int
) -> HttpResponse:
    place_obj = access.get_place(place)
    framework_obj = fw_access.get_framework(framework)
    base = fw_access.get_version(request.user, place_obj, framework_obj, pk)
    organisations = fw_access.require_adapter(request.user, place_obj)
    used = set(
        Prompt.objects.filter(version__framework=framework_obj).values_list("slug", flat=True)
    )
    form = AdaptForm(_posted(request), base=base, organisations=organisations, used_slugs=used)
    if request.method == "POST" and form.is_valid():
        organisation = organisations.get(pk=form.cleaned_data["organisation"])
        try:
            version = services.adapt_framework(
                actor=request.user,
                organisation=organisation,
                base=base,
                definition=form.definition(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, f"{organisation}'s adaptation {version.number} has been saved."
            )
            return redirect("version_detail", place_obj.slug, framework_obj.slug, version.pk)
    return render(
        request,
        "frameworks/adapt_form.html",
        {"place": place_obj, "framework": framework_obj, "base": base, "form": form},
    )


# --- Exercises -------------------------------------------------------------------------------


@login_required
def exercise_create(request: AuthenticatedRequest, place: str, framework: str) -> HttpResponse:
    place_obj = access.get_place(place)
    framework_obj = fw_access.get_framework(framework)
    organisations = fw_access.require_starter(request.user, place_obj)
    latest = fw_access.latest_shipped(framework_obj)
    adapted = list(
        fw_access.visible_versions(request.user, place_obj)
        .filter(framework=framework_obj)
        .exclude(organisation=None)
        .select_related("organisation")
        .order_by("organisation__name", "-number")
    )
    versions = [latest, *adapted]
    initial = {"version": request.GET.get("version", latest.pk)}
    form = ExerciseForm(
        _posted(request),
        initial=initial,
        place=place_obj,
        user=request.user,
        organisations=organisations,
        versions=versions,
    )
    if request.method == "POST" and form.is_valid():
        organisation = organisations.get(pk=form.cleaned_data["organisation"])
        version = form.versions[form.cleaned_data["version"]]
        if version.organisation_id not in (None, organisation.pk):
            form.add_error("version", f"That adaptation belongs to {version.organisation}.")
        else:
            exercise = services.create_exercise(
                actor=request.user,
                place=place_obj,
                organisation=organisation,
                version=version,
                data={**form.cleaned_values(), "facilitator": request.user},
            )
            messages.success(request, f"{exercise.title} has been started.")
            if exercise.is_survey:
                return redirect("exercise_teams", place_obj.slug, exercise.pk)
            return redirect("exercise_answers", place_obj.slug, exercise.pk)
    return render(
        request,
        "frameworks/exercise_form.html",
        {"place": place_obj, "framework": framework_obj, "form": form},
    )


def exercise_list(request: HttpRequest, place: str) -> HttpResponse:
    place_obj = access.get_place(place)
    # Responses counted for the exercises on the page only (by the response index), not
    # joined and grouped for every exercise of the place.
    responses = (
        Response.objects.filter(exercise=OuterRef("pk"))
        .order_by()
        .values("exercise")
        .annotate(n=Count("pk"))
        .values("n")
    )
    exercises = (
        fw_access.visible_exercises(request.user, place_obj)
        .select_related("organisation", "version__framework")
        .annotate(response_count=Coalesce(Subquery(responses), 0))
        .order_by("-round_date", "-created_at", "-pk")
    )
    page = Paginator(exercises, 50).get_page(request.GET.get("page"))
    return render(request, "frameworks/exercise_list.html", {"place": place_obj, "page": page})


def _radar(
    chart_id: str, result: res.ExerciseResults, groups: Sequence[res.GroupResult], title: str
) -> Any:
    sections = result.rated_sections
    if len(sections) < 3 or not groups:
        return None
    names = [s.title for s in sections]
    series = []
    for group in groups:
        by_slug = {s.section.slug: s.mean for s in group.sections}
        series.append(charts.Series(group.label, [by_slug.get(s.slug) for s in sections]))
    low, high = result.scale_range
    return charts.radar(
        chart_id,
        names,
        series,
        low,
        high,
        title=title,
        description=res.summary_sentence(names, series[0].values),
    )


def _stage_heatmaps(exercise: Exercise, result: res.ExerciseResults) -> list[dict[str, Any]]:
    """Current against target stage: one grid for a workshop, two (now, aim) for a survey."""
    prompts = result.stage_prompts
    if not prompts or not result.overall.sections:
        return []
    framework = result.framework
    by_slug = {p.prompt.slug: p for s in result.overall.sections for p in s.prompts}
    section_of = {p.slug: s.title for s in framework.sections for p in s.prompts}
    rows = [section_of[p.slug] for p in prompts]
    columns = [s.title for s in framework.stages]
    maps = []
    if not exercise.is_survey:
        cells = []
        for prompt in prompts:
            found = by_slug[prompt.slug]
            row = []
            for stage in framework.stages:
                now, aim = stage.slug in found.current, stage.slug in found.target
                text = "Now and aim" if now and aim else "Now" if now else "Aim" if aim else ""
                row.append(charts.Cell(1.0 if now else 0.5 if aim else 0.0, text))
            cells.append(row)
        maps.append(
            {
                "title": "Where we are now and where we aim to be",
                "svg": charts.heatmap(
                    "stages",
                    rows,
                    columns,
                    cells,
                    title="Stage now and aim, by feature",
                    description="For each feature, the darkest cell is the stage now; the lighter "
                    "cell marked Aim is the stage the organisation aims to reach.",
                ),
            }
        )
        return maps
    for key, title in (("current", "Where we are now"), ("target", "Where we aim to be")):
        cells = []
        for prompt in prompts:
            counts: dict[str, int] = getattr(by_slug[prompt.slug], key)
            total = sum(counts.values()) or 1
            cells.append(
                [
                    charts.Cell(counts.get(s.slug, 0) / total, str(counts.get(s.slug, 0)))
                    for s in framework.stages
                ]
            )
        maps.append(
            {
                "title": title,
                "svg": charts.heatmap(
                    f"stages-{key}",
                    rows,
                    columns,
                    cells,
                    title=f"{title}: number of responses choosing each stage, by feature",
                    description="Darker cells mean more responses chose that stage.",
                ),
            }
        )
    return maps


def _summary_context(request: HttpRequest, place: Place, exercise: Exercise) -> dict[str, Any]:
    result = res.results(exercise)
    actions = list(
        Action.objects.filter(exercise=exercise).select_related("owner").order_by("due_date", "pk")
    )
    names = [s.title for s in result.rated_sections]
    overall_means = [
        {s.section.slug: s.mean for s in result.overall.sections}.get(sec.slug)
        for sec in result.rated_sections
    ]
    return {
        "place": place,
        "exercise": exercise,
        "framework": result.framework,
        "result": result,
        "min_group": res.MIN_GROUP,
        "radar": _radar(
            "radar-overall", result, [result.overall], f"Average rating by area: {exercise.title}"
        )
        if result.overall.reportable
        else None,
        "radar_rows": list(zip(result.rated_sections, overall_means, strict=True)),
        "summary": res.summary_sentence(names, overall_means),
        "heatmaps": _stage_heatmaps(exercise, result),
        "teams": res.teams_table(result) if result.groups else [],
        "actions": actions,
        "today": timezone.localdate(),
        "subject": subjects.describe(place, exercise.subject_type, exercise.subject_id),
        "can_change": fw_access.can_change(request.user, exercise),
        "is_member": access.role_in(request.user, exercise.organisation) is not None,
    }


def exercise_detail(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    exercise = fw_access.get_exercise(request.user, place_obj, pk)
    return render(
        request, "frameworks/exercise_detail.html", _summary_context(request, place_obj, exercise)
    )


def exercise_print(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    exercise = fw_access.get_exercise(request.user, place_obj, pk)
    return render(
        request, "frameworks/exercise_print.html", _summary_context(request, place_obj, exercise)
    )


def _members(exercise: Exercise) -> list[User]:
    return list(
        User.objects.filter(memberships__organisation=exercise.organisation).order_by(
            "name", "email"
        )
    )


@login_required
def exercise_edit(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    exercise = fw_access.get_exercise(request.user, place_obj, pk, write=True)
    initial = {
        "title": exercise.title,
        "status": exercise.status,
        "round_label": exercise.round_label,
        "round_date": exercise.round_date,
        "visibility": exercise.visibility,
        "facilitator": exercise.facilitator_id or "",
        "participants": exercise.participants,
    }
    if exercise.is_survey:
        initial.update(
            {"response_access": exercise.response_access, "response_cap": exercise.response_cap}
        )
    form = ExerciseEditForm(
        _posted(request), initial=initial, members=_members(exercise), survey=exercise.is_survey
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_exercise(
                actor=request.user, exercise=exercise, data=form.cleaned_values()
            )
        except ValidationError as error:
            exercise.refresh_from_db()
            for name, problems in error.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("exercise_detail", place_obj.slug, exercise.pk)
    return render(
        request,
        "frameworks/exercise_edit.html",
        {"place": place_obj, "exercise": exercise, "form": form},
    )


@login_required
def exercise_answers(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    """The workshop's shared answers: the facilitator fills them in as the group agrees."""
    place_obj = access.get_place(place)
    exercise = fw_access.get_exercise(request.user, place_obj, pk, write=True)
    if exercise.is_survey:
        messages.error(request, "A survey is answered by its respondents, through its links.")
        return redirect("exercise_teams", place_obj.slug, exercise.pk)
    current = Answer.objects.filter(response__exercise=exercise).select_related("prompt")
    subject_kind = None
    if exercise.subject_type == "partner" and exercise.subject_id:
        subject_kind = (
            exercise.place.organisations.filter(pk=exercise.subject_id)
            .values_list("kind", flat=True)
            .first()
        )
    form = AnswersForm(
        _posted(request),
        initial=AnswersForm.initial_from(current),
        framework=exercise.version.content,
        required=False,
        organisation_kind=subject_kind,
    )
    if request.method == "POST":
        if not exercise.is_open:
            messages.error(request, "This workshop is closed. Reopen it to change its answers.")
            return redirect("exercise_detail", place_obj.slug, exercise.pk)
        if form.is_valid():
            services.save_workshop_answers(
                actor=request.user,
                exercise=exercise,
                answers=form.answers(),
            )
            messages.success(request, "The workshop's answers have been saved.")
            return redirect("exercise_detail", place_obj.slug, exercise.pk)
    return render(
        request,
        "frameworks/answers_form.html",
        {"place": place_obj, "exercise": exercise, "form": form},
    )


@login_required
def exercise_teams(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    """Survey links: one for the whole exercise and one per team. Links are secrets, so only
    people who may change the exercise see them."""
    place_obj = access.get_place(place)
    exercise = fw_access.get_exercise(request.user, place_obj, pk, write=True)
    form = TeamForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            team = services.add_team(
                actor=request.user, exercise=exercise, label=form.cleaned_data["label"]
            )
        except ValidationError as error:
            form.add_error("label", error.message_dict.get("label", error.messages))
        else:
            messages.success(request, f"A link for {team.label} has been made.")
            return redirect("exercise_teams", place_obj.slug, exercise.pk)
    teams = exercise.teams.annotate(response_count=Count("responses"))
    base = request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "frameworks/teams.html",
        {
            "place": place_obj,
            "exercise": exercise,
            "form": form,
            "teams": [
                (team, base + reverse("survey_respond", args=[place_obj.slug, team.token]))
                for team in teams
            ],
            "link": base + reverse("survey_respond", args=[place_obj.slug, exercise.survey_token]),
            "min_group": res.MIN_GROUP,
        },
    )


def exercise_compare(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    exercise = fw_access.get_exercise(request.user, place_obj, pk)
    rounds = list(
        fw_access.visible_exercises(request.user, place_obj)
        .filter(
            version__framework_id=exercise.version.framework_id,
            organisation=exercise.organisation,
            mode=exercise.mode,
        )
        .select_related("version")
        .order_by(F("round_date").desc(nulls_last=True), "-created_at")[:6]
    )
    # Oldest round first; a round with no date cannot be placed in time, so it comes last and
    # says so.
    rounds.sort(key=lambda r: (r.round_date is None, r.round_date or r.created_at.date(), r.pk))
    comparison = res.compare_rounds(exercise, rounds)
    labels = [
        r.round_label or r.title
        if r.round_date
        else _("%(round)s (no date)") % {"round": r.round_label or r.title}
        for r in rounds
    ]
    low, high = res.scale_range(exercise.version.content)
    trend = None
    round_radar = None
    if comparison.sections and any(comparison.reportable):
        series = [charts.Series(section.title, values) for section, values in comparison.sections]
        trend = charts.trend(
            "trend",
            labels,
            series,
            low,
            high,
            title="Average rating by area, round by round",
            description="One line per area; the table below gives every figure.",
        )
        if len(comparison.sections) >= 3:
            round_series = [
                charts.Series(label, [values[i] for _, values in comparison.sections])
                for i, label in enumerate(labels)
                if comparison.reportable[i]
            ]
            round_radar = charts.radar(
                "radar-rounds",
                [s.title for s, _ in comparison.sections],
                round_series,
                low,
                high,
                title="Average rating by area in each round",
                description=res.summary_sentence(
                    [s.title for s, _ in comparison.sections], round_series[-1].values
                ),
            )
    result = res.results(exercise) if exercise.is_survey else None
    team_radar = None
    if result is not None:
        shown = [g for g in result.groups if g.reportable]
        team_radar = _radar("radar-teams", result, shown, "Average rating by area, team by team")
    return render(
        request,
        "frameworks/compare.html",
        {
            "place": place_obj,
            "exercise": exercise,
            "comparison": comparison,
            "round_rows": list(
                zip(rounds, labels, comparison.responses, comparison.reportable, strict=True)
            ),
            "labels": labels,
            "trend": trend,
            "round_radar": round_radar,
            "result": result,
            "teams": res.teams_table(result) if result else [],
            "team_radar": team_radar,
            "min_group": res.MIN_GROUP,
        },
    )


def _csv_value(
    prompt: schema.Prompt, answer: Answer | None, framework: schema.Framework
) -> list[str]:
    """A survey answer's cells: no free text (see exercise_csv)."""
    if prompt.kind == "checklist":
        states = dict(schema.CHECKLIST_STATES)
        return [states.get(answer.state, "") if answer else ""]
    if prompt.kind == "stage":
        stages = {s.slug: s.title for s in framework.stages}
        if answer is None:
            return ["", ""]
        return [stages.get(answer.current_stage, ""), stages.get(answer.target_stage, "")]
    return ["" if answer is None or answer.rating is None else str(answer.rating)]


def _csv_headers(prompts: Sequence[schema.Prompt]) -> list[str]:
    headers = []
    for prompt in prompts:
        if prompt.kind == "stage":
            headers += [f"{prompt.slug} now", f"{prompt.slug} aim"]
        else:
            headers.append(prompt.slug)
    return headers


def exercise_csv(request: HttpRequest, place: str, pk: int) -> HttpResponse:
    """Responses as CSV. A survey's rows carry no identifying field and no free text, are listed
    in a random order, and are the responses the results pages include (see results.py)."""
    place_obj = access.get_place(place)
    exercise = fw_access.get_exercise_for_member(request.user, place_obj, pk)
    framework = exercise.version.content
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="exercise-{exercise.pk}-responses.csv"'
    writer = csvfiles.writer(response)
    if exercise.is_survey:
        # The same responses as the results pages, and no free text: a comment next to its
        # writer's ratings could show whose ratings they are.
        prompts = [p for p in framework.prompts if p.kind != "reflection"]
        counts, last = res.count_responses(Response.objects.filter(exercise=exercise))
        withheld = sum(n for key, n in counts.items() if key not in last)
        pending = sum(n - res.stepped(n) for key, n in counts.items() if key in last)
        writer.writerow(["respondent", "team", *_csv_headers(prompts)])
        rows = (
            Response.objects.filter(res.included(last))
            .select_related("team")
            .prefetch_related("answers__prompt")
            .order_by("key")
        )
        for number, row in enumerate(rows, start=1):
            by_slug = {a.prompt.slug: a for a in row.answers.all()}
            values = [v for p in prompts for v in _csv_value(p, by_slug.get(p.slug), framework)]
            writer.writerow([number, row.team.label if row.team else "", *values])
        writer.writerow([])
        writer.writerow(
            [_("Comments are not in this file: they are on the results page, apart from ratings.")]
        )
        if withheld:
            writer.writerow(
                [
                    f"{withheld} responses from groups of fewer than {res.MIN_GROUP} are not "
                    "included, to keep respondents anonymous."
                ]
            )
        if pending:
            writer.writerow(
                [
                    _(
                        "%(n)d more responses will be included when their group reaches its next "
                        "step of %(step)d."
                    )
                    % {"n": pending, "step": res.MIN_GROUP}
                ]
            )
        return response
    prompts = list(framework.prompts)
    writer.writerow(["section", "prompt", "kind", "text", "answer", "evidence", "now", "aim"])
    answers = {
        a.prompt.slug: a
        for a in Answer.objects.filter(response__exercise=exercise).select_related("prompt")
    }
    states = dict(schema.CHECKLIST_STATES)
    stages = {s.slug: s.title for s in framework.stages}
    for section in framework.sections:
        for prompt in section.prompts:
            a = answers.get(prompt.slug)
            answer = ""
            if a is not None:
                answer = (
                    a.text
                    or (str(a.rating) if a.rating is not None else "")
                    or states.get(a.state, "")
                )
            writer.writerow(
                [
                    section.title,
                    prompt.slug,
                    prompt.kind,
                    prompt.text,
                    answer,
                    a.evidence if a else "",
                    stages.get(a.current_stage, "") if a else "",
                    stages.get(a.target_stage, "") if a else "",
                ]
            )
    return response


# --- Answering a survey ----------------------------------------------------------------------

SURVEY_COOKIE = "pc_survey_{}"
SURVEY_COOKIE_AGE = 60 * 60 * 24 * 180  # the cookies page states this lifetime
SURVEY_SALT = "placecraft.frameworks.survey"
# An open link takes at most this many responses an hour from one internet address (a whole
# office can share one address, so it is generous; codes have no such limit).
SURVEY_ANSWERS_PER_ADDRESS = 30
SURVEY_ADDRESS_WINDOW = 60 * 60


def survey_respond(request: HttpRequest, place: str, token: str) -> HttpResponse:
    """Anyone with the link may answer, with no account: once per code, or once per visit of an
    open link.

    A fresh form key is signed into each form; after a response is saved the browser keeps that
    key in a signed cookie. Posting the same form again (a double click, the back button) is
    recognised and not stored twice, while a new visit, such as a colleague on a shared
    computer, gets a new key and can answer. A survey answered with codes asks for a code at
    its team and survey links, and each code takes one response.
    """
    place_obj = access.get_place(place)
    exercise, team, code = fw_access.get_survey(place_obj, token)
    cookie_name = SURVEY_COOKIE.format(exercise.pk)
    answered_key = request.get_signed_cookie(cookie_name, default=None, salt=SURVEY_SALT)
    context: dict[str, Any] = {
        "place": place_obj,
        "exercise": exercise,
        "team": team,
        "code": code,
    }
    if request.GET.get("done") and answered_key:
        return render(request, "frameworks/survey_thanks.html", context)
    if not exercise.is_open:
        return render(request, "frameworks/survey_closed.html", context)
    if code is None and exercise.response_access == ResponseAccess.CODES:
        return _survey_code(request, place_obj, exercise, context)
    if code is not None and code.used:
        return render(request, "frameworks/survey_code_used.html", context)
    form = AnswersForm(_posted(request), framework=exercise.version.content, required=True)
    status = 200
    if request.method == "POST":
        try:
            form_key = signing.loads(request.POST.get("form_key", ""), salt=SURVEY_SALT)
        except signing.BadSignature:
            form_key = None
        if form_key and form_key == answered_key:
            return redirect(reverse("survey_respond", args=[place_obj.slug, token]) + "?done=1")
        if form.is_valid() and form_key:
            if code is None and not ratelimit.allow(
                "survey-answer",
                key=f"{exercise.pk}:{ratelimit.client_address(request)}",
                limit=SURVEY_ANSWERS_PER_ADDRESS,
                per=SURVEY_ADDRESS_WINDOW,
            ):
                status = 429
                form.add_error(
                    None,
                    _(
                        "Many answers have come from your internet connection in the last hour. "
                        "Your answers are still here: try sending them again later."
                    ),
                )
            else:
                try:
                    services.submit_survey_response(
                        exercise=exercise, team=team, answers=form.answers(), code=code
                    )
                except services.CodeUsed:
                    return render(request, "frameworks/survey_code_used.html", context)
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    reply = redirect(
                        reverse("survey_respond", args=[place_obj.slug, token]) + "?done=1"
                    )
                    reply.set_signed_cookie(
                        cookie_name,
                        form_key,
                        salt=SURVEY_SALT,
                        max_age=SURVEY_COOKIE_AGE,
                        httponly=True,
                        samesite="Lax",
                        secure=request.is_secure(),
                    )
                    return reply
    context.update(
        {
            "form": form,
            "form_key": signing.dumps(new_token(), salt=SURVEY_SALT),
            "answered_before": bool(answered_key) and code is None,
            "content": exercise.version.content,
        }
    )
    return render(request, "frameworks/survey_form.html", context, status=status)


def _survey_code(
    request: HttpRequest, place: Place, exercise: Exercise, context: dict[str, Any]
) -> HttpResponse:
    """A survey answered with codes, reached by its team or survey link: ask for the code."""
    form = SurveyCodeForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        code = fw_access.find_code(exercise, form.cleaned_data["code"])
        if code is not None:
            return redirect("survey_respond", place.slug, code.code)
        form.add_error("code", _("That code is not one of this survey's. Check it and try again."))
    return render(request, "frameworks/survey_code.html", {**context, "form": form})


@login_required
def exercise_codes(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    """Single-use codes: make some to print, or send one to each address by email. The page
    lists the codes not yet used, ready to print."""
    place_obj = access.get_place(place)
    exercise = fw_access.get_survey_exercise(request.user, place_obj, pk)
    teams = list(exercise.teams.all())
    posted = _posted(request)
    chosen = posted.get("action") if posted is not None else None
    # Two forms on one page: their own ids, the same field names.
    make_form = MakeCodesForm(posted if chosen == "make" else None, teams=teams, auto_id="make-%s")
    send_form = SendCodesForm(posted if chosen == "send" else None, teams=teams, auto_id="send-%s")
    if chosen == "make" and make_form.is_valid():
        made = services.make_codes(
            actor=request.user,
            exercise=exercise,
            team=make_form.chosen_team(),
            number=make_form.cleaned_data["number"],
        )
        messages.success(request, _("%(n)d codes have been made.") % {"n": len(made)})
        return redirect("exercise_codes", place_obj.slug, exercise.pk)
    if chosen == "send" and send_form.is_valid():
        sent = services.send_codes(
            actor=request.user,
            exercise=exercise,
            team=send_form.chosen_team(),
            emails=send_form.cleaned_data["emails"],
            base_url=request.build_absolute_uri("/").rstrip("/"),
        )
        messages.success(request, _("%(n)d codes have been sent.") % {"n": len(sent)})
        return redirect("exercise_codes", place_obj.slug, exercise.pk)
    base = request.build_absolute_uri("/").rstrip("/")
    unused = SurveyCode.objects.filter(exercise=exercise, used=False).select_related("team")
    return render(
        request,
        "frameworks/codes.html",
        {
            "place": place_obj,
            "exercise": exercise,
            "make_form": make_form,
            "send_form": send_form,
            "form": make_form if chosen == "make" else send_form,
            "codes": [
                (code, base + reverse("survey_respond", args=[place_obj.slug, code.code]))
                for code in unused
            ],
            "used": SurveyCode.objects.filter(exercise=exercise, used=True).count(),
        },
    )


@login_required
def exercise_codes_csv(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    """The codes not yet used, to print on letters or cards (a mail merge)."""
    place_obj = access.get_place(place)
    exercise = fw_access.get_survey_exercise(request.user, place_obj, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="exercise-{exercise.pk}-codes.csv"'
    writer = csvfiles.writer(response)
    writer.writerow(["team", "code", "link"])
    base = request.build_absolute_uri("/").rstrip("/")
    for code in SurveyCode.objects.filter(exercise=exercise, used=False).select_related("team"):
        link = base + reverse("survey_respond", args=[place_obj.slug, code.code])
        writer.writerow([code.team.label if code.team else "", code.code, link])
    return response


# --- Actions ---------------------------------------------------------------------------------


def _prompts(exercise: Exercise) -> QuerySet[Prompt]:
    """The exercise's prompts in their order. (The model's own ordering goes through the
    version and its framework, two joins that change nothing within one version.)"""
    return Prompt.objects.filter(version=exercise.version_id).order_by("position")


def _missions(place: Place, user: Any) -> list[tuple[int, str]]:
    found = subjects.provider("mission")
    return found.choices(place, user) if found else []


@login_required
def action_create(request: AuthenticatedRequest, place: str, pk: int) -> HttpResponse:
    place_obj = access.get_place(place)
    exercise = fw_access.get_exercise(request.user, place_obj, pk, write=True)
    initial: dict[str, Any] = {}
    if exercise.subject_type == "mission" and exercise.subject_id:
        initial["mission"] = str(exercise.subject_id)
    form = ActionForm(
        _posted(request),
        initial=initial,
        members=_members(exercise),
        prompts=_prompts(exercise),
        missions=_missions(place_obj, request.user),
    )
    if request.method == "POST" and form.is_valid():
        action = services.create_action(
            actor=request.user, exercise=exercise, data=form.cleaned_values()
        )
        messages.success(request, f"The action '{action.title}' has been added.")
        return redirect(reverse("exercise_detail", args=[place_obj.slug, exercise.pk]) + "#actions")
    return render(
        request,
        "frameworks/action_form.html",
        {"place": place_obj, "exercise": exercise, "form": form},
    )


@login_required
def action_edit(request: AuthenticatedRequest, place: str, pk: int, action: int) -> HttpResponse:
    place_obj = access.get_place(place)
    exercise = fw_access.get_exercise(request.user, place_obj, pk, write=True)
    action_obj = fw_access.get_action(request.user, exercise, action)
    initial = {
        "title": action_obj.title,
        "owner": action_obj.owner_id or "",
        "due_date": action_obj.due_date,
        "status": action_obj.status,
        "prompt": action_obj.prompt_id or "",
        "mission": action_obj.mission_id or "",
    }
    form = ActionForm(
        _posted(request),
        initial=initial,
        members=_members(exercise),
        prompts=_prompts(exercise),
        missions=_missions(place_obj, request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.update_action(actor=request.user, action=action_obj, data=form.cleaned_values())
        messages.success(request, "The action has been updated.")
        return redirect(reverse("exercise_detail", args=[place_obj.slug, exercise.pk]) + "#actions")
    return render(
        request,
        "frameworks/action_form.html",
        {"place": place_obj, "exercise": exercise, "form": form, "action": action_obj},
    )


DUE_FILTERS = [
    ("", "Any date"),
    ("overdue", "Overdue"),
    ("week", "Due in the next 7 days"),
    ("month", "Due in the next 30 days"),
    ("none", "No due date"),
]
STATUS_FILTERS = [
    ("open", "Open (not started or in progress)"),
    *ActionStatus.choices,
    ("all", "Any status"),
]


def action_list(request: HttpRequest, place: str) -> HttpResponse:
    """Every action from every exercise the person may see, with filters."""
    place_obj = access.get_place(place)
    today = timezone.localdate()
    visible = fw_access.visible_actions(request.user, place_obj)
    actions = visible.select_related("owner", "exercise")
    status = request.GET.get("status", "open")
    if status == "open":
        actions = actions.filter(status__in=OPEN_ACTION_STATUSES)
    elif status in ActionStatus.values:
        actions = actions.filter(status=status)
    owner = request.GET.get("owner", "")
    if owner == "me" and request.user.is_authenticated:
        actions = actions.filter(owner=request.user)
    elif owner.isdigit():
        actions = actions.filter(owner_id=int(owner))
    mission = request.GET.get("mission", "")
    if mission.isdigit():
        actions = actions.filter(mission_id=int(mission))
    due = request.GET.get("due", "")
    if due == "overdue":
        actions = actions.filter(due_date__lt=today, status__in=OPEN_ACTION_STATUSES)
    elif due in ("week", "month"):
        days = 7 if due == "week" else 30
        actions = actions.filter(due_date__gte=today, due_date__lte=today + timedelta(days=days))
    elif due == "none":
        actions = actions.filter(due_date__isnull=True)
    page = Paginator(actions.order_by("due_date", "pk"), 50).get_page(request.GET.get("page"))
    owners = list(
        User.objects.filter(pk__in=visible.exclude(owner=None).values("owner_id"))
        .order_by("name", "email")
        .only("pk", "name", "email")
    )
    missions = _missions(place_obj, request.user)
    names = dict(missions)
    for action in page.object_list:
        action.mission_name = names.get(action.mission_id or 0, "")
    return render(
        request,
        "frameworks/action_list.html",
        {
            "place": place_obj,
            "page": page,
            "today": today,
            "owners": owners,
            "missions": missions,
            "filters": {"status": status, "owner": owner, "mission": mission, "due": due},
            "status_filters": STATUS_FILTERS,
            "due_filters": DUE_FILTERS,
        },
    )


def my_actions_panel(request: HttpRequest, memberships: Sequence[Any]) -> Panel | None:
    """The signed-in person's open actions, soonest due first (one query)."""
    if not request.user.is_authenticated:
        return None
    # Only actions the person can still open: they may have left the organisation since.
    p = access.principal(request.user)
    still_visible = (
        Q(exercise__organisation_id__in=list(p.roles))
        | Q(exercise__visibility=Visibility.PUBLIC)
        | Q(
            exercise__visibility=Visibility.PARTNERS,
            exercise__place_id__in=list(p.places | p.admin_places),
        )
    )
    actions = list(
        Action.objects.filter(owner=request.user, status__in=OPEN_ACTION_STATUSES)
        .filter(still_visible)
        .select_related("exercise__place")
        .order_by("due_date", "pk")[:10]
    )
    if not actions:
        return None
    return Panel(
        "Your open actions",
        "frameworks/_actions_panel.html",
        {"actions": actions, "today": timezone.localdate()},
        order=20,
    )
