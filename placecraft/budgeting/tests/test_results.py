from __future__ import annotations

from django.urls import reverse

from placecraft.budgeting.pabulib import parse_pabulib
from placecraft.budgeting.tests.access_matrix import closed_args, open_args


def test_ballots_download_as_pabulib_only_after_counting(client, world):
    closed = client.get(reverse("pb_ballots_pabulib", args=closed_args(world)))
    assert closed.status_code == 200
    assert closed["Content-Disposition"].startswith("attachment")
    election = parse_pabulib(closed.content.decode())
    assert election.voters
    assert any(project.selected for project in election.projects)
    # Never while voting is open: that would publish running counts.
    assert client.get(reverse("pb_ballots_pabulib", args=open_args(world))).status_code == 404
