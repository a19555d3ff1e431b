"""Do the checks find exactly what an earlier revision found, on translations made to fail them?

`bench/check_speed.py` compares findings over a generated archive, where nearly every entry is
fine. This script compares them where the checks have work to do: the human translations of the
demo release (`bench/references/*.tsv`), the demo's own catalogs, a few hand-written hard cases
(numbers with spaces, decimal commas, phone numbers, links, nested Markdown), and each of those
perturbed — a number changed or dropped, a link dropped, markup broken, quotes of another
language, French spacing removed, double spaces, machine-translation marks, blanks, truncation —
in several locales, plain and Markdown, with the demo glossary. With `--project`, entries of a
bench/make_corpus.py archive are perturbed too.

    .venv/bin/python bench/check_same.py --baseline HEAD~1 [--project /tmp/corpus]

Prints how many entries and findings were compared, how often each check fired, and every
catalog where the two revisions disagree (exit status 1).
"""

from __future__ import annotations

import argparse
import importlib
import random
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from check_speed import BASELINE, ROOT, import_baseline

from communique.catalog import Catalog, Message
from communique.catalog.reader import read_catalog

LOCALES = ("fr", "de", "it", "ru", "es", "uk", "de-CH", "fr-CH", "en-GB")
ROLES = ("title", "dateline place", "paragraph 1, sentence 1 of 1", "heading 1", "list item 1")

# Hard cases of their own, English and a translation, both already plausible.
HARD: list[tuple[str, str]] = [
    ("Some 12,000 came; call +43 1 514 36 6000.", "Quelque 12 000 ; +43 1 514 36 6000."),
    ("Turnout rose by 4.50 points to 1,234.5.", "Die Beteiligung stieg um 4,50 auf 1.234,5."),
    ("It cost CHF 1,234,567.", "Es kostete CHF 1’234’567."),
    ("It cost CHF 1,234,567.", "Es kostete CHF 1'234'567."),
    ("Phone 0800 123 456 or 0049 30 1234 5678.", "Tél. 0800 123 456 ou 0049 30 1234 5678."),
    ("Between 1 000 and 2 000 000 people.", "Entre 1\u202f000 et 2\u00a0000\u2009000 personnes."),
    ("Codes 007, 0.50 and .5 and 5.", "Codes 007, 0,50 et ,5 et 5."),
    ("Digits ٣ and ３ and 3.", "Chiffres ٣ et ３ et 3."),
    ("See https://osce.org/2023/06 and www.coe.int/en/1234.", "Voir https://osce.org/2023/06."),
    ("Mail press@osce.org or <mailto:info@coe.int>.", "Écrire à press@osce.org."),
    (
        "Read [the 2023 report](https://osce.org/r?id=12).",
        "Lisez [le rapport 2023](https://osce.org/r?id=12).",
    ),
    ("Run `draft --limit 20` now.", "Lancez `draft --limit 20` maintenant."),
    ("It is **very *urgent***, see <b>12</b>.", "C'est **très *urgent***, voir <b>12</b>."),
    ("Use snake_case_names and _emphasis_.", "Utilisez snake_case_names et _emphase_."),
    ('He said "never again" in 2023.', "Il a dit « plus jamais » en 2023."),
    ('He said "never again" in 2023.', "Er sagte „nie wieder“ im Jahr 2023."),
    ("Was it enough? Yes: 57 States!", "Était-ce suffisant ? Oui : 57 États !"),
    ("Was it enough?", "¿Fue suficiente?"),
    ("Wait...", "Attendez…"),
    ("The Council of Europe and the OSCE met.", "Der Europarat und die OSZE tagten."),
    ("  Leading and trailing.  ", "  Au début et à la fin.  "),
    ("A *marked word and @handle #tag.", "Un *mot marqué et @pseudo #tag."),
]


