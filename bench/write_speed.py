"""How fast does communique write catalogs? ``format_catalog`` over a corpus, against a baseline.

Reads the catalogs of a project made by ``bench/make_corpus.py`` (parsing is not timed), in the
order ``update`` meets them (each release's template, then its catalogs), and times writing every
one of them once with the current writer and, with ``--baseline REV``, with the writer of that
git revision (``catalog/pofile.py`` and ``catalog/linebreak.py`` as they were then), in the same
process, rounds alternating so a noisy machine slows both alike. Every round starts with the
writers' caches empty, as a fresh ``update`` does. The outputs are compared: a figure for a
writer that writes different bytes would mean nothing.

    .venv/bin/python bench/write_speed.py --baseline f96ee7e            # a 300-release corpus
    .venv/bin/python bench/write_speed.py --corpus /tmp/corpus --releases 2000 --rounds 3
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import make_corpus  # noqa: E402

from communique.catalog import Catalog, pofile  # noqa: E402
from communique.catalog import linebreak as current_linebreak  # noqa: E402
from communique.catalog.reader import read_catalog  # noqa: E402

Writer = Callable[[Catalog], str]


def load_catalogs(corpus: Path, releases: int) -> list[Catalog]:
    """The templates and catalogs of the first ``releases`` releases, template first."""
    locale = corpus / "locale"
    folders = sorted(path for path in locale.iterdir() if path.name != "templates")
    catalogs = []
    for template in sorted((locale / "templates").glob("*.pot"))[:releases]:
        paths = [template]
        paths += [folder / "LC_MESSAGES" / f"{template.stem}.po" for folder in folders]
        for path in paths:
            if path.exists():
                catalogs.append(read_catalog(path, display=str(path.relative_to(corpus))))
    return catalogs


def _module(name: str, source: str, filename: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = filename
    sys.modules[name] = module
    exec(compile(source, filename, "exec"), module.__dict__)
    return module


def baseline_writer(revision: str) -> tuple[Writer, list[types.ModuleType]]:
    """``format_catalog`` as it was at ``revision``, and its modules (to clear their caches)."""

    def source(name: str) -> str:
        path = f"src/communique/catalog/{name}.py"
        command = ["git", "-C", str(ROOT), "show", f"{revision}:{path}"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    linebreak = _module("baseline_linebreak", source("linebreak"), f"{revision}:linebreak.py")
    # The old pofile imports the line breaker by its package name: give it the old one.
    current = sys.modules["communique.catalog.linebreak"]
    sys.modules["communique.catalog.linebreak"] = linebreak
    try:
        writer = _module("baseline_pofile", source("pofile"), f"{revision}:pofile.py")
    finally:
        sys.modules["communique.catalog.linebreak"] = current
    return writer.format_catalog, [linebreak, writer]


def clear_caches(modules: list[types.ModuleType]) -> None:
    """Empty every functools cache of the modules: each round starts as a new process does."""
    for module in modules:
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def one_round(
    write: Writer, catalogs: list[Catalog], modules: list[types.ModuleType]
) -> tuple[float, float]:
    """Wall and CPU seconds to write every catalog once, caches emptied first."""
    clear_caches(modules)
    wall, cpu = time.perf_counter(), time.process_time()
    for catalog in catalogs:
        write(catalog)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="a project from make_corpus.py")
    parser.add_argument("--releases", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", help="git revision of the writer to compare with")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="communique-write-") as folder:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(folder) / "corpus"
            print(f"writing a corpus of {args.releases} releases × 6 locales…", flush=True)
            make_corpus.make(corpus, args.releases, 6)
        catalogs = load_catalogs(corpus, args.releases)
    messages = sum(len(catalog.messages) + 1 for catalog in catalogs)
    print(f"{len(catalogs)} catalogs, {messages} messages")

    current_modules = [pofile, current_linebreak]
    contenders: dict[str, tuple[Writer, list[types.ModuleType]]] = {}
    if args.baseline:
        contenders[f"baseline {args.baseline}"] = baseline_writer(args.baseline)
    contenders["current"] = (pofile.format_catalog, current_modules)

    if args.baseline:
        old_write = contenders[f"baseline {args.baseline}"][0]
        different = [c for c in catalogs if old_write(c) != pofile.format_catalog(c)]
        print(f"catalogs written differently: {len(different)}")

    # CPU time is the figure to compare: on a shared machine, wall time also counts the time
    # other processes held the CPU.
    walls: dict[str, list[float]] = {name: [] for name in contenders}
    cpus: dict[str, list[float]] = {name: [] for name in contenders}
    for number in range(args.rounds):
        for name, (write, modules) in contenders.items():
            wall, cpu = one_round(write, catalogs, modules)
            walls[name].append(wall)
            cpus[name].append(cpu)
        figures = "  ".join(
            f"{name} {cpus[name][-1]:.2f} s CPU ({walls[name][-1]:.2f} s wall)"
            for name in contenders
        )
        print(f"round {number + 1}: {figures}", flush=True)

    print(f"\nmedians of {args.rounds} rounds")
    for name in contenders:
        cpu, wall = statistics.median(cpus[name]), statistics.median(walls[name])
        print(
            f"{name:<22} CPU {cpu:7.3f} s  wall {wall:7.3f} s  "
            f"{1000 * cpu / len(catalogs):6.3f} ms CPU per catalog  "
            f"{1e6 * cpu / messages:6.2f} µs CPU per message"
        )
    if args.baseline:
        old_name, new_name = contenders
        for label, figures in (("CPU", cpus), ("wall", walls)):
            old, new = statistics.median(figures[old_name]), statistics.median(figures[new_name])
            ratios = ", ".join(
                f"{a / b:.1f}×" for a, b in zip(figures[old_name], figures[new_name], strict=True)
            )
            print(f"speed-up, {label} medians: {old / new:.2f}× (rounds: {ratios})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
