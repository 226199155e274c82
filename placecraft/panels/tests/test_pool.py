"""Reading the Sortition Foundation CSV formats: all-or-nothing, row-numbered errors."""

import pytest

from placecraft.panels.pool import PoolFormatError, read_categories, read_pool

CATEGORIES = """feature,value,min,max
gender,Female,1,3
gender,Male,1,3
area,Urban,1,3
area,Rural,1,2
"""

PEOPLE = """id,name,address,gender,area
p1,Alice,1 Mill Lane,Female,Urban
p2,Bob,1 Mill Lane,male,rural
p3,Charlie,2 Mill Lane,Male,Urban
"""


def errors_of(excinfo: pytest.ExceptionInfo[PoolFormatError]) -> list[str]:
    return [str(e) for e in excinfo.value.errors]


def test_reads_categories_in_file_order():
    categories = read_categories(CATEGORIES.encode())
    assert list(categories.features) == ["gender", "area"]
    rural = categories.quota("AREA", " rural ")
    assert rural is not None
    assert (rural.min, rural.max, rural.row) == (1, 2, 5)
    assert rural.max_flex is None


def test_reads_flex_columns_and_old_headings():
    categories = read_categories(
        "category,name,min,max,min_flex,max_flex\ngender,Female,2,3,1,5\ngender,Male,2,3,,\n"
    )
    female, male = categories.quotas
    assert (female.feature, female.value, female.min_flex, female.max_flex) == (
        "gender",
        "Female",
        1,
        5,
    )
    assert (male.min_flex, male.max_flex) == (0, None)


def test_categories_errors_are_all_reported_with_row_numbers():
    text = (
        "feature,value,min,max\n"
        "gender,Female,4,2\n"  # min > max
        "gender,Male,one,3\n"  # not a number
        "gender,female,1,3\n"  # repeats row 2 (case-insensitively)
        "area,,1,2\n"  # empty value
        "area,Rural,-1,2\n"  # negative
        "area,Urban,1.5,2\n"  # not whole
    )
    with pytest.raises(PoolFormatError) as excinfo:
        read_categories(text)
    assert errors_of(excinfo) == [
        "Row 2: The minimum (4) is greater than the maximum (2).",
        "Row 3: “min” is “one”, which is not a whole number.",
        "Row 4: “gender” = “female” is already given on row 2.",
        "Row 5: “value” is empty.",
        "Row 6: “min” is -1; it cannot be negative.",
        "Row 7: “min” is “1.5”, which is not a whole number.",
    ]
    assert "categories.csv could not be read: 6 problems." in str(excinfo.value)


def test_categories_missing_column():
    with pytest.raises(PoolFormatError) as excinfo:
        read_categories("feature,value,min\ngender,Female,1\n")
    assert errors_of(excinfo) == [
        "Row 1: Missing column “max”. A categories file needs the columns feature, value, min "
        "and max (min_flex and max_flex are optional)."
    ]


def test_flex_limits_are_checked():
    with pytest.raises(PoolFormatError) as excinfo:
        read_categories("feature,value,min,max,min_flex,max_flex\ngender,Female,2,3,3,2\n")
    assert errors_of(excinfo) == [
        "Row 2: min_flex (3) is greater than min (2).",
        "Row 2: max_flex (2) is less than max (3).",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"  \n\n", "The file is empty."),
        (b"feature,value,min,max\n", "The file has a header but no categories."),
    ],
)
def test_empty_categories(content, message):
    with pytest.raises(PoolFormatError) as excinfo:
        read_categories(content)
    assert errors_of(excinfo) == [message]


def test_bad_encoding_is_explained():
    content = "feature,value,min,max\narea,Côte,1,2\n".encode("cp1252")
    with pytest.raises(PoolFormatError) as excinfo:
        read_categories(content)
    assert errors_of(excinfo) == [
        "The file is not UTF-8 text (unexpected byte 0xf4 on line 2). Save it from your "
        "spreadsheet as “CSV UTF-8” and try again."
    ]


def test_byte_order_mark_is_accepted():
    categories = read_categories(b"\xef\xbb\xbf" + CATEGORIES.encode())
    assert categories.quotas[0].feature == "gender"


def test_reads_people_with_values_spelled_as_in_categories():
    pool = read_pool(PEOPLE.encode(), read_categories(CATEGORIES))
    assert pool.ids == ("p1", "p2", "p3")
    bob = pool["p2"]
    assert bob.row == 3
    assert bob.features == {"gender": "Male", "area": "Rural"}
    assert bob.column("Address") == "1 Mill Lane"
    assert pool.count("gender", "Male") == 2


def test_people_errors_are_all_reported_with_row_numbers():
    text = (
        "id,gender,area\n"
        "p1,Female,Urban\n"
        "p1,Male,Urban\n"  # duplicate id
        ",Male,Urban\n"  # empty id
        "p4,Female,Suburban\n"  # unknown value
        "p5,,Rural\n"  # empty value
        "p6,Male,Rural,extra\n"  # too many values
    )
    with pytest.raises(PoolFormatError) as excinfo:
        read_pool(text, read_categories(CATEGORIES))
    assert errors_of(excinfo) == [
        "Row 3: The id “p1” is already used on row 2.",
        "Row 4: The id (“id”) is empty.",
        "Row 5: “Suburban” is not a value of “area” in the categories file "
        "(expected one of: Urban, Rural).",
        "Row 6: “gender” is empty.",
        "Row 7: The row has 4 values but the header has 3 columns.",
    ]


def test_people_missing_columns():
    with pytest.raises(PoolFormatError) as excinfo:
        read_pool(
            "name,gender\nAlice,Female\n",
            read_categories(CATEGORIES),
            required_columns=["postcode"],
        )
    assert errors_of(excinfo) == [
        "Row 1: Missing column “id”: it is the id column (“id” or “nationbuilder_id”).",
        "Row 1: Missing column “area”: it is a category in the categories file.",
        "Row 1: Missing column “postcode”: it is needed to tell households apart.",
    ]


def test_people_duplicate_header_and_nationbuilder_id():
    categories = read_categories(CATEGORIES)
    pool = read_pool("nationbuilder_id,gender,area\n7,Male,Urban\n", categories)
    assert pool.id_column == "nationbuilder_id"
    assert pool.ids == ("7",)
    with pytest.raises(PoolFormatError) as excinfo:
        read_pool("id,gender,Gender,area\n1,Male,Male,Urban\n", categories)
    assert errors_of(excinfo) == ["Row 1: The column “Gender” appears more than once."]


def test_people_file_without_rows():
    with pytest.raises(PoolFormatError) as excinfo:
        read_pool(b"id,gender,area\n", read_categories(CATEGORIES))
    assert errors_of(excinfo) == ["The file has a header but no people."]


def test_short_rows_are_padded_and_blank_rows_skipped():
    pool = read_pool(
        "id,gender,area,notes\np1,Female,Urban\n\n,,,\np2,Male,Rural,x\n",
        read_categories(CATEGORIES),
    )
    assert pool.ids == ("p1", "p2")
    assert pool["p2"].row == 5
