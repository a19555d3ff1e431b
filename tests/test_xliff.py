"""XLIFF for CAT tools: ``communique export`` writes files the OASIS schemas accept and
translate-toolkit reads; ``communique import`` takes back exactly what a translator changed,
reports what it cannot apply, and writes nothing when a file is malformed or hostile."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import polib
import pytest
from click.testing import CliRunner
from lxml import etree
from translate.storage import poxliff, xliff2

from communique.catalog.reader import read_catalog
from communique.cli import cli
from communique.errors import shortened
from communique.exchange.xliff import XLIFF2, XLIFF12, unit_id
from communique.exchange.xliff_read import read
from tests.conftest import REPOSITORY

SLUG = "2023-06-07-anti-trafficking-coordinators-meet"
MARKED = "2024-03-01-observers"
SCHEMAS = REPOSITORY / "tests" / "vendor" / "xliff"
LINKED = (
    "Read the **full report** at https://www.osce.org/odihr/report or "
    "[the summary](https://www.osce.org/s) by *e-mail* to press@osce.org."
)
#: A sentence that is one inline code: a CAT tool must get it back as it went out.
ALONE = "https://www.osce.org/odihr/report"
EPOCH = "1767225600"  # 2026-01-01 00:00 UTC: the run's clock (SOURCE_DATE_EPOCH)


class _LocalSchemas(etree.Resolver):
    """The XLIFF 1.2 schema imports xml.xsd by its W3C URL: read the copy beside it."""

    def resolve(self, url: str | None, pubid: str | None, context: Any) -> Any:
        if url is not None and url.endswith("xml.xsd"):
            copy = SCHEMAS / "informativeCopiesOf3rdPartySchemas" / "w3c" / "xml.xsd"
            return self.resolve_filename(str(copy), context)
        return None


def schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


@pytest.fixture
def project(demo_dir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo in French and Arabic, with a Markdown release full of links and emphasis, after
    a life of drafts, reviews, a translator's comment and a revision of the English."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    config = demo_dir / "communique.toml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"targets = \[[^]]*\]", 'targets = ["fr", "ar"]', text), "utf-8")
    (demo_dir / "source" / f"{MARKED}.md").write_text(
        f"# Observers deployed\n\nVienna, 1 March 2024 (OSCE): Some 1,200 observers were "
        f"deployed. {LINKED}\n\n**Note to editors**\n\n{ALONE}\n\npress@osce.org\n",
        "utf-8",
    )
    run(runner, demo_dir, "update")
    run(runner, demo_dir, "draft", "--engine", "pseudo")
    french = polib.pofile(str(po(demo_dir, "fr")))
    for entry in french[:6]:
        entry.flags.remove("fuzzy")
    french[2].tcomment = "Vérifié par le bureau de Paris"
    french.save()
    source = demo_dir / "source" / f"{SLUG}.txt"
    english = source.read_text("utf-8")
    revised = english.replace("the meeting convened 130 delegates", "130 delegates attended")
    source.write_text(revised + "\nA new closing sentence was added.\n", "utf-8")
    run(runner, demo_dir, "update")
    return demo_dir


def run(runner: CliRunner, root: Path, *command: str, code: int = 0) -> Any:
    result = runner.invoke(cli, ["-C", str(root), *command])
    assert result.exit_code == code, result.output
    return result


def po(root: Path, locale: str, slug: str = SLUG) -> Path:
    return root / "locale" / locale / "LC_MESSAGES" / f"{slug}.po"


def catalog_bytes(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("locale/**/*.po"))}


def current(root: Path, locale: str, slug: str = SLUG) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(po(root, locale, slug))) if not e.obsolete]


def test_exports_are_valid_xliff_and_carry_each_entry_its_state_and_notes(
    project: Path, runner: CliRunner
) -> None:
    run(runner, project, "export", "--out", str(project / "x21"))
    run(runner, project, "export", "--xliff-version", "1.2", "--out", str(project / "x12"))
    core2, strict12 = schema("xliff_core_2.0.xsd"), schema("xliff-core-1.2-strict.xsd")
    files = sorted((project / "x21").rglob("*.xlf"))
    assert [f.relative_to(project / "x21").as_posix() for f in files] == [
        f"ar/{SLUG}.xlf",
        f"ar/{MARKED}.xlf",
        f"fr/{SLUG}.xlf",
        f"fr/{MARKED}.xlf",
    ]
    for path in files:
        assert core2.validate(etree.parse(str(path))), (path, core2.error_log)
        twin = project / "x12" / path.relative_to(project / "x21")
        assert strict12.validate(etree.parse(str(twin))), (twin, strict12.error_log)

    document = etree.parse(str(project / "x21" / "fr" / f"{SLUG}.xlf")).getroot()
    assert (document.get("version"), document.get("srcLang"), document.get("trgLang")) == (
        "2.1",
        "en-GB",
        "fr",
    )
    units = {u.get("id"): u for u in document.iter(f"{{{XLIFF2}}}unit")}
    entries = current(project, "fr")
    assert list(units) == [unit_id(None, e.msgid) for e in entries]
    states = {"initial": 0, "translated": 0, "final": 0}
    for entry in entries:
        unit = units[unit_id(None, entry.msgid)]
        segment = unit.find(f"{{{XLIFF2}}}segment")
        state = segment.get("state")
        states[state] += 1
        expected = "initial" if not entry.msgstr else "translated" if entry.fuzzy else "final"
        assert state == expected, entry.msgid
        target = segment.find(f"{{{XLIFF2}}}target")
        assert (target.text if target is not None else "") == entry.msgstr
        notes = [(n.get("category"), n.text) for n in unit.iter(f"{{{XLIFF2}}}note")]
        assert ("role", entry.comment) in notes
        assert ("location", f"{entry.occurrences[0][0]}:{entry.occurrences[0][1]}") in notes
        if entry.previous_msgid:
            assert ("previous-source", entry.previous_msgid) in notes
        if "draft: pseudo" in entry.tcomment:
            assert ("draft", "pseudo") in notes
    assert all(states.values()), states  # every state is there to be tested
    reviewed = units[unit_id(None, entries[2].msgid)]
    assert ("translator", "Vérifié par le bureau de Paris") in [
        (n.get("category"), n.text) for n in reviewed.iter(f"{{{XLIFF2}}}note")
    ]

    # URLs, the address and the markup are codes: in 2.1 pointing at their original text.
    marked = etree.parse(str(project / "x21" / "fr" / f"{MARKED}.xlf")).getroot()
    unit = next(u for u in marked.iter(f"{{{XLIFF2}}}unit") if u.get("id") == unit_id(None, LINKED))
    data = {d.get("id"): d.text for d in unit.iter(f"{{{XLIFF2}}}data")}
    source = unit.find(f"{{{XLIFF2}}}segment/{{{XLIFF2}}}source")
    codes = [
        (
            etree.QName(c).localname,
            c.get("type"),
            c.get("canDelete"),
            *[data[c.get(k)] for k in ("dataRef", "dataRefStart", "dataRefEnd") if c.get(k)],
        )
        for c in source.iter(f"{{{XLIFF2}}}ph", f"{{{XLIFF2}}}pc")
    ]
    assert codes == [
        ("pc", "fmt", None, "**", "**"),
        ("ph", "link", "no", "https://www.osce.org/odihr/report"),
        ("pc", "link", "no", "[", "](https://www.osce.org/s)"),
        ("pc", "fmt", None, "*", "*"),
        ("ph", "link", "no", "press@osce.org"),
    ]
    assert "".join(source.itertext()) == "Read the full report at  or the summary by e-mail to ."
    # In 1.2 the codes hold their original text.
    twin = etree.parse(str(project / "x12" / "fr" / f"{MARKED}.xlf")).getroot()
    unit12 = next(
        u for u in twin.iter(f"{{{XLIFF12}}}trans-unit") if u.get("id") == unit_id(None, LINKED)
    )
    assert "".join(unit12.find(f"{{{XLIFF12}}}source").itertext()) == LINKED
    assert [
        (etree.QName(c).localname, c.get("ctype"), c.text)
        for c in unit12.find(f"{{{XLIFF12}}}source")
    ] == [
        ("bpt", "bold", "**"),
        ("ept", None, "**"),
        ("ph", "x-url", "https://www.osce.org/odihr/report"),
        ("bpt", "link", "["),
        ("ept", None, "](https://www.osce.org/s)"),
        ("bpt", "italic", "*"),
        ("ept", None, "*"),
        ("ph", "x-email", "press@osce.org"),
    ]
    # communique reads its own codes back as the English they stand for.
    for path in (
        project / "x21" / "fr" / f"{MARKED}.xlf",
        project / "x12" / "fr" / f"{MARKED}.xlf",
    ):
        (file,) = read(path.read_bytes(), path.name)
        assert [u.source for u in file.units] == [e.msgid for e in current(project, "fr", MARKED)]


def test_translate_toolkit_reads_both_versions(project: Path, runner: CliRunner) -> None:
    """translate-toolkit (what Weblate and Pootle read XLIFF with) is a second client."""
    run(runner, project, "export", "--locale", "fr", SLUG, "--out", str(project / "x21"))
    x12 = project / "x12"
    run(runner, project, "export", "-l", "fr", SLUG, "--xliff-version", "1.2", "--out", str(x12))
    entries = current(project, "fr")
    store2 = xliff2.Xliff2File.parsestring((project / "x21" / "fr" / f"{SLUG}.xlf").read_bytes())
    assert store2.gettargetlanguage() == "fr"
    assert [(u.getid(), u.source, u.target or "") for u in store2.units] == [
        (unit_id(None, e.msgid), e.msgid, e.msgstr) for e in entries
    ]
    assert [u.isapproved() for u in store2.units] == [
        bool(e.msgstr) and not e.fuzzy for e in entries
    ]
    path12 = x12 / "fr" / f"{SLUG}.xlf"
    store12 = poxliff.PoXliffFile.parsestring(path12.read_bytes())
    assert [(u.source, u.target or "", u.isfuzzy()) for u in store12.units] == [
        (e.msgid, e.msgstr, e.fuzzy and bool(e.msgstr)) for e in entries
    ]
    for unit, entry in zip(store12.units, entries, strict=True):
        assert entry.comment in unit.getnotes("developer")


def test_a_catalog_translate_toolkit_made_xliff_of_comes_back(
    project: Path, runner: CliRunner
) -> None:
    """po2xliff (Translate Toolkit, Weblate's converter) writes XLIFF 1.1 with the catalog's
    header as a unit: the file was refused ("not XLIFF 2 or 1.2"), and with its namespace
    changed, the header came back "not applied". A translation filled in comes back, for
    review; the header is no unit for translators."""
    entries = current(project, "fr")
    empty = next(e for e in entries if not e.msgstr)
    out = project / "tt.xlf"
    subprocess.run(
        [str(Path(sys.executable).with_name("po2xliff")), str(po(project, "fr")), str(out)],
        check=True,
        capture_output=True,
    )
    assert b"urn:oasis:names:tc:xliff:document:1.1" in out.read_bytes()
    root = etree.parse(str(out))
    namespace = "urn:oasis:names:tc:xliff:document:1.1"
    (unit,) = [
        u
        for u in root.iter(f"{{{namespace}}}trans-unit")
        if u.findtext(f"{{{namespace}}}source") == empty.msgid
    ]
    target = unit.find(f"{{{namespace}}}target")
    target.text, target.attrib["state"] = "Une phrase traduite.", "translated"
    root.write(str(out), xml_declaration=True, encoding="UTF-8")
    result = run(runner, project, "import", str(out))
    assert result.output.splitlines()[0].endswith(
        f": 1 translated, for review, {len(entries) - 1} unchanged"
    ), result.output
    entry = {e.msgid: e for e in current(project, "fr")}[empty.msgid]
    assert (entry.msgstr, entry.fuzzy) == ("Une phrase traduite.", True)


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_importing_an_unedited_export_changes_no_byte(
    project: Path, runner: CliRunner, version: str
) -> None:
    before = catalog_bytes(project)
    run(runner, project, "export", "--xliff-version", version)
    files = sorted(str(p) for p in (project / "xliff").rglob("*.xlf"))
    result = run(runner, project, "import", *files)
    assert catalog_bytes(project) == before
    assert result.output.splitlines() == [
        f"{project}/xliff/{locale}/{slug}.xlf -> locale/{locale}/LC_MESSAGES/{slug}.po: "
        f"{len(current(project, locale, slug))} unchanged"
        for locale in ("ar", "fr")
        for slug in (SLUG, MARKED)
    ]


def _edit2(path: Path, edits: dict[str, tuple[str, str]]) -> None:
    """Do what a CAT tool does in XLIFF 2: new target text, new state."""
    root = etree.parse(str(path))
    for unit in root.iter(f"{{{XLIFF2}}}unit"):
        if unit.get("id") in edits:
            text, state = edits[unit.get("id")]
            segment = unit.find(f"{{{XLIFF2}}}segment")
            segment.set("state", state)
            target = segment.find(f"{{{XLIFF2}}}target")
            if target is None:
                target = etree.SubElement(segment, f"{{{XLIFF2}}}target")
            for child in list(target):
                target.remove(child)
            target.text = text
    root.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_a_cat_tools_edits_change_exactly_those_entries(project: Path, runner: CliRunner) -> None:
    run(runner, project, "export", "--locale", "fr")
    entries = current(project, "fr")
    draft = next(e for e in entries if e.fuzzy and "draft:" in e.tcomment)
    reviewed = entries[3]
    empty = next(e for e in entries if not e.msgstr)
    assert reviewed.msgstr
    assert not reviewed.fuzzy
    path = project / "xliff" / "fr" / f"{SLUG}.xlf"
    _edit2(
        path,
        {
            unit_id(None, draft.msgid): ("Une traduction relue.", "final"),
            unit_id(None, empty.msgid): (
                "Une nouvelle phrase de clôture a été ajoutée.",
                "translated",
            ),
            unit_id(None, reviewed.msgid): (reviewed.msgstr, "reviewed"),  # no change
        },
    )
    before = {e.msgid: e for e in entries}
    unchanged = catalog_bytes(project)
    rehearsal = run(runner, project, "import", "--dry-run", str(path))
    assert catalog_bytes(project) == unchanged
    result = run(runner, project, "import", str(path))
    assert rehearsal.output == result.output + "(dry run: nothing was written)\n"
    after = {e.msgid: e for e in current(project, "fr")}
    changed = {m for m in after if str(after[m]) != str(before[m])}
    assert changed == {draft.msgid, empty.msgid}
    assert after[draft.msgid].msgstr == "Une traduction relue."
    assert not after[draft.msgid].fuzzy
    assert "draft:" not in after[draft.msgid].tcomment  # the draft's comment went with it
    assert after[draft.msgid].previous_msgid is None
    assert after[empty.msgid].msgstr == "Une nouvelle phrase de clôture a été ajoutée."
    assert after[empty.msgid].fuzzy  # translated, waiting for review
    header = polib.pofile(str(po(project, "fr"))).metadata
    assert header["PO-Revision-Date"] == "2026-01-01 00:00+0000"
    assert result.output.splitlines()[0] == (
        f"{path} -> locale/fr/LC_MESSAGES/{SLUG}.po: 1 translated and reviewed, "
        f"1 translated, for review, {len(entries) - 2} unchanged"
    )
    messages = read_catalog(po(project, "fr"), display="fr").messages
    line = next(m.line for m in messages if m.msgid == draft.msgid)
    assert f"  locale/fr/LC_MESSAGES/{SLUG}.po:{line}: translated and reviewed: " in result.output
    # The other language's catalog and the other release's were not touched.
    assert "ar/" not in result.output


def test_a_file_returned_under_a_locale_with_its_region_is_the_projects(
    project: Path, runner: CliRunner
) -> None:
    """Trados and memoQ tag the files they return with their own project's locale (fr-FR,
    ar-SA): each is the project's language it was made for."""
    run(runner, project, "export", "--locale", "fr")
    run(runner, project, "export", "--locale", "ar", "--xliff-version", "1.2")
    french = project / "xliff" / "fr" / f"{SLUG}.xlf"
    draft = next(e for e in current(project, "fr") if e.fuzzy and "draft:" in e.tcomment)
    _edit2(french, {unit_id(None, draft.msgid): ("Une traduction relue.", "final")})
    french.write_bytes(french.read_bytes().replace(b'trgLang="fr"', b'trgLang="fr-FR"'))
    arabic = project / "xliff" / "ar" / f"{SLUG}.xlf"
    arabic.write_bytes(
        arabic.read_bytes().replace(b'target-language="ar"', b'target-language="ar-SA"')
    )
    result = run(runner, project, "import", str(french), str(arabic))
    lines = result.output.splitlines()
    assert (
        f"{french} -> locale/fr/LC_MESSAGES/{SLUG}.po (tagged fr-FR): 1 translated and reviewed, "
        in result.output
    )
    assert any(
        line.startswith(f"{arabic} -> locale/ar/LC_MESSAGES/{SLUG}.po (tagged ar-SA): ")
        for line in lines
    )
    after = next(e for e in current(project, "fr") if e.msgid == draft.msgid)
    assert (after.msgstr, after.fuzzy) == ("Une traduction relue.", False)


