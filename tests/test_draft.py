"""draft on the demo project with the real Apertium: sources, protection, cache, resumption."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import polib
import pytest
from click.testing import CliRunner

from communique.catalog.drafts import draft_comment, mark
from communique.catalog.reader import read_catalog
from communique.cli import cli
from communique.project import Project
from communique.translate.draft import LocaleSummary, Progress, tidy
from communique.translate.engines import (
    PLACEHOLDER,
    Engine,
    EngineError,
    Route,
    Translation,
    create_engine,
)
from communique.translate.engines.online import OnlineEngine, OnlineSettings
from tests.conftest import REPOSITORY
from tests.services import GOOD_KEY, serving
from tests.stages import catalog, demo_with_catalogs, draft, review_project, update

SLUG = "2023-06-07-anti-trafficking-coordinators-meet"


class Counting:
    """A real engine, its answers counted; optionally failing after a number of them, or
    answering without the placeholders. The drafter asks for sentences with ``translations``
    (``calls``) and for glossary terms alone with ``translate`` (``terms``)."""

    def __init__(
        self, inner: Engine, fail_after: int | None = None, drop_placeholders: bool = False
    ):
        self.inner = inner
        self.name = inner.name
        self.rule_based = inner.rule_based
        self.calls = 0
        self.terms = 0
        self.fail_after = fail_after
        self.drop_placeholders = drop_placeholders

    def route(self, source: str, target: str) -> Route | None:
        return self.inner.route(source, target)

    def translate(self, route: Route, texts: Sequence[str]) -> list[Translation]:
        self.terms += len(texts)
        return self.inner.translate(route, texts)

    def translations(self, route: Route, texts: Sequence[str]) -> Iterator[Translation]:
        for translation in self.inner.translations(route, texts):
            self.calls += 1
            if self.fail_after is not None and self.calls > self.fail_after:
                raise EngineError(f"{self.name}: the connection dropped")
            if self.drop_placeholders:
                translation = Translation(PLACEHOLDER.sub("", translation.text))
            yield translation

    def close(self) -> None:
        self.inner.close()


def apertium(text: str, *modes: str) -> str:
    """Apertium's own translation of ``text`` (by default ``eng-spa``; several modes in turn),
    its unknown-word marks left out (``-u``) as the drafter's engine leaves them out."""
    for mode in modes or ("eng-spa",):
        text = subprocess.run(
            ["apertium", "-u", mode], input=text, capture_output=True, text=True, check=True
        ).stdout
    return text.strip()


