import io

import pytest
from django.core.management import CommandError, call_command

from placecraft.evidence.importer import ImportFailed, import_observations
from placecraft.evidence.models import Observation
from placecraft.evidence.tests.factories import add_observations, make_indicator


@pytest.fixture
def indicator(world):
    return make_indicator(world)


def run(indicator, text: str | bytes, **kw):
    data = text.encode() if isinstance(text, str) else text
    return import_observations(indicator=indicator, stream=io.BytesIO(data), **kw)


GOOD = "geography_code,period,value,lower,upper\nE06000001,2021,7.4,7.1,7.6\nE06000001,2022/23,7.5,,\nE47000001,2022-Q3,7.6,7.4,7.9\ne06000002 , 2022-07 ,-1.5,,\n"  # noqa: E501


def test_a_good_file_is_imported(indicator):
    result = run(indicator, "\ufeff" + GOOD)
    assert (result.rows, result.added, result.replaced, result.geographies) == (4, 4, 0, 3)
    rows = {
        (o.geography_code, o.period): (o.value, o.lower, o.upper) for o in Observation.objects.all()
    }
    assert rows == {
        ("E06000001", "2021"): (7.4, 7.1, 7.6),
        ("E06000001", "2022/23"): (7.5, None, None),
        ("E47000001", "2022-Q3"): (7.6, 7.4, 7.9),
        ("E06000002", "2022-07"): (-1.5, None, None),
    }


def test_reimport_replaces_by_area_and_period_and_keeps_the_rest(indicator):
    add_observations(indicator, "E06000001", {"2019": 1.0, "2021": 2.0})
    result = run(indicator, "geography_code,period,value\nE06000001,2021,9.9\nE06000001,2022,3.0\n")
    assert (result.added, result.replaced) == (1, 1)
    values = dict(Observation.objects.values_list("period", "value"))
    assert values == {"2019": 1.0, "2021": 9.9, "2022": 3.0}


@pytest.mark.parametrize(
    ("body", "row", "words"),
    [
        ("geography_code,period,value\nE06000001,2021,1\nX1,2021,2\n", 3, "not a GSS code"),
        ("geography_code,period,value\nE06000001,2021,1\nE06000001,2021-Q9,2\n", 3, "not a period"),
        (
            "geography_code,period,value\nE06000001,2021,1\nE06000001,2022,about 3\n",
            3,
            "not a number",
        ),
        ("geography_code,period,value\nE06000001,2021,1\nE06000001,2022,\n", 3, "not a number"),
        ("geography_code,period,value\nE06000001,2021,nan\n", 2, "not an ordinary number"),
        (
            "geography_code,period,value\nE06000001,2021,1\nE06000001,2022,2\nE06000001,2021,1\n",
            4,
            "more than once",
        ),
        (
            "geography_code,period,value\nE06000001,2021,1\nE06000001,2021-01,2\nE06000001,2021 ,3\n",  # noqa: E501
            4,
            "first on row 2",
        ),
        ("geography_code,period,value\nE06000001,2021,1,2\n", 2, "expected 3 columns"),
        ("geography_code,period,value,lower,upper\nE06000001,2021,5,6,7\n", 2, "between the lower"),
        ("code,when,value\nE06000001,2021,1\n", 1, "header"),
        ("", 1, "empty"),
        ("geography_code,period,value\n", 2, "no rows"),
    ],
)
def test_malformed_files_give_row_numbered_errors_and_import_nothing(indicator, body, row, words):
    add_observations(indicator, "E06000001", {"2019": 1.0})
    with pytest.raises(ImportFailed) as failure:
        run(indicator, body)
    first = failure.value.errors[0]
    assert first.row == row and words in first.message, str(first)
    assert str(first).startswith(f"Row {row}: ")
    assert list(Observation.objects.values_list("period", flat=True)) == ["2019"]


def test_wrong_encoding_is_pinned_to_its_row(indicator):
    body = "geography_code,period,value\nE06000001,2021,1\nE06000001,2022,2 \u00a3\n".encode(
        "latin-1"
    )
    with pytest.raises(ImportFailed) as failure:
        run(indicator, body)
    assert failure.value.errors[0].row == 3 and "UTF-8" in failure.value.errors[0].message
    assert not Observation.objects.exists()


def test_many_errors_are_all_reported_up_to_a_limit(indicator):
    body = "geography_code,period,value\n" + "".join(f"BAD{i},2021,1\n" for i in range(250))
    with pytest.raises(ImportFailed) as failure:
        run(indicator, body)
    assert len(failure.value.errors) == 100 and failure.value.truncated
    assert [e.row for e in failure.value.errors[:3]] == [2, 3, 4]


def test_dry_run_changes_nothing(indicator):
    result = run(indicator, GOOD, dry_run=True)
    assert result.rows == 4 and not Observation.objects.exists()


def test_command_imports_and_prints_the_indicator_id_last(world, indicator, tmp_path, capsys):
    path = tmp_path / "data.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command(
        "import_observations", str(path), "--indicator", indicator.slug, "--place", world.place.slug
    )
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == str(indicator.pk)
    assert "Imported 4 rows" in out[0]
    assert Observation.objects.count() == 4


def test_command_reports_row_errors_and_fails(world, indicator, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("geography_code,period,value\nE06000001,2021,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_observations",
            str(path),
            "--indicator",
            indicator.slug,
            "--place",
            world.place.slug,
        )
    assert "Row 2:" in capsys.readouterr().err
    with pytest.raises(CommandError, match="no indicator"):
        call_command(
            "import_observations", str(path), "--indicator", "nope", "--place", world.place.slug
        )


def test_reimport_writes_revised_figures_including_a_dropped_interval(indicator):
    run(
        indicator,
        "geography_code,period,value,lower,upper\nE06000001,2020,1,0.5,1.5\nE06000001,2021,2,1,3\nE06000001,2022,3,2,4\n",
    )
    # 2020 comes back unchanged, 2021 loses its interval, 2022 is revised.
    result = run(
        indicator,
        "geography_code,period,value,lower,upper\nE06000001,2020,1,0.5,1.5\nE06000001,2021,2,,\nE06000001,2022,3.5,2,4\n",
    )
    assert (result.added, result.replaced) == (0, 3)
    rows = {o.period: (o.value, o.lower, o.upper) for o in Observation.objects.all()}
    assert rows == {"2020": (1.0, 0.5, 1.5), "2021": (2.0, None, None), "2022": (3.5, 2.0, 4.0)}
