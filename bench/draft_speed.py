"""How much time does `communique draft` add to Apertium's own?

Translates the 25 segments of the demo release into Spanish, in the same run:

* Apertium alone: the `apertium eng-spa` command on the whole text, one segment per line,
  as a user would run it (dictionaries loaded once);
* communique around Apertium: protection, the long-lived null-flush pipeline fed in batches,
  restoring — what `draft` does for each segment, without the translation memory, glossary or
  cache: the wrapper's overhead;
* the whole command: `communique draft --locale es` on a copy of the demo project with an
  empty cache, as a user runs it — Python's start-up, reading the project, the translation
  memory and glossary, writing the catalog — and `communique --version`, its start-up alone.

    .venv/bin/python bench/draft_speed.py [--rounds N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import polib

from communique.translate.draft import BATCH
from communique.translate.engines.apertium import ApertiumEngine
from communique.translate.protect import protect, restore

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "locale" / "templates" / "2023-06-07-anti-trafficking-coordinators-meet.pot"
COMMUNIQUE = Path(sys.executable).with_name("communique")


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
    for first in range(0, len(segments), BATCH):  # in batches, as draft sends them
        batch = [protect(segment, locale="es") for segment in segments[first : first + BATCH]]
        for protected, output in zip(
            batch, engine.translate(route, [p.text for p in batch]), strict=True
        ):
            restore(output.text, protected)
    engine.close()
    return time.perf_counter() - start


def command(*arguments: str) -> float:
    start = time.perf_counter()
    subprocess.run([str(COMMUNIQUE), *arguments], capture_output=True, check=True)
    return time.perf_counter() - start


def whole_command() -> float:
    """`communique draft --locale es` on a fresh copy of the demo project (empty cache)."""
    with tempfile.TemporaryDirectory(prefix="communique-draft-") as folder:
        project = Path(folder)
        shutil.copy(ROOT / "communique.toml", project)
        shutil.copytree(ROOT / "source", project / "source")
        shutil.copytree(ROOT / "locale", project / "locale")
        return command("-C", str(project), "draft", "--locale", "es")


@dataclass(frozen=True)
class Figures:
    segments: int
    apertium: float
    wrapper: float
    command: float
    start_up: float

    def lines(self) -> list[str]:
        n, a = self.segments, self.apertium

        def row(label: str, seconds: float) -> str:
            return f"{label:<34}{seconds:.3f} s  {100 * (seconds - a) / a:+5.0f} %"

        return [
            f"{'apertium eng-spa alone':<34}{a:.3f} s  ({1000 * a / n:.1f} ms per sentence)",
            row("communique around apertium", self.wrapper),
            row("communique draft, whole command", self.command),
            f"{'  of which start-up (--version)':<34}{self.start_up:.3f} s",
        ]


def compare(rounds: int = 7) -> Figures:
    """Medians of Apertium alone, of communique's drafting around it, and of the command."""
    segments = [entry.msgid for entry in polib.pofile(str(TEMPLATE))]
    return Figures(
        segments=len(segments),
        apertium=statistics.median(apertium_alone(segments) for _ in range(rounds)),
        wrapper=statistics.median(communique(segments) for _ in range(rounds)),
        command=statistics.median(whole_command() for _ in range(rounds)),
        start_up=statistics.median(command("--version") for _ in range(rounds)),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    figures = compare(rounds)
    print(f"the demo release into Spanish: {figures.segments} segments, medians of {rounds} rounds")
    print("\n".join(figures.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
