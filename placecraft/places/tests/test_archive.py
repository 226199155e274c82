"""export_place → import_place gives back the same place, object for object."""

from __future__ import annotations

import datetime
import hashlib
import importlib
import io
import json
import shutil
import zipfile

import pytest
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from placecraft.places.models import Place


def archived_rows(path):
    """Every object an archive holds, keyed by model label and primary key."""
    with zipfile.ZipFile(path) as archive:
        lines = archive.read("data.jsonl").decode().splitlines()
    return {(item["model"], str(item["pk"])): item["fields"] for item in map(json.loads, lines)}


def wipe():
    call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_demo_place_round_trips_exactly(tmp_path):
    # From a freshly migrated database, as the archive's target is: otherwise the shipped
    # frameworks' ids depend on which tests emptied the database before this one.
    wipe()
    _load_reference_data()
    call_command("seed_demo", "--json", stdout=io.StringIO())
    before = every_row()
    assert len(before) > 50
    out = round_trip(tmp_path, "wyvern-valley", before)
    restored = Place.objects.get(slug="wyvern-valley")
    assert out.strip().splitlines()[-1] == str(restored.pk)
    # Sequences moved on: new objects do not collide with imported ones.
    Place.objects.create(name="Next", slug="next")


def _rewrite(source, target, change):
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for name in original.namelist():
            content = change(name, original.read(name))
            if content is not None:
                copy.writestr(name, content)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda name, data: None if name == "data.jsonl" else data, "data.jsonl is missing"),
        (
            lambda name, data: data[: len(data) // 2] if name == "data.jsonl" else data,
            "does not match the checksum",
        ),
        (
            lambda name, data: (
                json.dumps({**json.loads(data), "version": 99}).encode()
                if name == "manifest.json"
                else data
            ),
            "format version 99",
        ),
    ],
)
def test_partial_or_corrupt_archives_import_nothing(world, tmp_path, change, message):
    good = tmp_path / "good.zip"
    call_command("export_place", "testshire", str(good), stdout=io.StringIO())
    bad = tmp_path / "bad.zip"
    _rewrite(good, bad, change)
    Place.objects.filter(slug="testshire").delete()
    with pytest.raises(CommandError, match=message):
        call_command("import_place", str(bad), stdout=io.StringIO())
    assert not Place.objects.filter(slug="testshire").exists()


def test_not_a_zip_and_existing_place_are_refused(world, tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_text("hello")
    with pytest.raises(CommandError, match="not a Placecraft archive"):
        call_command("import_place", str(junk))
    good = tmp_path / "good.zip"
    call_command("export_place", "testshire", str(good), stdout=io.StringIO())
    with pytest.raises(CommandError, match="already exists"):
        call_command("import_place", str(good))


def test_export_stays_within_the_place(world, tmp_path):
    archive = tmp_path / "testshire.zip"
    call_command("export_place", "testshire", str(archive), stdout=io.StringIO())
    rows = archived_rows(archive)
    labels = {label for label, _ in rows}
    assert "places.place" in labels and "accounts.user" in labels
    places = {pk for (label, pk) in rows if label == "places.place"}
    assert places == {str(world.place.pk)}
    organisations = {pk for (label, pk) in rows if label == "places.organisation"}
    assert str(world.other_org.pk) not in organisations
    emails = {fields["email"] for (label, _), fields in rows.items() if label == "accounts.user"}
    assert "oscar@example.org" not in emails  # the outsider belongs to another place


# --- What an archive holds, at what scale, and what an import lets in ----------------------


def _archive_text(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.endswith((".json", ".jsonl"))
        )


def test_export_holds_no_credentials_nor_another_places_notifications(world, tmp_path):
    from allauth.mfa.models import Authenticator

    from placecraft.accounts.models import ApiToken
    from placecraft.notifications.models import Notification

    bob = world.users["council_admin"]
    Authenticator.objects.create(
        user=bob, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "RECOVERYSEED123"}
    )
    ApiToken.objects.create(
        user=bob,
        name="pipeline",
        prefix="abc",
        token_hash="TOKENHASH" * 4,
        expires_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )
    Notification.objects.create(
        user=bob, kind="mention", title="Testshire news", url="/p/testshire/missions/x/"
    )
    Notification.objects.create(
        user=bob, kind="mention", title="Elsewhere secret", url="/p/elsewhere/missions/y/"
    )
    archive = tmp_path / "testshire.zip"
    call_command("export_place", "testshire", str(archive), stdout=io.StringIO())
    text = _archive_text(archive)
    assert "Testshire news" in text
    assert "Elsewhere secret" not in text
    assert "JBSWY3DPEHPK3PXP" not in text  # alice's TOTP secret
    assert "RECOVERYSEED123" not in text
    assert "TOKENHASH" not in text
    assert "mfa.authenticator" not in text
    for user in world.users.values():
        assert user.password.split("$")[-1] not in text  # no password hash, not even in part
    assert "bob@example.org" in text


