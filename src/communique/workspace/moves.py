"""Removing and renaming a release: its source, template, catalogs (and their ``.mo`` files) and
publication record go together, and no reviewed translation is lost.

``remove`` keeps every reviewed translation of the release's catalogs in the translation
memory, then deletes its files; the next build takes its pages offline. ``rename`` moves the
files to the new slug and writes the old one into the release's front matter: ``id:`` (when it
had none, the old slug was its id), so that feeds see the same entries, and ``aliases:`` (as
Hugo names them), so that the build leaves a page at the old address that sends readers on.
Every file is read and checked before anything is written, the new files are written before
the old ones are removed, and a file that cannot be read stops the run with nothing changed.
"""

from __future__ import annotations

import codecs
import contextlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from communique.errors import CommuniqueError, ProjectError, SourceError
from communique.files import Snapshot, ensure_unchanged, write_unless_changed
from communique.interrupts import held_back
from communique.project import check_slug
from communique.workspace.layout import catalog_path, template_path

if TYPE_CHECKING:
    from communique.workspace.core import Workspace
    from communique.workspace.entries import CatalogEntry


@dataclass
class Moved:
    """What a removal or a renaming did to the project's files."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: Reviewed translations kept in the translation memory.
    remembered: int = 0


def release_files(workspace: Workspace, slug: str) -> list[str]:
    """Every file of a release that exists: its source, template, catalogs in the target
    locales with their ``.mo`` files, and its publication record."""
    from communique.site.record import record_path

    paths = [workspace.sources[slug]] if slug in workspace.sources else []
    paths.append(template_path(slug))
    for locale in workspace.settings.target_locales:
        po = catalog_path(slug, locale)
        paths += [po, po.removesuffix(".po") + ".mo"]
    paths.append(record_path(slug))
    return [path for path in paths if workspace.files.stat(path) is not None]


def remove_release(workspace: Workspace, slug: str) -> Moved:
    """Delete a release with its template, catalogs and record; their reviewed translations
    stay in the translation memory. A catalog that cannot be read stops the removal. (What
    is left of a release whose source was deleted by hand is removed alike.)"""
    from communique.catalog.model import reviewed_units

    if slug in workspace.sources or not release_files(workspace, check_slug(slug)):
        workspace.slugs([slug])  # (says there is no such release)
    kept: dict[str, set[tuple[str, str]]] = {}
    for locale in workspace.settings.target_locales:
        catalog = workspace.catalog(slug, locale).load()  # an unreadable one: nothing removed
        if catalog is not None:
            kept[locale] = reviewed_units(catalog)
    moved = Moved()
    for locale, units in kept.items():
        workspace.memory.retain(locale, slug, units)
        moved.remembered += len(units)
    paths = release_files(workspace, slug)
    # A translator's save since the catalogs were read would be deleted unseen.
    for path in paths:
        entry = _catalog_entry(workspace, slug, path)
        if entry is not None and entry.snapshot is not None:
            ensure_unchanged(workspace.files, entry.snapshot, written="nothing was removed")
    for path in paths:
        workspace.files.remove(path)
        moved.removed.append(path)
    return moved


def _catalog_entry(workspace: Workspace, slug: str, path: str) -> CatalogEntry | None:
    """The workspace's entry of a catalog of the release, if ``path`` is one."""
    for locale in workspace.settings.target_locales:
        if path == catalog_path(slug, locale):
            return workspace.catalog(slug, locale)
    return None


