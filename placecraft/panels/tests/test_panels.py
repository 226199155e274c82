"""Citizens' panels in the app: importing pools, selection in the background with a published
seed, reproducibility, probabilities, infeasible quotas, households, replacements, the command
line, registration with contact details kept apart, and the purge of pool data."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from placecraft.community.spam import make_token
from placecraft.panels import personal, services
from placecraft.panels.models import Panel, PoolContact, PoolMember, SelectionRun
from placecraft.panels.tests.factories import CATEGORIES, make_panel, people_csv
from placecraft.testing import run_background_tasks


def _run(panel, size=8, seed=11, reason=""):
    run = services.request_selection(
        actor=None, panel=panel, size=size, seed=seed, reason=reason, background=False
    )
    return services.run_selection(run.pk)


def test_import_command_prints_the_panel_id_last(world, tmp_path, capsys):
    (tmp_path / "people.csv").write_text(people_csv(40))
    (tmp_path / "categories.csv").write_text(CATEGORIES)
    call_command(
        "import_panel_pool",
        str(tmp_path / "people.csv"),
        str(tmp_path / "categories.csv"),
        "--place",
        "testshire",
    )
    last = capsys.readouterr().out.strip().splitlines()[-1]
    panel = Panel.objects.get(pk=int(last))
    assert panel.place == world.place and panel.pool.count() == 40
    assert panel.categories.count() == 4
    # Into the same panel again: replaced, not added to.
    call_command(
        "import_panel_pool",
        str(tmp_path / "people.csv"),
        str(tmp_path / "categories.csv"),
        "--place",
        "testshire",
        "--panel",
        last,
    )
    assert panel.pool.count() == 40


def test_import_errors_are_row_numbered_and_nothing_is_stored(world, tmp_path):
    bad = people_csv(10).replace("p003,", "p002,", 1).replace("Female", "Femal", 1)
    (tmp_path / "people.csv").write_text(bad)
    (tmp_path / "categories.csv").write_text(CATEGORIES)
    with pytest.raises(CommandError) as error:
        call_command(
            "import_panel_pool",
            str(tmp_path / "people.csv"),
            str(tmp_path / "categories.csv"),
            "--place",
            "testshire",
        )
    assert "Row 4" in str(error.value) and "already used on row 3" in str(error.value)
    assert "Femal" in str(error.value)
    assert not Panel.objects.exists()
    # The place must be named when there is more than one.
    (tmp_path / "people.csv").write_text(people_csv(10))
    with pytest.raises(CommandError, match="--place"):
        call_command(
            "import_panel_pool", str(tmp_path / "people.csv"), str(tmp_path / "categories.csv")
        )


def test_the_web_request_only_enqueues_then_the_worker_selects(
    world, bob, client, django_capture_on_commit_callbacks
):
    panel = make_panel(world)
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("panel_select", args=["testshire", panel.pk]), {"size": 8, "seed": 4242}
        )
    run = SelectionRun.objects.get(panel=panel)
    assert response.status_code == 302
    assert response["Location"] == reverse("selection_detail", args=["testshire", panel.pk, run.pk])
    # Nothing selected yet: the request did not run the lottery.
    assert run.status == "queued" and not run.selected
    assert not PoolMember.objects.filter(panel=panel, selected=True).exists()
    page = client.get(response["Location"])
    assert b'hx-trigger="every 2s"' in page.content  # polls while the worker runs
    run_background_tasks()
    run.refresh_from_db()
    assert run.status == "done" and len(run.selected) == 8
    assert all(q["met"] for q in run.quotas)
    assert set(run.probabilities) == set(panel.pool.values_list("reference", flat=True))
    assert sum(run.probabilities.values()) == pytest.approx(8, abs=1e-6)
    report = client.get(reverse("panel_detail", args=["testshire", panel.pk])).content.decode()
    assert "4242" in report and 'id="probabilities"' in report
    assert report.count("govuk-table__row") > 30  # every pool member has a row


def test_same_seed_same_panel_and_probabilities(world):
    panel = make_panel(world)
    first = _run(panel, seed=99)
    second = _run(panel, seed=99, reason="Repeating the draw to check it")
    assert first.selected == second.selected
    assert first.probabilities == second.probabilities


def test_infeasible_quotas_are_explained_not_a_crash(world, bob, client):
    panel = make_panel(world)
    services.set_quotas(
        actor=bob, panel=panel, text=CATEGORIES.replace("gender,Female,3,5", "gender,Female,7,8")
    )
    run = _run(panel, size=8)
    assert run.status == "infeasible"
    assert run.problems and run.suggestions
    client.force_login(bob)
    page = client.get(reverse("selection_detail", args=["testshire", panel.pk, run.pk]))
    assert b'id="suggestions"' in page.content and b"Lower the minimums" in page.content


def test_one_person_per_household(world):
    panel = services.create_panel(
        actor=None,
        place=world.place,
        organisation=world.council,
        data={"title": "Households", "size": 8},
    )
    services.import_pool(
        actor=None, panel=panel, people=people_csv(40, households=True), categories=CATEGORIES
    )
    panel.refresh_from_db()
    assert panel.household_columns == ["address"]
    run = _run(panel)
    households = list(
        PoolMember.objects.filter(panel=panel, selected=True).values_list("household", flat=True)
    )
    assert run.status == "done" and len(set(households)) == len(households) == 8


def test_replacements_keep_the_quotas(world, django_capture_on_commit_callbacks):
    panel = make_panel(world, title="Replacing")
    run = _run(panel)
    leaving = run.selected[:2]
    with django_capture_on_commit_callbacks(execute=True):
        replacement = services.request_replacements(
            actor=None, panel=panel, withdrawn=leaving, seed=5
        )
    run_background_tasks()
    replacement.refresh_from_db()
    assert replacement.status == "done" and len(replacement.selected) == 2
    assert not set(replacement.selected) & set(run.selected)
    assert all(q["met"] for q in replacement.quotas)
    on_panel = PoolMember.objects.filter(panel=panel, selected=True, withdrawn=False)
    assert on_panel.count() == 8


def test_select_panel_json_prints_exactly_the_answer(world, capfd):
    panel = make_panel(world)
    capfd.readouterr()
    call_command("select_panel", str(panel.pk), "--size", "8", "--seed", "7", "--json")
    out, err = capfd.readouterr()
    answer = json.loads(out)  # nothing but the object on stdout (C-level solver output included)
    assert list(answer) == ["seed", "method", "selected", "probabilities"]
    assert answer["seed"] == 7 and len(answer["selected"]) == 8
    assert set(answer["probabilities"]) == set(panel.pool.values_list("reference", flat=True))
    assert "multiplicative_weights" in err or err  # progress went to stderr
    # The same seed from the command line gives the same panel again.
    call_command(
        "select_panel",
        *(str(panel.pk), "--size", "8", "--seed", "7", "--json"),
        *("--reason", "Repeating the draw to check it"),
    )
    assert json.loads(capfd.readouterr().out)["selected"] == answer["selected"]


def test_registration_keeps_contact_details_apart_and_is_exported_and_erased(world, erin, client):
    panel = make_panel(world, registration_open=True)
    client.force_login(erin)
    url = reverse("panel_register", args=["testshire", panel.pk])
    data = {
        "q0": "Female",
        "q1": "Old",
        "name": "Erin",
        "email": "ERIN@example.org",
        "address": "1 Mill Lane",
        "consent": "on",
        "form_token": make_token(age=30),
    }
    assert client.post(url, {**data, "website": "http://spam"}).status_code == 200
    assert client.post(url, {**data, "consent": ""}).status_code == 200
    assert PoolMember.objects.filter(panel=panel, source="registered").count() == 0
    response = client.post(url, data)
    assert response.status_code == 302
    member = PoolMember.objects.get(panel=panel, source="registered")
    assert member.features == {"gender": "Female", "age": "Old"}
    assert "Erin" not in json.dumps(member.features)
    contact = PoolContact.objects.get(member=member)
    assert contact.email == "erin@example.org" and contact.consent_at
    exported = personal.export_for(erin)
    assert exported[0]["reference"] == member.reference
    personal.erase_for(erin)
    assert not PoolContact.objects.filter(member=member).exists()
    assert PoolMember.objects.filter(pk=member.pk).exists()


def test_purge_removes_contacts_and_unselected_answers_after_retention(world):
    panel = make_panel(world, retention_days=30)
    run = _run(panel)
    PoolContact.objects.create(
        member=panel.pool.get(reference="p001"), name="X", email="x@example.org"
    )
    call_command("purge_panel_pools")
    assert panel.pool.count() == 30  # not due yet
    SelectionRun.objects.filter(pk=run.pk).update(finished_at=timezone.now() - timedelta(days=31))
    call_command("purge_panel_pools")
    panel.refresh_from_db()
    assert panel.status == "purged"
    assert not PoolContact.objects.filter(member__panel=panel).exists()
    assert panel.pool.count() == 8 and panel.pool.filter(selected=True).count() == 8
    # The published report survives the purge.
    assert len(SelectionRun.objects.get(pk=run.pk).probabilities) == 30


def test_panel_api_publishes_the_transparency_data(world, client):
    panel = make_panel(world)
    run = _run(panel)
    data = client.get(f"/api/v1/places/testshire/panels/{panel.pk}").json()
    assert data["seed"] == run.seed and data["selected"] == run.selected
    assert len(data["probabilities"]) == 30 and all(q["met"] for q in data["quotas"])
