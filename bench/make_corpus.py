"""Write a newsroom-sized project: N varied English releases and catalogs for L locales.

Deterministic from ``--seed``: the same arguments give the same bytes. Releases vary in length,
headings, lists, datelines, and format (plain text and Markdown); each catalog mixes reviewed,
fuzzy, untranslated and obsolete entries, as a real archive does.

    .venv/bin/python bench/make_corpus.py --releases 2000 --locales 6 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from pathlib import Path

from babel.dates import format_date

from communique.catalog import FUZZY, Message, format_catalog
from communique.catalog.header import new_catalog
from communique.catalog.template import build_template
from communique.locales import parse_locale
from communique.release.reader import read_release
from communique.release.segment import segment_release
from communique.translate.protect import protect, restore

LOCALES = ("fr", "de", "it", "ru", "es", "uk", "pl", "tr")
PLACES = (
    "Vienna",
    "Warsaw",
    "Strasbourg",
    "Skopje",
    "Tbilisi",
    "Bishkek",
    "The Hague",
    "Brussels/Warsaw",
)
AGENCIES = ("OSCE", "ODIHR", "HCNM", "RFoM", "TDI", "CoE")
SUBJECTS = (
    "The Chairperson-in-Office",
    "The Secretary General",
    "The Special Representative",
    "The delegation",
    "The Office",
    "The Permanent Council",
    "Observers",
    "The mission",
    "Participants",
    "Experts from 12 participating States",
    "The Director of ODIHR",
)
VERBS = (
    "welcomed",
    "underlined",
    "discussed",
    "reviewed",
    "called for",
    "supported",
    "presented",
    "launched",
    "assessed",
    "strengthened",
    "emphasized",
    "noted",
)
OBJECTS = (
    "the progress made in election observation",
    "the role of civil society",
    "the protection of journalists",
    "the fight against trafficking in human beings",
    "the implementation of Decision No. 6/17",
    "a budget of EUR 2.5 million",
    "the co-operation with the Council of Europe",
    "the recommendations of the report",
    "the rights of national minorities",
    "the safety of 1,200 observers",
    "measures agreed on 7 June 2023",
    "approx. 38 projects in the region",
)
ENDINGS = (
    ".",
    ".",
    ".",
    " in the presence of Dr. Kari Johnstone.",
    ", i.e. more than last year.",
    " (see https://www.osce.org/press).",
    " at the meeting in Vienna.",
    ", the report says.",
)
HEADINGS = ("Key findings", "Background", "Next steps", "Recommendations", "Quotes", "Contact")


def sentence(rnd: random.Random) -> str:
    return f"{rnd.choice(SUBJECTS)} {rnd.choice(VERBS)} {rnd.choice(OBJECTS)}{rnd.choice(ENDINGS)}"


def release_text(rnd: random.Random, number: int, date: datetime.date, markdown: bool) -> str:
    title = f"{rnd.choice(SUBJECTS)} {rnd.choice(VERBS)} {rnd.choice(OBJECTS)} ({number})"
    place, agency = rnd.choice(PLACES), rnd.choice(AGENCIES)
    dateline = f"{place}, {format_date(date, 'd MMMM y', locale='en')} ({agency}):"
    front = f"---\ntitle: {title}\nid: release-{number:05d}\ntags: [bench]\n---\n"
    if markdown:
        front = f"---\nid: release-{number:05d}\n---\n# {title}\n\n"
    parts = [f"{dateline} " + " ".join(sentence(rnd) for _ in range(rnd.randint(1, 3)))]
    for _ in range(rnd.randint(2, 12)):
        roll = rnd.random()
        if roll < 0.15:
            heading = rnd.choice(HEADINGS)
            parts.append(f"## {heading}" if markdown else heading)
        elif roll < 0.25:
            items = [sentence(rnd).rstrip(".") for _ in range(rnd.randint(3, 6))]
            parts.append("\n".join(f"- {item}" for item in items))
        else:
            text = " ".join(sentence(rnd) for _ in range(rnd.randint(1, 4)))
            if markdown and rnd.random() < 0.3:
                text = text.replace("the report", "the *report*", 1)
            parts.append(text)
    return front + "\n\n".join(parts) + "\n"


def pseudo(text: str, locale: str) -> str:
    """A stand-in translation with the locale's numbers and dates, as a translator writes them."""
    protected = protect(text, locale=locale)
    return restore(f"{locale.upper()}: {protected.text}", protected)


