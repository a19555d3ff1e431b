"""The stages as a test calls them: each opens the project's workspace, runs, and saves, as the
command of the same name does (``communique update`` …)."""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polib

from communique.catalog import compile as compile_stage
from communique.catalog import extract as extract_stage
from communique.catalog import update as update_stage
from communique.errors import SourceError
from communique.project import Project
from communique.qa import gate
from communique.site import build as build_stage
from communique.translate import draft as draft_stage
from communique.workspace import Workspace
from tests.conftest import REPOSITORY

#: The demo's release.
DEMO_SLUG = "2023-06-07-anti-trafficking-coordinators-meet"


def demo_with_catalogs(demo_dir: Path) -> Project:
    """The demo project (a copy, at ``demo_dir``) with its glossary and the catalogs
    ``communique update`` makes."""
    (demo_dir / "locale").mkdir()
    shutil.copy(REPOSITORY / "locale" / "glossary.csv", demo_dir / "locale" / "glossary.csv")
    project = Project.load(demo_dir)
    update(project)
    return project


def catalog(project: Project, locale: str, slug: str = DEMO_SLUG) -> polib.POFile:
    """A release's catalog in ``locale``, as polib (a second client) reads it."""
    return polib.pofile(str(project.catalog_path(slug, locale)))


def extract(
    project: Project, slugs: Sequence[str] = (), *, now: datetime.datetime | None = None
) -> list[extract_stage.ExtractResult]:
    """The templates extracted; a release that cannot be read raises (as the first problem)."""
    with Workspace.open(project, command="communique extract", now=now) as workspace:
        results, problems = extract_stage.extract(workspace, slugs)
    if problems:
        raise SourceError(problems[0])
    return results


def update(
    project: Project,
    slugs: Sequence[str] = (),
    locales: Sequence[str] = (),
    *,
    check: bool = False,
    now: datetime.datetime | None = None,
) -> update_stage.UpdatePlan:
    command = None if check else "communique update"
    with Workspace.open(project, command=command, now=now) as workspace:
        return update_stage.update(workspace, slugs, locales, check=check)


def draft(
    project: Project, slugs: Sequence[str] = (), locales: Sequence[str] = (), **options: Any
) -> list[draft_stage.LocaleSummary]:
    dry_run = bool(options.get("dry_run"))
    command = None if dry_run else "communique draft"
    with Workspace.open(project, command=command, dry_run=dry_run) as workspace:
        return draft_stage.draft(workspace, slugs, locales, **options)


def review_project(
    project: Project, slugs: Sequence[str] = (), locales: Sequence[str] = ()
) -> list[gate.CatalogReview]:
    with Workspace.open(project) as workspace:
        return gate.review_project(workspace, slugs, locales)


def compile_catalogs(
    project: Project, slugs: Sequence[str] = (), locales: Sequence[str] = ()
) -> list[compile_stage.Compiled]:
    with Workspace.open(project, command="communique compile") as workspace:
        return compile_stage.compile_catalogs(workspace, slugs, locales)


def build(
    project: Project, *, drafts: bool = False, out: Path | None = None, jobs: int | None = None
) -> build_stage.BuildReport:
    with Workspace.open(project, command="communique build") as workspace:
        return build_stage.build(workspace, drafts=drafts, out=out, jobs=jobs)
