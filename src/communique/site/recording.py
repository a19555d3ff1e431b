"""Writing the publication records a build changes: staged while the site is rendered, put in
place just before the site is.

What goes online is recorded as it goes online: a build that fails records nothing (the records
it put in place are put back as they were), and one killed between the two has its records
ahead of the site, whose next build puts online what they hold. (The other way round, a build
killed between them left pages online that no record had: a later build took them offline,
unnoticed.) The records' bytes are known once the versions are resolved, long before the site
is in place, and a first build of an archive writes thousands of them (each a new file: the
kernel's time, up to a millisecond each on a slow disk). Written beside their files while other
processes render the pages, they no longer hold up the end of the build, where one process
worked alone; putting them in place afterwards is a rename each. A run killed meanwhile leaves
temporary files only, which the next run clears (:func:`communique.files.tidy`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from communique.files import ProjectFiles, Snapshot, StagedFile
from communique.site.record import record_path


class Recording:
    """The records of one build, by release: staged, then put in place or dropped."""

    def __init__(self, files: ProjectFiles):
        self.files = files
        self.staged: dict[str, StagedFile] = {}
        #: The bytes of each record put in place as they were before (None: there was none).
        self.before: dict[str, bytes | None] = {}

    def stage(self, records: Mapping[str, bytes]) -> None:
        """Write each record not staged yet beside its file (``records``: slug → bytes)."""
        for slug, data in sorted(records.items()):
            if slug not in self.staged:
                self.staged[slug] = self.files.stage(record_path(slug), data)

    def put(self) -> Iterator[tuple[str, Snapshot]]:
        """Put each staged record in place, by release: (slug, the record's snapshot)."""
        for slug in sorted(self.staged):
            self.before[slug], _ = self.files.read(record_path(slug))
            yield slug, self.files.put(self.staged.pop(slug))

    def restore(self) -> None:
        """Put back the records :meth:`put` replaced as they were (the site could not be put
        in place)."""
        for slug, data in self.before.items():
            if data is None:
                self.files.remove(record_path(slug))
            else:
                self.files.write(record_path(slug), data)
        self.before.clear()

    def drop(self) -> None:
        """Forget every record staged and not put in place (the build failed)."""
        for staged in self.staged.values():
            self.files.drop(staged)
        self.staged.clear()
