"""Which pivot language gives Apertium's best French and Italian: Catalan or Spanish?

Drafts the 25 segments of the demo release through each route (with the glossary and the
protection of numbers, dates and markup, exactly as `communique draft` does) and scores them
against human reference translations (bench/references/<ll>.tsv) with chrF and BLEU
(sacrebleu), next to the number of words the route did not know.

    .venv/bin/python bench/pivots.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import sacrebleu

from communique.translate.engines.apertium import ApertiumEngine
from communique.translate.glossary import load_glossary
from communique.translate.protect import RestoreError, protect, restore

ROOT = Path(__file__).resolve().parents[1]


def references(locale: str) -> list[tuple[str, str]]:
    with (ROOT / "bench" / "references" / f"{locale}.tsv").open(encoding="utf-8") as stream:
        return [
            (row[0], row[1]) for row in csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def main() -> int:
    glossary = load_glossary(ROOT / "locale", ("fr", "it", "es", "de", "ru"), display_root=ROOT)
    print(
        f"{'locale':6} {'pivot':6} {'route':22} {'chrF':>6} {'BLEU':>6} {'unknown':>8} {'lost':>5}"
    )
    for locale in ("fr", "it"):
        pairs = references(locale)
        for pivot in ("ca", "es"):
            engine = ApertiumEngine(pivots=(pivot,))
            route = engine.route("en", locale)
            if route is None:
                print(f"{locale:6} {pivot:6} (no route installed)")
                continue
            drafts, unknown, lost = [], 0, 0
            for english, _ in pairs:
                protected = protect(english, locale=locale, glossary=glossary)
                output = engine.translate(route, [protected.text])[0]
                unknown += len(output.unknown)
                try:
                    drafts.append(restore(output.text, protected))
                except RestoreError:
                    drafts.append(output.text)
                    lost += 1
            engine.close()
            refs = [[reference for _, reference in pairs]]
            chrf = sacrebleu.corpus_chrf(drafts, refs).score
            bleu = sacrebleu.corpus_bleu(drafts, refs).score
            label = " | ".join(route.steps)
            print(f"{locale:6} {pivot:6} {label:22} {chrf:6.1f} {bleu:6.1f} {unknown:8} {lost:5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
