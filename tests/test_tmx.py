"""TMX out and in: the demo's reviewed work exported and read back by Translate Toolkit, an
organisation's memory imported (streamed, at 50,000 units too) and drafted from, hostile and
malformed files refused, and the memory searched."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from translate.storage.tmx import tmxfile

from communique.catalog.drafts import draft_comment
from communique.catalog.reader import read_catalog
from communique.cli import cli
from communique.project import Project
from communique.translate.memory import IMPORT_BATCH, Kind, MemoryMatch
from communique.translate.memory_exchange import Languages, likely
from communique.translate.tmx import (
    MemoryUnit,
    TmxError,
    TmxUnit,
    Variant,
    Version,
    read_tmx,
    tmx_bytes,
)
from communique.workspace import Workspace
from tests.stages import catalog, demo_with_catalogs, draft, update

SLUG = "2023-06-07-anti-trafficking-coordinators-meet"
DELEGATES = (
    "With the participation of representatives from approximately 60 countries across the "
    "Council of Europe and the OSCE region, the meeting convened 130 delegates."
)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def demo(demo_dir: Path) -> Project:
    return demo_with_catalogs(demo_dir)


def review(project: Project, locale: str, revised: str, slug: str = SLUG) -> polib.POFile:
    """Every entry of a catalog translated as ``XX: <English>`` and reviewed on ``revised``."""
    document = catalog(project, locale, slug)
    for entry in document:
        entry.msgstr = f"{locale.upper()}: {entry.msgid}"
    document.metadata["PO-Revision-Date"] = revised
    document.save()
    return document


def memory_command(project: Project, *arguments: str) -> list[str]:
    return ["-C", str(project.root), "memory", *arguments]


def no_engine(name: str) -> None:
    return None


# -- export -------------------------------------------------------------------------------------


def test_export_of_the_demo_is_read_by_translate_toolkit(
    demo: Project, runner: CliRunner, tmp_path: Path
) -> None:
    review(demo, "fr", "2024-01-10 10:00+0100")
    review(demo, "de", "2024-02-20 18:30+0000")
    spanish = catalog(demo, "es")
    spanish[0].msgstr = "ES: reviewed"
    spanish[2].msgstr, spanish[2].flags = "ES: a draft", ["fuzzy"]  # not reviewed: not exported
    spanish.metadata["PO-Revision-Date"] = "2023-12-24 12:00+0100"
    spanish.save()
    # A second release translates one sentence differently, revised later.
    text = (demo.root / "source" / f"{SLUG}.txt").read_text("utf-8")
    follow_up = "2023-06-08-follow-up"
    (demo.root / "source" / f"{follow_up}.txt").write_text(
        text.replace("id: osce-coe-nac-nar-meeting-2023", "id: follow-up-2023"), "utf-8"
    )
    update(demo, [follow_up], ["fr"])
    other = catalog(demo, "fr", follow_up)
    other.find("Agendas for Discussion").msgstr = "Ordres du jour"
    other.metadata["PO-Revision-Date"] = "2024-03-01 09:00+0100"
    other.save()

    out = tmp_path / "osce-press.tmx"
    result = runner.invoke(cli, memory_command(demo, "export", "--out", str(out)))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{out}: 26 units, 52 translations\n"
    stdout = runner.invoke(cli, memory_command(demo, "export"))
    assert stdout.stdout_bytes == out.read_bytes()  # the same bytes: nothing from the clock

    with out.open("rb") as stream:
        store = tmxfile(stream)
    assert store.sourcelanguage == "en-GB"
    found = set()
    for unit in store.units:
        for node in unit.getlanguageNodes()[1:]:
            found.add((unit.source, node.get(XML_LANG), unit.getNodeText(node)))
    expected = {
        (entry.msgid, locale, entry.msgstr)
        for locale, slug in [("fr", SLUG), ("de", SLUG), ("es", SLUG), ("fr", follow_up)]
        for entry in catalog(demo, locale, slug)
        if entry.msgstr and not entry.fuzzy
    }
    assert found == expected
    assert [u.source for u in store.units] == sorted(u.source for u in store.units)
    # The sentence with two French translations: the later one first, each in its own unit.
    agendas = [u for u in store.units if u.source == "Agendas for Discussion"]
    assert [u.gettarget("fr") for u in agendas] == ["Ordres du jour", "FR: Agendas for Discussion"]
    assert [u.gettarget("de") for u in agendas] == ["DE: Agendas for Discussion", None]

    from lxml import etree

    root = etree.parse(str(out)).getroot()
    header = root.find("header")
    assert header is not None
    assert dict(header.attrib) == {
        "creationtool": "communique",
        "creationtoolversion": "0.1.0",
        "segtype": "sentence",
        "o-tmf": "PO",
        "adminlang": "en",
        "srclang": "en-GB",
        "datatype": "plaintext",
        "creationdate": "20240301T080000Z",
    }
    first = root.find("body/tu")
    assert first is not None
    assert first.attrib == {"creationdate": "20240220T183000Z", "changedate": "20240301T080000Z"}
    assert [(tuv.get(XML_LANG), dict(tuv.attrib)) for tuv in first] == [
        ("en-GB", {XML_LANG: "en-GB"}),
        (
            "de",
            {XML_LANG: "de", "creationdate": "20240220T183000Z", "changedate": "20240220T183000Z"},
        ),
        (
            "fr",
            {XML_LANG: "fr", "creationdate": "20240301T080000Z", "changedate": "20240301T080000Z"},
        ),
    ]


def test_export_of_an_unreadable_catalog_fails_and_writes_nothing(
    demo: Project, runner: CliRunner, tmp_path: Path
) -> None:
    review(demo, "fr", "2024-01-10 10:00+0100")
    path = demo.catalog_path(SLUG, "de")
    path.write_text(path.read_text("utf-8") + '\nmsgid "broken\n', "utf-8")
    out = tmp_path / "out.tmx"
    result = runner.invoke(cli, memory_command(demo, "export", "--out", str(out)))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: locale/de/LC_MESSAGES/{SLUG}.po:")
    assert not out.exists()


# -- import -------------------------------------------------------------------------------------

DELEGATES_CODED = DELEGATES.replace("130", '<ph x="1">{1}</ph>140')
#: A memory as a CAT tool exports it: UTF-16 with a byte-order mark, the DTD named (not read),
#: American English as the source, regional tags in capitals, inline codes, a language the
#: project does not translate into.
REAL_WORLD = f"""<?xml version="1.0" encoding="UTF-16"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="SDL Language Platform" creationtoolversion="8.1" o-tmf="SDL TM8 Format"
      datatype="xml" segtype="sentence" adminlang="EN-US" srclang="EN-US"
      creationdate="20190315T101500Z">
    <prop type="x-Recognizers">RecognizeAll</prop>
  </header>
  <body>
    <tu creationdate="20190315T101500Z" changedate="20200102T030405Z">
      <prop type="x-Domain">Press</prop>
      <tuv xml:lang="EN-US"><seg>Agendas for Discussion</seg></tuv>
      <tuv xml:lang="FR-FR"><seg>Ordres du jour</seg></tuv>
      <tuv xml:lang="de-DE"><seg>Tagesordnungen</seg></tuv>
      <tuv xml:lang="ja-JP"><seg>議題</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-US"><seg>{DELEGATES_CODED}</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Avec la participation de représentants d'environ 60 pays du \
<bpt i="1">&lt;b&gt;</bpt>Conseil de l'Europe<ept i="1">&lt;/b&gt;</ept> et de la région de \
l'OSCE, la réunion a rassemblé <hi type="x-number">140</hi> délégués.</seg></tuv>
    </tu>
    <tu>
      <note>No English here.</note>
      <tuv xml:lang="fr-CA"><seg>Bonjour</seg></tuv>
      <tuv xml:lang="es-ES"><seg>Hola</seg></tuv>
    </tu>
  </body>
