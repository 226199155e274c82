"""The lottery method (leximin by default, or maximin) and checking a draw from the published
files with the stand-alone script in docs/, which needs only Python's standard library."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from placecraft.panels import services
from placecraft.panels.models import Draw
from placecraft.panels.tests.factories import CATEGORIES, make_panel, people_csv

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "verify_panel.py"


def _download(panel, name):
    url = reverse("panel_published_file", args=[panel.place.slug, panel.pk, name])
    response = Client().get(url)
    assert response.status_code == 200, name
    return response.content.decode()


def _verify(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    # -I -S: no site-packages, no environment: the standard library alone.
    return subprocess.run(
        [sys.executable, "-I", "-S", str(SCRIPT), "pool.csv", "quotas.csv", "distribution.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _published(panel):
    return {
        name: _download(panel, name) for name in ("pool.csv", "quotas.csv", "distribution.json")
    }


@pytest.mark.parametrize("method", ["leximin", "maximin"])
@pytest.mark.parametrize("households", [False, True])
def test_anyone_can_redraw_the_panel_from_the_published_files(world, tmp_path, method, households):
    panel = make_panel(world, method=method)
    if households:
        services.import_pool(
            actor=None, panel=panel, people=people_csv(households=True), categories=CATEGORIES
        )
    call_command("select_panel", str(panel.pk), "--size", "8", "--seed", "2026", "--quiet")
    files = _published(panel)
    distribution = json.loads(files["distribution.json"])
    assert distribution["method"] == method and distribution["seed"] == 2026
    # No names, addresses or the pool's own references: anonymous ids only.
    assert "p001" not in files["pool.csv"] and "Mill Lane" not in files["pool.csv"]
    assert files["pool.csv"].splitlines()[0] == "id,household,gender,age"
    if households:
        assert any(line.split(",")[1] for line in files["pool.csv"].splitlines()[1:])

    result = _verify(tmp_path, files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Everything checks" in result.stdout
    assert f"Method: {method}; seed 2026; 8 seats" in result.stdout
    # The published selection is the panel drawn, under its anonymous ids.
    selected = sorted(Draw.objects.get(panel=panel).selected)
    references = sorted(m.reference for m in panel.pool.all())
    anonymous = {ref: f"P{n:04d}" for n, ref in enumerate(references, start=1)}
    assert sorted(distribution["selected"]) == sorted(anonymous[r] for r in selected)


def test_the_script_notices_a_published_panel_the_seed_does_not_draw(world, tmp_path):
    panel = make_panel(world)
    call_command("select_panel", str(panel.pk), "--size", "8", "--seed", "11", "--quiet")
    files = _published(panel)
    distribution = json.loads(files["distribution.json"])
    everyone = sorted(distribution["probabilities"])
    outsider = next(p for p in everyone if p not in distribution["selected"])
    distribution["selected"] = [*distribution["selected"][1:], outsider]
    files["distribution.json"] = json.dumps(distribution)
    result = _verify(tmp_path, files)
    assert result.returncode == 1
    assert "drawing again from the published seed gives a different panel" in result.stdout


def test_the_script_notices_a_panel_that_breaks_a_quota(world, tmp_path):
    panel = make_panel(world)
    call_command("select_panel", str(panel.pk), "--size", "8", "--seed", "11", "--quiet")
    files = _published(panel)
    # Claim a stricter quota than the one the lottery kept to.
    files["quotas.csv"] = files["quotas.csv"].replace("gender,Female,3,5", "gender,Female,0,0")
    result = _verify(tmp_path, files)
    assert result.returncode == 1
    assert "with gender = Female, outside 0–0" in result.stdout


def test_leximin_is_the_default_and_is_explained_on_the_transparency_page(world):
    panel = make_panel(world)
    assert panel.method == "leximin"
    out = io.StringIO()
    call_command("select_panel", str(panel.pk), "--size", "8", "--seed", "5", "--json", stdout=out)
    answer = json.loads(out.getvalue())
    assert answer["method"] == "leximin" and answer["seed"] == 5
    assert sum(answer["probabilities"].values()) == pytest.approx(8, abs=1e-6)
    assert Draw.objects.get(panel=panel).algorithm == "leximin"
    page = Client().get(reverse("panel_detail", args=[world.place.slug, panel.pk]))
    text = page.content.decode()
    assert "Leximin stratified lottery" in text
    assert "then did the same for the next least likely" in text
    assert reverse("panel_published_file", args=[world.place.slug, panel.pk, "pool.csv"]) in text


def test_the_method_is_chosen_at_set_up_and_fixed_by_the_first_draw(world, bob):
    panel = make_panel(world)
    client = Client()
    client.force_login(bob)
    edit = reverse("panel_edit", args=[world.place.slug, panel.pk])
    form = {
        "title": panel.title,
        "description": "",
        "visibility": "public",
        "size": 8,
        "method": "maximin",
        "retention_days": 365,
    }
    assert client.post(edit, form).status_code == 302
    panel.refresh_from_db()
    assert panel.method == "maximin"

    call_command("select_panel", str(panel.pk), "--size", "8", "--seed", "5", "--quiet")
    assert Draw.objects.get(panel=panel).algorithm == "maximin"
    # The form no longer offers the choice, and the service refuses it anyway.
    page = client.get(edit).content.decode()
    assert "its lottery method is fixed" in page
    client.post(edit, {**form, "method": "leximin"})
    panel.refresh_from_db()
    assert panel.method == "maximin"
    with pytest.raises(ValidationError):
        services.update_panel(actor=bob, panel=panel, data={"method": "leximin"})
    # A redraw from the command line keeps the method of the first draw.
    with pytest.raises(CommandError, match="the method is fixed at the first draw"):
        call_command(
            "select_panel",
            str(panel.pk),
            *("--size", "8", "--seed", "6", "--method", "leximin", "--reason", "A test"),
            "--quiet",
        )


def test_the_command_line_may_choose_the_method_before_the_first_draw(world):
    panel = make_panel(world)
    out = io.StringIO()
    call_command(
        "select_panel",
        *(str(panel.pk), "--size", "8", "--seed", "5", "--method", "maximin", "--json"),
        stdout=out,
    )
    assert json.loads(out.getvalue())["method"] == "maximin"
    panel.refresh_from_db()
    assert panel.method == "maximin"


def test_nothing_is_published_before_a_draw(world):
    panel = make_panel(world)
    url = reverse("panel_published_file", args=[world.place.slug, panel.pk, "pool.csv"])
    assert Client().get(url).status_code == 404
    call_command("select_panel", str(panel.pk), "--size", "8", "--seed", "5", "--quiet")
    assert Client().get(url).status_code == 200
    other = reverse("panel_published_file", args=[world.place.slug, panel.pk, "secrets.txt"])
    assert Client().get(other).status_code == 404
