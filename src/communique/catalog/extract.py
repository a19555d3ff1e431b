"""``extract``: each release's gettext template, ``locale/templates/<slug>.pot``.

One entry per distinct segment, in document order; a sentence repeated in a release is one entry
with every reference. Re-running on an unchanged source leaves the file untouched, so its
``POT-Creation-Date`` changes only when its English does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from communique.errors import SourceError
from communique.workspace import Workspace


@dataclass(frozen=True)
class ExtractResult:
    """What happened to one release's template."""

    slug: str
    path: str
    messages: int
    written: bool


def extract(
    workspace: Workspace, slugs: Sequence[str] = ()
) -> tuple[list[ExtractResult], list[str]]:
    """The templates of the given releases (all when none is given), written when the workspace
    is saved, and the errors of the releases that cannot be read (``file:line: what``): their
    templates are left as they are, the others are written."""
    templates = []
    problems = []
    for slug in workspace.slugs(slugs):
        try:
            templates.append(workspace.stage_template(slug))
        except SourceError as error:
            problems.append(str(error))
    return [ExtractResult(t.slug, t.path, t.messages, t.changed) for t in templates], problems
