"""How fast are the quality checks over an archive, and do they still find the same things?

Reads every catalog of a project made by `bench/make_corpus.py` once, then checks all of them
with `check_catalog` in build order (release by release, locale by locale), as `communique
build` does: the current code and, with `--baseline REV`, the code of an earlier revision
(`git archive` of its `src/communique`, imported as `communique_baseline`), alternating passes
on the same catalogs. Memoised answers are forgotten before each pass, as in a new process.
Prints each pass, the medians, the time per translated entry and, with a baseline, whether both
returned exactly the same findings (every field) for every catalog.

    .venv/bin/python bench/check_speed.py --project /tmp/corpus --baseline HEAD~1 [--rounds 5]

Without `--project`, a 200-release corpus is made in a temporary folder first.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from communique.catalog import Catalog
from communique.catalog.reader import read_catalog
from communique.config import load_settings

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "communique_baseline"
# Absolute imports of the package and its data files, rewritten in the baseline's copy.
_OWN_NAME = re.compile(r"""(^[ \t]*from[ \t]+|^[ \t]*import[ \t]+|files\(")communique\b""", re.M)


@dataclass(frozen=True)
class Job:
    """One catalog to check, with what the build passes along with it."""

    path: str
    locale: str
    markup: bool
    catalog: Catalog


def import_baseline(revision: str, folder: Path) -> ModuleType:
    """The package as it was at ``revision``, importable next to the current one."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "src/communique"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    package = folder / BASELINE
    (folder / "src" / "communique").rename(package)
    for module in package.rglob("*.py"):
        text = module.read_text("utf-8")
        module.write_text(_OWN_NAME.sub(rf"\1{BASELINE}", text), "utf-8")
    sys.path.insert(0, str(folder))
    return importlib.import_module(BASELINE)


def load_jobs(project: Path, releases: int | None) -> list[Job]:
    """Every catalog of the project, in the order the build checks them."""
    settings = load_settings(project / "communique.toml")
    sources = sorted(p for p in (project / "source").iterdir() if p.suffix in (".txt", ".md"))
    jobs = []
    for source in sources[:releases]:
        for locale in settings.target_locales:
            path = project / "locale" / locale / "LC_MESSAGES" / f"{source.stem}.po"
            if path.is_file():
                display = path.relative_to(project).as_posix()
                catalog = read_catalog(path, display=display)
                jobs.append(Job(display, locale, source.suffix == ".md", catalog))
    return jobs


def translated_entries(jobs: Sequence[Job]) -> int:
    """The entries the per-entry checks look at."""
    return sum(
        1
        for job in jobs
        for m in job.catalog.messages
        if m.msgid and m.msgstr and not m.obsolete and m.msgid_plural is None
    )


def forget(package: str) -> None:
    """Clear every memoised function of a package, as if the process had just started."""
    for name, module in list(sys.modules.items()):
        if name == package or name.startswith(package + "."):
            for value in vars(module).values():
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


def checker(
    package: str, glossary_folder: Path | None, targets: Sequence[str]
) -> Callable[[Sequence[Job]], list[Any]]:
    """A pass over the jobs with one version of the package's ``check_catalog``."""
    checks = importlib.import_module(f"{package}.qa.checks")
    glossary_module = importlib.import_module(f"{package}.translate.glossary")
    findings_module = importlib.import_module(f"{package}.qa.findings")
    glossary = findings_module.NO_GLOSSARY
    if glossary_folder is not None:
        glossary = glossary_module.load_glossary(
            glossary_folder, targets, display_root=glossary_folder
        )

    def run(jobs: Sequence[Job]) -> list[Any]:
        return [
            checks.check_catalog(
                job.catalog, path=job.path, locale=job.locale, markup=job.markup, glossary=glossary
            )
            for job in jobs
        ]

    return run


@dataclass(frozen=True)
class Pass:
    """One pass over every catalog: wall-clock time, this process's CPU time, what it found."""

    wall: float
    cpu: float
    findings: list[Any]


def timed(package: str, run: Callable[[Sequence[Job]], list[Any]], jobs: Sequence[Job]) -> Pass:
    forget(package)
    wall, cpu = time.perf_counter(), time.process_time()
    found = run(jobs)
    return Pass(time.perf_counter() - wall, time.process_time() - cpu, found)


def same_findings(ours: Sequence[Sequence[Any]], theirs: Sequence[Sequence[Any]]) -> list[str]:
    """Where two passes disagree, catalog by catalog (findings compared field by field)."""
    differences = []
    for mine, other in zip(ours, theirs, strict=True):
        if [f.as_dict() for f in mine] != [f.as_dict() for f in other]:
            differences.append(f"{[str(f) for f in other]} became {[str(f) for f in mine]}")
    return differences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="a project from bench/make_corpus.py")
    parser.add_argument("--baseline", help="a git revision to compare with (e.g. HEAD~1)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--releases", type=int, help="only the first N releases")
    parser.add_argument(
        "--glossary-from", type=Path, help="check with the glossary of this locale/ folder"
    )
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-checks-") as folder:
        project = options.project
        if project is None:
            project = Path(folder) / "corpus"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "bench" / "make_corpus.py"),
                    *("--releases", "200", "--locales", "6", "--out", str(project)),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        targets = load_settings(project / "communique.toml").target_locales
        contenders = {"current": checker("communique", options.glossary_from, targets)}
        if options.baseline:
            import_baseline(options.baseline, Path(folder))
            contenders["baseline"] = checker(BASELINE, options.glossary_from, targets)
        started = time.perf_counter()
        jobs = load_jobs(project, options.releases)
        entries = translated_entries(jobs)
        print(
            f"{len(jobs)} catalogs, {entries} translated entries "
            f"(read in {time.perf_counter() - started:.1f} s)"
        )
        # A build holds one catalog at a time: keep the collector off the ones loaded here.
        gc.collect()
        gc.freeze()
        passes: dict[str, list[Pass]] = {name: [] for name in contenders}
        for round_ in range(options.rounds):
            order = list(contenders) if round_ % 2 == 0 else list(reversed(contenders))
            for name in order:
                package = "communique" if name == "current" else BASELINE
                done = timed(package, contenders[name], jobs)
                passes[name].append(done)
                print(f"round {round_ + 1}: {name:8} {done.wall:6.2f} s, CPU {done.cpu:6.2f} s")
        print()
        # On a shared machine the process's CPU time varies less than the wall-clock time.
        medians = {}
        for name, done_passes in passes.items():
            wall = statistics.median(p.wall for p in done_passes)
            cpu = statistics.median(p.cpu for p in done_passes)
            medians[name] = (wall, cpu)
            print(
                f"{name:8} median {wall:6.2f} s ({wall / entries * 1e6:5.1f} µs per entry), "
                f"CPU {cpu:6.2f} s ({cpu / entries * 1e6:5.1f} µs per entry)"
            )
        if "baseline" in passes:
            wall_ratio = medians["baseline"][0] / medians["current"][0]
            cpu_ratio = medians["baseline"][1] / medians["current"][1]
            print(f"baseline ÷ current: {wall_ratio:.2f} (CPU {cpu_ratio:.2f})")
            reference = passes["baseline"][0].findings
            count = sum(len(found) for found in reference)
            # Every pass against the baseline's first: memoised answers must not change a thing.
            differences = [
                difference
                for done in passes["current"] + passes["baseline"][1:]
                for difference in same_findings(done.findings, reference)
            ]
            print(
                f"findings: {count} per pass over {len(jobs)} catalogs, "
                f"{options.rounds * len(contenders) - 1} passes compared with the baseline's "
                f"first; {len(differences)} catalogs differ"
            )
            for difference in differences[:20]:
                print("  " + difference)
            return 1 if differences else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
