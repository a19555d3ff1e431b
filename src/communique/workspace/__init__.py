"""The project loaded once for a command, and the stages as functions over it.

A :class:`Workspace` holds what a run knows of the project: the settings, the releases (each
read and segmented once), their templates, the catalogs (each read and parsed once, with the
digest of the bytes read, so a save can tell whether a translator changed the file meanwhile),
the glossary, the translation memory, and the cache of earlier runs. Stages (``update``,
``draft``, ``check``, ``build``) are functions over a workspace: they read what they need
from it and change catalogs in it; nothing reaches the project's files until
:meth:`Workspace.save`, which writes every changed template and catalog at the end of the
command, or nothing if any of them changed on disk meanwhile. ``communique publish`` passes one
workspace through every stage, so each file is read once per run.

The files come from a :class:`~communique.files.ProjectFiles`: the disk, or a dictionary for
stages tested without a disk tree (:meth:`Workspace.in_memory`).

A large archive is not held whole: parsed catalogs beyond :data:`PARSED_LIMIT` are let go, the
least recently used first, and read again if a later stage asks for them.
"""

from communique.catalog.template import Template
from communique.workspace.core import PARSED_LIMIT, STATE_FOLDER, Workspace
from communique.workspace.entries import CatalogEntry
from communique.workspace.layout import catalog_folder, catalog_path, template_path

__all__ = [
    "PARSED_LIMIT",
    "STATE_FOLDER",
    "CatalogEntry",
    "Template",
    "Workspace",
    "catalog_folder",
    "catalog_path",
    "template_path",
]
