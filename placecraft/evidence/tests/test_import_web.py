"""The web import through its URLs: upload → a background check with a preview → confirm → a
background import; problems reported by row with nothing imported; progress shown as it goes."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from placecraft.evidence import importer, services
from placecraft.evidence.models import ImportStatus, Observation, PendingImport
from placecraft.evidence.tests.factories import add_observations, make_indicator
from placecraft.testing import run_background_tasks

GOOD = (
    "geography_code,period,value,lower,upper\n"
    "E06000001,2021,7.4,7.1,7.6\n"
    "E06000001,2022/23,7.5,,\n"
    "E47000001,2022-Q3,7.6,7.4,7.9\n"
)


@pytest.fixture
def indicator(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_indicator(world)


def _file(body: str | bytes, name: str = "figures.csv") -> io.BytesIO:
    upload = io.BytesIO(body.encode() if isinstance(body, str) else body)
    upload.name = name
    return upload


def upload(client, world, indicator, body, capture) -> PendingImport:
    url = reverse("indicator_import", args=[world.place.slug, indicator.slug])
    with capture(execute=True):
        response = client.post(url, {"file": _file(body)})
    pending = PendingImport.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == progress_url(world, indicator, pending)
    return pending


def progress_url(world, indicator, pending) -> str:
    return reverse("indicator_import_progress", args=[world.place.slug, indicator.slug, pending.pk])


def confirm(client, world, indicator, pending, capture):
    url = reverse("indicator_import_confirm", args=[world.place.slug, indicator.slug, pending.pk])
    with capture(execute=True):
        return client.post(url)


def test_upload_check_preview_confirm_import(
    world, indicator, bob, client, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    pending = upload(client, world, indicator, GOOD, django_capture_on_commit_callbacks)
    # Nothing is read in the request: the check waits for a worker.
    page = client.get(progress_url(world, indicator, pending)).content.decode()
    assert "Waiting to be checked" in page and "Refresh" in page
    assert 'hx-trigger="every 2s"' in page
    # Someone who leaves the page finds the upload again on the import page.
    again = client.get(reverse("indicator_import", args=[world.place.slug, indicator.slug]))
    assert progress_url(world, indicator, pending) in again.content.decode()

    run_background_tasks()
    pending.refresh_from_db()
    assert pending.status == ImportStatus.CHECKED and pending.row_count == 3
    page = client.get(progress_url(world, indicator, pending)).content.decode()
    assert "3 rows passed every check" in page and "Import 3 figures" in page
    assert "E47000001" in page and "2022-Q3" in page  # the preview
    assert "hx-trigger" not in page  # nothing left to poll for
    assert not Observation.objects.exists()

    response = confirm(client, world, indicator, pending, django_capture_on_commit_callbacks)
    assert response["Location"] == progress_url(world, indicator, pending)
    pending.refresh_from_db()
    assert pending.status == ImportStatus.IMPORT_QUEUED
    assert (
        "Waiting to import" in client.get(progress_url(world, indicator, pending)).content.decode()
    )
    assert not Observation.objects.exists()

    run_background_tasks()
    pending.refresh_from_db()
    assert pending.status == ImportStatus.DONE and pending.imported_at is not None
    assert pending.rows_done == 3 and pending.percent_done == 100
    assert not pending.file  # the upload is not kept once imported
    page = client.get(progress_url(world, indicator, pending)).content.decode()
    assert "Import complete" in page and "3 figures imported (3 new, 0 replaced)" in page
    values = dict(Observation.objects.values_list("period", "value"))
    assert values == {"2021": 7.4, "2022/23": 7.5, "2022-Q3": 7.6}
    detail = client.get(reverse("indicator_detail", args=[world.place.slug, indicator.slug]))
    assert "7.40" in detail.content.decode()

    # A finished import cannot be confirmed again.
    response = confirm(client, world, indicator, pending, django_capture_on_commit_callbacks)
    assert response.status_code == 404


def test_confirming_twice_queues_one_import(
    world, indicator, bob, client, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    pending = upload(client, world, indicator, GOOD, django_capture_on_commit_callbacks)
    run_background_tasks()
    confirm(client, world, indicator, pending, django_capture_on_commit_callbacks)
    response = confirm(client, world, indicator, pending, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "not waiting to be imported" in page
    run_background_tasks()
    assert Observation.objects.count() == 3


def test_reimport_replaces_by_area_and_period(
    world, indicator, bob, client, django_capture_on_commit_callbacks
):
    add_observations(indicator, "E06000001", {"2019": 1.0, "2021": 2.0})
    client.force_login(bob)
    body = "geography_code,period,value\nE06000001,2021,9.9\nE06000001,2022,3.0\n"
    pending = upload(client, world, indicator, body, django_capture_on_commit_callbacks)
    run_background_tasks()
    pending.refresh_from_db()
    assert (pending.summary["added"], pending.summary["replaced"]) == (1, 1)
    confirm(client, world, indicator, pending, django_capture_on_commit_callbacks)
    run_background_tasks()
    pending.refresh_from_db()
    assert pending.status == ImportStatus.DONE
    values = dict(Observation.objects.values_list("period", "value"))
    assert values == {"2019": 1.0, "2021": 9.9, "2022": 3.0}
    assert "1 new, 1 replaced" in pending.message


BAD_FILES = {
    "bad code": ("geography_code,period,value\nE06000001,2021,1\nX1,2021,2\n", 3, "GSS code"),
    "bad period": (
        "geography_code,period,value\nE06000001,2021,1\nE06000001,2021-Q9,2\n",
        3,
        "not a period",
    ),
    "text in value": (
        "geography_code,period,value\nE06000001,2021,1\nE06000001,2022,about 3\n",
        3,
        "not a number",
    ),
    "duplicate rows": (
        "geography_code,period,value\nE06000001,2021,1\nE06000001,2022,2\nE06000001,2021,1\n",
        4,
        "more than once",
    ),
    "wrong encoding": (
        "geography_code,period,value\nE06000001,2021,1\nE06000001,2022,2 \u00a3\n".encode(
            "latin-1"
        ),
        3,
        "UTF-8",
    ),
    "empty file": (b"", 1, "empty"),
    "header only": ("geography_code,period,value\n", 2, "no rows"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_malformed_files_are_rejected_by_row_and_import_nothing(
    world, indicator, bob, client, django_capture_on_commit_callbacks, case
):
    body, row, words = BAD_FILES[case]
    add_observations(indicator, "E06000001", {"2019": 1.0})
    client.force_login(bob)
    pending = upload(client, world, indicator, body, django_capture_on_commit_callbacks)
    run_background_tasks()
    pending.refresh_from_db()
    assert pending.status == ImportStatus.REJECTED
    assert pending.errors[0]["row"] == row and words in pending.errors[0]["message"]
    assert not pending.file  # nothing is kept: the person uploads a corrected file
    page = client.get(progress_url(world, indicator, pending)).content.decode()
    assert "govuk-error-summary" in page and f"Row {row}: " in page
    assert "<title>Error: " in page
    assert "Upload the corrected file" in page and 'id="id_file"' in page
    # The confirmation is refused, and nothing changed.
    assert confirm(client, world, indicator, pending, django_capture_on_commit_callbacks)
    run_background_tasks()
    assert list(Observation.objects.values_list("period", flat=True)) == ["2019"]


def test_many_problems_show_the_first_and_count_the_rest(
    world, indicator, bob, client, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    body = "geography_code,period,value\n" + "".join(
        f"E0600000{i % 9},2021,x{i}\n" for i in range(300)
    )
    pending = upload(client, world, indicator, body, django_capture_on_commit_callbacks)
    run_background_tasks()
    pending.refresh_from_db()
    assert pending.error_count == 300 and len(pending.errors) == importer.MAX_ERRORS
    page = client.get(progress_url(world, indicator, pending)).content.decode()
    assert "Row 2: " in page and "Row 26: " in page and "Row 27: " not in page
    assert "There are 275 more problems not listed here." in page


def test_progress_is_recorded_while_a_big_file_is_read(
    world, indicator, bob, client, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 10)
    seen: list[tuple[str, int, int]] = []
    record = services.progress_recorder

    def watching(pending_id):
        inner = record(pending_id)

        def report(rows, what):
            inner(rows, what)
            stored = PendingImport.objects.get(pk=pending_id)
            seen.append((stored.status, stored.rows_done, stored.row_count))

        return report

    monkeypatch.setattr(services, "progress_recorder", watching)
    client.force_login(bob)
    body = "geography_code,period,value\n" + "".join(f"E06{i:06d},2021,{i}\n" for i in range(1, 46))
    pending = upload(client, world, indicator, body, django_capture_on_commit_callbacks)
    run_background_tasks()
    assert [s for s in seen if s[0] == ImportStatus.CHECKING][:4] == [
        ("checking", 10, 45),
        ("checking", 20, 45),
        ("checking", 30, 45),
        ("checking", 40, 45),
    ]
    seen.clear()
    confirm(client, world, indicator, pending, django_capture_on_commit_callbacks)
    run_background_tasks()
    assert ("importing", 40, 45) in seen
    assert Observation.objects.count() == 45


def test_a_running_import_shows_rows_done_and_polls(world, indicator, bob, charlie):
    pending = PendingImport.objects.create(
        indicator=indicator,
        uploaded_by=bob,
        original_name="big.csv",
        status=ImportStatus.IMPORTING,
        row_count=1_000_000,
        rows_done=250_000,
        message="Reading the file.",
    )
    client = Client()
    client.force_login(charlie)  # a colleague who can edit the indicator may follow it
    url = progress_url(world, indicator, pending)
    page = client.get(url).content.decode()
    assert "250,000 of 1,000,000 rows (25%)" in page
    assert 'href="' + url + '"' in page  # the refresh link works without JavaScript
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="import-status"' in fragment and "<html" not in fragment
    assert 'hx-trigger="every 2s"' in fragment


def test_a_crashed_task_is_recorded(
    world, indicator, bob, client, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    client.force_login(bob)
    pending = upload(client, world, indicator, GOOD, django_capture_on_commit_callbacks)
    monkeypatch.setattr(importer, "import_observations", broken)
    run_background_tasks()
    pending.refresh_from_db()
    assert pending.status == ImportStatus.FAILED
    page = client.get(progress_url(world, indicator, pending)).content.decode()
    assert "Something went wrong" in page and "disk on fire" not in page


def test_who_may_follow_and_confirm_an_import(
    world, indicator, bob, charlie, dana, erin, oscar, alice, django_capture_on_commit_callbacks
):
    uploader = Client()
    uploader.force_login(bob)
    pending = upload(uploader, world, indicator, GOOD, django_capture_on_commit_callbacks)
    run_background_tasks()
    url = progress_url(world, indicator, pending)
    confirm_url = reverse(
        "indicator_import_confirm", args=[world.place.slug, indicator.slug, pending.pk]
    )
    # charlie edits the indicator too: he sees the preview but only bob can confirm.
    colleague = Client()
    colleague.force_login(charlie)
    page = colleague.get(url).content.decode()
    assert "3 rows passed every check" in page and "Only Bob Boss" in page
    assert "Import 3 figures" not in page
    assert colleague.post(confirm_url).status_code == 404
    # People who may not change the indicator are refused; anonymous visitors sign in.
    for user, status in ((alice, 403), (dana, 403), (erin, 403), (oscar, 403)):
        other = Client()
        other.force_login(user)
        assert other.get(url).status_code == status, user
        assert other.post(confirm_url).status_code == status, user
    assert Client().get(url).status_code == 302
    # An upload belongs to its indicator: under another indicator's address it does not exist.
    second = make_indicator(world, "second", name="Second")
    elsewhere = reverse(
        "indicator_import_progress", args=[world.place.slug, second.slug, pending.pk]
    )
    assert uploader.get(elsewhere).status_code == 404
    assert PendingImport.objects.get(pk=pending.pk).status == ImportStatus.CHECKED


def test_a_private_indicators_import_is_hidden_from_outsiders(
    world, settings, tmp_path, bob, oscar
):
    settings.MEDIA_ROOT = tmp_path
    private = make_indicator(world, "private", visibility="private", name="Private")
    pending = PendingImport.objects.create(
        indicator=private, uploaded_by=bob, original_name="p.csv", status=ImportStatus.CHECKED
    )
    client = Client()
    client.force_login(oscar)
    assert client.get(progress_url(world, private, pending)).status_code == 404
