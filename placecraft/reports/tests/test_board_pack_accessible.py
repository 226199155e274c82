"""Board packs are public records, so every PDF the product makes is an accessible document:
tagged (PDF/UA-1), in a stated language, titled, with headings, tables whose cells name their
header cells, and charts with alternative text. A pack opens with its summary and the decisions
put to the board, keeps each table row on one page, and lists its commitments."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pikepdf
import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from placecraft.core.models import Visibility
from placecraft.evidence.tests.factories import mission_link
from placecraft.impact.tests.factories import make_mission, make_risk
from placecraft.partners.models import Commitment, CommitmentStatus
from placecraft.reports import boardpack, render
from placecraft.reports.pdf import html_to_pdf


def _elements(node: Any) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under ``node``, depth first, in reading order."""
    if isinstance(node, pikepdf.Array):
        for kid in node:
            yield from _elements(kid)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node
        if "/K" in node:
            yield from _elements(node.K)


def _structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return list(_elements(pdf.Root.StructTreeRoot.K))


def assert_accessible(content: bytes, title: str) -> pikepdf.Pdf:
    """The checks a screen reader user depends on, read from the PDF itself."""
    pdf = pikepdf.open(io.BytesIO(content))
    root = pdf.Root
    assert "/MarkInfo" in root and bool(root.MarkInfo.Marked), "not tagged"
    assert "/StructTreeRoot" in root, "no structure tree"
    assert str(root.get("/Lang", "")) == "en-GB"
    assert str(pdf.docinfo.get("/Title", "")).startswith(title)
    assert bool(root.ViewerPreferences.DisplayDocTitle), "readers would show the file name"
    with pdf.open_metadata() as xmp:
        assert xmp.get("pdfuaid:part") == "1"
        assert str(xmp.get("dc:title", "")).startswith(title)
    kinds = [str(element.S) for element in _structure(pdf)]
    assert "/H1" in kinds and "/H2" in kinds
    return pdf


def _table_checks(pdf: pikepdf.Pdf) -> None:
    structure = _structure(pdf)
    kinds = [str(element.S) for element in structure]
    assert "/Table" in kinds and "/TH" in kinds
    cells = [element for element in structure if element.S == "/TD"]
    assert cells
    for cell in cells:
        assert len(cell.A.Headers) > 0, "a data cell names no header cell"


def _pages_text(content: bytes) -> list[str]:
    return [
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(content)).pages
    ]


def _pack(user, world, mission, days: int = 60) -> boardpack.BoardPack:
    today = timezone.localdate()
    return boardpack.build(user, world.place, mission, today - timedelta(days=days), today)


def _commitment(world, mission, title: str, status: str, due_in_days: int) -> Commitment:
    return Commitment.objects.create(
        place=world.place,
        organisation=world.partner,
        mission=mission,
        title=title,
        status=status,
        due_date=timezone.localdate() + timedelta(days=due_in_days),
        visibility=Visibility.PARTNERS,
    )


@pytest.mark.django_db
def test_a_mission_pack_is_a_tagged_pdf_with_tables_and_described_charts(world, bob):
    link = mission_link(world)
    mission = link.mission
    make_risk(world, Visibility.PARTNERS, title="Close the depot", mission=mission)
    _commitment(world, mission, "Insulate 40 homes", CommitmentStatus.AT_RISK, -3)
    pack = _pack(bob, world, mission)
    content, _ = render.board_pack_pdf(pack)
    pdf = assert_accessible(content, pack.title)
    _table_checks(pdf)
    figures = [element for element in _structure(pdf) if element.S == "/Figure"]
    assert figures, "the indicator's chart is not a figure"
    for figure in figures:
        alt = str(figure.get("/Alt", ""))
        assert alt.strip(), "a chart has no alternative text"
    assert any(link.indicator.name in str(figure.Alt) for figure in figures)