def test_a_unit_split_in_the_cat_tool_and_translated_in_part_is_not_applied(
    project: Path, runner: CliRunner
) -> None:
    """A CAT tool split a unit into two segments; the translator signed off the first and
    left the second with an empty target: the import does not put half a sentence over the
    draft, it reports the unit."""
    run(runner, project, "export", "--locale", "fr", SLUG)
    path = project / "xliff" / "fr" / f"{SLUG}.xlf"
    draft = next(e for e in current(project, "fr") if e.fuzzy and "draft:" in e.tcomment)
    root = etree.parse(str(path))
    unit = next(
        u for u in root.iter(f"{{{XLIFF2}}}unit") if u.get("id") == unit_id(None, draft.msgid)
    )
    segment = unit.find(f"{{{XLIFF2}}}segment")
    head, _, tail = draft.msgid.partition(", ")
    assert tail
    segment.find(f"{{{XLIFF2}}}source").text = head + ", "
    segment.set("state", "final")
    segment.find(f"{{{XLIFF2}}}target").text = "Le début traduit, "
    second = etree.SubElement(unit, f"{{{XLIFF2}}}segment", state="initial")
    etree.SubElement(second, f"{{{XLIFF2}}}source").text = tail
    etree.SubElement(second, f"{{{XLIFF2}}}target")
    root.write(str(path), xml_declaration=True, encoding="UTF-8")
    before = catalog_bytes(project)
    result = run(runner, project, "import", str(path), code=1)
    assert "not applied: only some of its segments are translated: " in result.output
    assert catalog_bytes(project) == before


#: LINKED in French as a CAT tool gives it back in 1.2: with the codes as exported, moved ...
AS_EXPORTED = (
    '<target state="final">Lisez le <bpt id="3" ctype="link">[</bpt>résumé<ept id="3">'
    '](https://www.osce.org/s)</ept> ou le <bpt id="1" ctype="bold">**</bpt>rapport complet'
    '<ept id="1">**</ept> sur <ph id="2" ctype="x-url">https://www.osce.org/odihr/report</ph>'
    ', ou écrivez (<bpt id="4" ctype="italic">*</bpt>courriel<ept id="4">*</ept>) à '
    '<ph id="5" ctype="x-email">press@osce.org</ph>.</target>'
)
#: ... or as Trados and memoQ write them: <g> around text, <x/>, <bx/>, <ex/> by id.
AS_G_AND_X = (
    '<target state="final">Lisez le <g id="3" ctype="link">résumé</g> ou le <g id="1" '
    'ctype="bold">rapport complet</g> sur <x id="2"/>, ou écrivez (<bx id="4"/>courriel'
    '<ex id="4"/>) à <x id="5"/>.</target>'
)


