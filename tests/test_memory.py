"""Translation memory and engine cache in SQLite: incremental, rebuilt from the PO files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from communique.catalog import Catalog, Message, format_catalog
from communique.files import digest
from communique.translate.engines import Translation
from communique.translate.memory import CatalogSource, Kind, Memory, MemoryMatch, scratch_copy

HEADER = [("Language", "fr"), ("Content-Type", "text/plain; charset=UTF-8")]


def write_po(path: Path, *messages: Message) -> CatalogSource:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_catalog(Catalog(header=HEADER, messages=list(messages))), "utf-8")
    return CatalogSource.from_file(path, path.name, "fr", path.stem)


def test_lookup_exact_then_fuzzy_with_score(tmp_path: Path) -> None:
    a = write_po(
        tmp_path / "2023-01-01-a.po",
        Message("The meeting convened 130 delegates.", "La réunion a rassemblé 130 délégués."),
        Message("Draft only.", "Brouillon.", flags=["fuzzy"]),
        Message("Untranslated."),
    )
    with Memory(tmp_path / "memory.sqlite") as memory:
        assert memory.refresh([a]) == 1
        assert memory.lookup("fr", "The meeting convened 130 delegates.", 75) == MemoryMatch(
            "The meeting convened 130 delegates.",
            "La réunion a rassemblé 130 délégués.",
            "2023-01-01-a",
            100.0,
        )
        fuzzy = memory.lookup("fr", "The meeting convened 150 delegates.", 75)
        assert fuzzy is not None
        assert (fuzzy.target, round(fuzzy.score)) == ("La réunion a rassemblé 130 délégués.", 97)
        assert memory.lookup("fr", "Something else entirely.", 75) is None
        assert memory.lookup("fr", "Draft only.", 75) is None  # fuzzy entries are not memory
        assert memory.lookup("de", "The meeting convened 130 delegates.", 75) is None


def test_refresh_rereads_only_changed_catalogs(tmp_path: Path) -> None:
    a = write_po(tmp_path / "a.po", Message("One.", "Un."))
    b = write_po(tmp_path / "b.po", Message("Two.", "Deux."))
    with Memory(tmp_path / "memory.sqlite") as memory:
        assert memory.refresh([a, b]) == 2
        assert memory.refresh([a, b]) == 0
        os.utime(tmp_path / "a.po", ns=(1, 1))  # touched, same content: not re-read
        assert memory.refresh([a, b]) == 0
        write_po(tmp_path / "b.po", Message("Two.", "Deux !"))
        assert memory.refresh([a, b]) == 1
        match = memory.lookup("fr", "Two.", 75)
        assert match is not None
        assert match.target == "Deux !"
        assert memory.refresh([a]) == 0  # b removed from the project: its work is retired
        assert memory.lookup("fr", "Two.", 75) == MemoryMatch(
            "Two.", "Deux !", "b", 100.0, Kind.RETIRED
        )


def test_a_catalog_rewritten_with_its_time_put_back_is_read_again(tmp_path: Path) -> None:
    """In place, as many bytes, the modification time put back (``touch -r``, ``rsync -t``):
    the time of the last change tells, as it does for the build."""
    path = tmp_path / "a.po"
    a = write_po(path, Message("One.", "Un."))
    with Memory(tmp_path / "memory.sqlite") as memory:
        assert memory.refresh([a]) == 1
        before = path.stat()
        with path.open("r+b") as stream:
            stream.write(path.read_bytes().replace(b'"Un."', b'"UN."'))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert (path.stat().st_size, path.stat().st_mtime_ns) == (
            before.st_size,
            before.st_mtime_ns,
        )
        assert memory.refresh([a]) == 1
        match = memory.lookup("fr", "One.", 75)
        assert match is not None
        assert match.target == "UN."


def test_a_store_from_before_the_change_time_keeps_its_translations(tmp_path: Path) -> None:
    """A store whose catalogs table has no ``ctime_ns`` nor ``revised`` (communique before it
    kept them) gets the columns and keeps what it holds; its catalogs are read again once, for
    their revision dates."""
    database = tmp_path / "memory.sqlite"
    a = write_po(tmp_path / "a.po", Message("One.", "Un."))
    with sqlite3.connect(database) as old:
        old.executescript(
            "CREATE TABLE catalogs (path TEXT PRIMARY KEY, locale TEXT NOT NULL, "
            "slug TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, "
            "digest TEXT NOT NULL);"
            "CREATE TABLE units (path TEXT NOT NULL REFERENCES catalogs(path) ON DELETE CASCADE,"
            " locale TEXT NOT NULL, slug TEXT NOT NULL, source TEXT NOT NULL, "
            "target TEXT NOT NULL);"
        )
        old.execute(
            "INSERT INTO catalogs VALUES (?, ?, ?, ?, ?, ?)",
            ("a.po", "fr", "a", 1, 1, digest((tmp_path / "a.po").read_bytes())),
        )
        old.execute("INSERT INTO units VALUES ('a.po', 'fr', 'a', 'One.', 'Un.')")
    old.close()
    with Memory(database) as memory:
        assert memory.lookup("fr", "One.", 75) == MemoryMatch("One.", "Un.", "a", 100.0)
        assert memory.refresh([a]) == 1
        assert memory.refresh([a]) == 0
        assert memory.lookup("fr", "One.", 75) == MemoryMatch("One.", "Un.", "a", 100.0)


def test_of_two_catalogs_the_translation_revised_last_is_offered(tmp_path: Path) -> None:
    """A reviewer corrects a sentence in an older release; a newer release still holds the
    wording before the correction: the correction is what a new release's draft gets (as in an
    export), whatever the releases' names."""

    def catalog(name: str, revised: str, target: str) -> CatalogSource:
        path = tmp_path / f"{name}.po"
        header = [*HEADER, ("PO-Revision-Date", revised)]
        text = format_catalog(Catalog(header=header, messages=[Message("One.", target)]))
        path.write_text(text, "utf-8")
        return CatalogSource.from_file(path, path.name, "fr", name)

    older = catalog("2024-01-10-first", "2027-01-01 10:00+0100", "Un, corrigé.")
    newer = catalog("2024-02-20-second", "2024-02-20 09:00+0100", "Un.")
    with Memory(tmp_path / "memory.sqlite") as memory:
        memory.refresh([older, newer])
        assert memory.lookup("fr", "One.", 75) == MemoryMatch(
            "One.", "Un, corrigé.", "2024-01-10-first", 100.0
        )
        assert [m.target for m in memory.search("One.", "fr", 5, 75)] == ["Un, corrigé.", "Un."]
        # The newer release corrected in turn: its translation is offered.
        newer = catalog("2024-02-20-second", "2027-02-01 10:00+0100", "Un, encore.")
        memory.refresh([older, newer])
        match = memory.lookup("fr", "One.", 75)
        assert match is not None
        assert match.target == "Un, encore."