class Tally(Progress):
    """Counts what a run tells its progress bar."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.advances = 0

    def start(self, total: int) -> None:
        self.total = total

    def advance(self) -> None:
        self.advances += 1


@pytest.fixture
def demo(demo_dir: Path) -> Project:
    return demo_with_catalogs(demo_dir)


def by_locale(summaries: list[LocaleSummary]) -> dict[str, LocaleSummary]:
    return {summary.locale: summary for summary in summaries}


@pytest.mark.needs_gettext
@pytest.mark.needs_apertium
def test_demo_drafts_spanish_french_italian_offline(demo: Project) -> None:
    summaries = by_locale(draft(demo))
    for locale, route in (
        ("es", "apertium eng-spa"),
        ("fr", "apertium eng-spa | es-fr"),
        ("it", "apertium eng-spa | spa-ita"),
    ):
        summary = summaries[locale]
        assert (summary.route, summary.failed, summary.undrafted) == (route, 0, 0)
        assert (summary.glossary, summary.machine, summary.memory) == (1, 24, 0)
        document = catalog(demo, locale)
        assert all(entry.fuzzy and entry.msgstr for entry in document)
        assert document[2].tcomment.startswith(f"draft: {route}")
    for locale, place in (("de", "Straßburg"), ("ru", "Страсбург")):
        summary = summaries[locale]
        assert summary.note is not None
        route = f"no offline route from en-GB to {locale} (installed pairs: "
        assert summary.note.startswith(route)
        assert summary.note.endswith("): drafted from memory and glossary only")
        assert (summary.glossary, summary.machine, summary.undrafted) == (1, 0, 24)
        document = catalog(demo, locale)
        assert (document[1].msgid, document[1].msgstr, document[1].tcomment) == (
            "Strasbourg",
            place,
            draft_comment("glossary", place),
        )
        assert document[1].fuzzy
        assert [entry.msgstr for entry in document if entry.msgid != "Strasbourg"] == [""] * 24
    spanish = {entry.msgid: entry.msgstr for entry in catalog(demo, "es")}
    meeting = "Yesterday, on 6 June, the highly anticipated annual meeting of National"
    assert "6 de junio" in next(v for k, v in spanish.items() if k.startswith(meeting))
    delegates = next(v for k, v in spanish.items() if "130 delegates" in k)
    assert "130" in delegates
    assert "Consejo de Europa" in delegates
    assert "OSCE" in delegates
    for locale in ("es", "fr", "it", "de", "ru"):
        path = demo.catalog_path(SLUG, locale)
        assert (
            subprocess.run(["msgcat", str(path)], capture_output=True).stdout == path.read_bytes()
        )


@pytest.mark.needs_apertium
def test_numbers_urls_and_markup_survive_apertium(demo: Project) -> None:
    (demo.root / "source" / "2024-03-01-observers.md").write_text(
        "# Observers deployed\n\nVienna, 1 March 2024 (OSCE): Some 1,200 observers were "
        "deployed, 4.5 per cent more than on 7 June 2023. Read the **full report** at "
        "https://www.osce.org/odihr/report.\n",
        "utf-8",
    )
    update(demo, ["2024-03-01-observers"], ["fr"])
    draft(demo, ["2024-03-01-observers"], ["fr"])
    entries = {e.msgid: e for e in catalog(demo, "fr", "2024-03-01-observers")}
    first = entries["Some 1,200 observers were deployed, 4.5 per cent more than on 7 June 2023."]
    assert "1\u202f200" in first.msgstr
    assert "4,5\u00a0%" in first.msgstr
    assert "7 juin 2023" in first.msgstr
    second = entries["Read the **full report** at https://www.osce.org/odihr/report."]
    assert "https://www.osce.org/odihr/report" in second.msgstr
    assert second.msgstr.count("**") == 2
    assert entries["Vienna"].msgstr  # drafted through the engine


@pytest.mark.needs_apertium
def test_a_number_leaves_apertiums_translation_of_its_sentence_as_it_was(demo: Project) -> None:
    """Numbers go to Apertium as numerals, which its rules read as numbers: a placeholder in
    their place split the sentence ("El Secretario General operaciones 3 de campo visitado").
    The draft is Apertium's own translation of the sentence, each number in the locale's form."""
    sentences = [
        "The Secretary General visited 3 field operations.",
        "Some 1,200 delegates attended and 40 per cent of them were women.",
    ]
    (demo.root / "source" / "2024-03-01-visits.md").write_text(
        "# Visits\n\nVienna, 1 March 2024 (OSCE): " + " ".join(sentences) + "\n", "utf-8"
    )
    update(demo, ["2024-03-01-visits"], ["es"])
    draft(demo, ["2024-03-01-visits"], ["es"])
    entries = {e.msgid: e for e in catalog(demo, "es", "2024-03-01-visits")}
    assert entries[sentences[0]].msgstr == apertium(sentences[0])
    assert "3 operaciones" in entries[sentences[0]].msgstr
    # Apertium knows no "per cent" ("40 por el céntimo"): the engine gets "40", the draft the
    # locale's percentage and number forms.
    raw = apertium(sentences[1].replace(" per cent", "").replace("1,200", "1200"))
    expected = raw.replace("1200", "1.200").replace("40 ", "40\u00a0% ")
    assert entries[sentences[1]].msgstr == tidy(expected)


@pytest.mark.needs_apertium
def test_a_date_goes_to_apertium_as_written_and_comes_back_as_cldr_writes_it(
    demo: Project,
) -> None:
    """A date in a placeholder lost its preposition ("met on <x0/>": "cumplieron encima 7 de
    junio de 2023", "hanno compiuto addirittura 7 giugno 2023"): Apertium gets it as written,
    translates it in its place, and the drafter writes CLDR's form where it finds it."""
    sentence = "The delegates met on 7 June 2023 in Vienna."
    (demo.root / "source" / "2024-03-01-dates.md").write_text(
        f"# Dates\n\nVienna, 1 March 2024 (OSCE): {sentence}\n", "utf-8"
    )
    update(demo, ["2024-03-01-dates"], ["es", "it"])
    (spanish, italian) = draft(demo, ["2024-03-01-dates"], ["es", "it"])
    assert (spanish.failed, italian.failed) == (0, 0)

    drafted = {
        locale: {e.msgid: e.msgstr for e in catalog(demo, locale, "2024-03-01-dates")}[sentence]
        for locale in ("es", "it")
    }
    assert drafted["es"] == apertium(sentence)
    assert "el 7 de junio de 2023" in drafted["es"]
    # Through Spanish, Apertium writes "7 di giugno di 2023"; CLDR, "7 giugno 2023".
    italian_raw = apertium(sentence, "eng-spa", "spa-ita")
    assert "il 7 di giugno di 2023" in italian_raw
    assert drafted["it"] == italian_raw.replace("7 di giugno di 2023", "7 giugno 2023")


@pytest.mark.needs_apertium
def test_glossary_terms_go_to_apertium_as_written_and_come_back_approved(demo: Project) -> None:
    """A term in a placeholder left its article to chance ("el región de la OSCE" for "the
    OSCE region"): Apertium gets it as written, and where its translation of the term alone
    ("región de OSCE") is in the answer, the approved form takes its place."""
    draft(demo, locales=["es"])
    entries = {e.msgid: e for e in catalog(demo, "es")}
    sentence = next(msgid for msgid in entries if msgid.startswith(PARTICIPATION))
    assert "the Council of Europe and the OSCE region" in sentence
    raw = apertium(sentence)
    assert "la región de OSCE" in raw
    drafted = entries[sentence]
    assert drafted.msgstr == raw.replace("región de OSCE", "región de la OSCE")
    # The words of a term Apertium did not know are no unknown words of the draft.
    office = next(msgid for msgid in entries if "(OSR/CTHB)" in msgid)
    assert "OSR" not in entries[office].tcomment
    assert "(OSR/CTHB)" in entries[office].msgstr


@pytest.mark.needs_apertium
def test_what_apertium_garbles_as_text_is_drafted_with_placeholders(demo: Project) -> None:
    """eng-spa glues "3" to the noun in "3-day workshop" ("tallerde3"): the sentence is asked
    again with that number as a placeholder, and drafted; a segment of numbers and a date alone
    is drafted without the engine; a second run asks the engine nothing. And the unknown
    words a draft's comment lists are words the draft shows (not a term's, replaced)."""
    paragraphs = [
        "The 3-day workshop trained 45 police officers of the OSCE region.",
        "On 7 June 2023, the OSCE launched a 2-year project.",
        "7 7 June",
        "Experts from 57 participating States met on 7 June 2023.",
    ]
    (demo.root / "source" / "2024-03-01-garbled.md").write_text(
        "# Garbled\n\nVienna, 1 March 2024 (OSCE): " + "\n\n".join(paragraphs) + "\n", "utf-8"
    )
    update(demo, ["2024-03-01-garbled"], ["es", "fr", "it"])
    first = Counting(create_engine("apertium", {}))  # type: ignore[arg-type]
    summaries = draft(
        demo, ["2024-03-01-garbled"], ["es", "fr", "it"], engine_factory=lambda name: first
    )
    assert [(s.failed, s.errors) for s in summaries] == [(0, [])] * 3
    for locale in ("es", "fr", "it"):
        entries = {e.msgid: e for e in catalog(demo, locale, "2024-03-01-garbled")}
        assert all(entries[paragraph].msgstr for paragraph in paragraphs)
        assert entries["7 7 June"].msgstr.startswith("7 7 ")
        for entry in entries.values():
            listed = re.search(r"unknown words: (.*) \[", " ".join(entry.tcomment.split()))
            for word in listed[1].split(", ") if listed else ():
                assert word in entry.msgstr, (locale, word, entry.msgstr)
    spanish = {e.msgid: e.msgstr for e in catalog(demo, "es", "2024-03-01-garbled")}
    assert "45 agentes" in spanish[paragraphs[0]]
    # Only what Apertium garbled went again as a placeholder: the date and the term did not
    # ("2-year" comes back "2-proyecto de año"; "57 participating States", sent as text, "57 que
    # participa Estados", and the term alone "Estados participantes").
    assert spanish[paragraphs[1]].startswith("El 7 de junio de 2023, la OSCE ")
    assert "57 Estados participantes" in spanish[paragraphs[3]]
    assert spanish[paragraphs[3]].endswith(" el 7 de junio de 2023.")
    second = Counting(create_engine("apertium", {}))  # type: ignore[arg-type]
    summaries = draft(
        demo,
        ["2024-03-01-garbled"],
        ["es", "fr", "it"],
        refresh=True,
        engine_factory=lambda name: second,
    )
    assert (second.calls, second.terms) == (0, 0)
    assert [s.failed for s in summaries] == [0] * 3


@pytest.mark.needs_apertium
def test_an_answer_whose_date_cannot_be_found_is_asked_again_with_a_placeholder(
    demo: Project,
) -> None:
    sentence = "The delegates met on 7 June 2023 in Vienna."
    (demo.root / "source" / "2024-03-01-dates.md").write_text(
        f"# Dates\n\nVienna, 1 March 2024 (OSCE): {sentence}\n", "utf-8"
    )
    update(demo, ["2024-03-01-dates"], ["es"])
    asked: list[str] = []

    class Garbling(Counting):
        """Apertium, but a date it got as text comes back without its day."""

        def translations(self, route: Route, texts: Sequence[str]) -> Iterator[Translation]:
            asked.extend(texts)
            for translation in super().translations(route, texts):
                yield Translation(translation.text.replace("el 7 de", "el séptimo día de"))

    engine = Garbling(create_engine("apertium", {}))  # type: ignore[arg-type]
    (summary,) = draft(demo, ["2024-03-01-dates"], ["es"], engine_factory=lambda name: engine)
    assert sentence in asked
    assert "The delegates met on <x0/> in Vienna." in asked
    assert (summary.failed, summary.errors) == (0, [])
    drafted = {e.msgid: e for e in catalog(demo, "es", "2024-03-01-dates")}[sentence]
    assert drafted.fuzzy
    assert "7 de junio de 2023" in drafted.msgstr


@pytest.mark.needs_apertium
def test_reviewed_entries_are_never_touched(demo: Project) -> None:
    document = catalog(demo, "es")
    document[3].msgstr = "Traducción revisada."
    document[4].msgstr = "Borrador de la traductora."
    document[4].flags = ["fuzzy"]
    document.save()
    draft(demo, locales=["es"], refresh=True)
    after = catalog(demo, "es")
    assert (after[3].msgstr, after[3].fuzzy, after[3].tcomment) == (
        "Traducción revisada.",
        False,
        "",
    )
    assert (after[4].msgstr, after[4].fuzzy, after[4].tcomment) == (
        "Borrador de la traductora.",
        True,
        "",
    )
    assert after[5].tcomment.startswith("draft: apertium eng-spa")


PARTICIPATION = "With the participation of representatives from approximately 60 countries"


@pytest.mark.needs_apertium
def test_refresh_never_replaces_what_a_translator_wrote(demo: Project) -> None:
    """The press office's scenario: a translator reviews her own wording of a draft (Poedit
    keeps the ``draft:`` comment), the English changes, ``update`` makes her entry fuzzy, and
    ``draft --refresh`` must leave it to her — as it must a draft she edited but left fuzzy."""
    draft(demo, locales=["es"])
    document = catalog(demo, "es")
    hers = next(e for e in document if e.msgid.startswith(PARTICIPATION))
    assert hers.fuzzy
    assert hers.tcomment.startswith("draft: apertium eng-spa")
    hers.msgstr = "Con representantes de unos 60 países, la reunión congregó a 130 delegados."
    hers.flags.remove("fuzzy")
    others = [e for e in document if e is not hers and e.tcomment.startswith("draft: apertium")]
    edited, reviewed, untouched = others[:3]
    edited.msgstr = edited.msgstr + " (por revisar)"  # changed, still fuzzy
    reviewed.flags.remove("fuzzy")  # accepted as drafted
    untouched_text, untouched_comment = untouched.msgstr, untouched.tcomment
    assert untouched_comment.endswith(f" [{mark(untouched_text)}]")
    document.save()

    source = demo.root / "source" / f"{SLUG}.txt"
    source.write_text(
        source.read_text("utf-8").replace("convened 130", "brought together 130"), "utf-8"
    )
    update(demo, locales=["es"])
    after_update = {e.msgid: e for e in catalog(demo, "es")}
    changed = next(e for k, e in after_update.items() if k.startswith(PARTICIPATION))
    assert "brought together 130 delegates" in changed.msgid
    assert (changed.msgstr, changed.fuzzy, changed.tcomment) == (hers.msgstr, True, "")
    assert changed.previous_msgid is not None
    assert "convened 130" in changed.previous_msgid
    # The stale comments are gone from everything a translator touched; the draft keeps its own.
    assert (after_update[edited.msgid].tcomment, after_update[reviewed.msgid].tcomment) == ("", "")
    # (polib, which saved the catalog above, wraps a long comment over two lines.)
    assert after_update[untouched.msgid].tcomment.split() == untouched_comment.split()

    engine = Counting(create_engine("apertium", {}))  # type: ignore[arg-type]
    (summary,) = draft(demo, locales=["es"], refresh=True, engine_factory=lambda name: engine)
    after = {e.msgid: e for e in catalog(demo, "es")}
    again = after[changed.msgid]
    assert (again.msgstr, again.fuzzy, again.tcomment, again.previous_msgid) == (
        hers.msgstr,
        True,
        "",
        changed.previous_msgid,
    )
    assert (after[edited.msgid].msgstr, after[edited.msgid].fuzzy) == (edited.msgstr, True)
    assert (after[reviewed.msgid].msgstr, after[reviewed.msgid].fuzzy) == (reviewed.msgstr, False)
    assert after[untouched.msgid].msgstr == untouched_text
    # Only untouched drafts were drafted again (from the engine's cache): 24 less the three.
    assert (summary.machine, summary.glossary) == (21, 1)
    assert not any(e.obsolete for e in catalog(demo, "es"))


@pytest.mark.needs_apertium
def test_second_run_calls_no_engine(demo: Project) -> None:
    first = Counting(create_engine("apertium", {}))  # type: ignore[arg-type]
    draft(demo, locales=["es"], engine_factory=lambda name: first)
    # The 24 sentences (two of them again, with their terms as placeholders: Apertium's answer
    # did not show its translation of each alone), and the 25 glossary terms they hold, alone
    # (one in the Title Case heading "Human Trafficking, A Form of Humanitarian Crisis").
    assert (first.calls, first.terms) == (26, 25)
    before = demo.catalog_path(SLUG, "es").read_bytes()
    second = Counting(create_engine("apertium", {}))  # type: ignore[arg-type]
    summaries = draft(demo, locales=["es"], refresh=True, engine_factory=lambda name: second)
    assert (second.calls, second.terms) == (0, 0)
    assert (summaries[0].machine, summaries[0].cached) == (24, 24)
    assert demo.catalog_path(SLUG, "es").read_bytes() == before


@pytest.mark.needs_apertium
def test_progress_advances_once_per_entry(demo: Project) -> None:
    tally = Tally()
    (summary,) = draft(demo, locales=["es"], progress=tally)
    assert (summary.glossary, summary.machine) == (1, 24)  # 24 in batches of 10, 10 and 4
    assert (tally.total, tally.advances) == (25, 25)


@pytest.mark.needs_apertium
def test_failure_halfway_keeps_drafts_and_the_next_run_continues(demo: Project) -> None:
    # Sentences go to the engine ten at a time; the connection drops after 12 answers, one of
    # which was to a sentence asked again with its terms as placeholders.
    failing = Counting(create_engine("apertium", {}), fail_after=12)  # type: ignore[arg-type]
    tally = Tally()
    (summary,) = draft(demo, locales=["es"], engine_factory=lambda name: failing, progress=tally)
    assert summary.machine == 11
    assert summary.failed == 13
    assert summary.errors == ["apertium: the connection dropped"]
    assert (tally.total, tally.advances) == (25, 25)
    saved = [entry for entry in catalog(demo, "es") if entry.msgstr]
    assert len(saved) == 12  # 11 from the engine and the place from the glossary
    working = Counting(create_engine("apertium", {}))  # type: ignore[arg-type]
    (summary,) = draft(demo, locales=["es"], engine_factory=lambda name: working)
    # The 13 left, one of them twice; the one term of theirs not asked alone before.
    assert (working.calls, working.terms) == (14, 1)
    assert (summary.machine, summary.failed) == (13, 0)
    assert all(entry.msgstr for entry in catalog(demo, "es"))


def test_a_text_two_sentences_share_once_protected_is_sent_once(demo: Project) -> None:
    """Two sentences that differ only in a number are one text for an online engine (the
    number goes as a placeholder): asked once, paid once, and both drafted from the answer,
    each with its own number. Refused, the text fails for both, said once, and the rest of
    the batch goes on."""
    (demo.root / "source" / "2024-01-12-gamma.txt").write_text(
        "Gamma meeting held in Vienna\n\nVienna, 12 January 2024 (OSCE): The meeting convened "
        "130 delegates from many countries. On the second day, the meeting convened 75 "
        "delegates. The meeting convened 75 delegates from many countries.\n",
        "utf-8",
    )
    update(demo, ["2024-01-12-gamma"], ["es"])
    shared = "The meeting convened <x0/> delegates from many countries."
    with serving() as (url, service):
        libre = OnlineEngine("libre", OnlineSettings(url=url, api_key=GOOD_KEY))
        service.script = ["ok", "ok", "400-limit"]
        (refused,) = draft(demo, ["2024-01-12-gamma"], ["es"], engine_factory=lambda name: libre)
        first = [query["q"][0] for _, path, query in service.requests if path == "/translate"]
        service.requests.clear()
        (summary,) = draft(demo, ["2024-01-12-gamma"], ["es"], engine_factory=lambda name: libre)
        again = [query["q"][0] for _, path, query in service.requests if path == "/translate"]
    assert first.count(shared) == 1
    assert len(first) == len(set(first)) == 4
    assert (refused.machine, refused.failed) == (3, 2)
    assert refused.errors == [
        "libre: the service answered HTTP 400: Invalid request: request (600) exceeds text "
        "limit (250): 'The meeting convened 130 delegates from many countries.' (and the "
        "other entry of the same text)"
    ]
    assert again == [shared]
    assert (summary.machine, summary.failed) == (2, 0)
    drafts = {e.msgid: e.msgstr for e in catalog(demo, "es", "2024-01-12-gamma")}
    assert drafts["The meeting convened 130 delegates from many countries."] == (
        "[es] The meeting convened 130 delegates from many countries."
    )
    assert drafts["The meeting convened 75 delegates from many countries."] == (
        "[es] The meeting convened 75 delegates from many countries."
    )


def test_online_failure_halfway_keeps_every_answer(demo: Project) -> None:
    # One request per sentence: 15 answers, then the 16th sentence fails twice (all its tries).
    with serving() as (url, service):
        settings = OnlineSettings(url=url, api_key=GOOD_KEY, retries=2, backoff=0.0)
        libre = OnlineEngine("libre", settings)
        service.script = ["ok"] * 15 + ["500", "500"]
        (summary,) = draft(demo, locales=["es"], engine_factory=lambda name: libre)
        first = [query["q"][0] for _, path, query in service.requests if path == "/translate"]
        service.requests.clear()
        (second,) = draft(demo, locales=["es"], engine_factory=lambda name: libre)
        again = [query["q"][0] for _, path, query in service.requests if path == "/translate"]
    assert len(first) == 17
    assert (summary.machine, summary.failed) == (15, 9)
    assert summary.errors == [
        "libre: the service answered HTTP 500 (an error on its side), still after 2 tries"
    ]
    assert len(again) == 9
    assert not set(first[:15]) & set(again)
    assert (second.machine, second.cached, second.failed) == (9, 0, 0)
    drafted = [entry for entry in catalog(demo, "es") if entry.msgstr.startswith("[es] ")]
    assert len(drafted) == 24


def test_an_engine_that_fails_for_one_language_is_not_asked_for_the_next(demo: Project) -> None:
    """The service is down: Spanish pays the tries and the waits; French is not sent a request
    to fail the same way, and says why. Answers kept from an earlier run are still used."""
    with serving() as (url, service):
        settings = OnlineSettings(url=url, api_key=GOOD_KEY, retries=2, backoff=0.0)
        libre = OnlineEngine("libre", settings)
        service.script = ["500"] * 2
        summaries = draft(demo, locales=["es", "fr"], engine_factory=lambda name: libre)
        asked = [query["target"][0] for _, path, query in service.requests if path == "/translate"]
    spanish, french = summaries
    assert asked == ["es", "es"]  # the first sentence, twice; none in French
    reason = "libre: the service answered HTTP 500 (an error on its side), still after 2 tries"
    assert spanish.errors == [reason]
    assert french.errors == [f"{reason} (for es: not asked again)"]
    assert (french.machine, french.failed) == (0, 24)


def test_a_text_the_engine_gives_nothing_for_fails_alone(demo: Project) -> None:
    """MyMemory has nothing for one sentence (no translation, no match): that entry fails,
    named, and the run goes on with the others, this run and the next alike."""
    with serving() as (url, service):
        settings = OnlineSettings(url=url, retries=2, backoff=0.0)
        mymemory = OnlineEngine("mymemory", settings)
        service.script = ["ok"] * 3 + ["nothing"]
        (summary,) = draft(demo, locales=["es"], engine_factory=lambda name: mymemory)
    assert (summary.machine, summary.failed) == (23, 1)
    (error,) = summary.errors
    assert error.startswith("mymemory returned no translation: '")
    drafted = [entry for entry in catalog(demo, "es") if entry.msgstr.startswith("[es-ES] ")]
    assert len(drafted) == 23


def test_a_spent_quota_is_said_and_never_drafted(demo: Project) -> None:
    """MyMemory's quota, used up, is said in the translation's place: no entry gets it as
    its draft, none is cached, and the run says what to do; the next day's run drafts."""
    with serving() as (url, service):
        settings = OnlineSettings(url=url, retries=2, backoff=0.0)
        mymemory = OnlineEngine("mymemory", settings)
        service.script = ["ok"] * 2 + ["quota"] * 30
        (summary,) = draft(demo, locales=["es"], engine_factory=lambda name: mymemory)
        assert summary.machine == 2
        (error,) = summary.errors
        assert error.startswith(
            "mymemory: its free quota is used up (MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE "
        )
        assert error.endswith(
            ": set engines.mymemory.email for a larger one, or draft again tomorrow"
        )
        assert not any("MYMEMORY" in entry.msgstr for entry in catalog(demo, "es"))
        service.script = []
        (tomorrow,) = draft(demo, locales=["es"], engine_factory=lambda name: mymemory)
    assert (tomorrow.machine, tomorrow.cached, tomorrow.failed) == (22, 0, 0)


@pytest.mark.parametrize("before", [[], ["echo"]])
def test_a_failed_run_ends_with_the_engine_and_what_went_wrong(
    demo: Project, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, before: list[str]
) -> None:
    """The last line of a run whose engine failed says which engine and why (not "see
    above"): it is the line a CI log or a terminal shows; and what stopped the run, not a
    text refused before it (it named the English sent back for one sentence, where nine
    entries failed for the server's error)."""
    config = demo.root / "communique.toml"
    with serving() as (url, service):
        config.write_text(
            config.read_text("utf-8").replace(
                'default = "apertium"',
                f'default = "libre"\n[engines.libre]\nurl = "{url}"\nretries = 2',
            ),
            "utf-8",
        )
        monkeypatch.setenv("COMMUNIQUE_LIBRE_API_KEY", GOOD_KEY)
        service.script = ["ok"] * (15 - len(before)) + before + ["500", "500"]
        result = runner.invoke(cli, ["-C", str(demo.root), "draft", "-l", "es"])
    assert result.exit_code == 1
    said = "libre: the service answered HTTP 500 (an error on its side), still after 2 tries"
    assert f"  error: {said}" in result.stdout
    assert result.stderr.splitlines()[-1] == (
        f"Error: es: {9 + len(before)} entries could not be drafted: {said}; drafts made so far "
        "are saved"
    )


@pytest.mark.needs_apertium
def test_answers_that_lose_placeholders_are_not_cached(demo: Project) -> None:
    dropping = Counting(create_engine("apertium", {}), drop_placeholders=True)  # type: ignore[arg-type]
    (summary,) = draft(demo, locales=["es"], engine_factory=lambda name: dropping)
    # Numbers, dates and terms go to Apertium as text: two sentences only have placeholders,
    # once they are asked again with a term, then everything, as placeholders.
    assert dropping.calls == 28
    assert (summary.machine, summary.failed) == (22, 2)
    assert summary.errors[0] == (
        "apertium lost 'OSCE', 'Council of Europe', 'national anti-trafficking coordinators', "
        "'Strasbourg', which a draft keeps as written: 'OSCE and Council of Europe gather "
        "national anti-t…' is left to translate"
    )
    assert len(summary.errors) == 2
    working = Counting(create_engine("apertium", {}))  # type: ignore[arg-type]
    (summary,) = draft(demo, locales=["es"], engine_factory=lambda name: working)
    assert working.calls == 4  # the two, each with its terms as text and as placeholders
    assert (summary.machine, summary.cached, summary.failed) == (2, 0, 0)
    assert all(entry.msgstr for entry in catalog(demo, "es"))


def test_cached_answer_that_lost_placeholders_is_asked_again(demo: Project) -> None:
    # A cache written by an earlier version kept every answer, even one that cannot be used.
    # (The pseudo engine gets placeholders: Apertium gets most of what they stand for as text.)
    draft(demo, locales=["es"], engine="pseudo")
    with sqlite3.connect(demo.state_dir / "memory.sqlite") as database:
        broken = database.execute(
            "UPDATE engine_cache SET target = replace(target, '<x0/>', '') "
            "WHERE target LIKE '%<x0/>%'"
        ).rowcount
    database.close()
    assert broken == 15
    working = Counting(create_engine("pseudo", {}))  # type: ignore[arg-type]
    (summary,) = draft(demo, locales=["es"], refresh=True, engine_factory=lambda name: working)
    assert working.calls == 15
    assert (summary.machine, summary.cached, summary.failed) == (24, 9, 0)
    with sqlite3.connect(demo.state_dir / "memory.sqlite") as database:
        (left,) = database.execute(
            "SELECT count(*) FROM engine_cache WHERE source LIKE '%<x0/>%' "
            "AND target NOT LIKE '%<x0/>%'"
        ).fetchone()
    database.close()
    assert left == 0


@pytest.mark.needs_gettext
def test_killed_run_keeps_every_answer_and_the_next_run_continues(demo: Project) -> None:
    config = demo.root / "communique.toml"
    path = demo.catalog_path(SLUG, "es")
    before = path.read_bytes()
    with serving() as (url, service):
        config.write_text(
            config.read_text("utf-8").replace(
                'default = "apertium"', f'default = "libre"\n[engines.libre]\nurl = "{url}"'
            ),
            "utf-8",
        )
        # 13 answers, then the 14th request waits until the run is killed: mid-batch.
        service.script = ["ok"] * 13 + ["hold"]
        environment = {**os.environ, "COMMUNIQUE_LIBRE_API_KEY": GOOD_KEY}
        command = [sys.executable, "-m", "communique", "-C", str(demo.root), "draft", "-l", "es"]
        run = subprocess.Popen(
            command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        # (After LibreTranslate's list of its languages, one request each.)
        while time.monotonic() < deadline and len(service.requests) < 15:
            time.sleep(0.02)
        run.send_signal(signal.SIGKILL)
        run.wait()
        service.release.set()
        assert service.requests[0][1] == "/languages"
        answered = [query["q"][0] for _, _, query in service.requests[1:14]]
        # A short run saves its catalog once, at the end: killed before, the file is as it was.
        assert path.read_bytes() == before
        assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)]).returncode == 0
        service.requests.clear()
        finished = subprocess.run(command, env=environment, capture_output=True, text=True)
        assert finished.returncode == 0, finished.stderr
    sent = [query["q"][0] for _, route, query in service.requests if route == "/translate"]
    assert len(sent) == 11  # the 13 answers of the killed run came from the cache
    assert not set(answered) & set(sent)
    assert finished.stdout.splitlines()[0] == (
        "es: drafted 25: 0 from memory, 1 glossary-only, 24 by libre (libre en→es) "
        "(13 cached); 0 failed, 0 left empty"
    )
    drafts = [entry.msgstr for entry in catalog(demo, "es")]
    assert (len(drafts), sum(d.startswith("[es] ") for d in drafts)) == (25, 24)


