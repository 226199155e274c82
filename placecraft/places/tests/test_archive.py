"""export_place → import_place gives back the same place, object for object."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from placecraft.places.archive import collect
from placecraft.places.models import Place


def snapshot(place):
    """Every object the place holds, serialised, keyed by model label and primary key."""
    collected = collect(place)
    rows = {}
    for model, objects in collected.objects.items():
        for item in json.loads(
            serializers.serialize("json", objects, use_natural_foreign_keys=True)
        ):
            rows[(model._meta.label, str(item["pk"]))] = item["fields"]
    return rows


def wipe():
    call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_demo_place_round_trips_exactly(tmp_path):
    call_command("seed_demo", "--json", stdout=io.StringIO())
    place = Place.objects.get(slug="wyvern-valley")
    before = snapshot(place)
    assert len(before) > 50
    archive = tmp_path / "wyvern.zip"
    call_command("export_place", "wyvern-valley", str(archive), stdout=io.StringIO())
    wipe()
    assert not Place.objects.exists()
    out = io.StringIO()
    call_command("import_place", str(archive), stdout=out)
    restored = Place.objects.get(slug="wyvern-valley")
    assert out.getvalue().strip().splitlines()[-1] == str(restored.pk)
    after = snapshot(restored)
    assert after.keys() == before.keys()
    for key, fields in before.items():
        assert after[key] == fields, key
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
        (lambda name, data: None if name == "data.json" else data, "data.json is missing"),
        (
            lambda name, data: data[: len(data) // 2] if name == "data.json" else data,
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
    rows = snapshot(world.place)
    labels = {label for label, _ in rows}
    assert "places.Place" in labels and "accounts.User" in labels
    places = {pk for (label, pk) in rows if label == "places.Place"}
    assert places == {str(world.place.pk)}
    organisations = {pk for (label, pk) in rows if label == "places.Organisation"}
    assert str(world.other_org.pk) not in organisations
    emails = {fields["email"] for (label, _), fields in rows.items() if label == "accounts.User"}
    assert "oscar@example.org" not in emails  # the outsider belongs to another place