def _translate_12(project: Path, runner: CliRunner, target: str) -> Path:
    """Export MARKED in 1.2 and give LINKED's unit ``target``, as a CAT tool would."""
    run(runner, project, "export", "-l", "fr", MARKED, "--xliff-version", "1.2")
    path = project / "xliff" / "fr" / f"{MARKED}.xlf"
    text = path.read_text("utf-8")
    pattern = f'<trans-unit id="{unit_id(None, LINKED)}".*?</trans-unit>'
    unit = re.search(pattern, text, re.S)
    assert unit is not None
    edited = re.sub(r"<target .*?</target>", target, unit.group(0), flags=re.S)
    path.write_text(text.replace(unit.group(0), edited), "utf-8")
    return path


#: ... or with the bx/ex pair naming the code by rid, their own ids new.
AS_RID = AS_G_AND_X.replace('<bx id="4"/>', '<bx id="7" rid="4"/>').replace(
    '<ex id="4"/>', '<ex id="8" rid="4"/>'
)


def test_a_12_source_whose_codes_came_back_rewritten_is_not_applied(
    project: Path, runner: CliRunner
) -> None:
    """A tool that rewrote the source's own codes as <g> and <x/> lost the text they stood
    for (the Markdown): the unit went to the English "changed since the export", and its
    translation came in with its emphasis and links gone. It is reported, not applied."""
    path = _translate_12(
        project,
        runner,
        '<target state="final">Lisez le <g id="3">résumé</g> ou le <g id="1">rapport complet'
        '</g> sur <x id="2"/>, ou écrivez (<g id="4">courriel</g>) à <x id="5"/>.</target>',
    )
    text = path.read_text("utf-8")
    unit = re.search(f'<trans-unit id="{unit_id(None, LINKED)}".*?</trans-unit>', text, re.S)
    assert unit is not None
    rewritten = re.sub(
        r"<source>.*?</source>",
        '<source>Read the <g id="1">full report</g> at <ph id="2" ctype="x-url">'
        'https://www.osce.org/odihr/report</ph> or <g id="3">the summary</g> by <g id="4">'
        'e-mail</g> to <ph id="5" ctype="x-email">press@osce.org</ph>.</source>',
        unit.group(0),
        flags=re.S,
    )
    path.write_text(text.replace(unit.group(0), rewritten), "utf-8")
    before = catalog_bytes(project)
    result = run(runner, project, "import", str(path), code=1)
    assert catalog_bytes(project) == before
    assert (
        "not applied: its source came back with codes the export does not write (<g>): the "
        "text they stand for is lost; keep the source as exported, or export again"
    ) in result.output, result.output


@pytest.mark.parametrize(
    "target", [AS_EXPORTED, AS_G_AND_X, AS_RID], ids=["as-exported", "g-and-x", "rid"]
)
def test_a_cat_tool_may_move_or_rewrite_codes_and_mark_12_units_approved(
    project: Path, runner: CliRunner, target: str
) -> None:
    """Codes moved, or given back as Trados and memoQ write them (each <g>, <x/>, <bx/>, <ex/>
    stands for the source's code of its id), come back as the markup they stand for."""
    path = _translate_12(project, runner, target)
    result = run(runner, project, "import", str(path))
    assert "1 translated and reviewed" in result.output
    entry = polib.pofile(str(po(project, "fr", MARKED))).find(LINKED)
    assert entry.msgstr == (
        "Lisez le [résumé](https://www.osce.org/s) ou le **rapport complet** sur "
        "https://www.osce.org/odihr/report, ou écrivez (*courriel*) à press@osce.org."
    )
    assert not entry.fuzzy


def test_a_12_code_that_stands_for_none_of_the_source_is_not_applied(
    project: Path, runner: CliRunner
) -> None:
    before = polib.pofile(str(po(project, "fr", MARKED))).find(LINKED).msgstr
    unknown = AS_G_AND_X.replace('<g id="1" ctype="bold">', '<g id="9" ctype="bold">')
    path = _translate_12(project, runner, unknown)
    refused = run(runner, project, "import", str(path), code=1)
    assert "the code <g id='9'> stands for no code of the source (added in the CAT tool?)" in (
        refused.output
    )
    assert polib.pofile(str(po(project, "fr", MARKED))).find(LINKED).msgstr == before


def test_a_12_code_changed_in_the_cat_tool_is_not_applied(project: Path, runner: CliRunner) -> None:
    """In 1.2 a code carries its original text: one of the source's rewritten in the returned
    file (a link's address), the unit is not applied, and the import says why."""
    before = polib.pofile(str(po(project, "fr", MARKED))).find(LINKED).msgstr
    target = AS_EXPORTED.replace("](https://www.osce.org/s)", "](https://evil.example/phish)")
    path = _translate_12(project, runner, target)
    refused = run(runner, project, "import", str(path), code=1)
    assert (
        "the code <ept id='3'> was changed in the CAT tool ('](https://www.osce.org/s)' became "
        "'](https://evil.example/phish)'): codes stay as the source has them (a link's address "
        "is changed in the catalog)"
    ) in refused.output
    assert polib.pofile(str(po(project, "fr", MARKED))).find(LINKED).msgstr == before


def test_a_12_export_of_a_localized_link_comes_back_as_it_went(
    project: Path, runner: CliRunner
) -> None:
    """A reviewed translation that points a link to the page in its own language (``#,
    ignore-links``, as the README says to): its code is the translation's own, and the file,
    returned untouched or with a word edited, is applied."""
    document = polib.pofile(str(po(project, "fr", MARKED)))
    entry = document.find(LINKED)
    entry.msgstr = (
        "Lisez le [résumé](https://www.osce.org/fr/s) ou le **rapport complet** sur "
        "https://www.osce.org/odihr/report, ou écrivez (*courriel*) à press@osce.org."
    )
    entry.flags = ["ignore-links"]
    document.save()
    run(runner, project, "export", "-l", "fr", MARKED, "--xliff-version", "1.2")
    path = project / "xliff" / "fr" / f"{MARKED}.xlf"
    path.write_text(path.read_text("utf-8").replace("Lisez le", "Lisez donc le"), "utf-8")
    result = run(runner, project, "import", str(path))
    assert "1 translated and reviewed" in result.output, result.output
    after = polib.pofile(str(po(project, "fr", MARKED))).find(LINKED)
    assert after.msgstr == entry.msgstr.replace("Lisez le", "Lisez donc le")


def test_a_12_state_that_asks_for_a_review_outweighs_approved(
    project: Path, runner: CliRunner
) -> None:
    """A CAT tool edits a unit our export marked approved="yes" and sets only its state to
    needs-review-translation: the translation comes in fuzzy, not reviewed."""
    edited = AS_EXPORTED.replace('state="final"', 'state="needs-review-translation"')
    path = _translate_12(project, runner, edited)
    text = path.read_text("utf-8")
    start = text.index(f'<trans-unit id="{unit_id(None, LINKED)}"')
    head = text.index(">", start)
    if 'approved="yes"' not in text[start:head]:
        text = text[:head] + ' approved="yes"' + text[head:]
    path.write_text(text, "utf-8")
    result = run(runner, project, "import", str(path))
    assert "1 translated, for review, 6 unchanged" in result.output, result.output
    assert polib.pofile(str(po(project, "fr", MARKED))).find(LINKED).fuzzy


def test_a_unit_whose_english_changed_is_reported_not_applied(
    project: Path, runner: CliRunner
) -> None:
    run(runner, project, "export", "--locale", "fr")
    entries = current(project, "fr")
    first, last = entries[6], entries[-1]
    path = project / "xliff" / "fr" / f"{SLUG}.xlf"
    _edit2(
        path,
        {
            unit_id(None, first.msgid): ("Première phrase, relue.", "final"),
            unit_id(None, last.msgid): ("Phrase finale.", "final"),
        },
    )
    source = project / "source" / f"{SLUG}.txt"
    other = "Delegates will meet again in Warsaw next spring."  # (like no sentence before)
    source.write_text(source.read_text("utf-8").replace(last.msgid, other), "utf-8")
    run(runner, project, "update")
    result = run(runner, project, "import", str(path), code=1)
    after = {e.msgid: e for e in current(project, "fr")}
    assert after[first.msgid].msgstr == "Première phrase, relue."
    assert after[other].msgstr != "Phrase finale."
    assert "Phrase finale." not in po(project, "fr").read_text("utf-8")
    line = next(
        n
        for n, text in enumerate(path.read_text("utf-8").splitlines(), 1)
        if f'id="{unit_id(None, last.msgid)}"' in text
    )
    assert (
        f"  {path}:{line}: not applied: its English is no longer in the release (changed since "
        f"the export?): {last.msgid!r}"
    ) in result.output
    assert result.output.endswith("Error: 1 unit not applied (see above)\n")


def test_a_drafts_unit_whose_english_was_reworded_goes_to_the_most_like_entry(
    project: Path, runner: CliRunner
) -> None:
    """A translator edits a machine draft in the CAT tool while the press office rewords its
    English: update empties the draft for a draft of the new English (no "#|" to follow),
    and the unit's text goes to the entry most like its English, fuzzy, with the English it
    was made for as "#|", not nowhere."""
    run(runner, project, "export", "--locale", "fr")
    draft = next(e for e in current(project, "fr") if e.fuzzy and "draft:" in e.tcomment)
    path = project / "xliff" / "fr" / f"{SLUG}.xlf"
    _edit2(path, {unit_id(None, draft.msgid): ("Le texte de la traductrice.", "final")})
    reworded = draft.msgid.replace("the", "this", 1) if "the" in draft.msgid else draft.msgid + "!"
    source = project / "source" / f"{SLUG}.txt"
    source.write_text(source.read_text("utf-8").replace(draft.msgid, reworded), "utf-8")
    run(runner, project, "update")
    result = run(runner, project, "import", str(path))
    assert "translated, for review against its new English" in result.output
    after = next(e for e in current(project, "fr") if e.msgid == reworded)
    assert (after.msgstr, after.fuzzy, after.previous_msgid) == (
        "Le texte de la traductrice.",
        True,
        draft.msgid,
    )


