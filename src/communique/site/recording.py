"""Writing the publication records a build changes: staged while the site is rendered, put in
place once the site is.

What went online is recorded once it is online: a build that fails records nothing. The records'
bytes are known once the versions are resolved, long before the site is in place, and a first
build of an archive writes thousands of them (each a new file: the kernel's time, up to a
millisecond each on a slow disk). Written beside their files while other processes render the
pages, they no longer hold up the end of the build, where one process worked alone; putting
them in place afterwards is a rename each. A run killed meanwhile leaves temporary files only,
which the next run clears (:func:`communique.files.tidy`).
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

    def stage(self, records: Mapping[str, bytes]) -> None:
        """Write each record not staged yet beside its file (``records``: slug → bytes)."""
        for slug, data in sorted(records.items()):
            if slug not in self.staged:
                self.staged[slug] = self.files.stage(record_path(slug), data)

    def put(self) -> Iterator[tuple[str, Snapshot]]:
        """Put each staged record in place, by release: (slug, the record's snapshot)."""
        for slug in sorted(self.staged):
            yield slug, self.files.put(self.staged.pop(slug))

    def drop(self) -> None:
        """Forget every record staged and not put in place (the build failed)."""
        for staged in self.staged.values():
            self.files.drop(staged)
        self.staged.clear()
