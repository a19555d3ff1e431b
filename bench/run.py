"""Benchmarks at newsroom scale, each figure next to what a user would otherwise run.

    .venv/bin/python bench/run.py            # 200 and 2,000 releases × 6 locales
    .venv/bin/python bench/run.py --quick    # 100 and 200 releases: under two minutes

For each size it writes a corpus (bench/make_corpus.py), revises 10 % of the releases, and
measures, each in its own process (wall time and peak memory from the kernel):

* ``communique update`` over the archive against GNU ``msgmerge --previous`` over the same
  template/catalog pairs, with the translated / fuzzy / obsolete counts both leave;
* a full ``communique build`` from nothing (no output, no cache, no publication records),
  against Hugo (Debian package) building the same releases in the same languages with a minimal
  multilingual configuration: three rounds each, the first where the sequence reaches it, the
  other two taken in turn, each after removing its own last output, so that both meet the file
  system in the same state (see ``ROUNDS``); the median of each, and the processor time each
  used (user and system);
* rebuilds after one reviewed translation is edited, after one release is edited, and after
  nothing changed, then after one translation is edited once the drafts preview has been built
  too (a second site in the same cache): three of each, the median;
* segmentation throughput of the corpus's paragraphs against pysbd, and the score of each on
  pySBD's 48 English Golden Rules (sentencex's too);

then drafting the demo release with Apertium against Apertium alone, and how each figure grows
with the archive. Nothing here is a test: the figures are information, not pass or fail.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import draft_speed  # noqa: E402
import make_corpus  # noqa: E402

from communique.catalog.reader import read_catalog  # noqa: E402
from communique.project import Project  # noqa: E402
from communique.release.reader import read_release  # noqa: E402
from communique.release.segment import rules_for, sentence_spans  # noqa: E402

COMMUNIQUE = [sys.executable, "-m", "communique"]


#: How many times the build from nothing, Hugo and each rebuild are measured: the median is
#: shown. The machine's speed drifts from minute to minute, and creating a site's 17,000 files
#: and folders cost this machine's kernel from 2 to 18 s of processor time, depending on how
#: many files were deleted in the minutes before (ext4 without a journal passes over the inodes
#: freed in the last minutes for each new file: see bench/README.md).
ROUNDS = 3


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    user: float = 0.0  # processor time, in the process's own code
    system: float = 0.0  # and in the kernel's, on its behalf


def median(runs: Sequence[Run]) -> Run:
    """The run of median wall time (of an odd number; the slower middle one of an even)."""
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def measure(command: Sequence[str], cwd: Path) -> Run:
    """Wall time and peak resident memory of one process (from wait4's rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        assert process.stderr is not None
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-500:]}")
    if process.stderr is not None:
        process.stderr.close()
    return Run(elapsed, usage.ru_maxrss / 1024, usage.ru_utime, usage.ru_stime)


def counts(project: Path) -> tuple[int, int, int]:
    """Translated (incl. fuzzy), fuzzy and obsolete entries over all catalogs."""
    translated = fuzzy = obsolete = 0
    for path in sorted(project.glob("locale/*/LC_MESSAGES/*.po")):
        for message in read_catalog(path, display=path.name).messages:
            if message.obsolete:
                obsolete += message.translated
            elif message.translated:
                translated += 1
                fuzzy += message.fuzzy
    return translated, fuzzy, obsolete


def msgmerge_all(project: Path) -> Run:
    """GNU msgmerge over every template/catalog pair, one process each, as a Makefile would."""
    total, peak = 0.0, 0.0
    for po in sorted(project.glob("locale/*/LC_MESSAGES/*.po")):
        pot = project / "locale" / "templates" / f"{po.stem}.pot"
        run = measure(
            ["msgmerge", "--quiet", "--update", "--previous", "--backup=off", str(po), str(pot)],
            project,
        )
        total += run.seconds
        peak = max(peak, run.peak_mb)
    return Run(total, peak)


HUGO_CONFIG = """\
baseURL = "https://bench.example.org/"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term"]
[languages]
{languages}
"""
HUGO_SINGLE = (
    '<!DOCTYPE html><html lang="{{ .Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}'
    '</title></head><body><h1>{{ .Title }}</h1><p>{{ .Date.Format "2 January 2006" }}</p>'
    '{{ .Content }}{{ range .Translations }}<a href="{{ .RelPermalink }}">{{ .Lang }}</a>'
    "{{ end }}</body></html>\n"
)
HUGO_LIST = (
    '<!DOCTYPE html><html lang="{{ .Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}'
    '</title></head><body><ol>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}'
    "</a></li>{{ end }}</ol></body></html>\n"
)