def test_export_reads_in_batches(world, tmp_path, settings):
    from placecraft.budgeting.models import Ballot
    from placecraft.budgeting.tests.factories import make_round
    from placecraft.testing import count_queries

    settings.PLACE_ARCHIVE_BATCH_SIZE = 50
    round = make_round(world)
    Ballot.objects.bulk_create(
        Ballot(round=round, channel="imported", projects=[1], external_id=str(n))
        for n in range(500)
    )
    archive = tmp_path / "testshire.zip"
    with count_queries() as context:
        call_command("export_place", "testshire", str(archive), stdout=io.StringIO())
    reads = [
        q["sql"]
        for q in context.captured_queries
        if q["sql"].startswith('SELECT "budgeting_ballot"."id", "budgeting_ballot"."round_id"')
    ]
    # Ten pages of fifty, read one after the other, and one more that finds nothing left.
    assert 10 <= len(reads) <= 12, reads
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    assert manifest["counts"]["budgeting.Ballot"] == 500


def _load_reference_data():
    """What ``migrate`` puts in a fresh database besides the tables: the shipped frameworks,
    reference outcomes and starter library, loaded now (so with today's timestamps)."""
    from django.apps import apps

    for module in (
        "placecraft.frameworks.migrations.0002_load_frameworks",
        "placecraft.missions.migrations.0002_reference_outcomes",
        "placecraft.impact.migrations.0002_starter_library",
    ):
        importlib.import_module(module).load(apps, None)


_LEFT_OUT = {"mfa.Authenticator", "accounts.ApiToken", "socialaccount.SocialToken"}


def every_row():
    """Every row of every table a place's data can be in, whatever the export code thinks,
    except second factors and tokens, which an archive never carries; passwords likewise."""
    from django.apps import apps

    rows = {}
    for model in apps.get_models():
        label = model._meta.label
        if (
            model._meta.app_label in {"admin", "contenttypes", "sessions", "auth"}
            or label in _LEFT_OUT
            or model._meta.app_label == "django_tasks_database"
            or getattr(model, "derived", False)
            or not model._meta.managed
            or model._meta.proxy
        ):
            continue
        for item in json.loads(
            serializers.serialize(
                "json", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
            )
        ):
            item["fields"].pop("password", None)
            rows[(label, str(item["pk"]))] = item["fields"]
    return rows


def round_trip(tmp_path, slug, before, media=None):
    """Export the place, empty the database down to what migrate puts in a fresh one (and the
    ``media`` folder, if given, to nothing), import, and find every row again. Returns what
    import_place printed."""
    archive = tmp_path / f"{slug}.zip"
    call_command("export_place", slug, str(archive), stdout=io.StringIO())
    wipe()
    if media is not None:
        shutil.rmtree(media)
    _load_reference_data()
    fresh = every_row()
    out = io.StringIO()
    call_command("import_place", str(archive), stdout=out)
    after = every_row()
    assert after.keys() == before.keys()
    for key, fields in after.items():
        # Reference data already in the fresh database stays as it is; the rest comes back.
        assert fields == (fresh[key] if key in fresh else before[key]), key
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_restores_into_a_freshly_migrated_database_row_for_row(tmp_path, settings):
    from placecraft.accounts.models import User
    from placecraft.budgeting.tests.factories import make_round, vote_for
    from placecraft.frameworks.tests.factories import make_survey
    from placecraft.notifications.models import Preference
    from placecraft.partners.models import PartnerProfile
    from placecraft.testing import build_world

    settings.MEDIA_ROOT = tmp_path / "media"
    # Start, like the database the archive goes to, from a freshly migrated one (earlier tests
    # that empty the database may have left it without the shipped frameworks).
    wipe()
    _load_reference_data()
    world = build_world()
    world.place.logo.save("crest.png", ContentFile(b"a council's crest"))
    round = make_round(world)
    vote_for(round, world.users["resident"], "Street trees")
    make_survey(world, {"Adults": 5})
    PartnerProfile.objects.create(organisation=world.partner, what_we_do="Lifts to the shops.")
    Preference.objects.create(user=world.users["resident"], frequency="weekly")
    # One place in the database, so every row in it is the place's.
    world.other_place.delete()
    User.objects.filter(email="oscar@example.org").delete()
    before = every_row()
    assert ("partners.PartnerProfile", str(world.partner.partner_profile.pk)) in before
    round_trip(tmp_path, "testshire", before, media=settings.MEDIA_ROOT)
    logo = Place.objects.get(slug="testshire").logo
    assert logo.name.startswith("logos/") and logo.read() == b"a council's crest"
    restored = User.objects.get(email="bob@example.org")
    assert not restored.has_usable_password()  # people set a new password after a restore


