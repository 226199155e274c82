"""load_frameworks: all or nothing, file:line errors, and the version-number rules."""

from __future__ import annotations

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from placecraft.frameworks import schema
from placecraft.frameworks.models import Framework, FrameworkVersion, Prompt
from placecraft.frameworks.tests.factories import ensure_frameworks

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(tmp_path):
    ensure_frameworks()
    for path in schema.DEFINITIONS_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def run(directory) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_frameworks", directory=str(directory), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def edit(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_all_seven_are_stored_with_their_prompts():
    ensure_frameworks()
    assert Framework.objects.count() == 7
    for version in FrameworkVersion.objects.filter(organisation=None):
        assert version.content_hash == schema.content_hash(version.content)
        assert list(Prompt.objects.filter(version=version).values_list("slug", flat=True)) == [
            p.slug for p in version.content.prompts
        ]
    mindset = FrameworkVersion.objects.get(framework__slug="missions-mindset")
    assert mindset.prompts.get(slug="psychological-safety").section == "relational"


def test_unchanged_files_are_a_no_op(files):
    before = FrameworkVersion.objects.count()
    out, _ = run(files)
    assert FrameworkVersion.objects.count() == before
    assert out.strip().splitlines()[-1] == "0"


def test_a_bumped_file_makes_a_new_version_with_lineage(files):
    path = files / "missions-mindset.yaml"
    edit(path, "version: 1", "version: 2")
    edit(path, "I feel safe to raise a concern", "I feel safe to raise a worry")
    out, _ = run(files)
    assert "Stored missions-mindset version 2" in out
    versions = FrameworkVersion.objects.filter(framework__slug="missions-mindset").order_by(
        "number"
    )
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].parent == versions[0]
    assert "worry" in versions[1].prompts.get(slug="psychological-safety").text
    # The old version is untouched: exercises that used it still read its words.
    assert "concern" in versions[0].prompts.get(slug="psychological-safety").text


def test_a_changed_file_without_a_bump_is_an_error(files):
    edit(files / "missions-mindset.yaml", "I feel safe to raise a concern", "I feel safe")
    with pytest.raises(CommandError):
        run(files)
    assert FrameworkVersion.objects.filter(framework__slug="missions-mindset").count() == 1


def test_a_malformed_file_loads_nothing_and_says_where(files, capsys):
    # One good, bumped change and one broken file: nothing at all may be stored.
    edit(files / "missions-mindset.yaml", "version: 1", "version: 2")
    edit(files / "missions-mindset.yaml", "I feel safe to raise", "We feel safe to raise")
    edit(files / "building-confidence.yaml", "toolset: 2", "toolset: 9")
    before = FrameworkVersion.objects.count()
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_frameworks", directory=str(files), stdout=StringIO(), stderr=err)
    assert FrameworkVersion.objects.count() == before
    line = next(
        n
        for n, text in enumerate((files / "building-confidence.yaml").read_text().splitlines(), 1)
        if text.startswith("toolset:")
    )
    assert f"building-confidence.yaml:{line}: toolset must be one of 1 to 5" in err.getvalue()


def test_an_older_version_number_is_an_error(files):
    edit(files / "missions-mindset.yaml", "version: 1", "version: 3")
    edit(files / "missions-mindset.yaml", "I feel safe to raise", "We feel safe to raise")
    run(files)
    edit(files / "missions-mindset.yaml", "version: 3", "version: 2")
    with pytest.raises(CommandError):
        run(files)
