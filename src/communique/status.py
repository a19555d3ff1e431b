"""``status``: how far each release has come in each target locale."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from communique.catalog.reader import read_catalog
from communique.catalog.stats import Progress, progress
from communique.extract import plan_templates
from communique.locales import native_name, parse_locale
from communique.project import Project
from communique.update import target_locales


@dataclass(frozen=True)
class CatalogStatus:
    """One release in one locale."""

    slug: str
    locale: str
    language: str
    path: str
    exists: bool
    progress: Progress

    def as_dict(self) -> dict[str, Any]:
        """The figures as plain data, for ``--json``."""
        p = self.progress
        return {
            "release": self.slug,
            "locale": self.locale,
            "language": self.language,
            "catalog": self.path,
            "exists": self.exists,
            "segments": {
                "total": p.segments,
                "reviewed": p.reviewed,
                "fuzzy": p.fuzzy,
                "untranslated": p.untranslated,
            },
            "words": {
                "total": p.words,
                "reviewed": p.reviewed_words,
                "fuzzy": p.fuzzy_words,
                "untranslated": p.untranslated_words,
            },
            "percent_reviewed": round(p.percent_reviewed, 1),
        }


def project_status(
    project: Project, slugs: Sequence[str] = (), locales: Sequence[str] = ()
) -> list[CatalogStatus]:
    """Progress of every release × target locale; a missing catalog counts as untranslated."""
    chosen = target_locales(project, locales)
    rows = []
    for template in plan_templates(project, slugs):
        for locale in chosen:
            path = project.catalog_path(template.release.slug, locale)
            display = project.relative(path)
            exists = path.is_file()
            catalog = read_catalog(path, display=display) if exists else template.catalog
            rows.append(
                CatalogStatus(
                    slug=template.release.slug,
                    locale=locale,
                    language=native_name(parse_locale(locale)),
                    path=display,
                    exists=exists,
                    progress=progress(catalog),
                )
            )
    return rows


def status_table(rows: list[CatalogStatus]) -> str:
    """A readable table per release: one line per locale."""
    lines: list[str] = []
    heading: tuple[str, ...] = ("locale", "language", "reviewed", "fuzzy", "untranslated")
    heading += ("words reviewed", "progress")
    slugs = list(dict.fromkeys(row.slug for row in rows))
    for slug in slugs:
        group = [row for row in rows if row.slug == slug]
        first = group[0].progress
        lines.append(f"{slug}: {first.segments} segments, {first.words} words")
        table: list[tuple[str, ...]] = [heading]
        for row in group:
            p = row.progress
            table.append(
                (
                    row.locale,
                    row.language,
                    str(p.reviewed),
                    str(p.fuzzy),
                    str(p.untranslated),
                    f"{p.reviewed_words}/{p.words}",
                    f"{p.percent_reviewed:.0f}%" + ("" if row.exists else " (no catalog yet)"),
                )
            )
        widths = [max(len(cells[i]) for cells in table) for i in range(len(heading))]
        for cells in table:
            lines.append(
                "  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
            )
        lines.append("")
    return "\n".join(lines).rstrip()
