"""The golden sample site: a small project and its built site, compared byte for byte.

Regenerate both after an intended change of the output (then review the diff):

    .venv/bin/python -m tests.golden
"""

from __future__ import annotations

import datetime
import shutil
import sys
from pathlib import Path

import polib

from communique.project import Project
from tests.stages import build, update

HERE = Path(__file__).resolve().parent / "golden"
PROJECT = HERE / "project"
OUTPUT = HERE / "output"
WHEN = datetime.datetime(2024, 6, 3, 12, 0, tzinfo=datetime.UTC)

FRENCH = {
    "Ministers meet in Strasbourg": "Les ministres se réunissent à Strasbourg",
    "Strasbourg": "Strasbourg",
    "The Committee of Ministers held its *133rd* session.": (
        "Le Comité des Ministres a tenu sa *133e* session."
    ),
    "Some 46 ministers attended; see [the decisions](https://www.coe.int/cm).": (
        "Quelque 46 ministres y ont assisté ; voir [les décisions](https://www.coe.int/cm)."
    ),
    "Decisions": "Décisions",
    "A new convention was opened for signature.": (
        "Une nouvelle convention a été ouverte à la signature."
    ),
    "The budget grew by 2.5%.": "Le budget a augmenté de 2,5\u00a0%.",
}


def build_golden(project_root: Path, out: Path) -> None:
    """Build the golden project's site into ``out``."""
    build(Project.load(project_root), out=out)


def regenerate() -> None:
    """Recreate the catalogs (dates fixed) and the golden output."""
    shutil.rmtree(PROJECT / "locale", ignore_errors=True)
    project = Project.load(PROJECT)
    update(project, now=WHEN)
    path = project.catalog_path("2024-05-17-ministers-meet", "fr")
    document = polib.pofile(str(path))
    for entry in document:
        entry.msgstr = FRENCH[entry.msgid]
    document.metadata["PO-Revision-Date"] = "2024-05-20 16:45+0200"
    document.save()
    update(project, now=WHEN)  # lay the file out the gettext way again
    shutil.rmtree(OUTPUT, ignore_errors=True)
    shutil.rmtree(PROJECT / ".communique", ignore_errors=True)
    shutil.rmtree(PROJECT / "published", ignore_errors=True)
    build_golden(PROJECT, OUTPUT)
    shutil.rmtree(PROJECT / ".communique", ignore_errors=True)
    # The test builds a copy of the project without a record, as a first build does.
    shutil.rmtree(PROJECT / "published", ignore_errors=True)


if __name__ == "__main__":
    regenerate()
    print(f"regenerated {OUTPUT}")
    sys.exit(0)