def hugo_site(project: Path, target: Path) -> None:
    """The corpus's published versions as a Hugo site: one page per release and language."""
    from communique.site.build import build  # the versions communique publishes, for equal work
    from communique.workspace import Workspace

    with Workspace.open(Project.load(project), command="bench") as workspace:
        report = build(workspace, out=target / "communique-output")
    languages = "\n".join(
        f'[languages.{locale}]\nweight = {index + 1}\nlanguageName = "{locale}"'
        for index, locale in enumerate(sorted(report.published))
    )
    (target / "config.toml").write_text(HUGO_CONFIG.format(languages=languages), "utf-8")
    for name, text in (("single.html", HUGO_SINGLE), ("list.html", HUGO_LIST)):
        (target / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
        (target / "layouts" / "_default" / name).write_text(text, "utf-8")
    for locale, slugs in report.published.items():
        for slug in slugs:
            source = next((project / "source").glob(f"{slug}.*"))
            release = read_release(source, display=source.name)
            body = "\n\n".join(block.text for block in release.blocks)
            translated: dict[str, str] = {}
            if locale != "en":
                catalog = read_catalog(
                    project / "locale" / locale / "LC_MESSAGES" / f"{slug}.po", display=slug
                )
                translated = {m.msgid: m.msgstr for m in catalog.messages if m.msgstr}
                body = "\n\n".join(
                    _translate_block(block.text, translated) for block in release.blocks
                )
            page = target / "content" / f"{slug}.{locale}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            title = translated.get(release.title, release.title).replace('"', "'")
            page.write_text(
                f'---\ntitle: "{title}"\ndate: {release.date.isoformat()}\n---\n{body}\n', "utf-8"
            )
    shutil.rmtree(target / "communique-output")


def _translate_block(text: str, translated: dict[str, str]) -> str:
    """A block in a catalog's language, sentence by sentence as the catalog holds it."""
    flat = " ".join(text.split())
    spans = sentence_spans(flat, markup=True, rules=rules_for("en"))
    return " ".join(translated.get(flat[a:b], flat[a:b]) for a, b in spans)


def segmentation(project: Path) -> tuple[float, float, int]:
    """Paragraphs per second for communique and pysbd, and how many they split alike."""
    import pysbd

    paragraphs = []
    for source in sorted((project / "source").iterdir()):
        release = read_release(source, display=source.name)
        paragraphs += [" ".join(b.text.split()) for b in release.blocks if b.kind == "paragraph"]
    rules = rules_for("en")
    start = time.perf_counter()
    ours = [[p[a:b] for a, b in sentence_spans(p, markup=False, rules=rules)] for p in paragraphs]
    mine = time.perf_counter() - start
    segmenter = pysbd.Segmenter(language="en", clean=False)
    start = time.perf_counter()
    theirs = [[s.strip() for s in segmenter.segment(p)] for p in paragraphs]
    other = time.perf_counter() - start
    alike = sum(a == b for a, b in zip(ours, theirs, strict=True))
    return len(paragraphs) / mine, len(paragraphs) / other, alike * 100 // max(len(paragraphs), 1)


def golden_rules() -> dict[str, int]:
    """How many of pySBD's 48 English Golden Rules each segmenter passes: communique, pysbd
    and sentencex (the list ships in pysbd's wheel as ``benchmarks.english_golden_rules``)."""
    import pysbd
    import sentencex
    from benchmarks.english_golden_rules import GOLDEN_EN_RULES

    rules = rules_for("en")
    segmenter = pysbd.Segmenter(language="en", clean=False)
    splitters = {
        "communique": lambda t: [t[a:b] for a, b in sentence_spans(t, markup=False, rules=rules)],
        "pysbd": segmenter.segment,
        "sentencex": lambda t: list(sentencex.segment("en", t)),
    }
    return {
        name: sum(
            [s.strip() for s in split(text) if s.strip()] == [e.strip() for e in expected]
            for text, expected in GOLDEN_EN_RULES
        )
        for name, split in splitters.items()
    }


@dataclass(frozen=True)
class Figures:
    """Everything measured for one archive size."""

    update: Run
    msgmerge: Run
    counts_ours: tuple[int, int, int]
    counts_gnu: tuple[int, int, int]
    build: Run
    builds: tuple[Run, ...]  # every round, in order
    catalog_edit: Run
    release_edit: Run
    noop: Run
    preview_edit: Run  # one translation edited, the drafts preview built too
    hugo: Run
    hugos: tuple[Run, ...]
    segment: float
    pysbd: float
    alike: int
    outputs: int


def edit_one_translation(project: Path) -> None:
    """A translator corrects one reviewed translation of a published version."""
    for path in sorted(project.glob("locale/fr/LC_MESSAGES/*.po")):
        catalog = read_catalog(path, display=path.name)
        live = [m for m in catalog.messages if not m.obsolete and m.msgid]
        if all(m.msgstr and not m.fuzzy for m in live):
            message = live[-1]
            text = path.read_text("utf-8")
            quoted = message.msgstr.replace("\\", "\\\\").replace('"', '\\"')
            if f'msgstr "{quoted}"' in text:
                path.write_text(
                    text.replace(f'msgstr "{quoted}"', f'msgstr "{quoted} "', 1), "utf-8"
                )
                return
    raise SystemExit("no fully reviewed French catalog with a one-line translation to edit")


def edit_one_release(project: Path) -> None:
    """The press office rewords one sentence of one release."""
    path = sorted((project / "source").iterdir())[len(list((project / "source").iterdir())) // 2]
    text = path.read_text("utf-8")
    path.write_text(text.replace(" the ", " this ", 1), "utf-8")


def size_figures(releases: int, locales: int, work: Path) -> Figures:
    corpus = work / f"corpus-{releases}"
    make_corpus.make(corpus, releases, locales)
    make_corpus.revise(corpus, 0.1)
    ours, gnu = work / f"ours-{releases}", work / f"gnu-{releases}"
    shutil.copytree(corpus, ours)
    shutil.copytree(corpus, gnu)
    update = measure([*COMMUNIQUE, "update"], ours)
    measure([*COMMUNIQUE, "extract"], gnu)  # msgmerge needs the new templates
    merge = msgmerge_all(gnu)
    build = [*COMMUNIQUE, "build"]
    shutil.rmtree(ours / ".communique", ignore_errors=True)  # a build from nothing
    builds = [measure(build, ours)]
    catalog_edits, release_edits, noops = [], [], []
    for _ in range(ROUNDS):
        edit_one_translation(ours)
        catalog_edits.append(measure(build, ours))
    for _ in range(ROUNDS):
        edit_one_release(ours)
        release_edits.append(measure(build, ours))
    for _ in range(ROUNDS):
        noops.append(measure(build, ours))
    # A press office that previews drafts has a second site in the same cache: a rebuild of
    # the public one after an edit must not pay for it.
    measure([*COMMUNIQUE, "build", "--drafts"], ours)
    preview_edits = []
    for _ in range(ROUNDS):
        edit_one_translation(ours)
        preview_edits.append(measure(build, ours))
    shutil.rmtree(ours / "output-drafts")
    hugo_root = work / f"hugo-{releases}"
    hugo_site(ours, hugo_root)
    hugo = ["hugo", "--quiet", "--source", str(hugo_root)]
    hugos = [measure(hugo, hugo_root)]
    for _ in range(ROUNDS - 1):
        for made in ("output", ".communique", "published"):
            shutil.rmtree(ours / made)
        builds.append(measure(build, ours))
        shutil.rmtree(hugo_root / "public")
        hugos.append(measure(hugo, hugo_root))
    per_second, pysbd_per_second, alike = segmentation(corpus)
    return Figures(
        update=update,
        msgmerge=merge,
        counts_ours=counts(ours),
        counts_gnu=counts(gnu),
        build=median(builds),
        builds=tuple(builds),
        catalog_edit=median(catalog_edits),
        release_edit=median(release_edits),
        noop=median(noops),
        preview_edit=median(preview_edits),
        hugo=median(hugos),
        hugos=tuple(hugos),
        segment=per_second,
        pysbd=pysbd_per_second,
        alike=alike,
        outputs=sum(1 for p in (ours / "output").rglob("*") if p.is_file()),
    )


def table(figures: dict[int, Figures], locales: int) -> list[str]:
    """The figures as a Markdown table; growth is each figure's increase per unit of archive."""
    sizes = sorted(figures)
    small, large = sizes[0], sizes[-1]
    lines = [
        f"| figure | {' | '.join(f'{n} × {locales}' for n in sizes)} | growth |",
        f"|---|{'---:|' * len(sizes)}---:|",
    ]

    def row(name: str, values: list[str], growth: float | None = None) -> None:
        grow = f"{growth:.2f}" if growth is not None else ""
        lines.append(f"| {name} | {' | '.join(values)} | {grow} |")

    def growth(pick: Callable[[Figures], float]) -> float:
        a, b = pick(figures[small]), pick(figures[large])
        return (b / a) / (large / small) if a else 0.0

    timed: list[tuple[str, Callable[[Figures], Run]]] = [
        ("communique update (s)", lambda f: f.update),
        ("msgmerge, all pairs (s)", lambda f: f.msgmerge),
        ("communique build, from nothing (s)", lambda f: f.build),
        ("hugo, same pages (s)", lambda f: f.hugo),
        ("rebuild, one translation edited (s)", lambda f: f.catalog_edit),
        ("rebuild, one release edited (s)", lambda f: f.release_edit),
        ("rebuild, nothing changed (s)", lambda f: f.noop),
        ("rebuild, one translation edited, drafts preview built (s)", lambda f: f.preview_edit),
    ]
    for label, pick in timed:
        row(
            label,
            [f"{pick(figures[n]).seconds:.2f}" for n in sizes],
            growth(lambda f, pick=pick: pick(f).seconds),
        )
    row(
        "update ÷ msgmerge",
        [f"{f.update.seconds / f.msgmerge.seconds:.2f}" for f in figures.values()],
    )
    row("build ÷ hugo", [f"{f.build.seconds / f.hugo.seconds:.1f}" for f in figures.values()])
    processor: list[tuple[str, Callable[[Figures], Run]]] = [
        ("communique build (median round), processor time: user / system (s)", lambda f: f.build),
        ("hugo (median round), processor time: user / system (s)", lambda f: f.hugo),
    ]
    for label, pick in processor:
        row(label, [f"{pick(f).user:.1f} / {pick(f).system:.1f}" for f in figures.values()])
    rounds: list[tuple[str, Callable[[Figures], tuple[Run, ...]]]] = [
        ("communique build, each round (s)", lambda f: f.builds),
        ("hugo, each round (s)", lambda f: f.hugos),
    ]
    for label, runs in rounds:
        row(label, [", ".join(f"{r.seconds:.2f}" for r in runs(f)) for f in figures.values()])
    memory: list[tuple[str, Callable[[Figures], Run]]] = [
        ("update peak memory (MB)", lambda f: f.update),
        ("build peak memory (MB)", lambda f: f.build),
        ("hugo peak memory (MB)", lambda f: f.hugo),
    ]
    for label, pick in memory:
        row(
            label,
            [f"{pick(figures[n]).peak_mb:.0f}" for n in sizes],
            growth(lambda f, pick=pick: pick(f).peak_mb),
        )
    row(
        "after update: translated / fuzzy / obsolete",
        [" / ".join(map(str, f.counts_ours)) for f in figures.values()],
    )
    row(
        "after msgmerge: translated / fuzzy / obsolete",
        [" / ".join(map(str, f.counts_gnu)) for f in figures.values()],
    )
    row("files built", [str(f.outputs) for f in figures.values()])
    row("segmentation, paragraphs/s: communique", [f"{f.segment:.0f}" for f in figures.values()])
    row("segmentation, paragraphs/s: pysbd", [f"{f.pysbd:.0f}" for f in figures.values()])
    row("paragraphs split alike (%)", [str(f.alike) for f in figures.values()])
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 and 200 releases only")
    parser.add_argument("--locales", type=int, default=6)
    options = parser.parse_args()
    sizes = (100, 200) if options.quick else (200, 2000)
    # Measured as installed: a package installed from a wheel has its bytecode. Where
    # PYTHONDONTWRITEBYTECODE is set, each run would otherwise compile communique again.
    import communique

    compileall.compile_dir(Path(communique.__file__).parent, quiet=1)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as folder:
        figures = {n: size_figures(n, options.locales, Path(folder)) for n in sizes}
    print()
    print("\n".join(table(figures, options.locales)))
    scores = golden_rules()
    print()
    print(
        "pySBD's English Golden Rules passed (of 48): "
        + ", ".join(f"{name} {score}" for name, score in scores.items())
    )
    if shutil.which("apertium-wblank-mode"):
        drafting = draft_speed.compare(rounds=3 if options.quick else 7)
        print()
        print(f"drafting the demo release ({drafting.segments} segments) into Spanish:")
        print("\n".join(drafting.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