def test_reviewed_translations_that_leave_a_catalog_are_retired(tmp_path: Path) -> None:
    path = tmp_path / "2023-01-01-a.po"
    first = write_po(path, Message("One.", "Un."), Message("Two.", "Deux."))
    with Memory(tmp_path / "memory.sqlite") as memory:
        memory.refresh([first])
        # A translator purged an entry; another was rewritten; one left for another catalog.
        write_po(path, Message("Two.", "Deux !"))
        memory.refresh([first])
        memory.retain("fr", "2023-01-02-b", [("Three.", "Trois.")])
        assert memory.lookup("fr", "One.", 75) == MemoryMatch(
            "One.", "Un.", "2023-01-01-a", 100.0, Kind.RETIRED
        )
        # What a catalog holds now comes before what it held.
        assert memory.lookup("fr", "Two.", 75) == MemoryMatch(
            "Two.", "Deux !", "2023-01-01-a", 100.0
        )
        assert memory.lookup("fr", "Three.", 75) == MemoryMatch(
            "Three.", "Trois.", "2023-01-02-b", 100.0, Kind.RETIRED
        )
        rows = memory.connection.execute("SELECT source, target FROM retired ORDER BY rowid")
        assert rows.fetchall() == [("One.", "Un."), ("Two.", "Deux."), ("Three.", "Trois.")]


def test_deleted_database_is_rebuilt_from_the_po_files(tmp_path: Path) -> None:
    a = write_po(tmp_path / "a.po", Message("One.", "Un."))
    database = tmp_path / "state" / "memory.sqlite"
    with Memory(database) as memory:
        memory.refresh([a])
    for file in database.parent.iterdir():
        file.unlink()
    with Memory(database) as memory:
        assert memory.refresh([a]) == 1
        match = memory.lookup("fr", "One.", 75)
        assert match is not None
        assert match.target == "Un."


