"""The site as readers and staff see it, in headless Chromium at a desk's width and a phone's:
screenshots saved in test-artifacts/ for a person to look at, and the one thing a machine can
tell of them, that no page is wider than the window."""

from __future__ import annotations

import json
import re
import struct
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from lxml import html
from lxml.html import HtmlElement

from communique.cli import cli
from communique.project import Project
from tests.conftest import REPOSITORY
from tests.site_project import DEMO, SECOND, add_topical, make
from tests.stages import build

ARTIFACTS = REPOSITORY / "test-artifacts"
CHROMIUM = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
CHROMIUM += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHROMIUM += ["--hide-scrollbars"]
WIDTHS = (1280, 390)
# Lays the page out at a width and measures the span from the leftmost to the rightmost edge of
# any element. (Chromium's --dump-dom keeps its window 500 px wide at least: the root element
# is set to the width; in a right-to-left page it stands at the window's right.)
PROBE = (
    "<script>addEventListener('load', () => {{"
    " const root = document.documentElement; root.style.width = '{width}px';"
    " let left = root.getBoundingClientRect().left, right = root.getBoundingClientRect().right;"
    " for (const e of document.body.querySelectorAll('*')) {{"
    "  const box = e.getBoundingClientRect(); if (!box.width) continue;"
    "  left = Math.min(left, box.left); right = Math.max(right, box.right); }}"
    " document.body.dataset.span = Math.ceil(right - left); }});</script>"
)


def chromium(url: str, profile: Path, *extra: str) -> str:
    command = ["chromium", *CHROMIUM, f"--user-data-dir={profile}", *extra, url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def probed(page: Path, script: str, profile: Path, *extra: str, main_end: str = "") -> HtmlElement:
    """The body of ``page`` as Chromium lays it out with ``script`` (and ``main_end`` at the end
    of its main) added, from a copy beside it: where the script leaves its measures."""
    text = page.read_text("utf-8").replace("</main>", main_end + "</main>")
    probe = page.with_name("probe.html")
    probe.write_text(text.replace("</body>", script + "</body>"), "utf-8")
    try:
        dom = html.fromstring(chromium(probe.as_uri(), profile, "--dump-dom", *extra))
    finally:
        probe.unlink()
    body: HtmlElement = dom.find(".//body")
    return body


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The site project, with topical releases (related releases show), and Arabic drafted by
    the pseudo engine (right to left) and marked reviewed, so its pages are published."""
    project = make(tmp_path_factory.mktemp("screens") / "project")
    add_topical(project)
    config = project.root / "communique.toml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"targets = \[([^]]*)\]", r'targets = [\1, "ar"]', text), "utf-8")
    runner = CliRunner()
    for command in (["update"], ["draft", "--engine", "pseudo", "-l", "ar"]):
        result = runner.invoke(cli, ["-C", str(project.root), *command])
        assert result.exit_code == 0, result.output
    for slug in (DEMO, SECOND):
        catalog = polib.pofile(str(project.catalog_path(slug, "ar")))
        for entry in catalog:
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            entry.previous_msgid = None
        catalog.save()
    project = Project.load(project.root)
    build(project)
    result = runner.invoke(cli, ["-C", str(project.root), "status", "--html"])
    assert result.exit_code == 0, result.output
    return project


PAGES = {
    "root": "output/index.html",
    "release-fr": f"output/fr/{DEMO}/index.html",
    "release-ar": f"output/ar/{DEMO}/index.html",
    "release-en-related": "output/en-GB/2024-04-02-media-during-the-campaign/index.html",
    "state-fr": "output/states/fr/index.html",
    "dashboard": "output-status/index.html",
    "dashboard-2024": "output-status/2024/index.html",
}


@pytest.mark.needs_chromium
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_screenshots_at_a_desk_and_on_a_phone(
    project: Project, name: str, width: int, tmp_path: Path
) -> None:
    page = project.root / PAGES[name]
    assert page.is_file()
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"{name}-{width}.png"
    shot.unlink(missing_ok=True)
    size = f"--window-size={width},1600"
    chromium(page.as_uri(), tmp_path / "a", f"--screenshot={shot}", size)
    assert png_size(shot) == (width, 1600)
    # The same page with a probe beside it: nothing sticks out sideways at this width.
    span = int(probed(page, PROBE.format(width=width), tmp_path / "b", size).get("data-span"))
    assert span == width, f"{name} spans {span} px in a {width} px window"


@pytest.mark.needs_chromium
def test_a_right_to_left_page_indents_its_lists_on_the_right(
    project: Project, tmp_path: Path
) -> None:
    """The stylesheet's sides are the text's start and end: on an Arabic page a list of
    releases is indented on the right, where its lines start, and not on the left as well."""
    page = project.root / "output/ar/index.html"
    script = (
        "<script>addEventListener('load', () => {"
        " const style = getComputedStyle(document.querySelector('ol.releases'));"
        " const root = getComputedStyle(document.documentElement).fontSize;"
        " document.body.dataset.sides = [style.paddingRight, style.paddingLeft, root].join(' ');"
        " });</script>"
    )
    sides = probed(page, script, tmp_path / "c").get("data-sides")
    right, left, rem = (float(v.removesuffix("px")) for v in sides.split())
    assert (round(right / rem, 2), left) == (1.1, 0)  # 1.1rem at the start, nothing at the end


@pytest.mark.needs_chromium
def test_a_printed_release_leaves_the_navigation_out_and_shows_addresses(
    project: Project, tmp_path: Path
) -> None:
    """On paper: the stylesheet's print rules, applied as a printer would (Chromium lays the
    page out with them), leave out the language switcher, tags, the way back and the footer's
    feeds, and print a link's address after it."""
    page = project.root / f"output/en-GB/{SECOND}/index.html"
    # (A page read from a file may not read its stylesheet's rules: the print rules are set
    # in the page itself, as they are in the stylesheet.)
    css = (project.root / "output/style.css").read_text("utf-8")
    start = css.index("{", css.index("@media print")) + 1
    printed = css[start : css.rindex("}")]
    script = (
        f"<style>{printed}</style>"
        "<script>addEventListener('load', () => {"
        " const shown = s => { const e = document.querySelector(s);"
        "  return e ? getComputedStyle(e).display : 'absent'; };"
        " const link = document.querySelector('main p a[href^=\"http\"]');"
        " document.body.dataset.print = JSON.stringify({"
        "  switcher: shown('nav.languages'), tags: shown('p.tags'), back: shown('p.back'),"
        "  footer: shown('footer.site'), dateline: shown('p.dateline'),"
        "  after: getComputedStyle(link, '::after').content}); });</script>"
    )
    assert json.loads(probed(page, script, tmp_path / "d").get("data-print")) == {
        "switcher": "none",
        "tags": "none",
        "back": "none",
        "footer": "none",
        "dateline": "block",
        "after": '" (https://www.osce.org/odihr)"',
    }
    # A link whose words are its address (a bare one in a plain-text release, which the
    # build marks "address") prints once.
    bare = '<p><a href="https://www.osce.org/odihr" class="address">www.osce.org/odihr</a></p>'
    demo = project.root / f"output/en-GB/{DEMO}/index.html"
    script = (
        f"<style>{printed}</style>"
        "<script>addEventListener('load', () => {"
        " const link = document.querySelector('main a.address');"
        " document.body.dataset.after = getComputedStyle(link, '::after').content; });</script>"
    )
    assert probed(demo, script, tmp_path / "e", main_end=bare).get("data-after") == "none"


