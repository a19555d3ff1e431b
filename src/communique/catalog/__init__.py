"""Templates and PO catalogs: the model, the gettext-exact writer, reading and merging."""

from communique.catalog.model import FUZZY, Catalog, Message
from communique.catalog.pofile import format_catalog

__all__ = ["FUZZY", "Catalog", "Message", "format_catalog"]