def test_a_long_run_saves_its_catalog_as_it_goes(
    demo: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past SAVE_INTERVAL seconds, the catalog is saved after each batch: a killed run keeps
    the drafts it made, not only the engine's answers."""
    import communique.translate.draft as stage

    monkeypatch.setattr(stage, "SAVE_INTERVAL", 0.0)
    path = demo.catalog_path(SLUG, "es")
    seen: list[int] = []

    class Watching(Counting):
        def translations(self, route: Route, texts: Sequence[str]) -> Iterator[Translation]:
            seen.append(len([e for e in polib.pofile(str(path)) if e.msgstr]))
            yield from super().translations(route, texts)

    engine = Watching(create_engine("pseudo", {}))  # type: ignore[arg-type]
    draft(demo, locales=["es"], engine_factory=lambda name: engine)
    # Before each batch of ten: what the file held (the glossary's draft comes first).
    assert seen == [0, 11, 21]
    assert len([e for e in catalog(demo, "es") if e.msgstr]) == 25


def test_a_catalog_is_saved_as_soon_as_it_is_drafted(
    demo: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drafting Spanish, then French: when French begins, Spanish is saved already (a run
    killed then keeps it; before, every catalog waited for the end of the run)."""
    import communique.translate.draft as stage

    spanish = demo.catalog_path(SLUG, "es")
    seen: list[tuple[str, int]] = []
    real = stage._draft_catalog

    def watching(context: Any, entry: Any, *arguments: Any) -> None:
        seen.append((entry.locale, len([e for e in polib.pofile(str(spanish)) if e.msgstr])))
        real(context, entry, *arguments)

    monkeypatch.setattr(stage, "_draft_catalog", watching)
    draft(demo, locales=["es", "fr"], engine_factory=lambda name: create_engine("pseudo", {}))
    assert seen == [("es", 0), ("fr", 25)]


def test_translation_memory_exact_and_fuzzy(demo: Project) -> None:
    reviewed = catalog(demo, "de")
    for entry in reviewed:
        entry.msgstr = f"DE: {entry.msgid}"
    reviewed.save()
    text = (demo.root / "source" / f"{SLUG}.txt").read_text("utf-8")
    text = text.replace("id: osce-coe-nac-nar-meeting-2023", "id: follow-up-2023").replace(
        "the meeting convened 130 delegates", "the meeting convened 150 delegates"
    )
    slug = "2023-06-08-follow-up"
    (demo.root / "source" / f"{slug}.txt").write_text(text, "utf-8")
    update(demo, [slug], ["de"])
    (summary,) = draft(demo, [slug], ["de"])
    assert (summary.memory, summary.machine) == (25, 0)
    entries = {entry.msgid: entry for entry in catalog(demo, "de", slug)}
    exact = entries["Agendas for Discussion"]
    assert (exact.msgstr, exact.tcomment, exact.fuzzy) == (
        "DE: Agendas for Discussion",
        draft_comment(f"tm 100% from {SLUG}", "DE: Agendas for Discussion"),
        True,
    )
    assert exact.previous_msgid is None
    changed = next(e for k, e in entries.items() if "150 delegates" in k)
    assert changed.previous_msgid is not None
    assert "130 delegates" in changed.previous_msgid
    assert changed.msgstr == f"DE: {changed.previous_msgid}"
    assert changed.tcomment.startswith("draft: tm 9")
    assert changed.tcomment.endswith(f"% from {SLUG} [{mark(changed.msgstr)}]")


def test_a_match_short_of_exact_never_shows_as_100_percent(demo: Project) -> None:
    """One letter added to a sentence of 263 characters is a 99.8 % match: the draft says 99 %,
    and only an exact match says 100 % (which XLIFF exports as an exact match)."""
    reviewed = catalog(demo, "de")
    for entry in reviewed:
        entry.msgstr = f"DE: {entry.msgid}"
    reviewed.save()
    text = (demo.root / "source" / f"{SLUG}.txt").read_text("utf-8")
    assert "The annual anti-trafficking meeting," in text
    text = text.replace("id: osce-coe-nac-nar-meeting-2023", "id: follow-up-2023").replace(
        "The annual anti-trafficking meeting,", "The annual anti-trafficking meetings,"
    )
    slug = "2023-06-08-follow-up"
    (demo.root / "source" / f"{slug}.txt").write_text(text, "utf-8")
    update(demo, [slug], ["de"])
    draft(demo, [slug], ["de"])
    (near,) = [e for e in catalog(demo, "de", slug) if "anti-trafficking meetings," in e.msgid]
    assert len(near.msgid) > 250
    assert near.tcomment == draft_comment(f"tm 99% from {SLUG}", near.msgstr)


def test_a_reviewed_translation_the_merge_uses_up_comes_back_from_memory(demo: Project) -> None:
    """msgmerge's merge lets an old sentence go once it gave its translation to a changed one;
    the translator then rewrites that entry. The reviewed translation of the old sentence is in
    no catalog any more, but the memory keeps it: a release that uses the sentence again gets
    it as a draft, ``tm 100%``."""
    reviewed = catalog(demo, "de")
    for entry in reviewed:
        entry.msgstr = f"DE: {entry.msgid}"
    reviewed.save()
    old = next(e.msgid for e in reviewed if "convened 130 delegates" in e.msgid)
    source = demo.root / "source" / f"{SLUG}.txt"
    original = source.read_text("utf-8")
    source.write_text(original.replace("convened 130", "brought together 130"), "utf-8")
    update(demo, locales=["de"])
    document = catalog(demo, "de")
    changed = next(e for e in document if "brought together 130" in e.msgid)
    assert (changed.fuzzy, changed.previous_msgid, changed.msgstr) == (True, old, f"DE: {old}")
    assert [e for e in document if e.obsolete] == []
    changed.msgstr = "DE: neu geschrieben"
    changed.flags.remove("fuzzy")
    changed.previous_msgid = None
    document.save()
    assert f"DE: {old}" not in demo.catalog_path(SLUG, "de").read_text("utf-8")

    slug = "2023-06-08-follow-up"
    follow_up = original.replace("id: osce-coe-nac-nar-meeting-2023", "id: follow-up-2023")
    (demo.root / "source" / f"{slug}.txt").write_text(follow_up, "utf-8")
    update(demo, [slug], ["de"])
    draft(demo, [slug], ["de"])
    back = next(e for e in catalog(demo, "de", slug) if e.msgid == old)
    assert (back.msgstr, back.fuzzy) == (f"DE: {old}", True)
    assert back.tcomment == draft_comment(f"tm 100% from {SLUG}", f"DE: {old}")


def listing(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``root`` (``.communique/`` included): size and mtime."""
    return {
        path.relative_to(root).as_posix(): (
            path.stat().st_size if path.is_file() else 0,
            path.stat().st_mtime_ns,
        )
        for path in sorted(root.rglob("*"))
    }


@pytest.mark.needs_apertium
def test_dry_run_writes_nothing(demo: Project, runner: CliRunner) -> None:
    arguments = ["-C", str(demo.root), "draft", "--dry-run", "--locale", "es"]
    assert not (demo.state_dir / "memory.sqlite").exists()
    before = listing(demo.root)
    result = runner.invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "es: would draft 25: 0 from memory, 1 glossary-only, 24 by apertium (apertium eng-spa) "
        "(0 cached)"
    )
    assert listing(demo.root) == before
    # With a memory and a cache: they are read, and still nothing is written.
    draft(demo, locales=["es"])
    before = listing(demo.root)
    result = runner.invoke(cli, [*arguments, "--refresh"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "es: would draft 25: 0 from memory, 1 glossary-only, 24 by apertium (apertium eng-spa) "
        "(24 cached)"
    )
    assert listing(demo.root) == before


@pytest.mark.needs_apertium
def test_draft_command_output(demo: Project, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["-C", str(demo.root), "draft", "-l", "de", "-l", "es"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "de: drafted 1: 0 from memory, 1 glossary-only, 0 by apertium (0 cached); "
        "0 failed, 24 left empty"
    )
    assert lines[1].startswith("  no offline route from en-GB to de (installed pairs: ")
    assert lines[2] == (
        "es: drafted 25: 0 from memory, 1 glossary-only, 24 by apertium (apertium eng-spa) "
        "(0 cached); 0 failed, 0 left empty"
    )
    pseudo = runner.invoke(cli, ["-C", str(demo.root), "draft", "-l", "ru", "--engine", "pseudo"])
    assert pseudo.exit_code == 0, pseudo.output
    title = catalog(demo, "ru")[0]
    assert title.msgstr.startswith("⟦ОБСЕ àñđ Совет Европы ĝàţĥéŕ")  # glossary terms kept
    assert title.tcomment == draft_comment("pseudo", title.msgstr)
    # Asked to draft again where no engine goes: the pseudo drafts stay, and it says so.
    again = runner.invoke(cli, ["-C", str(demo.root), "draft", "-l", "ru", "--refresh"])
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[0] == (
        "ru: drafted 1: 0 from memory, 1 glossary-only, 0 by apertium (0 cached); "
        "0 failed, 0 left empty, 24 left with the draft they had"
    )
    assert catalog(demo, "ru")[0].msgstr == title.msgstr


def test_pseudo_drafts_pass_the_checks_and_read_right_to_left_where_the_language_does(
    demo_dir: Path, runner: CliRunner
) -> None:
    """The pseudo engine is for trying layouts: its drafts of a plain-text and a Markdown
    release, in left-to-right and right-to-left languages, give communique's checks nothing
    to report, and Arabic and Hebrew drafts are in their scripts."""
    config = demo_dir / "communique.toml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"targets = \[[^]]*\]", 'targets = ["fr", "ar", "he"]', text), "utf-8")
    shutil.copy(
        REPOSITORY / "tests" / "golden" / "project" / "source" / "2024-05-17-ministers-meet.md",
        demo_dir / "source",
    )
    for command in (["update"], ["draft", "--engine", "pseudo"]):
        result = runner.invoke(cli, ["-C", str(demo_dir), *command])
        assert result.exit_code == 0, result.output
    checked = runner.invoke(cli, ["-C", str(demo_dir), "check", "--json"])
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["findings"] == []
    markdown = polib.pofile(
        str(demo_dir / "locale" / "ar" / "LC_MESSAGES" / "2024-05-17-ministers-meet.po")
    )
    drafted = markdown.find(
        "Some 46 ministers attended; see [the decisions](https://www.coe.int/cm)."
    )
    assert drafted is not None
    assert "](https://www.coe.int/cm)" in drafted.msgstr  # the link, protected
    assert drafted.msgstr.endswith(".⟧")
    assert drafted.tcomment == draft_comment("pseudo right-to-left arabic", drafted.msgstr)
    letters = [c for c in drafted.msgstr if c.isalpha()]
    assert sum("\u0600" <= c <= "\u06ff" for c in letters) > len(letters) / 2
    hebrew = polib.pofile(str(demo_dir / "locale" / "he" / "LC_MESSAGES" / f"{SLUG}.po"))
    assert "\u05d0" <= hebrew.find("Strasbourg").msgstr[1] <= "\u05ea"


def test_a_release_with_no_catalog_yet_fails_the_draft(demo_dir: Path, runner: CliRunner) -> None:
    """Asked to draft what has no catalog, draft says so and exits 1 (run update first)."""
    slug = "2023-06-07-anti-trafficking-coordinators-meet"
    result = runner.invoke(cli, ["-C", str(demo_dir), "draft", "-l", "fr", "--engine", "pseudo"])
    assert result.exit_code == 1
    missing = f"locale/fr/LC_MESSAGES/{slug}.po: no catalog yet (run 'communique update')"
    assert f"  error: {missing}" in result.stdout
    assert result.stderr.splitlines()[-1] == f"Error: fr: {missing}"


def test_a_server_that_cannot_list_its_languages_still_gives_its_cached_answers(
    demo: Project,
) -> None:
    """A self-hosted LibreTranslate is down: it cannot say which languages it has, but every
    sentence was answered before on that route. The answers kept are used, the run says the
    server could not be reached, and nothing is sent."""
    with serving() as (url, _service):
        settings = OnlineSettings(url=url, api_key=GOOD_KEY, retries=1, backoff=0.0)
        (first,) = draft(
            demo, locales=["es"], engine_factory=lambda n: OnlineEngine("libre", settings)
        )
    assert first.machine == 24
    before = catalog(demo, "es")
    for entry in before:  # the drafts thrown away, to be made again
        entry.msgstr = ""
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.tcomment = ""
    before.save()
    # The same address, nothing listening now.
    gone = OnlineSettings(url=url, api_key=GOOD_KEY, retries=1, backoff=0.0, timeout=0.5)
    (second,) = draft(demo, locales=["es"], engine_factory=lambda n: OnlineEngine("libre", gone))
    assert (second.machine, second.cached, second.failed) == (24, 24, 0)
    assert second.route == "libre en→es"
    assert second.note == "drafted from memory, glossary and its earlier answers only"
    (error,) = second.errors
    assert error.startswith("libre: ")
    assert len([e for e in catalog(demo, "es") if e.msgstr.startswith("[es] ")]) == 24


@pytest.mark.needs_apertium
def test_no_route_is_said_only_where_there_was_something_to_draft(tmp_path: Path) -> None:
    """A new project's German has no offline route: with nothing to draft (no release yet),
    runs do not repeat it; with sentences left empty, the run says why."""
    root = tmp_path / "newsroom"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    nothing = runner.invoke(cli, ["-C", str(root), "draft"])
    assert "no offline route" not in nothing.output
    assert "no offline route" not in runner.invoke(cli, ["-C", str(root), "publish"]).output
    (root / "source" / "2024-07-30-meeting.txt").write_text(
        "---\ntitle: Meeting\n---\nVienna, 30 July 2024: The meeting opened.\n", "utf-8"
    )
    something = runner.invoke(cli, ["-C", str(root), "publish"])
    assert "  no offline route from en to de (installed pairs: " in something.output


def test_a_draft_kept_as_written_is_not_counted_as_the_glossary_s(
    demo: Project, runner: CliRunner
) -> None:
    """A contact's address is drafted as written, and the summary says so: it said
    "1 glossary-only" of it in a project with no glossary."""
    source = demo.root / "source" / "2026-12-03-contact.txt"
    source.write_text(
        "---\ntitle: Talks in Vienna\n---\nVienna, 3 December 2026: The Chairmanship met.\n\n"
        "Press contact:\nJane Roe\npress@osce.org\n",
        "utf-8",
    )
    assert runner.invoke(cli, ["-C", str(demo.root), "update"]).exit_code == 0
    result = runner.invoke(
        cli, ["-C", str(demo.root), "draft", "2026-12-03-contact", "-l", "ru", "--engine", "pseudo"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith(
        "ru: drafted 6: 0 from memory, 0 glossary-only, 1 kept as written, 5 by pseudo"
    )
    path = demo.root / "locale" / "ru" / "LC_MESSAGES" / "2026-12-03-contact.po"
    (address,) = [e for e in polib.pofile(str(path)) if e.msgid == "press@osce.org"]
    assert (address.msgstr, address.tcomment) == (
        "press@osce.org",
        draft_comment("kept as written", "press@osce.org"),
    )


def test_a_dry_run_says_a_missing_key_as_the_run_would(
    demo: Project, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no DeepL key, the dry run promised "24 by deepl", exit 0, and the run failed all
    24: it says what the run would, that the key is missing, and exits 1, writing nothing."""
    monkeypatch.delenv("COMMUNIQUE_DEEPL_API_KEY", raising=False)
    before = listing(demo.root)
    arguments = ["-C", str(demo.root), "draft", "--engine", "deepl", "--locale", "fr"]
    result = runner.invoke(cli, [*arguments, "--dry-run"])
    assert result.exit_code == 1, result.output
    assert "24 by deepl" not in result.stdout
    assert (
        "deepl needs an API key: set COMMUNIQUE_DEEPL_API_KEY or engines.deepl.api_key in "
        "communique.toml"
    ) in result.output
    assert listing(demo.root) == before


@pytest.mark.needs_gettext
def test_a_catalog_read_in_latin_1_is_written_in_utf8_under_a_header_that_says_so(
    demo: Project,
) -> None:
    """A translator's tool saved the German catalog in ISO-8859-1 (msgfmt takes it): the draft
    is written, as every catalog is, in UTF-8, and its header says UTF-8, or every command
    after it (and Poedit) would read "Straßburg" as "StraÃ\x9fburg"."""
    path = demo.catalog_path(SLUG, "de")
    text = path.read_text("utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    path.write_bytes(
        text.replace('msgstr ""\n\n', 'msgstr "Ausschuss für Grüße"\n\n', 1).encode("latin-1")
    )
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)
    draft(demo, locales=["de"])
    written = path.read_bytes().decode("utf-8")
    assert "charset=UTF-8" in written
    assert "ISO-8859-1" not in written
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)
    assert "Ausschuss für Grüße" in [entry.msgstr for entry in catalog(demo, "de")]
    assert [review.path for review in review_project(demo, locales=["de"])]  # (read again)


@pytest.mark.needs_gettext
def test_a_draft_whose_fuzzy_flag_has_another_after_a_space_stays_a_draft(
    demo: Project,
) -> None:
    """A translator adds the flag a check advised ("#, ignore-length") to a draft's "#, fuzzy"
    line without a comma: gettext reads two flags, and the entry is fuzzy. It was read as one
    flag "fuzzy ignore-length", the machine draft counted as reviewed, its draft comment
    dropped by update, and published."""
    draft(demo, locales=["de"])
    path = demo.catalog_path(SLUG, "de")
    text = path.read_text("utf-8")
    assert text.count("#, fuzzy\n") == 1  # (the glossary's draft; the header is not fuzzy)
    path.write_text(text.replace("#, fuzzy\n", "#, fuzzy ignore-length\n"), "utf-8")
    (review,) = review_project(demo, locales=["de"])
    assert (review.progress.reviewed, review.progress.fuzzy) == (0, 1)
    assert not review.verdict.publishable
    update(demo)  # (the draft's comment stays: gettext's reading, not polib's, decides)
    statistics = subprocess.run(
        ["msgfmt", "--statistics", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert "1 fuzzy translation" in statistics.stderr
    (drafted,) = [m for m in read_catalog(path, display="de").messages if m.fuzzy]
    assert drafted.translator_comments[0].startswith("draft: ")
    assert drafted.flags == ["fuzzy", "ignore-length"]