def make(root: Path, releases: int, locales: int, seed: int = 1) -> None:
    """Write the project into ``root`` (which must not exist)."""
    rnd = random.Random(seed)
    targets = LOCALES[:locales]
    root.mkdir(parents=True)
    (root / "source").mkdir()
    (root / "communique.toml").write_text(
        '[organisation]\nname = "Benchmark Organisation"\nshort_name = "BO"\n'
        'domain = "bench.example.org"\nbase_url = "https://bench.example.org/"\n'
        f"\n[languages]\ntargets = {list(targets)!r}\n".replace("'", '"')
        + '\n[member_states]\ncodes = ["FR", "DE", "IT", "RU", "ES", "AT", "CH", "PL", "UA"]\n'
        + '\n[engines]\ndefault = "none"\n',
        "utf-8",
    )
    start = datetime.date(2016, 1, 4)
    created = "2026-01-01 00:00+0000"
    for number in range(releases):
        date = start + datetime.timedelta(days=number * 3650 // max(releases, 1))
        markdown = rnd.random() < 0.3
        slug = f"{date.isoformat()}-release-{number:05d}"
        path = root / "source" / f"{slug}{'.md' if markdown else '.txt'}"
        path.write_text(release_text(rnd, number, date, markdown), "utf-8")
        release = read_release(path, display=f"source/{path.name}")
        template = build_template(release, segment_release(release), created)
        folder = root / "locale" / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{slug}.pot").write_text(format_catalog(template), "utf-8")
        for locale in targets:
            catalog = new_catalog(
                template, parse_locale(locale), source=f"the press release {release.path}"
            )
            state = rnd.random()  # most versions are done; some are in progress
            done = 1.0 if state < 0.6 else 0.7 if state < 0.85 else 0.2
            catalog.messages = [_entry(rnd, m, locale, done) for m in template.messages]
            if rnd.random() < 0.3:  # an old sentence, kept as obsolete
                old = sentence(rnd)
                # (not one the release still has: gettext refuses an obsolete twin of a live
                # entry; the draw is made all the same, so the archive stays the same)
                if all(m.msgid != old for m in template.messages):
                    catalog.messages.append(Message(old, pseudo(old, locale), obsolete=True))
            out = root / "locale" / locale.replace("-", "_") / "LC_MESSAGES" / f"{slug}.po"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(format_catalog(catalog), "utf-8")


def _entry(rnd: random.Random, template: Message, locale: str, done: float) -> Message:
    message = Message(
        template.msgid,
        extracted_comments=list(template.extracted_comments),
        references=list(template.references),
    )
    roll = rnd.random()
    if roll < done:
        message.msgstr = pseudo(template.msgid, locale)
    elif roll < done + (1 - done) / 2:
        message.msgstr = pseudo(template.msgid, locale)
        message.flags = [FUZZY]
        message.translator_comments = ["draft: pseudo"]
    return message


def revise(root: Path, share: float, seed: int = 2) -> int:
    """Change a sentence in ``share`` of the releases, as a press office revises; how many."""
    rnd = random.Random(seed)
    sources = sorted((root / "source").iterdir())
    chosen = rnd.sample(sources, max(1, int(len(sources) * share)))
    for path in chosen:
        text = path.read_text("utf-8")
        for verb in VERBS:
            if f" {verb} " in text:
                text = text.replace(f" {verb} ", f" firmly {verb} ", 1)
                break
        path.write_text(text + "\nA closing sentence was added to this release.\n", "utf-8")
    return len(chosen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=200)
    parser.add_argument("--locales", type=int, default=6, choices=range(1, len(LOCALES) + 1))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    make(options.out, options.releases, options.locales, options.seed)
    print(f"{options.releases} releases × {options.locales} locales in {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