def empty_database():
    from placecraft.accounts.models import User

    Place.objects.all().delete()
    User.objects.all().delete()


def _with_extra_entry(source, target, name, content=b"x", listed=True):
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        manifest = json.loads(original.read("manifest.json"))
        if listed:
            manifest["files"][name.removeprefix("files/")] = hashlib.sha256(content).hexdigest()
        for item in original.namelist():
            if item != "manifest.json":
                copy.writestr(item, original.read(item))
        copy.writestr("manifest.json", json.dumps(manifest))
        copy.writestr(name, content)


@pytest.mark.parametrize(
    "name, listed, message",
    [
        ("files/../../outside.txt", True, "unsafe path"),
        ("/etc/cron.d/evil", False, "unsafe path"),
        ("files//etc/passwd", True, "unsafe path"),
        ("files/uploads/extra.png", False, "not listed in its manifest"),
        ("notes.txt", False, "not listed in its manifest"),
    ],
)
def test_hostile_archives_are_refused_with_a_clear_error(world, tmp_path, name, listed, message):
    good = tmp_path / "good.zip"
    call_command("export_place", "testshire", str(good), stdout=io.StringIO())
    bad = tmp_path / "bad.zip"
    _with_extra_entry(good, bad, name, listed=listed)
    empty_database()
    with pytest.raises(CommandError, match=message):
        call_command("import_place", str(bad), stdout=io.StringIO())
    assert not Place.objects.filter(slug="testshire").exists()
    assert not (tmp_path.parent / "outside.txt").exists()


def test_entries_larger_than_the_cap_are_refused(world, tmp_path):
    good = tmp_path / "good.zip"
    call_command("export_place", "testshire", str(good), stdout=io.StringIO())
    bad = tmp_path / "bad.zip"
    # A megabyte of zeros squeezes into about a kilobyte: the cap counts what it unpacks to.
    _with_extra_entry(good, bad, "files/uploads/huge.bin", content=bytes(1_000_000))
    empty_database()
    with pytest.raises(CommandError, match="larger than"):
        call_command("import_place", str(bad), "--max-bytes", "500000", stdout=io.StringIO())
    assert not Place.objects.filter(slug="testshire").exists()


def test_archives_of_the_first_format_still_import(world, tmp_path):
    """Version 1 archives held data.json, one JSON array: backups made before still restore."""
    current = tmp_path / "v2.zip"
    call_command("export_place", "testshire", str(current), stdout=io.StringIO())
    old = tmp_path / "v1.zip"
    with zipfile.ZipFile(current) as source, zipfile.ZipFile(old, "w") as target:
        items = [json.loads(line) for line in source.read("data.jsonl").decode().splitlines()]
        data = json.dumps(items).encode()
        manifest = json.loads(source.read("manifest.json"))
        manifest.update(version=1, data_sha256=hashlib.sha256(data).hexdigest())
        target.writestr("data.json", data)
        target.writestr("manifest.json", json.dumps(manifest))
    empty_database()
    call_command("import_place", str(old), stdout=io.StringIO())
    restored = Place.objects.get(slug="testshire")
    assert restored.organisations.filter(slug="northgate").exists()