def test_a_unit_whose_english_was_reworded_goes_to_the_entry_update_matched(
    project: Path, runner: CliRunner
) -> None:
    """The agency finished the file; meanwhile the press office changed a figure, and update
    matched the entry to the new English (msgmerge's "#|"). The agency's work goes there, for
    review against the new English: not thrown away, not reviewed."""
    exported = run(runner, project, "export", "--locale", "fr")
    assert f"\nxliff/fr/{SLUG}.xlf: " in "\n" + exported.output  # (named from the project)
    path = project / "xliff" / "fr" / f"{SLUG}.xlf"
    english = [e for e in current(project, "fr") if e.msgstr and not e.fuzzy][-1].msgid
    assert english.endswith(".")
    _edit2(path, {unit_id(None, english): ("La traduction de l'agence.", "final")})
    source = project / "source" / f"{SLUG}.txt"
    text = source.read_text("utf-8")
    assert text.count(english) == 1
    source.write_text(text.replace(english, english[:-1] + " again."), "utf-8")
    run(runner, project, "update")
    result = run(runner, project, "import", str(path))
    (entry,) = [e for e in current(project, "fr") if e.previous_msgid == english]
    assert entry.msgid == english[:-1] + " again."
    assert (entry.msgstr, entry.fuzzy) == ("La traduction de l'agence.", True)
    assert (
        ": translated, for review against its new English (it changed since the export): "
    ) in result.output
    assert "not applied" not in result.output
    # Where a translator had already begun on the new English (still fuzzy), hers is kept.
    document = polib.pofile(str(po(project, "fr")))
    document.find(entry.msgid).msgstr = "Le début de Marie."
    document.save()
    run(runner, project, "import", str(path))
    entry = polib.pofile(str(po(project, "fr"))).find(entry.msgid)
    assert (entry.msgstr, entry.fuzzy) == ("La traduction de l'agence.", True)
    assert (
        entry.tcomment.splitlines()[-1] == f"before the import of {path.name}: Le début de Marie."
    )