def rename_release(workspace: Workspace, old: str, new: str) -> Moved:
    """Move a release to a new slug with its template, catalogs and record, keeping its
    permanent id and leaving a redirect at its old address (see the module's docstring). A
    catalog that cannot be read stops the rename: nothing is moved.

    A source already renamed by hand (``source/<new>.*`` there, ``source/<old>.*`` gone) is
    taken as it is, if it reads as the old one did: the rest follows it. The new name's
    template and untouched machine drafts, which a run may have started since, give way; a
    catalog of the new name with a translator's text in it, or a record, stops the rename."""
    from communique.release.reader import parse_release
    from communique.site.record import parse_record, record_path

    check_slug(new)
    if new == old:
        raise ProjectError(f"{old!r} is already the release's name")
    by_hand = old not in workspace.sources and new in workspace.sources
    if by_hand:
        from communique.site.record import looks_renamed

        check_slug(old)
        files = release_files(workspace, old)
        if not files:
            workspace.slugs([old])  # (says there is no such release)
        source = target = workspace.sources[new]
        if not looks_renamed(workspace, old, new):
            raise ProjectError(
                f"cannot rename {old!r} to {new!r}: {source} does not read as {old!r} did "
                "(another title, and most of its sentences differ), so it is not taken for "
                f"it renamed; if it is, move it back to source/{old}"
                f"{source[source.rindex('.') :]} and run this command again"
            )
    else:
        workspace.slugs([old])
        source = workspace.sources[old]
        target = f"source/{new}{source[source.rindex('.') :]}"
        files = release_files(workspace, old)
    renamed = {path: _renamed(path, old, new) for path in files}
    renamed[source] = target

    release = workspace.release(new if by_hand else old)
    for locale in workspace.settings.target_locales:
        # An unreadable catalog stops the rename, as it stops a removal: moved, it could not be
        # updated to name the new file, and the run would fail half-done.
        workspace.catalog(old, locale).load()
    contents: dict[str, bytes] = {}
    snapshots: dict[str, Snapshot] = {}
    for path in [*files, source] if by_hand else files:
        raw, snapshots[path] = workspace.files.read(path)
        assert raw is not None
        contents[path] = raw
    original = contents[source]
    # What of the new name gives way (its template, its machine drafts), to put back if the
    # rename cannot finish.
    replaced = {
        renamed[path]: workspace.files.read(renamed[path])[0]
        for path in files
        if workspace.files.stat(renamed[path]) is not None
    }
    # (Read once already, as UTF-8; a byte-order mark is not written back.)
    unmarked = contents[source].removeprefix(codecs.BOM_UTF8)
    # (Back to a former slug, a rename undone: it is the release's own again, no alias.)
    aliases = tuple(alias for alias in release.aliases if alias not in (new, old))
    # Renamed by hand, a release that names no id has its new slug for one: its old slug
    # was its id.
    release_id = old if by_hand and release.id == new else release.id
    text = _remember_slug(unmarked.decode("utf-8"), old, release_id, aliases, path=source)
    contents[source] = text.encode("utf-8")
    parse_release(contents[source], display=target, language=workspace.settings.source_locale)
    record = record_path(old)
    if record in contents:
        found = parse_record(contents[record], path=record, slug=old)
        found.slug = new
        contents[record] = found.to_bytes()

    def ours(origin: str, path: str) -> bool:
        """Whether ``path`` holds what this rename writes there: a rename stopped half-way
        (killed) wrote it, and running it again finishes it."""
        return workspace.files.read(path)[0] == contents[origin]

    # Run again after it was killed with the new source written: what a run made since for
    # the new name (a template, machine drafts) gives way, as after a rename by hand.
    resuming = not by_hand and new in workspace.sources and ours(source, target)
    taken = [
        path
        for origin, path in renamed.items()
        if origin != source
        and workspace.files.stat(path) is not None
        and not ours(origin, path)
        and not ((by_hand or resuming) and _gives_way(workspace, path))
    ]
    work = [path for path in taken if path.endswith(".po")]
    if work and by_hand:
        raise ProjectError(
            f"cannot rename {old!r} to {new!r}: {', '.join(work)} holds a translator's work "
            f"for {new!r} already, which the rename would replace with {old}'s translations: "
            "move it out of locale/ (to merge by hand what to keep) and run this command "
            f"again; or, to keep it instead, run 'communique remove {old}' (its reviewed "
            "translations stay in the translation memory; its pages go offline)"
        )
    if taken or (new in workspace.sources and not by_hand and not resuming):
        what = ", ".join(taken) or workspace.sources[new]
        raise ProjectError(f"cannot rename {old!r} to {new!r}: {what} exists already")

    moved = Moved()
    # (Ctrl-C and termination wait for the end: stopped half-way, a rename left the release
    # under both names. Killed, it did too: this command run again finishes it, see ours.)
    with held_back():
        try:
            for path in files:  # the new files first: a run stopped half-way loses nothing
                workspace.files.write(renamed[path], contents[path])
                moved.written.append(renamed[path])
            if by_hand:
                write_unless_changed(workspace.files, snapshots[source], contents[source])
                moved.written.append(source)
            # A translator's save since the files were read would go with the old name.
            for path in files:
                ensure_unchanged(workspace.files, snapshots[path], written="nothing was renamed")
        except BaseException:
            # (A full disk, a save meanwhile: back to the release as it was, not half renamed
            # under two names.)
            _undo(workspace, moved.written, replaced, source if by_hand else None, original)
            raise
        for path in files:
            workspace.files.remove(path)
            moved.removed.append(path)
    if by_hand:
        moved.written.remove(source)
    return moved