def perturbed(source: str, translation: str, rng: random.Random) -> Iterator[tuple[str, str]]:
    """The pair as it is, then variants meant to make each check fire: (English, translation)."""
    yield source, translation
    numbers = list(re.finditer(r"\d+", translation))
    if numbers:
        chosen = rng.choice(numbers)
        digits = chosen.group()
        changed = str(int(digits) + 1) if digits.isascii() else digits + "1"
        yield source, translation[: chosen.start()] + changed + translation[chosen.end() :]
        yield source, translation[: chosen.start()] + translation[chosen.end() :]
        yield source, translation.replace(",", ".") if "," in translation else translation + " 1,5"
        yield source, re.sub(r"(\d)(\d{3})\b", "\\1 \\2", translation)
        yield source, re.sub(r"(\d)(\d{3})\b", "\\1\u202f\\2", translation)
    yield source, translation + " 2024"
    yield source + " In 2,500 cases.", translation + " En 2 500 cas."
    yield source + " In 2,500 cases.", translation + " In 2.500 Fällen."
    yield source + " Call 01 23 45 67.", translation + " Appelez le 01 23 45 67."
    links = list(re.finditer(r"https?://\S+|\S+@\S+\.\w+", translation))
    if links:
        link = rng.choice(links)
        yield source, translation[: link.start()] + translation[link.end() :]
        yield (
            source,
            translation[: link.start()] + "https://example.org/x" + translation[link.end() :],
        )
    yield source, translation + " https://www.osce.org/press"
    yield source + " Write to press@osce.org.", translation + " press@osce.org"
    words = translation.split()
    if len(words) > 2:
        index = rng.randrange(len(words))
        for wrapped in (f"*{words[index]}*", f"**{words[index]}**", f"`{words[index]}`"):
            yield source, " ".join([*words[:index], wrapped, *words[index + 1 :]])
        yield source, " ".join([*words[:index], "*" + words[index], *words[index + 1 :]])
        yield source, " ".join([*words[:index], "@" + words[index], *words[index + 1 :]])
        yield source, " ".join([*words[:index], "#" + words[index], *words[index + 1 :]])
        yield source, " ".join([*words[:index], "<x0/>", *words[index + 1 :]])
        yield source, " ".join([*words[:index], "<g1>", words[index], "</g1>", *words[index + 1 :]])
        yield source, " ".join([*words[:index], f"[{words[index]}](https://osce.org/a)"])
        yield f"*{source}*", translation
        yield f"It is **{source}**", f"**{translation}"
        yield f"See [{source}](https://osce.org/b).", f"[{translation}](https://osce.org/c)."
        yield f"<em>{source}</em>", f"<em class='x'>{translation}</em>"
        yield f"Run `{source}`.", f"`{translation}`."
        yield source, "  ".join(words)
    yield source, translation.replace("«\u202f", '"').replace("\u202f»", '"')
    yield source, translation.replace("«", "“").replace("»", "”")
    yield source, translation.replace("«\u00a0", "«").replace("\u00a0»", "»")
    yield source, translation.replace("„", '"').replace("“", '"')
    yield 'He said "no".', translation + " « non»"
    yield 'He said "no".', translation + " «non »"
    yield 'He said "no".', translation + " „nein“"
    yield source, re.sub(r"[\u00a0\u202f]([?!:;])", r"\1", translation)
    yield source.rstrip(".") + "?", translation.rstrip(".") + "?"
    yield source.rstrip(".") + "?", translation.rstrip(".") + "\u202f?"
    yield source.rstrip(".") + "!", "¡" + translation.rstrip(".") + "!"
    yield source, translation.rstrip(".")
    yield source, translation + "..."
    yield source, translation.rstrip(".") + ":"
    yield source, " " + translation
    yield source, translation + " "
    yield source, "   "
    yield source, source
    yield source, translation[: max(1, len(translation) // 3)]
    yield source, " ".join([translation] * 3)
    yield source, translation.replace("Europarat", "Europäischer Rat").replace("OSZE", "OSCE")
    yield source, translation.replace("Conseil de l'Europe", "Conseil européen")
    yield source, translation.replace("Совет Европы", "Совет ЕС").replace("ОБСЕ", "OSCE")


def catalogs(pairs: list[tuple[str, str]], seed: int) -> Iterator[Catalog]:
    """The perturbed pairs in catalogs of 40 entries with roles, flags and drafts as in life."""
    rng = random.Random(seed)
    messages = []
    for source, translation in pairs:
        for english, translated in perturbed(source, translation, rng):
            flags = []
            if rng.random() < 0.05:
                flags.append("fuzzy")
            if rng.random() < 0.05:
                flags.append(rng.choice(("ignore-numbers", "ignore-quotes", "ignore-links")))
            roles = [rng.choice(ROLES)]
            messages.append(Message(english, translated, extracted_comments=roles, flags=flags))
    rng.shuffle(messages)
    for start in range(0, len(messages), 40):
        chunk = messages[start : start + 40]
        numbered = [_renumbered(m, 3 + 4 * i) for i, m in enumerate(chunk)]
        yield Catalog(messages=numbered)
        # Complete but for the title: the version check has something to say.
        title = Message("The title", "", extracted_comments=["title"], line=1)
        yield Catalog(messages=[title, *(m for m in numbered if m.msgstr.strip())])


def _renumbered(message: Message, line: int) -> Message:
    return Message(
        message.msgid,
        message.msgstr,
        extracted_comments=list(message.extracted_comments),
        flags=list(message.flags),
        line=line,
    )


def references() -> list[tuple[str, str]]:
    pairs = []
    for table in sorted((ROOT / "bench" / "references").glob("*.tsv")):
        for line in table.read_text("utf-8").splitlines():
            if "\t" in line:
                english, translation = line.split("\t", 1)
                pairs.append((english, translation))
    return pairs


def corpus_pairs(project: Path, count: int, seed: int) -> list[tuple[str, str]]:
    """Entries of a generated archive, every 37th catalog's, up to ``count``."""
    paths = sorted((project / "locale").glob("*/LC_MESSAGES/*.po"))[::37]
    pairs = [
        (m.msgid, m.msgstr)
        for path in paths
        for m in read_catalog(path, display=path.name).messages
        if m.msgid and m.msgstr and not m.obsolete
    ]
    return random.Random(seed).sample(pairs, min(count, len(pairs)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="a git revision (e.g. HEAD~1)")
    parser.add_argument("--project", type=Path, help="also perturb entries of this archive")
    parser.add_argument("--corpus-entries", type=int, default=400)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-same-") as folder:
        import_baseline(options.baseline, Path(folder))
        packages = {"current": "communique", "baseline": BASELINE}
        check = {name: importlib.import_module(f"{p}.qa.checks") for name, p in packages.items()}
        glossaries = {
            name: importlib.import_module(f"{p}.translate.glossary").load_glossary(
                ROOT / "locale", LOCALES, display_root=ROOT
            )
            for name, p in packages.items()
        }
        pairs = references() + HARD
        if options.project is not None:
            pairs += corpus_pairs(options.project, options.corpus_entries, seed=1)
        jobs: list[tuple[str, str, bool, Catalog]] = []
        for locale in LOCALES:
            for markup in (False, True):
                for number, catalog in enumerate(catalogs(pairs, seed=len(jobs))):
                    jobs.append((f"{locale}-{markup}-{number}.po", locale, markup, catalog))
        for path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
            locale = path.parts[-3]
            for markup in (False, True):
                jobs.append((path.name, locale, markup, read_catalog(path, display=path.name)))
        entries = sum(len(job[3].messages) for job in jobs)
        fired: Counter[str] = Counter()
        count = 0
        differences = 0
        for path, locale, markup, catalog in jobs:
            found: dict[str, list[Any]] = {
                name: check[name].check_catalog(
                    catalog, path=path, locale=locale, markup=markup, glossary=glossaries[name]
                )
                for name in packages
            }
            mine = [f.as_dict() for f in found["current"]]
            theirs = [f.as_dict() for f in found["baseline"]]
            count += len(theirs)
            fired.update(f["check"] for f in theirs)
            if mine != theirs:
                differences += 1
                print(f"{path} ({locale}, markup={markup}):")
                print(f"  baseline: {theirs}")
                print(f"  current:  {mine}")
        print(
            f"{len(jobs)} catalogs, {entries} entries, {count} findings compared; "
            f"{differences} catalogs differ"
        )
        print("findings by check: " + ", ".join(f"{k} {v}" for k, v in sorted(fired.items())))
        return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
