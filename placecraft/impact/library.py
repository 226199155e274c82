"""The starter resource library: well-known public reading on missions, under the toolkit's
background reading themes. Titles, authors, publishers and years are facts about the works; the
summaries are the Placecraft project's own words. A web address is given only where we are sure
of it; otherwise the entry names the work so people can find it.
"""

from __future__ import annotations

from typing import Any

THEORY = "missions-theory"
WAYS = "ways-of-working"
CASES = "case-studies"

# key, category, kind, title, author or publisher, year, url, toolsets, summary
STARTER: list[tuple[str, str, str, str, str, int | None, str, tuple[int, ...], str]] = [
    (
        "mission-economy",
        THEORY,
        "reading",
        "Mission Economy: A Moonshot Guide to Changing Capitalism",
        "Mariana Mazzucato (Allen Lane)",
        2021,
        "",
        (2, 5),
        "A book-length argument that governments should set bold, measurable goals and organise "
        "public and private effort around them, using the Apollo programme as a starting point. "
        "Useful for explaining why a mission is more than a strategy with a new name.",
    ),
    (
        "mission-oriented-ri-eu",
        THEORY,
        "reading",
        "Mission-Oriented Research & Innovation in the European Union",
        "Mariana Mazzucato, for the European Commission",
        2018,
        "",
        (2,),
        "Sets out criteria for a good mission: bold and inspiring, clearly targeted and timed, "
        "ambitious but realistic, crossing sectors, and open to many solutions from the bottom "
        "up. A handy checklist when scoping a candidate mission.",
    ),
    (
        "mission-oriented-policies-icc",
        THEORY,
        "reading",
        "Mission-oriented innovation policies: challenges and opportunities",
        "Mariana Mazzucato, Industrial and Corporate Change",
        2018,
        "",
        (2, 5),
        "The academic case for missions: why the state shapes markets rather than only fixing "
        "their failures, and what that means for how public organisations take risks and learn.",
    ),
    (
        "oecd-mission-oriented-policies",
        THEORY,
        "reading",
        "The design and implementation of mission-oriented innovation policies",
        "Philippe Larrue, OECD Science, Technology and Industry Policy Papers",
        2021,
        "",
        (2, 3),
        "A comparative look at how countries govern missions in practice: who sets direction, "
        "how money is pooled across departments and how progress is tracked.",
    ),
    (
        "moiis-uk-industrial-strategy",
        THEORY,
        "reading",
        "A Mission-Oriented UK Industrial Strategy",
        "UCL Commission for Mission-Oriented Innovation and Industrial Strategy",
        2019,
        "",
        (2, 3),
        "Applies mission thinking to the UK, with worked examples of how a broad challenge is "
        "broken down into missions and then into projects that many partners can take on.",
    ),
    (
        "plan-for-change",
        THEORY,
        "reading",
        "Plan for Change: Milestones for mission-led government",
        "Prime Minister's Office, UK Government",
        2024,
        "",
        (2,),
        "The UK government's national missions and the milestones it set against them. Useful "
        "when aligning a local mission to a national one.",
    ),
    (
        "places-on-a-mission",
        WAYS,
        "tool",
        "Places on a mission: toolkit",
        "New Local with Inner Circle Consulting",
        2025,
        "",
        (1, 2, 3, 4, 5),
        "The toolkit Placecraft is built on: five toolsets on culture, shared purpose, mobilising "
        "the system, community power and impact in uncertainty, each with tools a council and "
        "its partners can use.",
    ),
    (
        "community-paradigm",
        WAYS,
        "reading",
        "The Community Paradigm",
        "Jessica Studdert and Adam Lent, New Local",
        2019,
        "",
        (4, 5),
        "Argues that public services should shift power to communities and focus on prevention, "
        "and describes what that asks of councils' culture and ways of working.",
    ),
    (
        "human-learning-systems",
        WAYS,
        "reading",
        "Human Learning Systems: Public Service for the Real World",
        "Toby Lowe and others, Centre for Public Impact",
        2021,
        "",
        (1, 5),
        "Makes the case for managing complex public work through continuous learning and "
        "relationships rather than targets, with examples from UK public services.",
    ),
    (
        "radical-help",
        WAYS,
        "reading",
        "Radical Help",
        "Hilary Cottam (Virago)",
        2018,
        "",
        (4,),
        "Stories of experiments that rebuilt services around relationships and people's own "
        "capabilities, and what it took for the organisations involved to change.",
    ),
    (
        "service-manual",
        WAYS,
        "tool",
        "Service Manual",
        "Government Digital Service",
        None,
        "https://www.gov.uk/service-manual",
        (1,),
        "Practical guidance on agile delivery, user research and multidisciplinary teams: the "
        "working practices mission sprints draw on.",
    ),
    (
        "orange-book",
        WAYS,
        "reading",
        "The Orange Book: Management of Risk – Principles and Concepts",
        "HM Treasury",
        2020,
        "",
        (5,),
        "The UK government's guidance on managing risk, including risk appetite. Read it "
        "alongside the risk register here, which also asks for the risk of not acting.",
    ),
    (
        "camden-renewal-commission",
        CASES,
        "case-study",
        "Camden Renewal Commission",
        "London Borough of Camden with the UCL Institute for Innovation and Public Purpose",
        2022,
        "",
        (2, 4),
        "A London borough that set local missions with residents and partners after the "
        "pandemic, and reorganised parts of the council to pursue them.",
    ),
    (
        "amsterdam-city-doughnut",
        CASES,
        "case-study",
        "The Amsterdam City Doughnut",
        "Doughnut Economics Action Lab and partners",
        2020,
        "",
        (2, 5),
        "How a city turned a framework of social needs and planetary limits into a portrait of "
        "itself, used to steer policy and measure progress beyond economic growth.",
    ),
    (
        "wellbeing-future-generations-wales",
        CASES,
        "case-study",
        "Well-being of Future Generations (Wales) Act 2015",
        "Welsh Government",
        2015,
        "",
        (2, 5),
        "A law that requires public bodies in Wales to work towards shared long-term well-being "
        "goals and to think long term, prevent problems, integrate, collaborate and involve "
        "people.",
    ),
    (
        "scotland-national-performance-framework",
        CASES,
        "case-study",
        "National Performance Framework",
        "Scottish Government",
        2018,
        "",
        (2, 5),
        "A national set of outcomes and indicators that public bodies in Scotland share, as an "
        "example of measuring what matters beyond economic output.",
    ),
    (
        "vinnova-designing-missions",
        CASES,
        "case-study",
        "Designing missions",
        "Vinnova, Sweden's innovation agency",
        2022,
        "",
        (2, 3),
        "Sweden's experience of designing missions on healthy food and mobility with many "
        "actors at once, and what the agency changed in how it works.",
    ),
]


def load_starter_library(resource_model: Any, toolset_model: Any) -> int:
    """Create the starter entries that are missing; returns how many were created. Takes the
    model classes so a data migration can call it with its historical models."""
    created = 0
    existing = set(
        resource_model.objects.filter(place__isnull=True)
        .exclude(starter_key="")
        .values_list("starter_key", flat=True)
    )
    for key, category, kind, title, author, year, url, toolsets, summary in STARTER:
        if key in existing:
            continue
        resource = resource_model.objects.create(
            place=None,
            organisation=None,
            visibility="public",
            category=category,
            kind=kind,
            title=title,
            author=author,
            year=year,
            url=url,
            summary=summary,
            starter_key=key,
        )
        toolset_model.objects.bulk_create(
            [toolset_model(resource=resource, toolset=n) for n in toolsets]
        )
        created += 1
    return created
