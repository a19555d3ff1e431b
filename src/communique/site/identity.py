"""Each release's feed identity is its own.

A feed entry's id is minted from its release's ``id:`` and date (:meth:`.urls.Site.entry_id`)
and never changes, so two releases with the same pair would be one entry to a feed reader: a
subscriber would see one of them only. A press office that starts a release from a copy of the
last one keeps its ``id:`` line, and two releases of one day then share it. The build stops
and names both files, for every release it can read, public or not: an embargoed or draft copy
would otherwise stop the build at the moment it is published. The release told to change is
not the one whose publication record holds the id (its readers know it by it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from communique.errors import CommuniqueError
from communique.files import ProjectFiles, decode_utf8
from communique.release.frontmatter import FrontMatter, split_front_matter
from communique.site.outputs import BuildError

#: A release's id and its date (ISO), as its feed entries' ids take them.
Identity = tuple[str, str]


def shared_identity(identities: Mapping[str, Identity | None]) -> list[str]:
    """The releases (slugs, in order) of the first identity two or more releases have, or
    none. (Those that cannot be read have None.)"""
    groups: dict[Identity, list[str]] = {}
    for slug in sorted(identities):
        identity = identities[slug]
        if identity is not None:
            groups.setdefault(identity, []).append(slug)
    shared = [slugs for slugs in groups.values() if len(slugs) > 1]
    return min(shared, key=lambda slugs: slugs[1]) if shared else []


def copy_and_original(
    slugs: list[str], identity: Identity, published: Callable[[str], set[Identity]]
) -> tuple[str, str]:
    """Of releases sharing ``identity``, the one to change and the one that keeps it: the
    release published under it (``published``: the identities a release's record holds), else
    the first."""
    original = next((slug for slug in slugs if identity in published(slug)), slugs[0])
    return next(slug for slug in slugs if slug != original), original


def check_identities(
    identities: Mapping[str, Identity | None], sources: Mapping[str, str], files: ProjectFiles
) -> None:
    """Stop the build where two releases share an id and a date (``sources``: slug → file)."""
    slugs = shared_identity(identities)
    if not slugs:
        return
    identity = identities[slugs[0]]
    assert identity is not None
    copy, original = copy_and_original(slugs, identity, lambda slug: _published(files, slug))
    release_id, date = identity
    for old, new in ((original, copy), (copy, original)):
        matter = _matter(files, sources[new])
        aliases = matter.fields.get("aliases", ()) if matter is not None else ()
        if old in ([aliases] if isinstance(aliases, str) else aliases):  # (whole, not within)
            raise BuildError(
                f"a rename of {old} to {new} was left half-way (this file's aliases name "
                f"{old}, whose {sources[old]} is still here): run 'communique rename {old} "
                f"{new}' again to finish it",
                path=sources[new],
                line=matter.lines.get("aliases") if matter is not None else None,
            )
    path = sources[copy]
    line = _id_line(files, path)
    what = f"id: {release_id}" if line is not None else f"its id ({release_id}, its file's name)"
    raise BuildError(
        f"{what}, dated {date}, is also the id of {sources[original]}: feed readers would take "
        "the two releases for one entry and show one of them only; give this release an id of "
        "its own",
        path=path,
        line=line,
    )


def _published(files: ProjectFiles, slug: str) -> set[Identity]:
    """The ids and dates a release's publication record holds, as this build found it."""
    from communique.site.record import read_record

    try:
        record = read_record(files, slug)
    except CommuniqueError:  # (its build says what is wrong with it)
        return set()
    if record is None:
        return set()
    return {
        (v["release"]["id"], v.get("id_date") or v["release"]["date"])
        for v in record.versions.values()
    }


def _id_line(files: ProjectFiles, path: str) -> int | None:
    """The line of a release's ``id:`` (None: it has none, its id is its file's name)."""
    matter = _matter(files, path)
    return matter.lines.get("id") if matter is not None else None


def _matter(files: ProjectFiles, path: str) -> FrontMatter | None:
    try:
        raw, _ = files.read(path)
        if raw is None:
            return None
        matter, _ = split_front_matter(decode_utf8(raw, path=path), path=path)
    except CommuniqueError:  # (it was read before in this run: it changed since)
        return None
    return matter
