"""Binary ``.mo`` catalogs for programs that read translations with gettext."""

from __future__ import annotations

import polib

from communique.catalog.model import Catalog, Message, naming_utf8


class _Compiled(polib.POFile):
    """polib's writer with our choice of messages (polib would drop a plural message whose
    other forms are empty; msgfmt keeps it)."""

    def translated_entries(self) -> list[polib.POEntry]:
        return list(self)


def _compiled(message: Message) -> bool:
    """Whether msgfmt compiles a message: its translation, or its first plural form, is set."""
    if message.msgid_plural is not None:
        return bool(message.msgstr_plural) and bool(message.msgstr_plural[0])
    return bool(message.msgstr)


def mo_bytes(catalog: Catalog) -> bytes:
    """The ``.mo`` form of a catalog: reviewed translations only, as ``msgfmt`` compiles them.

    Fuzzy, untranslated and obsolete messages are left out, so a program falls back to the
    English for them.
    """
    document = _Compiled()
    # msgfmt leaves the template's date out of the compiled header, so a rebuild of an unchanged
    # translation gives the same file.
    document.metadata = {
        k: naming_utf8(v) if k.lower() == "content-type" else v  # (polib writes UTF-8)
        for k, v in catalog.header
        if k.lower() != "pot-creation-date"
    }
    for message in catalog.messages:
        if message.obsolete or message.fuzzy or not _compiled(message):
            continue
        entry = polib.POEntry(msgid=message.msgid, msgctxt=message.msgctxt)
        if message.msgid_plural is not None:
            entry.msgid_plural = message.msgid_plural
            entry.msgstr_plural = dict(enumerate(message.msgstr_plural))
        else:
            entry.msgstr = message.msgstr
        document.append(entry)
    return bytes(document.to_binary())