</tmx>
"""
FRENCH_DELEGATES = (
    "Avec la participation de représentants d'environ 60 pays du Conseil de l'Europe et de la "
    "région de l'OSCE, la réunion a rassemblé 140 délégués."
)


def test_imported_memory_gives_exact_and_fuzzy_drafts(
    demo: Project, runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "osce-2019.tmx"
    path.write_bytes(REAL_WORLD.encode("utf-16"))
    result = runner.invoke(cli, memory_command(demo, "import", str(path)))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{path}: 3 units read: 3 translations added, 0 already known; 1 unit without "
        "English skipped; not target locales, skipped: ja-JP\n"
    )
    (french,) = draft(demo, [SLUG], ["fr"], engine_factory=no_engine)
    assert french.memory == 2
    entries = {entry.msgid: entry for entry in catalog(demo, "fr")}
    exact = entries["Agendas for Discussion"]
    assert (exact.msgstr, exact.fuzzy, exact.previous_msgid, exact.tcomment) == (
        "Ordres du jour",
        True,
        None,
        draft_comment("tm 100% from osce-2019.tmx", "Ordres du jour"),
    )
    near = entries[DELEGATES]
    assert (near.msgstr, near.fuzzy, near.previous_msgid) == (
        FRENCH_DELEGATES,
        True,
        DELEGATES.replace("130", "140"),
    )
    assert near.tcomment == draft_comment("tm 99% from osce-2019.tmx", FRENCH_DELEGATES)
    draft(demo, [SLUG], ["de"], engine_factory=no_engine)
    assert catalog(demo, "de").find("Agendas for Discussion").msgstr == "Tagesordnungen"


def test_a_memory_read_from_a_pipe_is_imported(
    demo: Project, runner: CliRunner, tmp_path: Path
) -> None:
    """``memory import <(zcat osce.tmx.gz)``: a file read once, as it comes (the check of its
    declared encoding asked to read it twice: "cannot read: None")."""
    import threading

    pipe = tmp_path / "osce.tmx"
    os.mkfifo(pipe)

    def feed() -> None:
        with pipe.open("wb") as stream:
            stream.write(REAL_WORLD.encode("utf-16"))

    writer = threading.Thread(target=feed)
    writer.start()
    result = runner.invoke(cli, memory_command(demo, "import", str(pipe)))
    writer.join()
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{pipe}: 3 units read: 3 translations added")


def test_reimporting_adds_nothing_and_the_project_s_own_work_comes_first(
    demo: Project, runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "osce-2019.tmx"
    path.write_bytes(REAL_WORLD.encode("utf-16"))
    for added, known in [(3, 0), (0, 3)]:
        result = runner.invoke(cli, memory_command(demo, "import", str(path)))
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(
            f"{path}: 3 units read: {added} translations added, {known} already known;"
        )
    with sqlite3.connect(demo.state_dir / "memory.sqlite") as database:
        rows = database.execute(
            "SELECT origin, locale, source, target, created, changed FROM imported ORDER BY rowid"
        ).fetchall()
    assert rows == [
        (
            "osce-2019.tmx",
            "fr",
            "Agendas for Discussion",
            "Ordres du jour",
            "2019-03-15T10:15:00Z",
            "2020-01-02T03:04:05Z",
        ),
        (
            "osce-2019.tmx",
            "de",
            "Agendas for Discussion",
            "Tagesordnungen",
            "2019-03-15T10:15:00Z",
            "2020-01-02T03:04:05Z",
        ),
        ("osce-2019.tmx", "fr", DELEGATES.replace("130", "140"), FRENCH_DELEGATES, None, None),
    ]
    review(demo, "de", "2024-02-20 18:30+0000")
    with Workspace.open(demo) as workspace:
        from communique.translate.draft import memory_sources

        memory = workspace.memory
        memory.refresh(memory_sources(workspace))
        # The catalog's reviewed translation before the imported one.
        assert memory.lookup("de", "Agendas for Discussion", 75) == MemoryMatch(
            "Agendas for Discussion", "DE: Agendas for Discussion", SLUG, 100.0
        )
        assert memory.lookup("fr", "Agendas for Discussion", 75) == MemoryMatch(
            "Agendas for Discussion", "Ordres du jour", "osce-2019.tmx", 100.0, Kind.IMPORTED
        )


def test_memory_search_lists_every_origin(demo: Project, runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "osce-2019.tmx"
    path.write_bytes(REAL_WORLD.encode("utf-16"))
    runner.invoke(cli, memory_command(demo, "import", str(path)))
    review(demo, "fr", "2024-01-10 10:00+0100")
    result = runner.invoke(
        cli, memory_command(demo, "search", "Agendas for Discussion", "-l", "fr")
    )
    assert result.exit_code == 0, result.output
    # The project's own translation first, then the imported one.
    assert result.stdout == (
        f"100%  exact     {SLUG}\n"
        "  en-GB  Agendas for Discussion\n"
        "  fr     FR: Agendas for Discussion\n"
        "100%  exact     osce-2019.tmx (imported)\n"
        "  en-GB  Agendas for Discussion\n"
        "  fr     Ordres du jour\n"
    )
    # A translator rewrites it: the translation it replaced (indexed by a run that writes, as
    # draft) is retired, and comes second.
    draft(demo, [SLUG], ["fr"], engine_factory=no_engine)
    document = catalog(demo, "fr")
    document.find("Agendas for Discussion").msgstr = "Thèmes de discussion"
    document.save()
    result = runner.invoke(
        cli, memory_command(demo, "search", "agendas for discussion", "-l", "fr", "--limit", "3")
    )
    assert result.stdout.splitlines()[::3] == [
        f" 91%  fuzzy     {SLUG}",
        f" 91%  fuzzy     {SLUG} (retired)",
        " 91%  fuzzy     osce-2019.tmx (imported)",
    ]
    assert result.stdout.splitlines()[2::3] == [
        "  fr     Thèmes de discussion",
        "  fr     FR: Agendas for Discussion",
        "  fr     Ordres du jour",
    ]
    # A phrase finds the sentences that contain it (in any case), however little of them it is.
    result = runner.invoke(
        cli, memory_command(demo, "search", "COUNCIL OF EUROPE AND THE OSCE", "-l", "fr")
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[::3] == [
        f" 12%  contains  {SLUG}",
        " 12%  contains  osce-2019.tmx (imported)",
        f"  8%  contains  {SLUG}",
    ]
    assert [line.split("  ")[-1] for line in lines[1::3]] == [
        DELEGATES,
        DELEGATES.replace("130", "140"),
        "Recognizing the gravity of this issue and the imperative to safeguard European and "
        "other nations from this peril, the Council of Europe and the OSCE convene this annual "
        "meeting, fostering a collaborative platform for member states to work collectively.",
    ]
    result = runner.invoke(cli, memory_command(demo, "search", "Nothing like it", "-l", "de"))
    assert result.stdout == "Nothing in the memory for de like 'Nothing like it'.\n"
    result = runner.invoke(cli, memory_command(demo, "search", "x", "-l", "pt"))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 'pt' is not a target locale (languages.targets: fr, de, it, ru, es)\n"
    )


def big_tmx(path: Path, units: int, exact_at: int) -> None:
    """A memory of ``units`` sentences in French and German, the demo's "Agendas for
    Discussion" among them, written as it is generated."""
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
            '<header creationtool="generator" creationtoolversion="1" segtype="sentence" '
            'o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n'
        )
        for number in range(units):
            english = f"Statement number {number} on the situation in region {number % 97}."
            if number == exact_at:
                english = "Agendas for Discussion"
            out.write(
                f'<tu changedate="20230101T000000Z"><tuv xml:lang="en"><seg>{english}</seg></tuv>'
                f'<tuv xml:lang="fr-FR"><seg>Déclaration {number} ({number % 97}).</seg></tuv>'
                f'<tuv xml:lang="de"><seg>Erklärung {number} ({number % 97}).</seg></tuv></tu>\n'
            )
        out.write("</body>\n</tmx>\n")