#: A table of figures wider than a phone, and than a page of paper: its rows of cells.
WIDE_TABLE = (
    ("Indikator", *(str(year) for year in range(2016, 2025))),
    ("Menschenhandelsstraftatbestände", *(f"1.{n}12.445" for n in range(1, 10))),
)


@pytest.mark.needs_chromium
def test_a_wide_table_scrolls_in_its_box_on_a_phone_and_prints_whole(
    project: Project, tmp_path: Path
) -> None:
    """A table wider than a phone scrolls in its own box, which the keyboard can reach: the
    page does not (and the table stays a table: 'display: block' took its role in some
    browsers). On paper, which does not scroll, every column is on the page."""
    from communique.release.blocks import BlockKind
    from communique.site.html import body_html
    from communique.site.localize import Piece

    pieces = [
        Piece(BlockKind.TABLE_CELL, text, row, 0, False, None)
        for row, cells in enumerate(WIDE_TABLE)
        for text in cells
    ]
    table = body_html(pieces, "de")
    assert table.startswith('<div class="table" role="region" tabindex="0" aria-label="Indikator')
    release = project.root / f"output/en-GB/{SECOND}/index.html"
    page = release.with_name("wide-table.html")  # (the release with the table in its text)
    page.write_text(release.read_text("utf-8").replace("</article>", f"{table}</article>"))
    measure = (
        "<script>addEventListener('load', () => {"
        " document.documentElement.style.width = '320px';"
        " const main = document.querySelector('main');"
        " const box = document.querySelector('main div.table');"
        " const table = box.querySelector('table');"
        " document.body.dataset.table = JSON.stringify({"
        "  display: getComputedStyle(table).display,"
        "  scrolls: box.scrollWidth > box.clientWidth,"
        "  fits: table.getBoundingClientRect().right <= box.getBoundingClientRect().right + 1,"
        "  focusable: box.tabIndex,"
        "  whole: [...box.querySelectorAll('td.figure')].every(td => {"
        "   const range = document.createRange(); range.selectNodeContents(td);"
        "   return range.getClientRects().length === 1; }),"
        "  page: main.scrollWidth <= main.clientWidth }); });</script>"
    )
    size = "--window-size=320,1600"
    # (The stylesheet's rules set in the page itself, as for print below.)
    css = (project.root / "output/style.css").read_text("utf-8")
    phone = probed(page, f"<style>{css}</style>" + measure, tmp_path / "f", size)
    assert json.loads(phone.get("data-table")) == {
        "display": "table",
        "scrolls": True,
        "fits": False,
        "focusable": 0,
        "whole": True,
        "page": True,
    }
    start = css.index("{", css.index("@media print")) + 1
    end = css.index("\n}\n", start)  # (the print block: its rules applied as on paper)
    printed = f"<style>{css}{css[start:end]}</style>"
    # (A4 with its margins, at the screen's 96 dots to the inch: 718 px.)
    paper = probed(page, printed + measure.replace("320px", "718px"), tmp_path / "g", size)
    page.unlink()
    printed_table = json.loads(paper.get("data-table"))
    # Every column on the paper, and each figure whole on its line (not "1,234,|567").
    assert (printed_table["fits"], printed_table["whole"]) == (True, True)
