"""Board packs: the PDF has every section, is made without the network, is built by the worker
behind a progress page with the printable page beside it, and the command writes one and prints
its path last."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from placecraft.core.models import Visibility
from placecraft.impact.models import Origin
from placecraft.impact.tests.factories import (
    finished_board_pack,
    make_learning,
    make_mission,
    make_risk,
)
from placecraft.missions.models import BoardMember, BoardRole, ProgressUpdate
from placecraft.partners.models import Commitment, CommitmentStatus
from placecraft.reports import boardpack, render
from placecraft.reports.pdf import StaticOnlyFetcher, html_to_pdf
from placecraft.reports.tests.test_board_pack_accessible import assert_accessible
from placecraft.testing import assert_max_queries, run_background_tasks


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def media(settings, tmp_path):
    """Files the worker stores go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _ask(client, world, mission=None, date_from="2020-01-01", date_to="2030-12-31") -> str:
    """Ask for a board pack through the form as the signed-in person; returns the job's id."""
    response = client.post(
        reverse("board_pack", args=[world.place.slug]),
        {"mission": mission.slug if mission else "", "date_from": date_from, "date_to": date_to},
    )
    assert response.status_code == 302
    return str(response["Location"]).rstrip("/").rsplit("/", 1)[-1]


def _print_url(world, job: str) -> str:
    return reverse("board_pack_print", args=[world.place.slug, job])


def _mission_with_content(world):
    mission = make_mission(world, "healthy-homes", title="Healthy homes")
    ProgressUpdate.objects.create(
        mission=mission, period_label="Spring", status="on-track", narrative="Damp cases fell."
    )
    BoardMember.objects.create(
        mission=mission, name="Sam Resident", role=BoardRole.COMMUNITY_SEAT, represents="tenants"
    )
    make_risk(world, Visibility.PARTNERS, title="Landlord licensing", mission=mission)
    make_learning(
        world,
        Visibility.PARTNERS,
        title="Tenants' forum said",
        mission=mission,
        origin=Origin.FORUM,
        what_we_learned="Evening surgeries work better.",
        recorded_on=timezone.localdate(),
    )
    return mission


@pytest.mark.django_db
def test_the_pdf_has_every_section(world, bob):
    mission = _mission_with_content(world)
    today = timezone.localdate()
    pack = boardpack.build(bob, world.place, mission, today - timedelta(days=30), today)
    pdf, refused = render.board_pack_pdf(pack)
    text = _text(pdf)
    for section in boardpack.SECTIONS:
        assert section in text, f"{section} missing from the PDF"
    for detail in (
        "Healthy homes",
        "Damp cases fell.",
        "Landlord licensing",
        "Sam Resident",
        "Evening surgeries work better.",
    ):
        assert detail in text
    # Everything the page links to is ours: static files, and the place's brand stylesheet,
    # which the fetcher makes by running its view rather than calling the server.
    assert refused == []


@pytest.mark.django_db
def test_the_pdf_of_the_whole_portfolio_is_made(world, bob):
    """The portfolio table links each mission: links on paper once stopped WeasyPrint."""
    _mission_with_content(world)
    today = timezone.localdate()
    pack = boardpack.build(bob, world.place, None, today - timedelta(days=30), today)
    pdf, refused = render.board_pack_pdf(pack)
    text = _text(pdf)
    assert "Portfolio" in text and "Healthy homes" in text
    assert refused == []


def test_the_fetcher_never_goes_to_the_network(settings):
    fetcher = StaticOnlyFetcher()
    html = (
        '<link rel="stylesheet" href="https://fonts.example.com/x.css">'
        '<img src="http://tracker.example.net/pixel.gif" alt="">'
        '<img src="file:///etc/passwd" alt="">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">'
        '<link rel="stylesheet" href="/static/reports/board-pack.css"><p>Hello</p>'
    )
    pdf = html_to_pdf(html, fetcher)
    assert pdf.startswith(b"%PDF")
    assert "https://fonts.example.com/x.css" in fetcher.refused
    assert "http://tracker.example.net/pixel.gif" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert not any(url.startswith("data:") for url in fetcher.refused)
    assert not any("board-pack.css" in url for url in fetcher.refused)


