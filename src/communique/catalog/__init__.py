"""Templates and PO catalogs: the model, the gettext-exact writer, reading and merging."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from communique.catalog.model import FUZZY, Catalog, Message

if TYPE_CHECKING:
    from communique.catalog.pofile import format_catalog

__all__ = ["FUZZY", "Catalog", "Message", "format_catalog"]


def __getattr__(name: str) -> Any:
    """The writer (and the Unicode line-breaking tables it loads, 0.04 s) only for a run that
    writes a catalog: a build reads catalogs and writes none."""
    if name == "format_catalog":
        from communique.catalog.pofile import format_catalog

        return format_catalog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