def test_engine_cache_survives_reopening(tmp_path: Path) -> None:
    database = tmp_path / "memory.sqlite"
    with Memory(database) as memory:
        assert memory.cached("apertium", "apertium eng-spa", "Hello <x0/>.") is None
        memory.store(
            "apertium", "apertium eng-spa", "Hello <x0/>.", Translation("Hola <x0/>.", ("x", "y"))
        )
    with Memory(database) as memory:
        assert memory.cached("apertium", "apertium eng-spa", "Hello <x0/>.") == Translation(
            "Hola <x0/>.", ("x", "y")
        )
        assert memory.cached("apertium", "apertium eng-cat", "Hello <x0/>.") is None


def test_scratch_copy_reads_the_store_and_writes_nothing(tmp_path: Path) -> None:
    a = write_po(tmp_path / "a.po", Message("One.", "Un."))
    state = tmp_path / "state"
    database = state / "memory.sqlite"
    with Memory(database) as memory:
        memory.refresh([a])
        # Still open, as in a run that was killed: the answer is only in the write-ahead log.
        memory.store("apertium", "apertium eng-fra", "Hello.", Translation("Bonjour."))
        files = {path.name: path.read_bytes() for path in state.iterdir()}
        assert "memory.sqlite-wal" in files
        with scratch_copy(database) as copy:
            assert copy.cached("apertium", "apertium eng-fra", "Hello.") == Translation("Bonjour.")
            write_po(tmp_path / "a.po", Message("One.", "Un !"), Message("Two.", "Deux."))
            assert copy.refresh([a]) == 1
            copy.store("apertium", "apertium eng-fra", "Bye.", Translation("Au revoir."))
        assert {path.name: path.read_bytes() for path in state.iterdir()} == files
        assert memory.cached("apertium", "apertium eng-fra", "Bye.") is None
        assert memory.lookup("fr", "Two.", 75) is None
    with scratch_copy(tmp_path / "none" / "memory.sqlite") as fresh:
        assert fresh.refresh([a]) == 1
    assert not (tmp_path / "none").exists()


def test_a_translation_two_releases_let_go_of_is_each_one_s(tmp_path: Path) -> None:
    """A sentence two releases share (boilerplate): the corrected translation each let go of
    is its own latest, whichever release let go of it last; a store from before, whose key
    left the release out, keeps its rows, each release's apart, in their order."""
    english = "The OSCE is the world's largest regional security organization."
    with Memory(None) as memory:
        memory.retain("fr", "alpha", [(english, "X1, rejected")])
        memory.retain("fr", "alpha", [(english, "X2, corrected")])
        memory.retain("fr", "beta", [(english, "X2, corrected")])
        assert memory.reviewed_before("fr", "alpha", english) == "X2, corrected"
        assert memory.reviewed_before("fr", "beta", english) == "X2, corrected"
        assert memory.reviewed("fr", "alpha", english, "X2, corrected")
        # Let go of again, a translation is the latest.
        memory.retain("fr", "alpha", [(english, "X1, rejected")])
        assert memory.reviewed_before("fr", "alpha", english) == "X1, rejected"
        # A draft offers each translation once, the latest retired first.
        assert memory.lookup("fr", english, 100) == MemoryMatch(
            english, "X1, rejected", "alpha", 100.0, Kind.RETIRED
        )
    database = tmp_path / "memory.sqlite"
    old = sqlite3.connect(database)
    old.executescript(
        "CREATE TABLE retired (locale TEXT NOT NULL, slug TEXT NOT NULL, source TEXT NOT NULL,"
        " target TEXT NOT NULL, PRIMARY KEY (locale, source, target));"
    )
    old.executemany(
        "INSERT INTO retired VALUES (?, ?, ?, ?)",
        [("fr", "alpha", english, "X1, rejected"), ("fr", "beta", english, "X2, corrected")],
    )
    old.commit()
    old.close()
    with Memory(database) as memory:
        assert memory.reviewed_before("fr", "alpha", english) == "X1, rejected"
        memory.retain("fr", "alpha", [(english, "X2, corrected")])
        assert memory.reviewed_before("fr", "alpha", english) == "X2, corrected"
        assert memory.reviewed_before("fr", "beta", english) == "X2, corrected"
