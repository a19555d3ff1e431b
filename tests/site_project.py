"""A small published project for the site tests: the demo release and a Markdown one, with
French fully reviewed (a human translation), Italian reviewed but for two segments (published
under ``min_complete = 90`` with English in their place), and the other languages untranslated."""

from __future__ import annotations

import csv
import datetime
import shutil
from pathlib import Path

import polib

from communique.project import Project
from tests.conftest import REPOSITORY
from tests.stages import update

DEMO = "2023-06-07-anti-trafficking-coordinators-meet"
SECOND = "2024-03-01-observers-deployed"

SECOND_RELEASE = """\
---
id: odihr-observers-2024
date: 2024-03-01T09:30:00+01:00
tags: [elections]
---
# Observers deployed for the vote

Warsaw, 1 March 2024 (ODIHR): Some 1,200 observers were deployed. Read the *interim report* \
at [osce.org](https://www.osce.org/odihr).

## Priorities

- Equal access to the media.
- Transparent counting.
"""

SECOND_FR = {
    "Observers deployed for the vote": "Des observateurs déployés pour le scrutin",
    "Warsaw": "Varsovie",
    "Some 1,200 observers were deployed.": "Quelque 1\u202f200 observateurs ont été déployés.",
    "Read the *interim report* at [osce.org](https://www.osce.org/odihr).": (
        "Lisez le *rapport intermédiaire* sur [osce.org](https://www.osce.org/odihr)."
    ),
    "Priorities": "Priorités",
    "Equal access to the media.": "Égalité d'accès aux médias.",
    "Transparent counting.": "Un dépouillement transparent.",
}


def references(locale: str) -> dict[str, str]:
    path = REPOSITORY / "bench" / "references" / f"{locale}.tsv"
    with path.open(encoding="utf-8", newline="") as stream:
        return {
            row[0]: row[1] for row in csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


def translate(
    project: Project, slug: str, locale: str, table: dict[str, str], *, skip: int = 0
) -> None:
    """Fill a catalog as a translator would, reviewed; leave the last ``skip`` entries out."""
    path = project.catalog_path(slug, locale)
    document = polib.pofile(str(path))
    for entry in document[: len(document) - skip]:
        entry.msgstr = table[entry.msgid]
        if "soixantaine" in entry.msgstr or "sessantina" in entry.msgstr:
            entry.flags.append("ignore-numbers")  # "about sixty", rightly without the digits
    # Saved a few days after the release, at a minute of its own (a translator's tool writes
    # the minute): two entries of a feed updated in the same minute draw a warning from the
    # W3C validator, and translators do not finish two releases in one.
    day = datetime.date.fromisoformat(slug[:10]) + datetime.timedelta(days=2)
    minute = ("fr", "it", "de", "ru", "es").index(locale)
    document.metadata["PO-Revision-Date"] = f"{day} 10:{minute:02d}+0200"
    document.save()


def make(root: Path) -> Project:
    """Create the project in ``root`` and translate it."""
    root.mkdir(parents=True)
    config = (REPOSITORY / "communique.toml").read_text("utf-8")
    (root / "communique.toml").write_text(
        config.replace("min_complete = 100", "min_complete = 90"), "utf-8"
    )
    shutil.copytree(REPOSITORY / "source", root / "source")
    (root / "source" / f"{SECOND}.md").write_text(SECOND_RELEASE, "utf-8")
    (root / "locale").mkdir()
    shutil.copy(REPOSITORY / "locale" / "glossary.csv", root / "locale")
    project = Project.load(root)
    update(project)
    translate(project, DEMO, "fr", references("fr"))
    translate(project, SECOND, "fr", SECOND_FR)
    translate(project, DEMO, "it", references("it"), skip=2)
    return project


#: Releases on two topics, in English only, for the related releases under a page: (slug,
#: date, tags). SECOND is on elections too.
TOPICAL = (
    ("2024-04-01-voters-lists", "2024-04-01", "elections"),
    ("2024-04-02-media-during-the-campaign", "2024-04-02", "elections, media"),
    ("2024-04-03-journalists-safety", "2024-04-03", "media"),
    ("2024-04-04-election-coverage", "2024-04-04", "elections, media"),
    ("2024-05-01-final-report", "2024-05-01", "elections"),
)


def add_topical(project: Project) -> None:
    """Add the releases of ``TOPICAL``, each titled after its slug (``Voters lists``)."""
    for slug, date, tags in TOPICAL:
        title = slug[11:].replace("-", " ").capitalize()
        (project.root / "source" / f"{slug}.md").write_text(
            f"---\ntitle: {title}\ndate: {date}\ntags: [{tags}]\n---\n"
            f"Vienna, {date} (OSCE): A release on {tags}.\n",
            "utf-8",
        )
    update(project)