def test_a_reviewed_translation_is_not_replaced_by_an_unreviewed_text(
    project: Path, runner: CliRunner
) -> None:
    run(runner, project, "export", "--locale", "fr", SLUG)
    reviewed = [e for e in current(project, "fr") if e.msgstr and not e.fuzzy][-1]
    path = project / "xliff" / "fr" / f"{SLUG}.xlf"
    _edit2(path, {unit_id(None, reviewed.msgid): ("Un autre texte.", "translated")})
    before = catalog_bytes(project)
    result = run(runner, project, "import", str(path), code=1)
    assert catalog_bytes(project) == before
    assert "not applied: the catalog has a reviewed translation and the file an unreviewed " in (
        result.output
    )


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_a_file_without_marks_replaces_no_reviewed_translation_unless_asked(
    project: Path, runner: CliRunner, version: str
) -> None:
    """A CAT tool dropped communique's marks (cq:base, extradata), and a reviewer changed the
    entry in Poedit meanwhile: the import cannot tell an edit from a conflict, so it leaves the
    reviewed text and says why. --replace-reviewed applies the file; the reviewer's text stays
    in the translation memory, though no command read her save before."""
    run(runner, project, "export", "--locale", "fr", SLUG, "--xliff-version", version)
    path = project / "xliff" / "fr" / f"{SLUG}.xlf"
    text = path.read_text("utf-8")
    stripped = re.sub(r' (?:cq:base|extradata)="[^"]*"', "", text)
    assert stripped != text
    path.write_text(stripped, "utf-8")
    document = polib.pofile(str(po(project, "fr")))
    reviewed = [e for e in document if e.msgstr and not e.fuzzy and not e.obsolete][-1]
    reviewed.msgstr = "Le texte de la relectrice."
    document.save()
    cat = "Le texte de l'outil de TAO."
    if version == "2.1":
        _edit2(path, {unit_id(None, reviewed.msgid): (cat, "final")})
    else:
        unit = re.escape(unit_id(None, reviewed.msgid))
        pattern = f'(<trans-unit id="{unit}".*?)<target[^>]*>.*?</target>'
        edited = re.sub(pattern, rf'\1<target state="final">{cat}</target>', stripped, flags=re.S)
        assert edited != stripped
        path.write_text(edited, "utf-8")
    # (The other reviewed units, written back by the tool as merely "translated", with their
    # text as it was, change nothing.)
    if version == "2.1":
        text = path.read_text("utf-8")
        path.write_text(text.replace('state="final"', 'state="translated"'), "utf-8")
        _edit2(path, {unit_id(None, reviewed.msgid): (cat, "final")})
    before = catalog_bytes(project)
    refused = run(runner, project, "import", str(path), code=1)
    assert catalog_bytes(project) == before
    assert "25 unchanged, 1 not applied\n" in refused.output
    assert (
        "not applied: the catalog has another reviewed translation, and the file no mark of "
        "what the unit held when exported (its tool dropped it): keep one of the two by hand, "
        "or import with --replace-reviewed: "
    ) in refused.output
    replaced = run(runner, project, "import", "--replace-reviewed", str(path))
    assert "1 translated and reviewed" in replaced.output
    entry = polib.pofile(str(po(project, "fr"))).find(reviewed.msgid)
    assert (entry.msgstr, entry.fuzzy) == (cat, False)
    found = run(runner, project, "memory", "search", reviewed.msgid, "--locale", "fr")
    assert "Le texte de la relectrice." in found.output


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_a_file_without_marks_takes_no_translators_newer_text_for_its_old_one(
    project: Path, runner: CliRunner, version: str
) -> None:
    """Without communique's marks a unit cannot say what it held when exported. Where the
    catalog holds a translator's unreviewed text since (a machine draft she edited, a
    published translation she reworded for a second check), a unit that still holds the old
    text (the draft, the published translation) changes nothing: hers is the newer. A unit
    with new text replaces hers, which stays in a comment, and waits for a review whatever
    the file says; an untouched machine draft is the file's to replace; the file may approve
    her text as it stands."""
    config = project / "communique.toml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"min_complete = \d+", "min_complete = 10", text), "utf-8")
    run(runner, project, "build")  # French is published as it is: the record knows its text
    run(runner, project, "export", "--locale", "fr", SLUG, "--xliff-version", version)
    path = project / "xliff" / "fr" / f"{SLUG}.xlf"
    text = path.read_text("utf-8")
    stripped = re.sub(r' (?:cq:base|extradata)="[^"]*"', "", text)
    assert stripped != text
    document = polib.pofile(str(po(project, "fr")))
    live = [e for e in document if not e.obsolete and e.msgid]
    reviewed = [e for e in live if e.msgstr and not e.fuzzy]
    drafts = [e for e in live if e.fuzzy and e.msgstr and e.previous_msgid is None]
    reworded, edited, approved, newer, replaced = reviewed[3], *drafts[1:5]
    reworded.msgstr = "Le texte d'Anna, à relire."
    reworded.flags.append("fuzzy")
    reworded.tcomment = "Anna : reformulé, à relire"
    edited.msgstr = "Le brouillon corrigé par Anna."
    approved.msgstr = "Le texte de Paul."
    newer.msgstr = "Le texte de Léa."
    document.save()
    units = {
        unit_id(None, approved.msgid): (approved.msgstr, "final"),
        unit_id(None, newer.msgid): ("Le texte de l'outil de TAO.", "final"),
        unit_id(None, replaced.msgid): ("La traduction de l'agence.", "final"),
    }
    if version == "2.1":
        path.write_text(stripped, "utf-8")
        _edit2(path, units)
    else:
        for unit, (target, _) in units.items():
            pattern = f'(<trans-unit id="{re.escape(unit)}".*?)<target[^>]*>.*?</target>'
            changed = rf'\1<target state="final">{target}</target>'
            stripped, count = re.subn(pattern, changed, stripped, flags=re.S)
            assert count == 1
        path.write_text(stripped, "utf-8")
    imported = run(runner, project, "import", str(path))
    assert "not applied" not in imported.output
    entries = {e.msgid: e for e in current(project, "fr")}
    shown = {
        name: (entries[e.msgid].msgstr, entries[e.msgid].fuzzy)
        for name, e in (
            ("reworded", reworded),
            ("edited", edited),
            ("approved", approved),
            ("newer", newer),
            ("replaced", replaced),
        )
    }
    assert shown == {
        "reworded": ("Le texte d'Anna, à relire.", True),  # the file held what was published
        "edited": ("Le brouillon corrigé par Anna.", True),  # the file held the old draft
        "approved": ("Le texte de Paul.", False),
        "newer": ("Le texte de l'outil de TAO.", True),  # hers replaced: for review
        "replaced": ("La traduction de l'agence.", False),
    }
    assert entries[newer.msgid].tcomment.splitlines()[-1] == (
        f"before the import of {path.name}: Le texte de Léa."
    )
    assert "(the catalog's unreviewed text is kept in a comment)" in imported.output
    assert entries[reworded.msgid].tcomment == "Anna : reformulé, à relire"
    # The same file again changes nothing: it approves nothing it left for review, and takes
    # nothing a translator wrote since.
    again = run(runner, project, "import", str(path))
    assert again.output.splitlines()[0].endswith(": 26 unchanged"), again.output
    document = polib.pofile(str(po(project, "fr")))
    document.find(newer.msgid).msgstr = "Le texte de Léa, revu."
    document.save()
    before = catalog_bytes(project)
    run(runner, project, "import", str(path))
    assert catalog_bytes(project) == before


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="fr">
<file id="x"><unit id="u1"><segment><source>&c;</source></segment></unit></file></xliff>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<file original="x.po" source-language="en" target-language="fr" datatype="po"><body>
<trans-unit id="u1"><source>&secret;</source></trans-unit></body></file></xliff>
"""


# Ten levels of ten: libxml2 stops at its amplification limit before the DOCTYPE is looked at.
LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">\n' for i in range(10))
BIG_BOMB = (
    f'<?xml version="1.0"?>\n<!DOCTYPE xliff [\n{LAUGHS}]>\n<xliff xmlns="{XLIFF12}" '
    'version="1.2"><file original="x.po" source-language="en" target-language="fr" '
    'datatype="po"><body><trans-unit id="u1"><source>&lol9;</source></trans-unit></body></file>'
    "</xliff>\n"
).encode()
XHTML_ENTITY = f"""<?xml version="1.0"?>
<!DOCTYPE xliff PUBLIC "-//XLIFF//DTD XLIFF//EN" "http://www.oasis-open.org/xliff.dtd">
<xliff xmlns="{XLIFF2}" version="2.1" srcLang="en" trgLang="fr">
<file id="{SLUG}"><unit id="u1"><segment state="final"><source>Vienna</source>
<target>Vienne&nbsp;!</target></segment></unit></file></xliff>
""".encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BOMB, "bad.xlf:2: not accepted as XLIFF: it declares XML entities ('a', 'b', 'c')"),
        (
            BIG_BOMB,
            "bad.xlf:2: not accepted as XLIFF: it declares XML entities ('lol0', 'lol1', "
            "'lol2', …)",
        ),
        (
            XHTML_ENTITY,
            "bad.xlf:5: the entity &nbsp; is not read (communique reads no DTD and expands no "
            "entity): write the character itself, or its number (&#160; for a no-break space)",
        ),
        (EXTERNAL, "bad.xlf:2: not accepted as XLIFF: it declares XML entities ('secret')"),
        (b"<xliff version='2.1'><file>", "bad.xlf:1: not well-formed XLIFF: "),
        (
            b"<xliff>" + b"<g>" * 300 + b"</g>" * 300 + b"</xliff>",
            "bad.xlf:1: not well-formed XLIFF: elements nested 256 deep, more than any such file "
            "has (a damaged file?)",
        ),
        # Past libxml2's limits: its advice to programmers ("try XML_PARSE_HUGE") left out.
        (
            b"<xliff>" + b"x" * 10_000_001 + b"</xliff>",
            "bad.xlf:1: not well-formed XLIFF: text node too long, more than any such file holds "
            "(a damaged file?)",
        ),
        (b"<tmx version='1.4'/>", "bad.xlf:1: not XLIFF 2, 1.2 or 1.1: the root element is <tmx>"),
        (
            f'<xliff xmlns="{XLIFF2}" version="3.0" srcLang="en" trgLang="fr"/>'.encode(),
            "bad.xlf:1: XLIFF version '3.0' under the namespace of XLIFF 2: this reads XLIFF "
            "2.0, 2.1, 2.2 and 1.2",
        ),
        (
            f'<xliff xmlns="{XLIFF2}" version="2.1" srcLang="en" trgLang="fr">'
            '<file id="../../etc"/></xliff>'.encode(),
            "bad.xlf:1: '../../etc' is not a valid release name",
        ),
        (
            f'<xliff xmlns="{XLIFF2}" version="2.1" srcLang="en" trgLang="de">'
            f'<file id="{SLUG}"/></xliff>'.encode(),
            "bad.xlf:1: translates into 'de', which is not one of the project's languages (fr, ar)",
        ),
        (
            f'<xliff xmlns="{XLIFF2}" version="2.1" srcLang="en">'
            f'<file id="{SLUG}"/></xliff>'.encode(),
            "bad.xlf:1: the document has no trgLang",
        ),
        # Another language's sentences, imported as translations of the English.
        (
            f'<xliff xmlns="{XLIFF2}" version="2.1" srcLang="de" trgLang="fr">'
            f'<file id="{SLUG}"/></xliff>'.encode(),
            "bad.xlf:1: translates from 'de', not from the project's language (en-GB)",
        ),
        # Re-saved in UTF-8 under its old declaration: read as declared, every letter past
        # ASCII came garbled, and was imported as reviewed.
        (
            (
                f"<?xml version='1.0' encoding='ISO-8859-1'?>\n"
                f'<xliff xmlns="{XLIFF2}" version="2.1" srcLang="en" trgLang="fr">'
                f'<file id="{SLUG}"><unit id="u"><segment state="final"><source>Strasbourg'
                "</source><target>Strasbourg à l’aube</target></segment></unit></file></xliff>"
            ).encode(),
            "bad.xlf:1: not read as XLIFF: it declares encoding 'ISO-8859-1', but is written "
            "in UTF-8 (its letters would be read garbled): correct the declaration to "
            'encoding="UTF-8"',
        ),
    ],
)
def test_a_malformed_or_hostile_file_is_one_line_and_nothing_is_written(
    project: Path,
    runner: CliRunner,
    content: bytes,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(project)
    run(runner, project, "export", "--locale", "fr", SLUG)
    good = project / "xliff" / "fr" / f"{SLUG}.xlf"
    entries = current(project, "fr")
    _edit2(good, {unit_id(None, entries[7].msgid): ("Relu.", "final")})
    bad = project / "bad.xlf"
    bad.write_bytes(content)
    before = catalog_bytes(project)
    result = runner.invoke(cli, ["-C", str(project), "import", str(good), "bad.xlf"])
    assert result.exit_code == 1
    assert catalog_bytes(project) == before
    (line,) = result.output.splitlines()
    assert line.startswith("Error: " + message), line


def test_a_code_added_in_the_cat_tool_without_its_text_is_not_applied(
    project: Path, runner: CliRunner
) -> None:
    run(runner, project, "export", "-l", "fr", MARKED)
    path = project / "xliff" / "fr" / f"{MARKED}.xlf"
    text = path.read_text("utf-8")
    target = re.search(r"<target>Read.*?</target>|<target>⟦Ŕéàđ.*?</target>", text, re.S)
    assert target is not None
    edited = '<target>Lisez <ph id="9"/> le rapport.</target>'
    path.write_text(text.replace(target.group(0), edited), "utf-8")
    before = catalog_bytes(project)
    result = run(runner, project, "import", str(path), code=1)
    assert catalog_bytes(project) == before
    assert "the code <ph id='9'> has no original text in the file (added in the CAT tool?)" in (
        result.output
    )


def test_files_translate_toolkit_edited_come_back_as_it_left_them(
    project: Path, runner: CliRunner
) -> None:
    """translate-toolkit as the CAT tool: it writes a target, approves it (2.1 ``reviewed``,
    1.2 ``approved="yes"``), and communique takes exactly that back."""
    run(runner, project, "export", "-l", "fr", MARKED, "--out", str(project / "x21"))
    run(
        runner,
        project,
        "export",
        "-l",
        "ar",
        MARKED,
        "--xliff-version",
        "1.2",
        "--out",
        str(project / "x12"),
    )
    path2 = project / "x21" / "fr" / f"{MARKED}.xlf"
    store2 = xliff2.Xliff2File.parsestring(path2.read_bytes())
    store2.units[1].target = "Vienne"
    store2.units[1].markapproved(True)
    path2.write_bytes(bytes(store2))
    path12 = project / "x12" / "ar" / f"{MARKED}.xlf"
    store12 = poxliff.PoXliffFile.parsestring(path12.read_bytes())
    store12.units[0].target = "نشر المراقبين"
    store12.units[0].markfuzzy(False)
    store12.units[0].markapproved(True)
    path12.write_bytes(bytes(store12))
    before = {locale: current(project, locale, MARKED) for locale in ("fr", "ar")}
    run(runner, project, "import", str(path2), str(path12))
    after = {locale: current(project, locale, MARKED) for locale in ("fr", "ar")}
    changed = {
        (locale, b.msgid, a.msgstr, a.fuzzy)
        for locale in after
        for b, a in zip(before[locale], after[locale], strict=True)
        if str(a) != str(b)
    }
    assert changed == {
        ("fr", "Vienna", "Vienne", False),
        ("ar", "Observers deployed", "نشر المراقبين", False),
    }


def test_an_export_never_undoes_what_the_catalog_gained_after_it(
    project: Path, runner: CliRunner
) -> None:
    """A reviewer corrects and reviews in the catalog while the file is out: the file's units
    the translator did not touch change nothing, and one she changed too is a conflict."""
    run(runner, project, "export", "--locale", "fr", SLUG)
    path = project / "xliff" / "fr" / f"{SLUG}.xlf"
    entries = current(project, "fr")
    corrected = entries[3]  # reviewed when exported
    reviewed = next(e for e in entries if e.fuzzy and e.msgstr)  # a draft when exported
    both = entries[2]
    document = polib.pofile(str(po(project, "fr")))
    document.find(corrected.msgid).msgstr = "Corrigé par la relectrice."
    document.find(reviewed.msgid).flags.remove("fuzzy")
    document.find(both.msgid).msgstr = "Relu au bureau."
    document.save()
    _edit2(path, {unit_id(None, both.msgid): ("Traduit dans l'outil.", "final")})
    before = catalog_bytes(project)
    result = run(runner, project, "import", str(path), code=1)
    assert catalog_bytes(project) == before
    assert result.output.splitlines()[0].endswith(f"{len(entries) - 1} unchanged, 1 not applied")
    assert (
        "not applied: changed in the catalog too since the export: keep one of the two by hand"
        in result.output
    )


def test_a_file_translated_while_draft_ran_and_its_review_come_back(
    project: Path, runner: CliRunner
) -> None:
    """The file went out; 'draft' (or 'publish') drafted the empty entries meanwhile. The
    translator's units were refused as "changed in the catalog too" (an untouched machine
    draft is the file's to replace); then the reviewer's approval of the very text the
    catalog held by then was refused the same way. Both come back."""
    run(runner, project, "export", "--locale", "fr", SLUG)
    path = project / "xliff" / "fr" / f"{SLUG}.xlf"
    empty = next(e for e in current(project, "fr") if not e.msgstr)
    run(runner, project, "draft", SLUG, "--locale", "fr", "--engine", "pseudo")
    drafted = {e.msgid: e for e in current(project, "fr")}[empty.msgid]
    assert (bool(drafted.msgstr), drafted.fuzzy) == (True, True)
    _edit2(path, {unit_id(None, empty.msgid): ("Une phrase traduite.", "translated")})
    translated = run(runner, project, "import", str(path))
    assert "1 translated, for review" in translated.output.splitlines()[0], translated.output
    entry = {e.msgid: e for e in current(project, "fr")}[empty.msgid]
    assert (entry.msgstr, entry.fuzzy) == ("Une phrase traduite.", True)
    _edit2(path, {unit_id(None, empty.msgid): ("Une phrase traduite.", "final")})
    approved = run(runner, project, "import", str(path))
    assert "1 reviewed" in approved.output.splitlines()[0], approved.output
    entry = {e.msgid: e for e in current(project, "fr")}[empty.msgid]
    assert (entry.msgstr, entry.fuzzy) == ("Une phrase traduite.", False)
    # The translator's file again (exported before the review): it says less of the same
    # text, and takes no review back.
    _edit2(path, {unit_id(None, empty.msgid): ("Une phrase traduite.", "translated")})
    again = run(runner, project, "import", str(path))
    assert again.output.splitlines()[0].endswith(" 26 unchanged"), again.output
    assert not {e.msgid: e for e in current(project, "fr")}[empty.msgid].fuzzy


def test_characters_xml_cannot_hold_go_out_as_code_points_in_21_and_stop_a_12_export(
    project: Path, runner: CliRunner
) -> None:
    document = polib.pofile(str(po(project, "fr", MARKED)))
    document[1].msgstr = "Vienne\x0bAutriche"  # a line break as Word pastes it
    document.save()
    line = next(
        m.line
        for m in read_catalog(po(project, "fr", MARKED), display="x").messages
        if m.msgid == "Vienna"
    )
    before = catalog_bytes(project)
    run(runner, project, "export", "-l", "fr", MARKED)
    path = project / "xliff" / "fr" / f"{MARKED}.xlf"
    assert '<target>Vienne<cp hex="000B"/>Autriche</target>' in path.read_text("utf-8")
    assert schema("xliff_core_2.0.xsd").validate(etree.parse(str(path)))
    run(runner, project, "import", str(path))
    assert catalog_bytes(project) == before
    out = project / "x12"
    result = run(runner, project, "export", "--xliff-version", "1.2", "--out", str(out), code=1)
    assert result.output.splitlines()[-1] == (
        f"Error: locale/fr/LC_MESSAGES/{MARKED}.po:{line}: holds U+000B, a character XML 1.0 "
        "cannot hold, which XLIFF 1.2 cannot write: export as XLIFF 2.1, or remove the character"
    )
    assert not out.exists()  # no file of the export was written


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ('X<cp hex="0"/>Y', "<cp hex='0'> is no character a catalog can hold"),
        ('X<cp hex="D800"/>Y', "<cp hex='D800'> is no character a catalog can hold"),
        ("Vienne\n", "its translation must end with a line break where the English does"),
        # What a CAT tool does not show, which would stop the language at the gate.
        ("Vi\u202eenne", "in its translation, a right-to-left override (U+202E) shows the text"),
        ("Vienne\x92", "its translation holds a control character (U+0092) at character 7"),
    ],
)
def test_a_translation_a_catalog_cannot_hold_is_not_applied(
    project: Path, runner: CliRunner, target: str, why: str
) -> None:
    run(runner, project, "export", "-l", "fr", MARKED)
    path = project / "xliff" / "fr" / f"{MARKED}.xlf"
    text = path.read_text("utf-8")
    old = re.search(r"<target>⟦Ṽîéññà ~~⟧</target>", text)
    assert old is not None
    path.write_text(text.replace(old.group(0), f"<target>{target}</target>"), "utf-8")
    before = catalog_bytes(project)
    result = run(runner, project, "import", str(path), code=1)
    assert catalog_bytes(project) == before
    assert why in result.output


def test_a_target_a_cat_tool_filled_with_the_english_is_no_translation(
    project: Path, runner: CliRunner
) -> None:
    """Many CAT tools copy the source into each target they open, state new (1.2) or initial
    (2.1): that is no translation, and the untranslated entries stay untranslated."""
    run(runner, project, "export", "-l", "fr", SLUG, "--xliff-version", "1.2")
    path = project / "xliff" / "fr" / f"{SLUG}.xlf"
    root = etree.parse(str(path))
    filled = 0
    for unit in root.iter(f"{{{XLIFF12}}}trans-unit"):
        if unit.find(f"{{{XLIFF12}}}target") is None:
            target = etree.SubElement(unit, f"{{{XLIFF12}}}target", {"state": "new"})
            target.text = unit.find(f"{{{XLIFF12}}}source").text
            unit.find(f"{{{XLIFF12}}}source").addnext(target)
            filled += 1
    assert filled
    root.write(str(path), xml_declaration=True, encoding="UTF-8")
    before = catalog_bytes(project)
    run(runner, project, "import", str(path))
    assert catalog_bytes(project) == before


def test_a_document_with_no_file_is_an_error(project: Path, runner: CliRunner) -> None:
    empty = project / "empty.xlf"
    empty.write_text(f'<xliff xmlns="{XLIFF2}" version="2.1" srcLang="en" trgLang="fr"/>', "utf-8")
    result = run(runner, project, "import", str(empty), code=1)
    assert result.output == f"Error: {empty}:1: holds no <file>: there is nothing to import\n"


def test_the_sites_own_words_go_out_and_come_back(project: Path, runner: CliRunner) -> None:
    """Polish, a language communique ships no site words for: its catalog of them goes out
    with the releases, as ``site/pl.xlf``, ``{fields}`` as codes a translator cannot break;
    the files are valid, translate-toolkit reads them, and a CAT tool's translations come back
    into ``locale/site/pl.po``, from XLIFF 2.1 and 1.2 alike."""
    config = project / "communique.toml"
    text = config.read_text("utf-8")
    config.write_text(text.replace('targets = ["fr", "ar"]', 'targets = ["fr", "ar", "pl"]'))
    run(runner, project, "update")
    site = project / "locale" / "site" / "pl.po"
    words = [e.msgid for e in polib.pofile(str(site))]
    out = run(runner, project, "export", "--locale", "pl", "--out", str(project / "x21")).output
    run(
        runner,
        project,
        "export",
        "-l",
        "pl",
        "--xliff-version",
        "1.2",
        "--out",
        str(project / "x12"),
    )
    assert f"{project / 'x21' / 'site' / 'pl.xlf'}: 0 reviewed, 0 waiting for review, " in out
    # Only with the whole project: a release named alone goes out alone.
    alone = run(runner, project, "export", "-l", "pl", SLUG, "--out", str(project / "x"))
    assert not (project / "x" / "site").exists(), alone.output
    path21, path12 = project / "x21" / "site" / "pl.xlf", project / "x12" / "site" / "pl.xlf"
    assert schema("xliff_core_2.0.xsd").validate(etree.parse(str(path21)))
    assert schema("xliff-core-1.2-strict.xsd").validate(etree.parse(str(path12)))
    store2 = xliff2.Xliff2File.parsestring(path21.read_bytes())  # (it shows no code's text)
    assert [u.getid() for u in store2.units] == [unit_id(None, word) for word in words]
    store12 = poxliff.PoXliffFile.parsestring(path12.read_bytes())
    assert [u.source for u in store12.units] == words

    titled = "{organisation} press releases"
    document = etree.parse(str(path21))
    unit = next(
        u for u in document.iter(f"{{{XLIFF2}}}unit") if u.get("id") == unit_id(None, titled)
    )
    source = unit.find(f"{{{XLIFF2}}}segment/{{{XLIFF2}}}source")
    (field,) = source
    assert (source.text, field.get("disp"), field.get("canDelete"), field.tail) == (
        None,
        "{organisation}",
        "no",
        " press releases",
    )
    # The CAT tool: the translation, the code placed first, reviewed.
    segment = source.getparent()
    target = etree.SubElement(segment, f"{{{XLIFF2}}}target")
    target.append(etree.fromstring(etree.tostring(field, with_tail=False)))
    target[0].tail = ": komunikaty prasowe"
    segment.set("state", "final")
    document.write(str(path21), xml_declaration=True, encoding="UTF-8")
    result = run(runner, project, "import", str(path21))
    assert f"{path21} -> locale/site/pl.po: 1 translated and reviewed, " in result.output

    twin = etree.parse(str(path12))
    languages = next(
        u
        for u in twin.iter(f"{{{XLIFF12}}}trans-unit")
        if u.get("id") == unit_id(None, "Languages")
    )
    etree.SubElement(languages, f"{{{XLIFF12}}}target", {"state": "final"}).text = "Języki"
    languages.set("approved", "yes")
    twin.write(str(path12), xml_declaration=True, encoding="UTF-8")
    run(runner, project, "import", str(path12))

    translated = {e.msgid: (e.msgstr, e.fuzzy) for e in polib.pofile(str(site)) if e.msgstr}
    assert translated == {
        titled: ("{organisation}: komunikaty prasowe", False),
        "Languages": ("Języki", False),
    }
    # A translator's unreviewed word in the catalog, and a file without marks that changes it:
    # the site's words have no record to ask (it is a release's), and hers stays in a comment.
    document = polib.pofile(str(site))
    document.find("Languages").msgstr = "Języki strony"
    document.find("Languages").flags.append("fuzzy")
    document.save()
    stripped = re.sub(r' (?:cq:base|extradata)="[^"]*"', "", path12.read_text("utf-8"))
    path12.write_text(stripped.replace(">Języki<", ">Wersje językowe<"), "utf-8")
    result = run(runner, project, "import", str(path12))
    assert "(the catalog's unreviewed text is kept in a comment)" in result.output
    entry = polib.pofile(str(site)).find("Languages")
    assert (entry.msgstr, entry.fuzzy) == ("Wersje językowe", True)
    assert entry.tcomment.endswith("before the import of pl.xlf: Języki strony")


def test_a_site_word_whose_field_the_cat_tool_lost_is_not_applied_the_rest_is(
    project: Path, runner: CliRunner
) -> None:
    """A CAT tool lets a translator delete a code it marks canDelete="no": that one unit is
    reported with the file's line, what msgfmt would say of it, and the rest comes in. A site
    file for a language communique ships words for is refused, saying so."""
    config = project / "communique.toml"
    text = config.read_text("utf-8")
    config.write_text(text.replace('targets = ["fr", "ar"]', 'targets = ["fr", "ar", "pl"]'))
    run(runner, project, "update")
    run(runner, project, "export", "--locale", "pl")
    path = project / "xliff" / "site" / "pl.xlf"
    document = etree.parse(str(path))
    for unit in document.iter(f"{{{XLIFF2}}}unit"):
        segment = unit.find(f"{{{XLIFF2}}}segment")
        target = etree.SubElement(segment, f"{{{XLIFF2}}}target")
        if unit.get("id") == unit_id(None, "{organisation} press releases"):
            target.text = "Komunikaty prasowe"  # the code deleted
        elif unit.get("id") == unit_id(None, "Languages"):
            target.text = "Języki"
        else:
            continue
        segment.set("state", "final")
    document.write(str(path), xml_declaration=True, encoding="UTF-8")
    lines = etree.parse(str(path))
    lost = next(
        u.sourceline
        for u in lines.iter(f"{{{XLIFF2}}}unit")
        if u.get("id") == unit_id(None, "{organisation} press releases")
    )
    result = run(runner, project, "import", str(path), code=1)
    assert (
        f"  {path}:{lost}: not applied: its translation would break the catalog for gettext: "
        "a format specification for argument 'organisation' doesn't exist in 'msgstr' "
        "(python-brace-format): '{organisation} press releases'"
    ) in result.output.splitlines()
    site = polib.pofile(str(project / "locale" / "site" / "pl.po"))
    assert {e.msgid: e.msgstr for e in site if e.msgstr} == {"Languages": "Języki"}

    french = project / "site_fr.xlf"
    french.write_bytes(path.read_bytes().replace(b'trgLang="pl"', b'trgLang="fr"'))
    refused = run(runner, project, "import", str(french), code=1)
    assert refused.output.splitlines()[-1] == (
        f"Error: {french}:3: locale/site/fr.po does not exist: communique's own site words "
        "serve fr, and 'communique export' writes none for it"
    )


def test_a_file_returned_in_another_countrys_variety_is_refused(
    demo_dir: Path, runner: CliRunner
) -> None:
    """A CAT tool's pt-PT file for the project's pt-BR: European Portuguese is no Brazilian
    translation, reviewed or not; the import names the variety and writes nothing."""
    config = demo_dir / "communique.toml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"targets = \[[^]]*\]", 'targets = ["pt-BR"]', text), "utf-8")
    run(runner, demo_dir, "update")
    run(runner, demo_dir, "export", "--locale", "pt-BR")
    path = demo_dir / "xliff" / "pt-BR" / f"{SLUG}.xlf"
    path.write_bytes(path.read_bytes().replace(b'trgLang="pt-BR"', b'trgLang="pt-PT"'))
    before = catalog_bytes(demo_dir)
    refused = run(runner, demo_dir, "import", str(path), code=1)
    assert refused.stderr.endswith(
        "translates into 'pt-PT', another country's variety than the project's pt-BR: it is "
        "not imported as pt-BR's translation\n"
    )
    assert catalog_bytes(demo_dir) == before
    # Latin America's Spanish takes Mexico's; a project's Swiss German a file tagged de.
    config.write_text(
        re.sub(r"targets = \[[^]]*\]", 'targets = ["es-419", "de-CH"]', text), "utf-8"
    )
    run(runner, demo_dir, "update")
    run(runner, demo_dir, "export", "--locale", "es-419", "--locale", "de-CH")
    for folder, written, tag in (("es-419", "es-419", "es-MX"), ("de-CH", "de-CH", "de")):
        path = demo_dir / "xliff" / folder / f"{SLUG}.xlf"
        path.write_bytes(
            path.read_bytes().replace(f'trgLang="{written}"'.encode(), f'trgLang="{tag}"'.encode())
        )
        taken = run(runner, demo_dir, "import", str(path))
        assert f"(tagged {tag})" in taken.output


def test_of_two_like_units_the_nearer_has_the_reworded_entry(
    project: Path, runner: CliRunner
) -> None:
    """Two sentences alike; the first deleted, the second reworded while the translator works:
    the second's translation goes to its new English, not the first's (file order), and the
    first's is reported not applied."""
    slug = "2024-05-07-law"
    first = "The OSCE Mission welcomed the adoption of the law on Monday."
    second = "The OSCE Mission welcomed the adoption of the law on elections."
    source = project / "source" / f"{slug}.md"
    source.write_text(f"# Law\n\nVienna, 7 May 2024 (OSCE): {first} {second}\n", "utf-8")
    run(runner, project, "update")
    run(runner, project, "export", "--locale", "fr", slug)
    path = project / "xliff" / "fr" / f"{slug}.xlf"
    _edit2(
        path,
        {
            unit_id(None, first): ("La Mission a salué la loi lundi.", "translated"),
            unit_id(None, second): ("La Mission a salué la loi électorale.", "translated"),
        },
    )
    reworded = "The OSCE Mission welcomed the adoption of the new law on elections by parliament."
    source.write_text(f"# Law\n\nVienna, 7 May 2024 (OSCE): {reworded}\n", "utf-8")
    run(runner, project, "update")
    result = run(runner, project, "import", str(path), code=1)
    after = next(e for e in current(project, "fr", slug) if e.msgid == reworded)
    assert (after.msgstr, after.previous_msgid) == ("La Mission a salué la loi électorale.", second)
    assert "not applied: its English is no longer in the release" in result.output
    assert repr(shortened(first, 60)) in result.output


