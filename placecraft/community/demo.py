"""Demo community power for Wyvern Valley: a participatory process with ideas (one answered, one
hidden by a moderator), a citizens' panel selected by lottery from a generated pool of 150 and its
forum with recommendations and responses, a community grants round with awards, population figures
and the "you said, we did" page that joins them. All illustrative; idempotent."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from placecraft.community import services
from placecraft.community.models import (
    Application,
    Forum,
    Idea,
    Process,
    Programme,
    Question,
)
from placecraft.core.demo import DemoContext
from placecraft.panels import services as panel_services
from placecraft.panels.models import Panel, PopulationFigure, SelectionRun

POPULATION = [
    ("area", "Ashby Moor", 31),
    ("area", "Brackford", 46),
    ("area", "Calder Wold", 23),
    ("age", "16-29", 22),
    ("age", "30-59", 48),
    ("age", "60+", 30),
    ("gender", "Woman", 51),
    ("gender", "Man", 49),
]
CATEGORIES = """feature,value,min,max
age,16-29,4,6
age,30-59,8,11
age,60+,5,7
gender,Woman,9,11
gender,Man,9,11
area,Ashby Moor,5,7
area,Brackford,8,10
area,Calder Wold,4,6
"""


def _pool_csv() -> str:
    rng = random.Random(2026)  # noqa: S311 - illustrative data, not security
    lines = ["id,address,age,gender,area"]
    for n in range(1, 151):
        age = rng.choices(["16-29", "30-59", "60+"], [18, 47, 35])[0]
        gender = rng.choice(["Woman", "Man"])
        area = rng.choices(["Ashby Moor", "Brackford", "Calder Wold"], [30, 45, 25])[0]
        lines.append(f"WV{n:04d},{rng.randint(1, 140)} Station Road {area},{age},{gender},{area}")
    return "\n".join(lines) + "\n"


def seed_community(ctx: DemoContext) -> None:
    place = ctx.place
    council = ctx.organisations["ashby-moor-council"]
    authority = ctx.organisations["wyvern-valley-combined-authority"]
    lead = ctx.people["council_lead"]
    resident = ctx.people["resident"]
    missions = ctx.extra.get("missions", {})
    mission = missions.get("warm-homes-clean-air") or next(iter(missions.values()), None)

    for feature, value, share in POPULATION:
        PopulationFigure.objects.get_or_create(
            place=place,
            feature=feature,
            value=value,
            defaults={"share": share, "source": "Census 2021 (rounded, illustrative)"},
        )

    process = Process.objects.filter(place=place, slug="warmer-homes-cleaner-air").first()
    if process is None:
        process = services.save_process(
            actor=lead,
            place=place,
            organisation=council,
            data={
                "title": "Warmer homes, cleaner air",
                "description": "How should Ashby Moor make homes warmer and the air cleaner? "
                "Propose ideas, join the **citizens' panel**, or apply for a community grant.",
                "who_can_take_part": "Anyone who lives, works or studies in Wyvern Valley.",
                "components": ["ideas", "panel", "forums", "feedback"],
            },
            missions=[mission] if mission else [],
        )
        process.slug = "warmer-homes-cleaner-air"
        process.save(update_fields=["slug"])
        today = timezone.localdate()
        services.add_phase(
            actor=lead,
            process=process,
            data={
                "title": "Ideas",
                "starts_on": today - timedelta(days=30),
                "ends_on": today + timedelta(days=30),
                "description": "Tell us what would help.",
            },
        )
        services.add_phase(
            actor=lead,
            process=process,
            data={
                "title": "Panel deliberates",
                "starts_on": today + timedelta(days=31),
                "ends_on": today + timedelta(days=90),
                "description": "",
            },
        )

    if not Idea.objects.filter(process=process).exists():
        ideas = [
            (
                "Free draught-proofing for older homes",
                "Volunteers fit draught excluders and thick curtains for people over 70.",
                "Ashby Moor",
            ),
            (
                "School streets on Mill Road",
                "Close the road to cars at drop-off and pick-up.",
                "Brackford",
            ),
            ("Buy my sofa!!!", "Cheap sofas, call now.", ""),
        ]
        made = []
        for title, description, area in ideas:
            made.append(
                services.submit_idea(
                    author=resident,
                    process=process,
                    data={
                        "title": title,
                        "description": description,
                        "area": area,
                        "mission": mission,
                    },
                )
            )
        services.toggle_support(user=lead, idea=made[0])
        services.add_comment(author=lead, idea=made[0], body="We could start with Eastside.")
        services.respond_to_idea(
            actor=lead,
            idea=made[0],
            status="accepted",
            organisation=council,
            body="Accepted into the winter warmth programme: 200 homes this winter.",
        )
        services.respond_to_idea(
            actor=lead,
            idea=made[1],
            status="not-taken-forward",
            organisation=council,
            body="Not taken forward because Mill Road is a bus route; we are trying two "
            "side streets instead.",
        )
        services.hide(actor=lead, target=made[2], reason="Advertising is not allowed.")

    panel = Panel.objects.filter(place=place, title="Wyvern Valley clean air panel").first()
    if panel is None:
        panel = panel_services.create_panel(
            actor=lead,
            place=place,
            organisation=council,
            data={
                "title": "Wyvern Valley clean air panel",
                "size": 20,
                "description": "Twenty residents chosen by lottery to recommend how to "
                "clean the valley's air.",
            },
            missions=[mission] if mission else [],
        )
        panel_services.import_pool(
            actor=lead, panel=panel, people=_pool_csv(), categories=CATEGORIES
        )
        process.panels.add(panel)
    if panel_services.latest_selection(panel) is None:
        run = SelectionRun.objects.create(panel=panel, size=20, seed=20260314)
        panel_services.run_selection(run.pk)

    forum = Forum.objects.filter(place=place, title="Clean air panel sessions").first()
    if forum is None:
        forum = services.save_forum(
            actor=lead,
            place=place,
            organisation=council,
            data={
                "title": "Clean air panel sessions",
                "kind": "panel",
                "panel": panel,
                "process": process,
                "description": "Three evenings of evidence, discussion and recommendations.",
            },
            missions=[mission] if mission else [],
        )
        session = services.save_session(
            actor=lead,
            forum=forum,
            data={
                "title": "Evening 1: what the data says",
                "venue": "Ashby Moor Library",
                "starts_at": timezone.now() - timedelta(days=14),
                "agenda": "1. Welcome\n2. Air quality in the valley\n3. Questions",
                "minutes": "Twenty members attended. The panel asked for figures by street.",
            },
        )
        indicator = next(iter(ctx.extra.get("indicators", {}).values()), None)
        services.add_evidence(
            actor=lead,
            session=session,
            data={
                "title": indicator.name if indicator else "Air quality figures",
                "indicator": indicator,
                "url": "" if indicator else "https://uk-air.defra.gov.uk/",
            },
        )
        first = services.add_recommendation(
            actor=lead,
            forum=forum,
            data={
                "title": "Clean air zones around schools",
                "text": "Stop idling and through traffic near every primary school by 2027.",
                "mission": mission,
            },
        )
        services.respond_to_recommendation(
            actor=lead,
            recommendation=first,
            status="accepted",
            response="Accepted: the first six schools start in September.",
        )
        services.add_recommendation(
            actor=lead,
            forum=forum,
            data={
                "title": "Warm homes grants for renters",
                "text": "Landlords get grants only when tenants' bills fall.",
                "mission": mission,
            },
        )

    accountability = Forum.objects.filter(place=place, title="Clean air: report back").first()
    if accountability is None:
        accountability = services.save_forum(
            actor=lead,
            place=place,
            organisation=council,
            data={
                "title": "Clean air: report back",
                "kind": "accountability",
                "questions_open": True,
                "process": process,
                "description": "The council reports on progress and answers your questions.",
            },
            missions=[mission] if mission else [],
        )
    if not Question.objects.filter(forum=accountability).exists():
        question = services.ask_question(
            author=resident, forum=accountability, text="When will Eastside get the school streets?"
        )
        services.answer_question(
            actor=lead, question=question, answer="Two Eastside schools are in the September group."
        )

    programme = Programme.objects.filter(place=place, title="Clean air community grants").first()
    if programme is None:
        programme = services.save_programme(
            actor=lead,
            place=place,
            organisation=authority,
            data={
                "title": "Clean air community grants",
                "process": process,
                "description": "Up to £2,000 for community groups cutting air pollution.",
                "budget": Decimal("20000"),
                "max_award": Decimal("2000"),
                "closes_on": timezone.localdate() + timedelta(days=45),
            },
            missions=[mission] if mission else [],
            criteria=[("Reaches people we rarely hear from", 5, 2), ("Value for money", 5, 1)],
        )
    if not Application.objects.filter(programme=programme).exists():
        grown = services.apply_for_grant(
            applicant=resident,
            programme=programme,
            data={
                "group_name": "Eastside Cycle Club",
                "contact_email": "rosa.lind@example.org",
                "title": "Bike bus to school",
                "summary": "Escorted rides to three schools.",
                "postcode": "WV1 2AB",
                "mission": mission,
            },
            lines=[("Hi-vis and lights", Decimal("450")), ("Volunteer training", Decimal("800"))],
        )
        criteria = list(programme.criteria.all())
        services.score_application(
            assessor=lead,
            application=grown,
            scores={criteria[0].pk: (4, "Eastside families"), criteria[1].pk: (5, "")},
        )
        award = services.award_grant(actor=lead, application=grown, amount=Decimal("1250"))
        services.report_on_grant(
            actor=resident,
            award=award,
            spent=Decimal("600"),
            body="Forty children ride with us every Friday.",
        )
        services.apply_for_grant(
            applicant=resident,
            programme=programme,
            data={
                "group_name": "Calder Wold WI",
                "contact_email": "wi@example.org",
                "title": "Wood-burner swap advice",
                "summary": "Advice sessions.",
            },
            lines=[("Hall hire", Decimal("300"))],
        )

    if mission is not None:
        update = mission.updates.order_by("-published_at").first()
        if update is not None and not update.feedback.exists():
            item = services.leave_feedback(
                author=resident,
                update=update,
                area="Brackford",
                body="Good to see the school streets moving.",
            )
            services.moderate_feedback(actor=lead, feedback=item, publish=True)
    ctx.extra["community_process"] = process
    ctx.extra["panel"] = panel