@pytest.mark.django_db(transaction=True)
def test_the_worker_builds_the_pack_behind_a_progress_page(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    from placecraft.frameworks.tests.factories import ensure_frameworks

    ensure_frameworks()
    mission = _mission_with_content(world)
    bob = world.users["council_admin"]
    client = Client()
    client.force_login(bob)
    response = client.post(
        reverse("board_pack", args=[world.place.slug]),
        {"mission": mission.slug, "date_from": "2020-01-01", "date_to": "2030-12-31"},
    )
    assert response.status_code == 302
    job_url = response["Location"]
    waiting = client.get(job_url)
    assert waiting.status_code == 200
    assert b'hx-trigger="every 5s"' in waiting.content and b"waiting to be built" in waiting.content
    run_background_tasks()
    done = client.get(job_url)
    assert b"Your board pack is ready" in done.content
    assert b"hx-trigger" not in done.content
    job = done.context["job"]
    assert b"Download the PDF" in done.content and b"Open the printable page" in done.content
    assert _print_url(world, job).encode() in done.content
    stored = done.context["value"]["html"]
    assert stored.startswith("board-packs/healthy-homes-") and stored.endswith(".html")
    assert default_storage.exists(stored)
    download = client.get(reverse("board_pack_download", args=[world.place.slug, job]))
    pdf = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert download["Content-Type"] == "application/pdf"
    assert "Landlord licensing" in _text(pdf)
    assert_accessible(pdf, "Board pack: Healthy homes")
    # Someone else in the same organisation may not know the job exists.
    other = Client()
    other.force_login(world.users["council_member"])
    assert other.get(job_url).status_code == 404
    # The form lists the person's recent packs.
    assert job.encode() in client.get(reverse("board_pack", args=[world.place.slug])).content


@pytest.mark.django_db
def test_the_form_checks_the_dates(client, world, bob):
    client.force_login(bob)
    response = client.post(
        reverse("board_pack", args=[world.place.slug]),
        {"mission": "", "date_from": "2025-05-01", "date_to": "2025-01-01"},
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"The end date must be on or after the start date." in response.content


@pytest.mark.django_db
def test_the_printable_page_comes_from_the_job(client, world, bob, media):
    mission = _mission_with_content(world)
    client.force_login(bob)
    job = _ask(client, world, mission)
    # Not built yet: there is nothing to show.
    assert client.get(_print_url(world, job)).status_code == 404
    run_background_tasks()
    response = client.get(_print_url(world, job))
    body = response.content.decode()
    assert response.status_code == 200
    assert "reports/board-pack" in body and "<style" not in body
    # The stored document is shown as it was rendered, not escaped a second time.
    assert '<section class="app-pack-section"' in body and "&lt;section" not in body
    for section in boardpack.SECTIONS:
        assert section in body, f"{section} missing from the printable page"
    for detail in ("Healthy homes", "Damp cases fell.", "Landlord licensing", "Sam Resident"):
        assert detail in body
    assert "Use your browser's print command" in body
    assert reverse("board_pack_download", args=[world.place.slug, job]) in body


@pytest.mark.django_db
def test_only_the_person_who_asked_may_open_the_printable_page(client, world, bob, media):
    client.force_login(bob)
    job = _ask(client, world)
    run_background_tasks()
    url = _print_url(world, job)
    assert client.get(url).status_code == 200
    expected = {
        "place_admin": 404,
        "council_member": 404,  # same organisation: still not theirs
        "partner_member": 404,
        "resident": 403,
        "outsider": 403,
    }
    for key, status in expected.items():
        other = Client()
        other.force_login(world.users[key])
        assert other.get(url).status_code == status, key
    assert Client().get(url).status_code == 302
    # Not a job id at all, or a job that does not exist.
    assert client.get(_print_url(world, "not-a-job")).status_code == 404
    assert client.get(_print_url(world, "00000000-0000-0000-0000-000000000000")).status_code == 404


@pytest.mark.django_db
def test_a_pack_made_before_the_printable_page_offers_only_the_pdf(client, world, bob, media):
    job = finished_board_pack(world)  # the worker's result then named the PDF alone
    client.force_login(bob)
    page = client.get(reverse("board_pack_job", args=[world.place.slug, job]))
    assert b"Download the PDF" in page.content
    assert b"Open the printable page" not in page.content
    assert client.get(_print_url(world, job)).status_code == 404


@pytest.mark.django_db
def test_a_mission_the_person_may_not_see_cannot_be_asked_for(client, world, bob, media):
    hidden = make_mission(
        world, "hidden", visibility=Visibility.PRIVATE, organisation=world.partner
    )
    client.force_login(bob)
    response = client.post(
        reverse("board_pack", args=[world.place.slug]),
        {"mission": hidden.slug, "date_from": "2020-01-01", "date_to": "2030-12-31"},
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content


@pytest.mark.django_db
def test_the_command_by_slug_and_by_id(world, tmp_path, capsys):
    mission = _mission_with_content(world)
    target = tmp_path / "pack.pdf"
    call_command(
        "board_pack", mission.slug, str(target), "--from", "2020-01-01", "--to", "2030-12-31"
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == str(target)
    text = _text(Path(target).read_bytes())
    assert "Healthy homes" in text and "Landlord licensing" in text
    second = tmp_path / "by-id.pdf"
    call_command(
        "board_pack", str(mission.pk), str(second), "--from", "2020-01-01", "--to", "2030-12-31"
    )
    assert capsys.readouterr().out.strip().splitlines()[-1] == str(second)
    assert second.exists()
    with pytest.raises(CommandError, match="no mission"):
        call_command(
            "board_pack",
            "nope",
            str(tmp_path / "x.pdf"),
            "--from",
            "2020-01-01",
            "--to",
            "2020-02-01",
        )
    with pytest.raises(CommandError, match="on or after"):
        call_command(
            "board_pack",
            mission.slug,
            str(tmp_path / "x.pdf"),
            "--from",
            "2020-02-01",
            "--to",
            "2020-01-01",
        )


def _more_missions(world, n: int, start: int) -> None:
    """Missions with a little of everything a pack shows, so every section has rows."""
    for i in range(start, start + n):
        mission = _mission_with_content_slug(world, f"mission-{i}")
        for j in range(3):
            Commitment.objects.create(
                place=world.place,
                organisation=world.partner,
                mission=mission,
                title=f"Promise {i}-{j}",
                status=CommitmentStatus.AT_RISK if j == 0 else CommitmentStatus.ACTIVE,
                due_date=timezone.localdate() - timedelta(days=j),
                visibility=Visibility.PARTNERS,
            )


def _mission_with_content_slug(world, slug):
    mission = make_mission(world, slug, title=slug.replace("-", " ").capitalize())
    ProgressUpdate.objects.create(
        mission=mission, period_label="Spring", status="on-track", narrative="Going well."
    )
    BoardMember.objects.create(
        mission=mission, name="A resident", role=BoardRole.COMMUNITY_SEAT, represents="tenants"
    )
    make_risk(world, Visibility.PARTNERS, title=f"Risk to {slug}", mission=mission)
    make_learning(
        world,
        Visibility.PARTNERS,
        title=f"Learning on {slug}",
        mission=mission,
        origin=Origin.FORUM,
        recorded_on=timezone.localdate(),
    )
    return mission


def _build_queries(user, world) -> tuple[int, str]:
    """The queries of building the whole portfolio's pack and rendering its document."""
    with CaptureQueriesContext(connection) as context:
        pack = boardpack.build(user, world.place, None, date(2020, 1, 1), date(2030, 12, 31))
        html = render.board_pack_document_html(pack)
    return len(context.captured_queries), html


@pytest.mark.django_db
def test_the_pack_costs_the_same_queries_however_many_missions(client, world, bob, media):
    """Each section is read for every mission at once: more missions, more rows, same queries.
    The worker pays for that; the printable page only reads what it stored."""
    _more_missions(world, 2, 0)
    _build_queries(bob, world)  # warm the caches a running worker would have warm
    few, _ = _build_queries(bob, world)
    assert few <= 30
    _more_missions(world, 6, 2)
    many, html = _build_queries(bob, world)
    assert many == few
    assert "Mission 7" in html and "Promise 7-0" in html
    client.force_login(bob)
    job = _ask(client, world)
    run_background_tasks()
    url = _print_url(world, job)
    assert_max_queries(client, url, 8)
    body = client.get(url).content.decode()
    assert "Mission 7" in body and "Promise 7-0" in body


@pytest.mark.django_db
def test_the_pack_counts_commitments_and_lists_them(world, bob):
    mission = make_mission(world, "warm-homes", title="Warm homes")
    today = timezone.localdate()
    for i in range(boardpack.ATTENTION_LIMIT + 3):
        Commitment.objects.create(
            place=world.place,
            organisation=world.partner,
            mission=mission,
            title=f"Late promise {i:02d}",
            status=CommitmentStatus.ACTIVE,
            due_date=today - timedelta(days=40 - i),
            visibility=Visibility.PARTNERS,
        )
    Commitment.objects.create(
        place=world.place,
        organisation=world.partner,
        mission=mission,
        title="Done already",
        status=CommitmentStatus.MET,
        due_date=today - timedelta(days=50),
        visibility=Visibility.PARTNERS,
    )
    Commitment.objects.create(
        place=world.place,
        organisation=world.partner,
        mission=mission,
        title="Not due yet",
        status=CommitmentStatus.ACTIVE,
        due_date=today + timedelta(days=300),
        visibility=Visibility.PARTNERS,
    )
    # Across the portfolio: the oldest late ones first, up to the limit; met and not-yet-due
    # ones are only counted.
    pack = boardpack.build(bob, world.place, None, today - timedelta(days=60), today)
    body = " ".join(render.board_pack_document_html(pack).split())
    assert "15 commitments you can see: 14 in progress, 1 met." in body
    assert "Late promise 00" in body and f"Late promise {boardpack.ATTENTION_LIMIT - 1:02d}" in body
    assert f"Late promise {boardpack.ATTENTION_LIMIT:02d}" not in body
    assert "Done already" not in body and "Not due yet" not in body
    assert "See every commitment to this mission" in body
    # The mission's own pack lists every one, those needing attention first.
    pack = boardpack.build(bob, world.place, mission, today - timedelta(days=60), today)
    body = " ".join(render.board_pack_document_html(pack).split())
    assert "15 commitments you can see: 14 in progress, 1 met." in body
    last = f"Late promise {boardpack.ATTENTION_LIMIT + 2:02d}"
    assert last in body and "Done already" in body and "Not due yet" in body
    assert body.index(last) < body.index("Every other commitment") < body.index("Done already")