def test_a_file_in_the_legacy_encoding_it_declares_is_read(
    project: Path, runner: CliRunner
) -> None:
    """A file truly in ISO-8859-1 (as it declares) is read as such: only UTF-8 bytes under a
    legacy declaration are refused."""
    run(runner, project, "export", "--locale", "fr", SLUG)
    path = project / "xliff" / "fr" / f"{SLUG}.xlf"
    entries = current(project, "fr")
    _edit2(path, {unit_id(None, entries[7].msgid): ("Relu à Genève.", "final")})
    text = path.read_text("utf-8").replace("encoding='UTF-8'", "encoding='ISO-8859-1'", 1)
    path.write_bytes(text.encode("iso-8859-1", "xmlcharrefreplace"))
    run(runner, project, "import", str(path))
    assert current(project, "fr")[7].msgstr == "Relu à Genève."


def test_a_catalog_that_cannot_be_read_is_left_out_of_an_export_not_the_others(
    project: Path, runner: CliRunner
) -> None:
    """One bad catalog stops nothing else, as in update and build: the export of every other
    is written, the bad one is named with its line, and the run exits 1 (it exported nothing)."""
    path = po(project, "fr")
    text = path.read_text("utf-8")
    path.write_text(text.replace('msgid "Strasbourg"', 'msgid "Strasbourg', 1), "utf-8")
    line = text.split("\n").index('msgid "Strasbourg"') + 1
    result = run(runner, project, "export", code=1)
    assert result.stderr.splitlines() == [
        f"Error: locale/fr/LC_MESSAGES/{SLUG}.po:{line}: syntax error: the string is not closed: "
        'a " is missing at the end of the line (not exported)'
    ]
    written = sorted(
        p.relative_to(project / "xliff").as_posix() for p in (project / "xliff").rglob("*.xlf")
    )
    assert written == sorted([f"ar/{MARKED}.xlf", f"ar/{SLUG}.xlf", f"fr/{MARKED}.xlf"])


