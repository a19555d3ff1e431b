"""``update``: keep one PO catalog per release and target locale in step with the English.

A run reads every release and every catalog it touches, checks them all and computes every
merge before it writes anything: a malformed catalog stops the run with no file changed. A
catalog is rewritten only when the merge changes its content; a file laid out by Poedit or
Weblate that needs no change keeps its bytes.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from communique.catalog import Catalog, format_catalog
from communique.catalog.extract import TemplatePlan, plan_templates, write_templates
from communique.catalog.header import new_catalog, plural_forms
from communique.catalog.merge import MergeReport, merge
from communique.catalog.reader import read_catalog_bytes
from communique.errors import ProjectError
from communique.files import Snapshot
from communique.locales import LocaleCodeError, bcp47, gettext_language, parse_locale
from communique.lock import project_lock
from communique.project import Project


@dataclass(frozen=True)
class CatalogPlan:
    """One catalog as it should be on disk after the run."""

    slug: str
    locale: str
    snapshot: Snapshot
    catalog: Catalog
    text: str
    created: bool
    changed: bool
    report: MergeReport


@dataclass(frozen=True)
class UpdatePlan:
    """Everything a run would write, computed before anything is."""

    templates: list[TemplatePlan]
    catalogs: list[CatalogPlan]

    @property
    def stale(self) -> list[Path]:
        """The files that are out of date with their sources."""
        paths = [plan.path for plan in self.templates if plan.changed]
        return paths + [plan.snapshot.path for plan in self.catalogs if plan.changed]


def target_locales(project: Project, locales: Sequence[str]) -> list[str]:
    """The target locales asked for (all when none is), in BCP 47; others are an error."""
    targets = project.settings.target_locales
    if not locales:
        return list(targets)
    chosen = []
    for tag in locales:
        try:
            code = bcp47(parse_locale(tag.replace("_", "-")))
        except LocaleCodeError as exc:
            raise ProjectError(f"--locale {exc}") from None
        if code not in targets:
            raise ProjectError(
                f"{tag!r} is not a target locale (languages.targets: {', '.join(targets)})"
            )
        chosen.append(code)
    return chosen


def plan_update(
    project: Project,
    slugs: Sequence[str] = (),
    locales: Sequence[str] = (),
    *,
    now: datetime.datetime | None = None,
) -> UpdatePlan:
    """Compute the templates and merged catalogs of the given releases and locales."""
    chosen = target_locales(project, locales)
    templates = plan_templates(project, slugs, now=now)
    catalogs = []
    for template in templates:
        for locale in chosen:
            catalogs.append(_plan_catalog(project, template, locale))
    return UpdatePlan(templates, catalogs)


def _plan_catalog(project: Project, template: TemplatePlan, locale: str) -> CatalogPlan:
    path = project.catalog_path(template.release.slug, locale)
    display = project.relative(path)
    snapshot, raw = Snapshot.take(path, display)
    babel_locale = parse_locale(locale)
    created = raw is None
    if raw is None:
        old = new_catalog(template.catalog, babel_locale, source=template.release.path)
        before = None
    else:
        old = read_catalog_bytes(raw, path=display)
        before = format_catalog(old)
    fields = {"POT-Creation-Date": template.catalog.header_value("POT-Creation-Date") or ""}
    # Fill what a translator's tool may have left out; the catalog is written in UTF-8.
    defaults = {
        "Language": gettext_language(babel_locale),
        "Plural-Forms": plural_forms(babel_locale),
        "Content-Transfer-Encoding": "8bit",
    }
    fields.update({name: value for name, value in defaults.items() if not old.header_value(name)})
    fields["Content-Type"] = "text/plain; charset=UTF-8"
    merged, report = merge(template.catalog, old, header=fields)
    text = format_catalog(merged)
    return CatalogPlan(
        slug=template.release.slug,
        locale=locale,
        snapshot=snapshot,
        catalog=merged,
        text=text,
        created=created,
        changed=text != before,
        report=report,
    )


def apply_update(plan: UpdatePlan) -> None:
    """Write what the plan changes: templates first, then catalogs. If a catalog changed on
    disk since the plan read it (a translator saved it meanwhile), nothing is written."""
    for catalog in plan.catalogs:
        if catalog.changed:
            catalog.snapshot.ensure_unchanged(written="nothing was written")
    write_templates(plan.templates)
    for catalog in plan.catalogs:
        if catalog.changed:
            catalog.snapshot.write(catalog.text)


def update(
    project: Project,
    slugs: Sequence[str] = (),
    locales: Sequence[str] = (),
    *,
    check: bool = False,
    now: datetime.datetime | None = None,
) -> UpdatePlan:
    """Bring templates and catalogs up to date; with ``check``, only say what is stale."""
    if check:
        return plan_update(project, slugs, locales, now=now)
    with project_lock(project, "communique update"):
        plan = plan_update(project, slugs, locales, now=now)
        apply_update(plan)
    return plan
