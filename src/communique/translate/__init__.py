"""Drafting translations for translators to review: the translation memory, the glossary,
protection of what an engine must not touch, and the machine-translation engines."""