def test_a_pipe_given_to_import_is_refused_not_waited_on(project: Path, runner: CliRunner) -> None:
    """A named pipe (outside the project, where nothing else looks) held the import for ever,
    waiting for someone to write into it."""
    fifo = project.parent / "returned.xlf"
    os.mkfifo(fifo)
    result = runner.invoke(cli, ["-C", str(project), "import", str(fifo)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {fifo}: not a regular file\n"


def test_a_target_emptied_but_marked_done_is_reported_not_applied(
    project: Path, runner: CliRunner
) -> None:
    """Two sentences merged in a CAT tool: the first unit holds both, the second's target is
    left empty, marked final. The empty target erases nothing, and is said, not counted as
    "unchanged": the catalog's translation of that sentence stays, and the page would say it
    twice."""
    path = _translate_12(project, runner, AS_EXPORTED)
    assert "1 translated and reviewed" in run(runner, project, "import", str(path)).output
    reviewed = polib.pofile(str(po(project, "fr", MARKED))).find(LINKED).msgstr
    # Empty, or a space (1.2's targets are read as written: the space replaced the reviewed
    # translation, reviewed, and the version stopped passing the gate).
    for emptied in ('<target state="final"></target>', '<target state="final"> </target>'):
        path = _translate_12(project, runner, emptied)
        _refused_as_emptied(project, runner, path)
        assert polib.pofile(str(po(project, "fr", MARKED))).find(LINKED).msgstr == reviewed


def _refused_as_emptied(project: Path, runner: CliRunner, path: Path) -> None:
    result = run(runner, project, "import", str(path), code=1)
    line = next(
        number
        for number, text in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if f'<trans-unit id="{unit_id(None, LINKED)}"' in text
    )
    assert (
        f"  {path}:{line}: not applied: its translation is empty, though the file marks it "
        "done (merged into another unit in the CAT tool?): the catalog's stays, and each "
        f"sentence needs its own: {shortened(LINKED, 60)!r}"
    ) in result.output.splitlines()[1:], result.output


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_a_note_written_in_the_cat_tool_comes_back_as_a_translator_comment(
    project: Path, runner: CliRunner, version: str
) -> None:
    """A note a translator adds to a unit in the CAT tool (a question for the desk, a source
    checked) is the translator's work too: it was dropped without a word. It comes back as
    translator comments of the entry, a line each, once: the export's own notes, and the
    translator comments it sends as notes, are not taken again."""
    out = project / f"x{version}"
    run(runner, project, "export", "-l", "fr", SLUG, "--xliff-version", version, "--out", str(out))
    path = out / "fr" / f"{SLUG}.xlf"
    root = etree.parse(str(path))
    namespace = XLIFF2 if version == "2.1" else XLIFF12
    units = list(root.iter(f"{{{namespace}}}unit", f"{{{namespace}}}trans-unit"))
    english = [unit.findtext(f".//{{{namespace}}}source") for unit in units[:2]]
    notes = ["Asked the desk:\n  CoE, not EC?", "Source checked"]
    for unit, said in zip(units[:2], notes, strict=True):
        if version == "2.1":
            holder = unit.find(f"{{{namespace}}}notes")
            if holder is None:
                holder = etree.Element(f"{{{namespace}}}notes")
                unit.insert(0, holder)
            etree.SubElement(holder, f"{{{namespace}}}note", {"category": "translator"}).text = said
        else:
            etree.SubElement(unit, f"{{{namespace}}}note", {"from": "translator"}).text = said
    root.write(str(path), xml_declaration=True, encoding="utf-8")
    before = {e.msgid: e.tcomment for e in current(project, "fr")}

    result = run(runner, project, "import", str(path))
    entries = {e.msgid: e for e in current(project, "fr")}
    assert entries[english[0]].tcomment.splitlines()[-2:] == ["Asked the desk:", "  CoE, not EC?"]
    assert entries[english[1]].tcomment.splitlines()[-1] == "Source checked"
    changed = {m for m, e in entries.items() if e.tcomment != before[m]}
    assert changed == set(english)
    summary = result.output.splitlines()[0]
    assert summary.endswith(": 26 unchanged, 2 notes kept as translator comments")
    assert result.output.count(": note kept as a translator comment: ") == 2
    once = catalog_bytes(project)
    run(runner, project, "import", str(path))  # the same file again: nothing twice
    assert catalog_bytes(project) == once
    run(runner, project, "export", "-l", "fr", SLUG, "--xliff-version", version, "--out", str(out))
    run(runner, project, "import", str(path))  # the notes, now sent as the entry's comments
    assert catalog_bytes(project) == once


@pytest.mark.parametrize("renumbered", [False, True])
def test_a_unit_whose_id_the_cat_tool_dropped_goes_to_its_english_s_entry(
    project: Path, runner: CliRunner, renumbered: bool
) -> None:
    """A unit without an id, or with one of the CAT tool's own (a tool that rewrites units, a
    hand-made file), whose English is the catalog's is that English's entry: it was reported
    as "no longer in the release"."""
    run(runner, project, "export", "-l", "fr", SLUG)
    path = project / "xliff" / "fr" / f"{SLUG}.xlf"
    root = etree.parse(str(path))
    unit = next(root.iter(f"{{{XLIFF2}}}unit"))
    english = unit.findtext(f".//{{{XLIFF2}}}source")
    if renumbered:
        unit.set("id", "1")
    else:
        del unit.attrib["id"]
    segment = unit.find(f"{{{XLIFF2}}}segment")
    segment.set("state", "final")
    target = segment.find(f"{{{XLIFF2}}}target")
    if target is None:
        target = etree.SubElement(segment, f"{{{XLIFF2}}}target")
    target.text = "Réunion des coordinateurs nationaux"
    root.write(str(path), xml_declaration=True, encoding="utf-8")
    result = run(runner, project, "import", str(path))
    assert "not applied" not in result.output
    entry = next(e for e in current(project, "fr") if e.msgid == english)
    assert (entry.msgstr, entry.fuzzy) == ("Réunion des coordinateurs nationaux", False)


def test_notes_that_are_the_export_s_own_or_the_entry_s_comments_are_not_taken_again(
    project: Path, runner: CliRunner
) -> None:
    """The export sends an entry's translator comments as notes, with its own (where the
    sentence is, its role, where a draft came from): back from a CAT tool that drops their
    categories, or after the English changed, they are nobody's new note. None becomes a
    comment, none is "not applied", and a comment with a no-break space, a ZWNJ or an
    indent comes back as it is."""
    path = po(project, "fr")
    document = polib.pofile(str(path))
    entry = next(e for e in document if e.msgid == "Strasbourg")
    entry.tcomment = "Vérifié\u00a0: graphie officielle\n  indented  note\nنشست\u200cهای سالانه"
    document.save()
    out = project / "x12"
    run(runner, project, "export", "-l", "fr", SLUG, "--xliff-version", "1.2", "--out", str(out))
    exported = out / "fr" / f"{SLUG}.xlf"
    text = exported.read_text("utf-8")
    exported.write_text(re.sub(r' from="[a-z]+"', "", text), "utf-8")  # a tool that drops them
    source = project / "source" / f"{SLUG}.txt"
    english = source.read_text("utf-8")
    source.write_text(english.replace("Strasbourg", "Strasbourg (France)", 1), "utf-8")
    run(runner, project, "update")
    before = catalog_bytes(project)
    result = run(runner, project, "import", str(exported))
    assert result.output.splitlines()[-1].endswith(": 26 unchanged")
    assert catalog_bytes(project) == before


def test_a_catalog_kept_in_latin_1_takes_an_import_and_is_written_in_utf8(
    project: Path, runner: CliRunner
) -> None:
    """A catalog a translator's tool saved in ISO-8859-1 (msgfmt takes it): the import read it
    back, as it writes it, in UTF-8 under the header's ISO-8859-1, and refused the file as
    garbled, importing nothing. It takes the translation, and the catalog says UTF-8."""
    path = po(project, "fr")
    document = polib.pofile(str(path))
    for entry in document:  # (the pseudo-engine's drafts have brackets Latin-1 has not)
        if not entry.msgstr.isascii():
            entry.msgstr, entry.flags = "", []
    document.save()
    text = path.read_text("utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    path.write_bytes(text.encode("latin-1"))
    run(runner, project, "export", "--locale", "fr", SLUG)
    entries = current(project, "fr")
    empty = next(e for e in entries if not e.msgstr)
    exported = project / "xliff" / "fr" / f"{SLUG}.xlf"
    _edit2(exported, {unit_id(None, empty.msgid): ("Une phrase ajoutée à la fin.", "final")})
    run(runner, project, "import", str(exported))
    written = path.read_bytes().decode("utf-8")
    assert "charset=UTF-8" in written
    assert "ISO-8859-1" not in written
    after = {e.msgid: e for e in current(project, "fr")}
    assert (after[empty.msgid].msgstr, after[empty.msgid].fuzzy) == (
        "Une phrase ajoutée à la fin.",
        False,
    )


def test_a_note_another_entry_has_already_is_kept_on_its_own_entry(
    project: Path, runner: CliRunner
) -> None:
    """A translator writes the same note on two units ("Check the figure with legal"), one
    entry has it already: the other unit's was dropped without a word, as if the export had
    written it. Only the entry's own comments, and what the export says of its unit, are
    not taken again."""
    path = po(project, "fr")
    document = polib.pofile(str(path))
    first = next(e for e in document if e.msgid == "Strasbourg")
    first.tcomment = "Vérifier le chiffre"
    document.save()
    run(runner, project, "export", "-l", "fr", SLUG)
    exported = project / "xliff" / "fr" / f"{SLUG}.xlf"
    root = etree.parse(str(exported))
    units = [
        u
        for u in root.iter(f"{{{XLIFF2}}}unit")
        if u.findtext(f".//{{{XLIFF2}}}source") != "Strasbourg"
    ]
    other = units[3]
    holder = other.find(f"{{{XLIFF2}}}notes")
    if holder is None:
        holder = etree.Element(f"{{{XLIFF2}}}notes")
        other.insert(0, holder)
    etree.SubElement(
        holder, f"{{{XLIFF2}}}note", {"category": "translator"}
    ).text = "Vérifier le chiffre"
    root.write(str(exported), xml_declaration=True, encoding="utf-8")
    english = other.findtext(f".//{{{XLIFF2}}}source")
    result = run(runner, project, "import", str(exported))
    assert result.output.splitlines()[0].endswith("1 note kept as a translator comment"), (
        result.output
    )
    entries = {e.msgid: e for e in current(project, "fr")}
    assert entries[english].tcomment.splitlines()[-1] == "Vérifier le chiffre"
    assert entries["Strasbourg"].tcomment == "Vérifier le chiffre"


def test_a_file_exported_before_a_rename_goes_to_the_renamed_release(
    project: Path, runner: CliRunner
) -> None:
    """The release was renamed (``communique rename``, which keeps the old slug in its
    ``aliases``) while its file was out with the translator: it was refused, "no release
    … in this project", and her work could not come back."""
    run(runner, project, "export", "--locale", "fr", SLUG)
    renamed = f"{SLUG}-strasbourg"
    run(runner, project, "rename", SLUG, renamed)
    entries = current(project, "fr", renamed)
    empty = next(e for e in entries if not e.msgstr)
    exported = project / "xliff" / "fr" / f"{SLUG}.xlf"
    _edit2(exported, {unit_id(None, empty.msgid): ("Une phrase ajoutée à la fin.", "final")})
    result = run(runner, project, "import", str(exported))
    assert result.output.splitlines()[0].startswith(
        f"{exported} -> locale/fr/LC_MESSAGES/{renamed}.po: 1 translated and reviewed"
    )
    after = {e.msgid: e for e in current(project, "fr", renamed)}
    assert (after[empty.msgid].msgstr, after[empty.msgid].fuzzy) == (
        "Une phrase ajoutée à la fin.",
        False,
    )
