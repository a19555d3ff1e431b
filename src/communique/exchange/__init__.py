"""Exchange with the translators' own tools: catalogs out to XLIFF for CAT tools (Trados,
memoQ, Phrase) and their translations back in."""

#: The XLIFF versions ``communique export`` writes; the first is the default.
XLIFF_VERSIONS = ("2.1", "1.2")
