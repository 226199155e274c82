"""The files a panel's transparency page publishes so that anyone can check its lottery.

``pool.csv`` (anonymous ids, households, answers), ``quotas.csv`` and ``distribution.json``, in
the formats ``docs/verify_panel.py`` reads (docs/verify-a-panel.md). Anonymous ids follow the
order of the pool's own references, which is the order the lottery samples groups in, so the
published files draw the same people as the real ones. Everything comes from what the draw
recorded (its groups, panels, probabilities and quotas), not from the pool as it is now.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass

from placecraft.core import csvfiles
from placecraft.panels.models import PoolMember, SelectionRun


class NotPublished(LookupError):
    """The draw kept no distribution (made before it was published) or its pool was purged."""


@dataclass(frozen=True)
class _Anonymised:
    ids: dict[str, str]  # reference → anonymous id
    members: list[PoolMember]  # in reference order
    households: dict[str, str]  # normalised household → anonymous code, shared ones only
    features: list[str]


def _anonymised(run: SelectionRun) -> _Anonymised:
    groups = run.distribution.get("groups") if run.distribution else None
    if not groups:
        raise NotPublished
    references = sorted(reference for group in groups for reference in group)
    members = list(
        PoolMember.objects.filter(panel_id=run.panel_id, reference__in=references).order_by(
            "reference"
        )
    )
    if len(members) != len(references):
        raise NotPublished
    width = max(4, len(str(len(references))))
    ids = {reference: f"P{n:0{width}d}" for n, reference in enumerate(references, start=1)}
    living = Counter(m.household.strip().casefold() for m in members if m.household.strip())
    households: dict[str, str] = {}
    for member in members:
        key = member.household.strip().casefold()
        if key and living[key] > 1 and key not in households:
            households[key] = f"H{len(households) + 1:04d}"
    features = list(dict.fromkeys(q["feature"] for q in run.quotas))
    return _Anonymised(ids, members, households, features)


def pool_csv(run: SelectionRun) -> str:
    data = _anonymised(run)
    out = io.StringIO()
    writer = csvfiles.writer(out, lineterminator="\n")
    writer.writerow(["id", "household", *data.features])
    for member in data.members:
        writer.writerow(
            [
                data.ids[member.reference],
                data.households.get(member.household.strip().casefold(), ""),
                *(member.features.get(feature, "") for feature in data.features),
            ]
        )
    return out.getvalue()


def quotas_csv(run: SelectionRun) -> str:
    if not run.distribution:
        raise NotPublished
    out = io.StringIO()
    writer = csvfiles.writer(out, lineterminator="\n")
    writer.writerow(["feature", "value", "min", "max"])
    writer.writerows([q["feature"], q["value"], q["min"], q["max"]] for q in run.quotas)
    return out.getvalue()


def distribution_json(run: SelectionRun) -> str:
    data = _anonymised(run)
    anonymous = data.ids
    return json.dumps(
        {
            "method": run.algorithm,
            "seed": run.seed,
            "size": run.size,
            "groups": [[anonymous[r] for r in group] for group in run.distribution["groups"]],
            "panels": [
                {"probability": probability, "take": take}
                for take, probability in run.distribution["panels"]
            ],
            "probabilities": {
                anonymous[reference]: probability
                for reference, probability in sorted(run.probabilities.items())
                if reference in anonymous
            },
            "selected": sorted(anonymous[r] for r in run.selected),
        },
        indent=1,
    )
