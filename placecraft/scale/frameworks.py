"""The missions mindset pulse survey, run in every council and the authority in two rounds, with
teams (directorates) and anonymous responses: 20,000 responses at factor 1."""

from __future__ import annotations

from datetime import date

from placecraft.scale.context import Scale, copy_rows, insert

DIRECTORATES = ("Adults", "Children", "Place", "Resources", "Public health")
ROUNDS = (("Spring 2024", date(2024, 4, 1)), ("Spring 2025", date(2025, 4, 1)))


def seed(s: Scale) -> None:
    found = s.models(
        "frameworks", "FrameworkVersion", "Prompt", "Exercise", "SurveyTeam", "Response", "Answer"
    )
    if found is None:
        return
    FrameworkVersion, Prompt, Exercise, SurveyTeam, Response, Answer = found
    version = (
        FrameworkVersion.objects.filter(
            framework__slug="missions-mindset", organisation__isnull=True
        )
        .order_by("-number")
        .first()
    )
    if version is None:
        s.say("  skipped: the missions-mindset framework is not loaded (run load_frameworks)")
        return
    prompts = list(
        Prompt.objects.filter(version=version, kind="rating").values_list("pk", flat=True)
    )
    rng = s.rng
    exercises = insert(
        Exercise,
        (
            Exercise(
                place=s.place,
                organisation=org,
                visibility="private",
                version=version,
                title=f"Missions mindset pulse, {label}",
                mode="survey",
                subject_type="organisation",
                subject_id=org.pk,
                round_label=label,
                round_date=when,
                status="closed" if when.year < 2025 else "open",
            )
            for org in s.public_authorities
            for label, when in ROUNDS
        ),
    )
    teams = insert(
        SurveyTeam,
        (SurveyTeam(exercise=e, label=label) for e in exercises for label in DIRECTORATES),
    )
    total = s.n("survey_responses")
    responses = insert(
        Response,
        (
            Response(exercise_id=team.exercise_id, team=team)
            for k in range(total)
            for team in [teams[k % len(teams)]]
        ),
    )
    answers = copy_rows(
        Answer,
        (
            "response",
            "prompt",
            "text",
            "rating",
            "state",
            "evidence",
            "current_stage",
            "target_stage",
        ),
        (
            (r.pk, prompt, "", rng.randint(1, 5), "", "", "", "")
            for r in responses
            for prompt in prompts
        ),
    )
    s.say(f"  {len(exercises)} surveys, {len(responses)} responses, {answers} answers")