def _undo(
    workspace: Workspace,
    written: list[str],
    replaced: dict[str, bytes | None],
    source: str | None,
    original: bytes,
) -> None:
    """Take back what a rename that cannot finish wrote: the new files removed (or, where the
    new name had one that gave way, put back as it was), a source renamed by hand as it was."""
    for path in reversed(written):
        with contextlib.suppress(CommuniqueError, OSError):
            if path == source:
                workspace.files.write(path, original)
            elif replaced.get(path) is not None:
                workspace.files.write(path, replaced[path] or b"")
            else:
                workspace.files.remove(path)


def _gives_way(workspace: Workspace, path: str) -> bool:
    """Whether a file of a release renamed by hand may be replaced by its old name's: a
    template or a compiled catalog (made again from the rest), or a catalog that holds
    nobody's work: only untouched machine drafts a run started for the new name."""
    from communique.catalog.drafts import is_draft
    from communique.catalog.reader import read_catalog_bytes
    from communique.errors import CatalogError

    if path.endswith((".pot", ".mo")):
        return True
    if not path.endswith(".po"):
        return False
    raw, _ = workspace.files.read(path)
    try:
        catalog = read_catalog_bytes(raw or b"", path=path)
    except CatalogError:
        return False
    return all(
        not message.translated or (message.fuzzy and is_draft(message))
        for message in catalog.messages
        if message.msgid
    )


def _renamed(path: str, old: str, new: str) -> str:
    folder, _, name = path.rpartition("/")
    stem, dot, suffix = name.partition(".")
    assert stem == old, path
    return f"{folder}/{new}{dot}{suffix}"


def _remember_slug(
    text: str, old: str, release_id: str, aliases: tuple[str, ...], *, path: str
) -> str:
    """The release's text with its old slug in the front matter: ``id:`` where the old slug was
    its id (no ``id:`` given), and among its ``aliases:``. Values are written quoted (JSON
    strings are YAML): a slug such as ``2024-03-01`` would otherwise be read as a date."""
    from communique.release.frontmatter import split_front_matter

    newline = "\r\n" if "\r\n" in text else "\n"
    matter, _ = split_front_matter(text, path=path)
    lines = text.split("\n")
    added = []
    if "id" not in matter.fields and release_id == old:
        added.append(f"id: {json.dumps(old)}")
    names = ", ".join(json.dumps(alias) for alias in (*aliases, old))
    added.append(f"aliases: [{names}]")
    added = [line + newline.removesuffix("\n") for line in added]
    if matter.length == 0:
        fence = "---" + newline.removesuffix("\n")
        return "\n".join([fence, *added, fence, *lines])
    close = matter.length - 1
    if "aliases" in matter.fields:  # the key's line, and the lines of a block list under it
        start = matter.lines["aliases"] - 1
        end = start + 1
        while end < close and lines[end][:1] in (" ", "\t", "-"):
            end += 1
        if start >= close or not lines[start].startswith("aliases:"):
            raise SourceError(
                "aliases: write them on a line of their own", path=path, line=start + 1
            )
        del lines[start:end]
        close -= end - start
    return "\n".join([*lines[:close], *added, *lines[close:]])
