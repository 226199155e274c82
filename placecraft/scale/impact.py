"""Impact in uncertainty: a register of the risks of acting and of not acting."""

from __future__ import annotations

from datetime import timedelta

from placecraft.scale.context import Scale, insert, paragraph, title


def seed(s: Scale) -> None:
    found = s.models("impact", "Risk")
    if found is None:
        return
    (Risk,) = found
    rng = s.rng
    risks = insert(
        Risk,
        (
            Risk(
                place=s.place,
                organisation=rng.choice(s.public_authorities),
                visibility=rng.choice(("private", "partners", "public")),
                mission=rng.choice(s.missions) if rng.random() < 0.7 else None,
                title=title(rng, 5),
                acting=paragraph(rng, 1),
                acting_likelihood=rng.randint(1, 5),
                acting_impact=rng.randint(1, 5),
                not_acting=paragraph(rng, 1),
                not_acting_likelihood=rng.randint(1, 5),
                not_acting_impact=rng.randint(1, 5),
                review_date=s.today + timedelta(days=rng.randint(-60, 300)),
            )
            for _ in range(s.n("risks"))
        ),
    )
    s.say(f"  {len(risks)} risks")
