"""A catalog as one run knows it: read at most once, changed in memory, and written by the
workspace when the command ends. (A template is :class:`communique.catalog.template.Template`.)"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

from communique.errors import CatalogError, excerpt
from communique.files import Snapshot, digest

if TYPE_CHECKING:
    from communique.catalog import Catalog
    from communique.translate.memory import CatalogSource
    from communique.workspace.core import Workspace


class CatalogEntry:
    """One release's catalog in one locale, as this run knows it.

    The file is read (at most once) when something asks for it; ``snapshot`` is what it held
    then. A stage that changes the catalog says so with :meth:`replace` or :meth:`touch`; the
    new text is written by :meth:`Workspace.save`.
    """

    def __init__(self, workspace: Workspace, slug: str, locale: str, path: str):
        self.workspace = workspace
        self.slug = slug
        self.locale = locale
        self.path = path
        #: The file as this run read it; None until it is read.
        self.snapshot: Snapshot | None = None
        self.dirty = False
        self.created = False
        #: The file as read starts with a UTF-8 byte-order mark (which msgfmt refuses).
        self.marked = False
        self._raw: bytes | None = None
        self._model: Catalog | None = None
        self._text: str | None = None

    @property
    def exists(self) -> bool:
        """Whether the catalog exists (on disk, or created by this run)."""
        if self.dirty:
            return True
        if self.snapshot is not None:
            return self.snapshot.digest is not None
        return self.workspace.files.stat(self.path) is not None

    def _read(self) -> None:
        raw, snapshot = self.workspace.files.read(self.path)
        if self.snapshot is not None and snapshot.digest != self.snapshot.digest:
            raise CatalogError(
                "changed on disk while this run was using it (saved in an editor meanwhile?); "
                "nothing was written: run the command again",
                path=self.path,
            )
        self.snapshot, self._raw = snapshot, raw
        self.marked = raw is not None and raw.startswith(codecs.BOM_UTF8)

    def load(self) -> Catalog | None:
        """The parsed catalog, or None if there is none."""
        from communique.catalog.reader import read_catalog_bytes

        if self._model is None:
            if self.dirty:
                assert self._text is not None
                self._model = read_catalog_bytes(self._text.encode("utf-8"), path=self.path)
            else:
                if self.snapshot is not None and self.snapshot.digest is None:
                    return None
                if self._raw is None:
                    self._read()
                if self._raw is None:
                    return None
                self._model = read_catalog_bytes(self._raw, path=self.path)
                _in_its_language(self._model, self.locale, self.path, self._raw)
                self._raw = None
        self.workspace._used(self)
        return self._model

    @property
    def catalog(self) -> Catalog:
        """The parsed catalog; an error if there is none."""
        found = self.load()
        if found is None:
            raise CatalogError("no catalog yet (run 'communique update')", path=self.path)
        return found

    def replace(self, catalog: Catalog, text: str | None = None) -> None:
        """This run's new content of the catalog (``text``: its gettext form, if known)."""
        if self.snapshot is None:
            self.load()
        assert self.snapshot is not None
        self.created = self.created or self.snapshot.digest is None
        self._model, self._text, self.dirty = catalog, text, True
        self.workspace._used(self)

    def touch(self) -> None:
        """The parsed catalog was changed in place."""
        self.replace(self.catalog)

    @property
    def text(self) -> str:
        """The catalog as gettext writes it."""
        from communique.catalog import format_catalog

        if self._text is None:
            self._text = format_catalog(self.catalog, number=self.dirty)
        return self._text

    @property
    def digest(self) -> str | None:
        """The digest of the content as it stands in this run (None: no catalog); from the
        cache when ``stat`` proves the file unchanged since an earlier run read it."""
        if self.dirty:
            return digest(self.text.encode("utf-8"))
        if self.snapshot is None:
            known = self.workspace.known_digest(self.path)
            if known is not None:
                return known
            self._read()
            assert self.snapshot is not None
            self.workspace.cache.remember(self.snapshot)
        return self.snapshot.digest

    def memory_source(self) -> CatalogSource:
        """The catalog as the translation memory indexes it: what ``stat`` says of the file
        while this run has not changed it, and its content as it stands in this run."""
        from communique.translate.memory import CatalogSource

        return CatalogSource(
            self.path,
            self.locale,
            self.slug,
            lambda: None if self.dirty else self.workspace.files.stat(self.path),
            lambda: self.digest,
            self.load,
        )

    @property
    def state(self) -> str:
        """What a key holds of the catalog: its digest ("-": none), or why it cannot be read
        (a pipe, a folder, a link outside), as :meth:`Workspace.release_state` does for a
        release; the review made under such a key says why."""
        try:
            return self.digest or "-"
        except CatalogError as error:
            return f"unreadable: {error}"

    def _forget(self) -> None:
        """Let the parsed catalog go (its text stays if it is to be written)."""
        from communique.catalog import format_catalog

        if self.dirty and self._text is None and self._model is not None:
            self._text = format_catalog(self._model, number=True)
        self._model = self._raw = None

    def _saved(self, snapshot: Snapshot) -> None:
        self.snapshot, self.dirty = snapshot, False
        self.workspace.cache.remember(snapshot)  # what this run wrote is what it used


#: Norwegian, written "no" by older tools, and its two written forms.
_NORWEGIAN = frozenset({"no", "nb", "nn"})


def _in_its_language(catalog: Catalog, locale: str, path: str, raw: bytes) -> None:
    """A catalog whose header names another language than its folder's is an error at that
    line: a Russian catalog copied into ``fr/`` was merged, checked and published as French
    (its pages ``lang="fr"``, in the French feeds). A header naming none, or a language CLDR
    does not know, says nothing either way."""
    from babel import Locale, UnknownLocaleError

    from communique.locales import parse_locale

    written = catalog.info.language.strip()
    if not written:
        return
    code = written.replace("-", "_").split("@")[0].split(".")[0]
    try:
        named = Locale.parse(code).language  # (old codes too: iw is he)
        expected = parse_locale(locale).language
    except (ValueError, UnknownLocaleError):
        return
    if named == expected or ("no" in (named, expected) and {named, expected} <= _NORWEGIAN):
        return
    lines = raw.decode("utf-8", "replace").split("\n")
    line = next((n for n, text in enumerate(lines, 1) if text.startswith('"Language:')), 1)
    raise CatalogError(
        f"the header says Language: {excerpt(written)}, but this is the {locale} catalog (a "
        f"copy of another language's?): put the {locale} translations here, or correct the "
        "header if they are",
        path=path,
        line=line,
    )