@pytest.mark.django_db
def test_the_portfolio_pack_and_the_command_make_tagged_pdfs(world, bob, tmp_path, capsys):
    mission = make_mission(world, "warm-homes", title="Warm homes")
    make_risk(world, Visibility.PARTNERS, title="Close the depot", mission=mission)
    portfolio = _pack(bob, world, None)
    content, _ = render.board_pack_pdf(portfolio)
    _table_checks(assert_accessible(content, portfolio.title))
    target = tmp_path / "pack.pdf"
    call_command(
        "board_pack", mission.slug, str(target), "--from", "2020-01-01", "--to", "2030-12-31"
    )
    assert capsys.readouterr().out.strip().splitlines()[-1] == str(target)
    assert_accessible(target.read_bytes(), "Board pack: Warm homes")


def test_any_html_made_into_a_pdf_is_tagged_with_its_language_and_title():
    content = html_to_pdf(
        '<html lang="en-GB"><head><title>A record</title></head>'
        "<body><h1>A record</h1><h2>Part</h2><p>Words.</p></body></html>"
    )
    assert_accessible(content, "A record")


@pytest.mark.django_db
def test_the_pack_opens_with_the_summary_and_the_decisions_for_the_board(world, bob):
    mission = make_mission(world, "warm-homes", title="Warm homes")
    make_risk(world, Visibility.PARTNERS, title="Close the depot", mission=mission)
    _commitment(world, mission, "Insulate 40 homes", CommitmentStatus.AT_RISK, 20)
    for pack in (_pack(bob, world, mission), _pack(bob, world, None)):
        first = _pages_text(render.board_pack_pdf(pack)[0])[0]
        assert "Summary" in first and "Decisions for the board" in first, pack.title
        # The decisions are named on the first page, before any mission's detail.
        decisions = first.index("Decisions for the board")
        assert "Close the depot" in first[decisions:]
        assert "Insulate 40 homes" in first[decisions:]
        assert first.index("Summary") < decisions
        assert "Ambition" not in first[:decisions]


@pytest.mark.django_db
def test_the_first_page_is_not_left_nearly_empty(world, bob):
    """A chart too tall for what is left of the first page once pushed the whole mission onto
    the second, leaving the title alone on the first."""
    link = mission_link(world)
    pack = _pack(bob, world, link.mission)
    pages = _pages_text(render.board_pack_pdf(pack)[0])
    assert len(pages[0]) > 400, pages[0]


@pytest.mark.django_db
def test_table_rows_are_kept_whole_on_one_page(world, bob):
    mission = make_mission(world, "warm-homes", title="Warm homes")
    filler = " ".join(["words"] * 18)
    for i in range(24):
        make_risk(
            world,
            Visibility.PARTNERS,
            title=f"Rowstart{i:02d} decision",
            mission=mission,
            acting=f"{filler} Rowend{i:02d}",
            not_acting=f"{filler} later",
        )
    pages = _pages_text(render.board_pack_pdf(_pack(bob, world, mission))[0])
    assert len(pages) > 2

    def page_of(marker: str) -> int:
        found = [n for n, text in enumerate(pages) if re.search(rf"\b{marker}\b", text)]
        assert found, marker
        return found[-1]

    for i in range(24):
        assert page_of(f"Rowstart{i:02d}") == page_of(f"Rowend{i:02d}"), f"row {i} split"


@pytest.mark.django_db
def test_a_mission_pack_lists_every_commitment_not_only_counts(world, bob):
    mission = make_mission(world, "warm-homes", title="Warm homes")
    _commitment(world, mission, "Late survey", CommitmentStatus.ACTIVE, -5)
    _commitment(world, mission, "Done already", CommitmentStatus.MET, -50)
    _commitment(world, mission, "Not due yet", CommitmentStatus.ACTIVE, 300)
    text = " ".join(_pages_text(render.board_pack_pdf(_pack(bob, world, mission))[0]))
    for title in ("Late survey", "Done already", "Not due yet"):
        assert title in text, title