def import_process(project: Project, path: Path) -> tuple[str, float, float]:
    """``communique memory import`` in a process of its own: its output, wall time and peak
    resident memory (MB, from the kernel: lxml's and SQLite's memory included)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "communique",
            "-C",
            str(project.root),
            "memory",
            "import",
            str(path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    with process.stdout, process.stderr:
        output, errors = process.stdout.read().decode(), process.stderr.read().decode()
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0, errors
    return output, time.perf_counter() - start, usage.ru_maxrss / 1024


def test_fifty_thousand_units_import_in_seconds_with_bounded_memory(
    demo: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small, large = tmp_path / "small.tmx", tmp_path / "institutional.tmx"
    big_tmx(small, 5_000, exact_at=-1)
    big_tmx(large, 50_000, exact_at=37_123)
    output, _, small_peak = import_process(demo, small)
    assert output == f"{small}: 5000 units read: 10000 translations added, 0 already known\n"
    output, seconds, peak = import_process(demo, large)
    # The 5,000 units before are the same sentences: known, as those in French and German.
    assert output == f"{large}: 50000 units read: 90000 translations added, 10000 already known\n"
    # Streamed: ten times the units, not ten times the memory (a tree of them would take
    # hundreds of megabytes).
    assert peak < small_peak + 30

    with Workspace.open(demo) as workspace:
        memory = workspace.memory
        start = time.perf_counter()
        assert memory.lookup("fr", "Agendas for Discussion", 75) == MemoryMatch(
            "Agendas for Discussion",
            "Déclaration 37123 (69).",
            "institutional.tmx",
            100.0,
            Kind.IMPORTED,
        )
        first = time.perf_counter() - start
        start = time.perf_counter()
        misses = [memory.lookup("fr", f"A sentence nobody wrote, {n}.", 75) for n in range(20)]
        fuzzy = (time.perf_counter() - start) / 20
    assert misses == [None] * 20
    start = time.perf_counter()
    (french,) = draft(demo, [SLUG], ["fr"], engine_factory=no_engine)
    drafting = time.perf_counter() - start
    exact = catalog(demo, "fr").find("Agendas for Discussion")
    assert (exact.msgstr, exact.fuzzy) == ("Déclaration 37123 (69).", True)
    assert exact.tcomment == draft_comment("tm 100% from institutional.tmx", exact.msgstr)
    with capsys.disabled():
        print(
            f"\n50,000 TMX units ({large.stat().st_size / 2**20:.1f} MB): imported in "
            f"{seconds:.2f} s, peak memory {peak:.0f} MB (5,000 units: {small_peak:.0f} MB); "
            f"first lookup (reads the 55,000 candidates) {first * 1000:.0f} ms, then "
            f"{fuzzy * 1000:.1f} ms per fuzzy lookup; draft of the demo in French "
            f"{drafting:.2f} s ({french.memory} from memory)"
        )


# -- refused ------------------------------------------------------------------------------------

LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">\n' for i in range(10))
HEADER = '<header srclang="en" segtype="sentence"/>'
REFUSED = [
    (
        f'<?xml version="1.0"?>\n<!DOCTYPE tmx [\n{LAUGHS}]>\n<tmx version="1.4">{HEADER}<body>'
        '<tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>\n',
        "2: not accepted as TMX: it declares XML entities ('lol0', 'lol1', 'lol2', …), which "
        "can expand without bound or read other files",
    ),
    (
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
        f'<tmx version="1.4">{HEADER}<body><tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv>'
        "</tu></body></tmx>\n",
        "2: not accepted as TMX: it declares XML entities ('xxe'), which can expand without "
        "bound or read other files",
    ),
    (
        '<?xml version="1.0"?>\n\n<!DOCTYPE tmx [<!ENTITY % remote SYSTEM '
        f'"http://example.org/evil.dtd"> %remote;]>\n<tmx version="1.4">{HEADER}<body/></tmx>\n',
        "3: not accepted as TMX: it declares XML entities ('remote'), which can expand without "
        "bound or read other files",
    ),
    (
        f'<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">{HEADER}\n'
        '<body><tu><tuv xml:lang="en"><seg>A&nbsp;B</seg></tuv></tu></body></tmx>\n',
        "4: unknown entity &nbsp; (communique reads no DTD)",
    ),
    (
        f'<tmx version="1.4">{HEADER}<body>\n<tu><tuv xml:lang="en"><seg>A&nbsp;B</seg></tuv>'
        "</tu></body></tmx>\n",
        "2: not well-formed XML: Entity 'nbsp' not defined (column 36)",
    ),
    (
        f'<tmx version="1.4">{HEADER}<body>\n<tu><tuv xml:lang="en"><seg>A</tuv></tu>\n'
        "</body></tmx>\n",
        "2: not well-formed XML: Opening and ending tag mismatch: seg line 2 and tuv (column 36)",
    ),
    (
        f'<tmx version="1.4">{HEADER}<body>\n<tu><tuv xml:lang="en"><seg>A</seg></tuv></tu>\n',
        "3: not well-formed XML: Premature end of data in tag body line 1 (column 1)",
    ),
    ("", "an empty file, not TMX"),
    (
        '<?xml version="1.0"?>\n<xliff version="1.2"/>\n',
        "2: not a TMX file: the root element is <xliff>",
    ),
    (
        f'<tmx version="1.4">{HEADER}<body>\n<tu>\n<tuv><seg>A</seg></tuv></tu></body></tmx>\n',
        "3: a <tuv> without xml:lang",
    ),
    (
        '<?xml version="1.0"?>\n<tmx xmlns="http://example.org/tmx" version="1.4"/>\n',
        "2: not a TMX file: the root element is <tmx> in namespace 'http://example.org/tmx'",
    ),
    (
        # (Re-saved in UTF-8 by a tool that kept the declaration: "rÃ©union" was imported.)
        f'<?xml version="1.0" encoding="ISO-8859-1"?>\n<tmx version="1.4">{HEADER}<body><tu>'
        '<tuv xml:lang="en"><seg>The meeting</seg></tuv><tuv xml:lang="fr"><seg>La réunion'
        "</seg></tuv></tu></body></tmx>\n",
        "1: not read as TMX: it declares encoding 'ISO-8859-1', but is written in UTF-8 (its "
        'letters would be read garbled): correct the declaration to encoding="UTF-8"',
    ),
]


@pytest.mark.parametrize(
    ("content", "message"),
    REFUSED,
    ids=[
        "billion-laughs",
        "external-entity",
        "parameter-entity",
        "undeclared-entity-with-dtd",
        "undeclared-entity",
        "mismatched-tags",
        "truncated",
        "empty",
        "not-tmx",
        "tuv-without-language",
        "namespaced-tmx",
        "utf8-declared-latin1",
    ],
)
def test_hostile_and_malformed_tmx_is_refused_in_one_line(
    demo: Project, runner: CliRunner, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "hostile.tmx"
    path.write_text(content, "utf-8")
    result = runner.invoke(cli, memory_command(demo, "import", str(path)))
    assert result.exit_code == 1
    separator = ":" if message[0].isdigit() else ": "
    assert result.stderr == f"Error: {path}{separator}{message}\n"
    assert result.stdout == ""
    with sqlite3.connect(demo.state_dir / "memory.sqlite") as database:
        assert database.execute("SELECT count(*) FROM imported").fetchone() == (0,)


def test_a_file_broken_late_imports_nothing(demo: Project, tmp_path: Path) -> None:
    """The units before the error went to the database in batches; they are rolled back."""
    path = tmp_path / "broken.tmx"
    big_tmx(path, 3 * IMPORT_BATCH, exact_at=0)
    path.write_text(path.read_text("utf-8").replace("</body>", "</bdoy>"), "utf-8")
    from communique.translate.memory_exchange import import_tmx

    with (
        pytest.raises(TmxError, match=r"broken\.tmx:3005: not well-formed XML: Opening and ending"),
        Workspace.open(demo, command="communique memory import") as workspace,
    ):
        import_tmx(workspace, path, path.name)
    with sqlite3.connect(demo.state_dir / "memory.sqlite") as database:
        assert database.execute("SELECT count(*) FROM imported").fetchone() == (0,)


# -- reading and languages ----------------------------------------------------------------------


def test_segments_keep_the_text_outside_inline_codes(tmp_path: Path) -> None:
    path = tmp_path / "codes.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="*all*"/><body>\n'
        '<tu srclang="en-GB" creationdate="20230607T120500Z">'
        '<tuv xml:lang="en-GB"><seg>  Press <bpt i="1">&lt;b&gt;</bpt>Enter<ept i="1">'
        '&lt;/b&gt;</ept>  now<ph>{1}</ph>.<it pos="begin">&lt;i&gt;</it></seg></tuv>'
        '<tuv lang="fr" changedate="bad"><seg>Appuyez sur <hi>Entrée<ph>&lt;x/&gt;</ph></hi>'
        "</seg></tuv>"
        '<tuv xml:lang="de"><seg><ph>{1}</ph></seg></tuv></tu>\n'
        "</body></tmx>",
        "utf-8",
    )
    assert list(read_tmx(path)) == [
        TmxUnit(
            2,
            "en-GB",
            (
                Variant("en-GB", "Press Enter now.", "2023-06-07T12:05:00Z"),
                Variant("fr", "Appuyez sur Entrée", "2023-06-07T12:05:00Z"),
            ),
        )
    ]


def test_a_code_that_stands_for_a_space_leaves_one(tmp_path: Path) -> None:
    """A code for a no-break space or a line break, or one between two words, leaves a space:
    two words never run together in the memory ("AmbassadorJan"), nor in its drafts."""
    path = tmp_path / "spaces.tmx"
    segments = (
        "Ambassador<ph>&amp;nbsp;</ph>Jan Braathu.",
        "Line one<ph>&lt;br/&gt;</ph>line two.",
        "Tab<ph>\t</ph>stop, RTF<ph>\\~</ph>space.",
        'Word<ph x="1"/>word, <bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept>.',
    )
    path.write_text(
        '<tmx version="1.4"><header srclang="en"/><body>\n'
        + "".join(f'<tu><tuv xml:lang="en"><seg>{seg}</seg></tuv></tu>\n' for seg in segments)
        + "</body></tmx>",
        "utf-8",
    )
    assert [unit.variants[0].text for unit in read_tmx(path)] == [
        "Ambassador\u00a0Jan Braathu.",
        "Line one line two.",
        "Tab stop, RTF\u00a0space.",
        "Word word, bold.",
    ]


def test_a_segment_keeps_its_no_break_spaces(tmp_path: Path) -> None:
    """French typography's no-break spaces are text: only XML's white space is collapsed."""
    path = tmp_path / "spaces.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="en"/><body><tu>'
        "<tuv xml:lang='en'><seg>\n  Publication:\t\u00a0tagging!  </seg></tuv>"
        "<tuv xml:lang='fr'><seg>Publication\u00a0: «\u202fbalisage\u202f»\u202f!</seg></tuv>"
        "</tu></body></tmx>",
        "utf-8",
    )
    ((english, french),) = [unit.variants for unit in read_tmx(path)]
    assert english.text == "Publication: \u00a0tagging!"
    assert french.text == "Publication\u00a0: «\u202fbalisage\u202f»\u202f!"


@pytest.mark.parametrize(
    ("tag", "target"),
    [
        ("fr", "fr"),
        ("FR-FR", "fr"),
        ("fr_FR", "fr"),
        ("fr-CA", "fr"),  # the project's French names no region: it takes any French
        ("de-AT", "de"),
        ("ar-SA", "ar"),  # (as CAT tools tag Arabic)
        ("pt", "pt-BR"),
        ("pt-PT", None),  # the project's Portuguese is Brazil's: not Portugal's
        ("sr-Latn-RS", "sr-Latn"),
        ("sr-Latn-ME", "sr-Latn"),
        ("sr", None),  # Cyrillic
        ("zh-TW", "zh-Hant"),
        ("zh-CN", None),  # Simplified
        ("it-CH", None),  # two Italians: the one it names
        ("x-klingon", None),
        ("*all*", None),
    ],
    ids=lambda value: str(value),
)
def test_tmx_languages_serve_the_target_locale_they_mean(tag: str, target: str | None) -> None:
    languages = Languages("en-GB", ["fr", "de", "ar", "pt-BR", "sr-Latn", "zh-Hant", "it", "it-IT"])
    assert languages.target(tag) == target


def test_english_is_the_variant_srclang_names_else_the_project_s(tmp_path: Path) -> None:
    languages = Languages("en-GB", ["fr"])
    variants = (Variant("en-US", "Color"), Variant("EN-GB", "Colour"), Variant("fr", "Couleur"))
    assert languages.english(TmxUnit(1, "en-US", variants)) == variants[0]
    assert languages.english(TmxUnit(1, "*all*", variants)) == variants[1]
    assert languages.english(TmxUnit(1, "fr", variants[::2])) == variants[0]
    assert likely("en") == ("en", "Latn", "US")


def test_a_character_xml_cannot_hold_is_an_error_not_a_broken_file() -> None:
    unit = MemoryUnit("Ring the bell.", (Version("fr", "Sonnez\x07.", None, None),))
    with pytest.raises(TmxError) as error:
        tmx_bytes([unit], "en-GB")
    assert str(error.value) == (
        "the fr text 'Sonnez\\x07.' holds a character XML cannot hold; nothing was written"
    )


def test_a_memory_export_names_the_entry_that_holds_what_xml_cannot(
    demo: Project, runner: CliRunner, tmp_path: Path
) -> None:
    """A reviewed translation with a vertical tab (pasted from a word processor): the export
    said "the ru text … holds a character XML cannot hold", naming no file. It names the
    entry, file:line, and writes nothing."""
    path = demo.catalog_path(SLUG, "fr")
    document = polib.pofile(str(path))
    entry = next(e for e in document if e.msgid == "Strasbourg")
    entry.msgstr, entry.flags = "Stras\vbourg", []
    document.save()
    messages = read_catalog(path, display="fr.po").messages
    line = next(m.line for m in messages if m.msgid == "Strasbourg")
    out = tmp_path / "memory.tmx"
    result = runner.invoke(cli, memory_command(demo, "export", "--out", str(out)))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: locale/fr/LC_MESSAGES/{SLUG}.po:{line}: holds U+000B, a character XML 1.0 "
        "cannot hold, which TMX cannot carry: remove it; nothing was written\n"
    )
    assert not out.exists()


def test_a_regional_tag_is_read_as_the_projects_language_and_said(
    demo: Project, runner: CliRunner, tmp_path: Path
) -> None:
    """A memory tagged as CAT tools tag it (de-CH, it-IT) serves the project's German and
    Italian, which name no region; the import says where it took one region for another."""
    path = tmp_path / "swiss.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="en-US" datatype="plaintext" segtype="sentence" '
        'adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/><body>'
        '<tu><tuv xml:lang="en-US"><seg>Agendas for Discussion</seg></tuv>'
        '<tuv xml:lang="de-CH"><seg>Traktandenliste</seg></tuv>'
        '<tuv xml:lang="it-IT"><seg>Ordini del giorno</seg></tuv>'
        '<tuv xml:lang="pt-PT"><seg>Ordens de trabalhos</seg></tuv></tu>'
        "</body></tmx>",
        "utf-8",
    )
    result = runner.invoke(cli, memory_command(demo, "import", str(path)))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{path}: 1 unit read: 2 translations added, 0 already known; read de-CH as de; "
        "not target locales, skipped: pt-PT\n"
    )


def test_a_rejected_translation_is_forgotten_and_no_longer_drafted(
    demo: Project, runner: CliRunner, tmp_path: Path
) -> None:
    """A reviewer empties a translation she rejects: the memory keeps it (retired), and every
    draft would offer it again as 'tm 100%'. 'memory forget' drops it, and an imported one;
    one still reviewed in a catalog stays, and the catalog is named."""
    path = tmp_path / "osce-2019.tmx"
    path.write_bytes(REAL_WORLD.encode("utf-16"))
    runner.invoke(cli, memory_command(demo, "import", str(path)))
    review(demo, "fr", "2024-01-10 10:00+0100")
    forget = memory_command(demo, "forget", "Agendas for Discussion", "-l", "fr")
    kept = runner.invoke(cli, [*forget, "--translation", "FR: Agendas for Discussion"])
    assert kept.exit_code == 0, kept.output
    assert kept.stdout == (
        f"locale/fr/LC_MESSAGES/{SLUG}.po: holds it reviewed, and it stays while it does: "
        "change it there\n"
    )
    document = catalog(demo, "fr")
    document.find("Agendas for Discussion").msgstr = ""  # rejected
    document.save()
    draft(demo, [SLUG], ["fr"], engine_factory=no_engine)
    assert catalog(demo, "fr").find("Agendas for Discussion").msgstr == (
        "FR: Agendas for Discussion"
    )  # offered again, as a draft
    document = catalog(demo, "fr")
    document.find("Agendas for Discussion").msgstr = ""
    document.save()
    forgotten = runner.invoke(cli, forget)
    assert forgotten.exit_code == 0, forgotten.output
    assert forgotten.stdout == (
        f"forgot (retired from {SLUG}): 'FR: Agendas for Discussion'\n"
        "forgot (imported from osce-2019.tmx): 'Ordres du jour'\n"
    )
    draft(demo, [SLUG], ["fr"], engine_factory=no_engine)
    assert catalog(demo, "fr").find("Agendas for Discussion").msgstr == ""
    again = runner.invoke(cli, forget)
    assert again.exit_code == 1
    assert again.stderr == (
        "Error: the memory has no translation into fr of 'Agendas for Discussion' (the English "
        "as the catalogs' msgid has it; 'communique memory search' finds it)\n"
    )
