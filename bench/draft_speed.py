"""How much time does `communique draft` add to Apertium's own?

Translates the 25 segments of the demo release into Spanish twice, in the same run:

* Apertium alone: the `apertium eng-spa` command on the whole text, one segment per line,
  as a user would run it (dictionaries loaded once);
* communique: protection, the long-lived null-flush pipeline fed in batches, restoring — what
  `draft` does for each segment, without the translation memory, glossary or cache.

    .venv/bin/python bench/draft_speed.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import polib

from communique.draft import SAVE_EVERY
from communique.engines.apertium import ApertiumEngine
from communique.protect import protect, restore

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "locale" / "templates" / "2023-06-07-anti-trafficking-coordinators-meet.pot"


def apertium_alone(segments: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        ["apertium", "eng-spa"],
        input="\n".join(segments),
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start


def communique(segments: list[str]) -> float:
    start = time.perf_counter()
    engine = ApertiumEngine()
    route = engine.route("en", "es")
    assert route is not None
    for first in range(0, len(segments), SAVE_EVERY):  # in batches, as draft sends them
        batch = [protect(segment, locale="es") for segment in segments[first : first + SAVE_EVERY]]
        for protected, output in zip(
            batch, engine.translate(route, [p.text for p in batch]), strict=True
        ):
            restore(output.text, protected)
    engine.close()
    return time.perf_counter() - start


def compare(rounds: int = 7) -> tuple[float, float]:
    """Median seconds of Apertium alone and of communique's drafting around it."""
    segments = [entry.msgid for entry in polib.pofile(str(TEMPLATE))]
    alone = statistics.median(apertium_alone(segments) for _ in range(rounds))
    ours = statistics.median(communique(segments) for _ in range(rounds))
    return alone, ours


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    a, c = compare(rounds)
    n = len(polib.pofile(str(TEMPLATE)))
    print(f"segments: {n}, rounds: {rounds} (medians, including start-up)")
    print(f"apertium alone : {a:.3f} s  ({1000 * a / n:.1f} ms per sentence)")
    print(f"communique     : {c:.3f} s  ({1000 * c / n:.1f} ms per sentence)")
    print(f"overhead       : {100 * (c - a) / a:+.0f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
