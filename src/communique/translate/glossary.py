"""The termbase: approved translations of names and terms, from ``locale/glossary.csv`` or TBX.

The CSV has one row per English term and one column per target locale (BCP 47), plus an
optional ``note``::

    en,fr,de,ru,note
    Council of Europe,Conseil de l'Europe,Europarat,Совет Европы,
    OSCE,OSCE,OSZE,ОБСЕ,acronym

A TBX file (``locale/glossary.tbx``, TBX-Basic or TBX v3) is read the same way: each concept's
English term and its terms in the target languages. XML is parsed without DTDs, entities or
network access, so a hostile file cannot reach outside the project.

Whether a translation uses the approved form is decided word by word on Snowball stems, so an
inflected form counts (Russian "Совета Европы" for "Совет Европы", German "Europarates").
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from babel import Locale

from communique.controls import bidi_problem, control_character, noncharacter
from communique.errors import CommuniqueError, excerpt
from communique.files import decode_utf8
from communique.locales import LocaleCodeError, bcp47, parse_locale, taken_by
from communique.project import GLOSSARY_FILES

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class GlossaryError(CommuniqueError):
    """The glossary file cannot be read."""


@dataclass(frozen=True)
class Term:
    """An English term and its approved forms, by BCP 47 locale."""

    english: str
    translations: Mapping[str, str] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class TermMatch:
    """An occurrence of a glossary term in an English text."""

    start: int
    end: int
    term: Term

    def approved(self, locale: str) -> str | None:
        return self.term.translations.get(locale)


@dataclass(frozen=True)
class Glossary:
    """All terms, and the search for them in English text.

    Read-only, terms included: the searches are prepared on first use, once per locale.
    """

    terms: tuple[Term, ...] = ()

    def find(self, text: str, locale: str | None = None) -> list[TermMatch]:
        """Non-overlapping occurrences, longest term first; only terms approved for ``locale``.

        A lowercase term also matches with a capital to its first word (a sentence's start),
        and in a Title Case headline to any ("Fight Against Human Trafficking"); not in running
        text, where capitals make a name of its own ("Human Rights Watch published…").
        """
        taken: list[TermMatch] = []
        headline: bool | None = None  # worked out only for a text a term may be in
        for term, plain, titled, needle, title_needle in self._searches(locale):
            # Most terms are absent from most texts: no regex for them. (The headline's
            # needle is in any text the other's is.)
            if title_needle not in text:
                continue
            if headline is None:
                headline = _headline(text)
            if not headline and needle not in text:
                continue
            for match in (titled if headline else plain).finditer(text):
                if not any(m.start < match.end() and match.start() < m.end for m in taken):
                    taken.append(TermMatch(match.start(), match.end(), term))
        return sorted(taken, key=lambda m: m.start)

    def approved_name(self, name: str, locale: str) -> str | None:
        """The approved form in ``locale`` of a name that is a term whole, in any case: the
        organisation's (OSZE), a tag's (Conseil de l'Europe for "council of Europe")."""
        term = self._by_name.get(name.strip().casefold())
        return term.translations.get(locale) if term is not None else None

    @cached_property
    def _by_name(self) -> dict[str, Term]:
        return {term.english.casefold(): term for term in reversed(self.terms)}

    def _searches(self, locale: str | None) -> tuple[_Search, ...]:
        """The terms approved for ``locale`` (all with None), longest first, ready to search."""
        found = self._by_locale.get(locale)
        if found is None:
            found = tuple(
                search
                for search in self._by_locale[None]
                if locale is None or search[0].translations.get(locale)
            )
            self._by_locale[locale] = found
        return found

    # Worked out once per glossary and locale, not for every text: checks search each entry.
    @cached_property
    def _by_locale(self) -> dict[str | None, tuple[_Search, ...]]:
        ordered = sorted(self.terms, key=lambda t: (-len(t.english), t.english))
        searches = tuple(
            (
                term,
                _pattern(term.english, titled=False),
                _pattern(term.english, titled=True),
                _needle(term.english, titled=False),
                _needle(term.english, titled=True),
            )
            for term in ordered
        )
        return {None: searches}


#: A term, its patterns in running text and in a headline, and what a text must contain for
#: each to match.
_Search = tuple[Term, re.Pattern[str], re.Pattern[str], str, str]


def _headline(text: str) -> bool:
    """Whether a text is in Title Case: three in four of its words of four letters or more
    start with a capital ("OSCE Steps Up Fight Against Human Trafficking"), and it ends with
    no full stop (a sentence full of names and titles is none: "OSCE Secretary General Helga
    Maria Schmid welcomed Human Rights Watch.")."""
    if text.rstrip().endswith((".", "。")):
        return False
    long = [word for word in _LETTERS.findall(text) if len(word) >= 4]
    return len(long) >= 2 and 4 * sum(word[0].isupper() for word in long) >= 3 * len(long)


_LETTERS = re.compile(r"[^\W\d_]+")


_WORD = re.compile(r"[^\W_]+")


def uses_term(translation: str, approved: str, locale: str) -> bool:
    """Whether ``translation`` contains ``approved``, in any inflected form of its words.

    >>> uses_term("Заседание Совета Европы", "Совет Европы", "ru")
    True
    >>> uses_term("Le Conseil de l'Union", "Conseil de l'Europe", "fr")
    False
    >>> uses_term("Виступили експерти Ради Європи", "Рада Європи", "uk")
    True

    A term may be interrupted once by what is coordinated with one of its words: at most
    three words that begin or end with "and" or "or" in the language (CLDR's list patterns),
    as a translation of "National Anti-Trafficking Coordinators and Rapporteurs" has to.

    >>> meeting = "совещание национальных координаторов и докладчиков по борьбе с торговлей людьми"
    >>> uses_term(meeting, "национальные координаторы по борьбе с торговлей людьми", "ru")
    True
    >>> uses_term(meeting, "национальные докладчики", "ru")
    True
    """
    language = parse_locale(locale).language
    acronym = " " not in approved and _acronym(approved)
    # The term's acronyms ("ОБСЕ" in "Председательство в ОБСЕ"): each is found whole, never by
    # its stem ("OSC", another body's acronym in Spanish, is no form of "OSCE"); with an
    # ending in small letters, as some languages decline one ("МИДа", "NGOs", "NATOn").
    whole = {_casefold(word, language) for word in _WORD.findall(approved) if _acronym(word)}
    written, as_written = approved, translation
    approved, translation = _casefold(approved, language), _casefold(translation, language)
    # As written, from a word's start: the first part of a compound too (German
    # "Wahlbeobachter" holds "Wahl"), but a whole word in a Slavic language ("секретар" is not
    # in "секретаріат") and for an acronym ("NAC" is not in "nacionales", "OSCE" not in
    # "conosce", "CoE" not in "coexistence").
    if approved in translation and (
        _whole(approved) if acronym or language in _SLAVIC else _starting(approved)
    ).search(translation):
        return True
    if acronym and len(whole) == len(_WORD.findall(approved)):
        # (An acronym alone, or "OSZE-Vorsitz": no other form of it but with an ending.)
        return any(
            ending.group(1).islower()
            for ending in re.finditer(
                rf"(?<![^\W_]){re.escape(written)}([^\W\d_]{{1,3}})(?![^\W_])", as_written
            )
        )
    stem = _stemmer(language)
    slavic = language in _SLAVIC
    wanted = [
        _Word(word, stem, slavic, exact=word in whole, written=shown)
        for word, shown in _as_written(_WORD.findall(approved), written)
    ]
    words = [
        _Word(word, stem, slavic, written=shown)
        for word, shown in _as_written(_WORD.findall(translation), as_written)
    ]
    if not wanted:
        return False
    joins = _conjunctions(language)
    # Where the words may be: all together, or with two to four words after the term's ``cut``
    # first words, the first or the last of them a conjunction.
    layouts = [(len(wanted), 0)] + [
        (cut, added)
        for cut in range(1, len(wanted))
        for added in range(2, 2 + COORDINATED_WORDS)
        if joins
    ]
    for start in range(len(words)):
        for cut, added in layouts:
            end = start + len(wanted) + added
            if end > len(words):
                continue
            found = words[start : start + cut] + words[start + cut + added : end]
            if (
                added == 0
                or words[start + cut].folded in joins
                or words[start + cut + added - 1].folded in joins
            ) and all(want.takes(word) for want, word in zip(wanted, found, strict=True)):
                return True
    return False


#: The Slavic languages, whose stems lose a vowel or gain two letters as they are inflected.
_SLAVIC = frozenset({"be", "bg", "bs", "cs", "hr", "mk", "pl", "ru", "sk", "sl", "sr", "uk"})

#: How many words a coordination may add inside a term, besides its conjunction.
COORDINATED_WORDS = 3


@lru_cache(maxsize=32)
def _conjunctions(language: str) -> frozenset[str]:
    """The language's words for "and" and "or", from CLDR's patterns for lists of two: none
    where the conjunction is written onto the next word (Arabic و, Hebrew ו) or with no space
    (Chinese 和), which the word-by-word comparison cannot take apart."""
    patterns = Locale(language).list_patterns
    found = set()
    for kind in ("standard", "or"):
        pattern = patterns.get(kind, {}).get("2", "")
        between = pattern.partition("{0}")[2].partition("{1}")[0]
        word = between.strip(" ,،、")
        if word and between.startswith(" ") and between.endswith(" ") and _WORD.fullmatch(word):
            found.add(_folded(word.casefold()))
    return frozenset(found)


class _Word:
    """A word of a term or a translation, as :func:`uses_term` compares them."""

    __slots__ = ("exact", "folded", "slavic", "stem", "written")

    def __init__(
        self,
        word: str,
        stem: Callable[[str], str] | None,
        slavic: bool = False,
        *,
        exact: bool = False,
        written: str = "",
    ):
        self.stem = stem(word) if stem is not None else None
        self.folded = _folded(word)
        self.slavic = slavic
        #: An acronym: taken as it is written, or with an ending in small letters.
        self.exact = exact
        self.written = written or word

    def takes(self, other: _Word) -> bool:
        """Whether ``other`` is this word inflected. Where Snowball has a stemmer: the same
        stem, or one a letter longer (the Greek stemmer gives Συμβούλιο ``συμβουλι`` and
        Συμβουλίου ``συμβουλ``); in a Slavic language, two letters longer (Polish kraj,
        krajow; kij, kijow) or a vowel that drops out (handel, handl; wieden, wiedn). Where
        it has none (Ukrainian: Рада, Ради, Радою): by their letters (:func:`_inflected`). An
        acronym takes itself alone."""
        if self.exact:  # (or with an ending in small letters: see uses_term)
            ending = other.written[len(self.written) :]
            return other.written.startswith(self.written) and (
                not ending or (len(ending) <= 3 and ending.islower())
            )
        if self.stem is not None and other.stem is not None:
            if self.stem == other.stem:
                return True
            mine, theirs = sorted((self.stem, other.stem), key=len)
            if theirs.startswith(mine) and len(theirs) - len(mine) <= 1 and len(mine) >= 3:
                return True
            if not self.slavic:
                return False
            # The translation's word longer than the term's by an ending the stemmer kept
            # (not shorter: "ambasada", the embassy, is no form of "ambasador").
            term, found = self.stem, other.stem
            if found.startswith(term) and len(found) - len(term) == 2 and len(term) >= 3:
                return True
            return len(theirs) == len(mine) + 1 and _vowel_dropped(theirs, mine)
        return _inflected(self.folded, other.folded)


def _as_written(folded: list[str], text: str) -> list[tuple[str, str]]:
    """Each word of a casefolded text with the word as ``text`` writes it (the folded one
    where casefolding changed how the text splits into words)."""
    shown = _WORD.findall(text)
    return list(zip(folded, shown if len(shown) == len(folded) else folded, strict=True))


def _acronym(word: str) -> bool:
    """Whether a word of a term is an acronym: two capitals or more (OSCE, ОБСЕ, CoE)."""
    return sum(char.isupper() for char in word) >= 2


def _vowel_dropped(longer: str, shorter: str) -> bool:
    """Whether ``shorter`` is ``longer`` without one of its vowels (a Slavic mobile vowel)."""
    return any(
        letter in _VOWELS and longer[:index] + longer[index + 1 :] == shorter
        for index, letter in enumerate(longer)
    )


_VOWELS = frozenset("aeiouyąęóаеиоуыэюяіїєё")


def _inflected(mine: str, theirs: str) -> bool:
    """Whether two words (accents aside) are one inflected, by their letters: the same but for
    an ending of at most two letters either side, three kept; a Cyrillic vowel that alternates
    in a stem is none (Київ, Києві; Львів, Львова). (Not three more: секретар, секретаріат,
    the secretariat, would be the secretary.)

    Three letters more only by a Ukrainian case ending of three: the dative of a person
    (секретар, секретареві; представник, представникові), the instrumental plural
    (спостерігач, спостерігачами; місія, місіями).

    >>> _inflected("київ", "києві"), _inflected("секретар", "секретаріат")
    (True, False)
    >>> _inflected("секретар", "секретареві"), _inflected("місія", "місіями")
    (True, True)
    """
    if mine == theirs:
        return True
    # (The ending as written: "-ові" folded is "-ове" too, an adjective's, бюджетове.)
    long_ending = len(theirs) - len(mine) in (2, 3) and theirs[-3:] in _LONG_ENDINGS
    mine, theirs = mine.translate(_ALTERNATING), theirs.translate(_ALTERNATING)
    if len(mine) < 4:
        return False
    if long_ending:
        bare = mine[:-1] if mine[-1] in _STEM_VOWELS else mine
        if theirs[:-3] == bare:
            return True
    if abs(len(mine) - len(theirs)) > 2:
        return False
    kept = max(3, len(mine) - 2)
    return mine[:kept] == theirs[:kept]


#: Cyrillic vowels that alternate inside a stem as a word is inflected (Ukrainian і/о/е,
#: ї/є: Львів, Львова; Київ, Києва), compared as one.
_ALTERNATING = str.maketrans(dict.fromkeys("іїєеоиё", "*"))
#: Ukrainian's case endings of three letters (-ові, -еві, -єві; -ами, -ями), as written, and
#: the vowels a noun's stem ends with that such an ending replaces (рада, радами), as compared.
_LONG_ENDINGS = frozenset(("ові", "еві", "єві", "ами", "ями"))
_STEM_VOWELS = frozenset("ая*ь")


@lru_cache(maxsize=1024)
def _whole(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(words)}(?!\w)")


@lru_cache(maxsize=1024)
def _starting(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(words)}")


def _casefold(text: str, language: str) -> str:
    """``text`` in one case, as terms and translations are compared. Turkish and Azerbaijani
    pair I with ı and İ with i (İNSAN HAKLARI: insan hakları); elsewhere İ casefolds to i and a
    combining dot, which would split the word in two: the dot goes."""
    if language in ("tr", "az"):
        text = text.replace("I", "ı").replace("İ", "i")
    return text.casefold().replace("i\u0307", "i")


def _folded(word: str) -> str:
    """The word without its accents (Συμβούλιο: συμβουλιο)."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=32)
def _stemmer(language: str) -> Callable[[str], str] | None:
    """The Snowball stemmer for a language (named in English, as Snowball names them)."""
    name = (Locale(language).get_language_name("en") or "").casefold()
    import snowballstemmer  # loads every language's stemmer: only once a translation is checked

    if name not in snowballstemmer.algorithms():
        return None
    stemmer = snowballstemmer.stemmer(name)
    return lru_cache(maxsize=4096)(stemmer.stemWord)


def _pattern(english: str, *, titled: bool) -> re.Pattern[str]:
    """A term as it may be written: as in the glossary; a lowercase one with a capital to its
    first word too (a sentence's start), and ``titled`` (in a headline) to any of its words."""
    if not english[:1].islower():
        return re.compile(rf"(?<!\w){re.escape(english)}(?!\w)")
    parts = []
    for index, char in enumerate(english):
        starts = char.islower() and (index == 0 or (titled and not english[index - 1].isalnum()))
        parts.append(f"[{re.escape(char)}{re.escape(char.upper())}]" if starts else re.escape(char))
    return re.compile(rf"(?<!\w){''.join(parts)}(?!\w)")


def _needle(english: str, *, titled: bool) -> str:
    """What a text must contain for a term's pattern to match: the term (but its first letter
    where that may be a capital), or in a headline its longest word but its first letter."""
    if not english[:1].islower():
        return english
    if not titled:
        return english[1:]
    return max(_WORD.findall(english), key=len, default=english)[1:]


def load_glossary(locale_dir: Path, targets: Sequence[str], *, display_root: Path) -> Glossary:
    """Read ``glossary.csv`` and ``glossary.tbx`` from ``locale/`` (either, both, or neither)."""
    files: dict[str, bytes] = {}
    for name in GLOSSARY_FILES:
        path = locale_dir / name
        if path.is_file():
            files[path.relative_to(display_root).as_posix()] = path.read_bytes()
    return parse_glossary(files, targets)


def parse_glossary(files: Mapping[str, bytes], targets: Sequence[str]) -> Glossary:
    """The glossary from the bytes of its files, by the path users see (``locale/glossary.csv``);
    a ``.tbx`` name is read as TBX, any other as CSV."""
    terms: list[Term] = []
    where: dict[str, tuple[str, Term]] = {}  # each English term: its file, and it
    for display, raw in files.items():
        reader = _read_tbx if display.endswith(".tbx") else _read_csv
        for term in reader(raw, display, targets):
            first = where.setdefault(term.english, (display, term))
            other = first[1].translations
            differ = sorted(
                locale
                for locale in set(other) & set(term.translations)
                if other[locale] != term.translations[locale]
            )
            if first[0] != display and differ:
                # (Both files: the first read won, silently; a team moving to the TBX saw
                # its edits ignored.)
                locale = differ[0]
                raise GlossaryError(
                    f"{excerpt(term.english)} is in {first[0]} too, with another {locale} "
                    f"({excerpt(other[locale])}, here {excerpt(term.translations[locale])}): "
                    "keep each term in one file",
                    path=display,
                )
            terms.append(term)
    return Glossary(tuple(terms))


def _read_csv(raw: bytes, display: str, targets: Sequence[str]) -> list[Term]:
    text = decode_utf8(raw, path=display, error=GlossaryError)
    rows = _csv_rows(text, display)
    header = next(rows, (1, []))[1]
    if len(header) == 1 and ";" in header[0]:
        raise GlossaryError(
            "the columns are separated by ';', not commas (a spreadsheet's export in some "
            "languages): save it as CSV with commas",
            path=display,
            line=1,
        )
    # (The English may carry a region, as communique.toml's source does: en-GB, EN, en_US.)
    if not header or header[0].strip().replace("_", "-").split("-")[0].lower() != "en":
        raise GlossaryError(
            "the first column must be 'en', then one column per target locale (e.g. en,fr,de,note)",
            path=display,
            line=1,
        )
    columns: list[str | None] = []
    for cell in header[1:]:
        name = cell.strip()
        if name == "note":
            columns.append("note")
            continue
        try:
            parse_locale(name)
        except LocaleCodeError as exc:
            raise GlossaryError(f"column {excerpt(name)}: {exc}", path=display, line=1) from None
        # Other languages are not published; a column tagged as a termbase tool tags it
        # (pl-PL) is the project's Polish.
        column = taken_by(name, tuple(targets))
        if column is not None and column in columns:
            # Two columns for one language: the one tagged as the project's is it, as the TBX
            # reader has it ("fr" before "fr-CA"); of two regions ("ru-RU", "ru-BY"), the
            # last would win, silently.
            earlier = columns.index(column)
            first = header[1 + earlier].strip()
            exact, first_exact = (
                name.casefold() == column.casefold(),
                first.casefold() == column.casefold(),
            )
            if exact and not first_exact:
                columns[earlier] = None
            elif exact == first_exact:  # (two of one tag, or two regions: which is right?)
                raise GlossaryError(
                    f"columns {excerpt(first)} and {excerpt(name)} are both the project's "
                    f"{excerpt(column)}: keep one",
                    path=display,
                    line=1,
                )
            else:
                column = None
        columns.append(column)
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        if not row or not any(cell.strip() for cell in row):
            continue
        _no_invisible_characters(row, display, number)
        # A term or a translation on several lines is a quote left open, which would swallow
        # the rows after it (a note may run over lines).
        broken = [i for i, cell in enumerate(row) if "\n" in cell and _column(columns, i) != "note"]
        if broken:
            raise GlossaryError(
                "a quoted field runs over several lines from here: is a closing quote missing?",
                path=display,
                line=number,
            )
        if any(cell.strip() for cell in row[len(header) :]):
            # A comma not quoted shifts every cell after it: one language's term would be
            # taken for the next one's, and published.
            raise GlossaryError(
                f"{len(row)} cells, where the header has {len(header)}: a value that holds a "
                'comma goes in quotes ("a, b")',
                path=display,
                line=number,
            )
        english = " ".join(row[0].split())
        if not english:
            raise GlossaryError("a row without an English term", path=display, line=number)
        if english in seen:
            raise GlossaryError(
                f"{excerpt(english)} is listed twice (first on line {seen[english]})",
                path=display,
                line=number,
            )
        seen[english] = number
        translations: dict[str, str] = {}
        note = ""
        for column, cell in zip(columns, row[1:], strict=False):
            value = " ".join(cell.split())
            if column == "note":
                note = value
            elif column is not None and value:
                translations[column] = value
        terms.append(Term(english, translations, note))
    return terms


def _column(columns: Sequence[str | None], index: int) -> str | None:
    """The column of a row's cell: ``en`` first, then those of the header."""
    return "en" if index == 0 else columns[index - 1] if index - 1 < len(columns) else None


def _csv_rows(text: str, display: str) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV glossary with the line each starts on; a field longer than the csv
    module reads, a quote inside a field or one never closed is an error."""
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = str(exc)
            if problem == "unexpected end of data":
                problem = "a quote opened here is never closed"
            raise GlossaryError(f"not CSV: {problem}", path=display, line=start) from None
        yield start, row
        start = rows.line_num + 1


def _no_invisible_characters(cells: Sequence[str], display: str, line: int | None) -> None:
    """Refuse a control character, a noncharacter or a bidirectional override in a row: a
    term's would go into every draft that uses it (a NUL, which GNU gettext reads as the end
    of the string, into the catalogs) and the TBX export would fail on it."""
    for cell in cells:
        control, odd = control_character(cell), noncharacter(cell)
        problem: str | None
        if control is not None:
            problem = f"a control character ({control[1]}) in {excerpt(cell)}: remove it"
        elif odd is not None:
            problem = f"a noncharacter ({odd[1]}) in {excerpt(cell)}: remove it"
        else:
            problem = bidi_problem(cell)
            problem = problem and f"in {excerpt(cell)}, {problem}"
        if problem is not None:
            raise GlossaryError(problem, path=display, line=line)


def _read_tbx(raw: bytes, display: str, targets: Sequence[str]) -> list[Term]:
    from lxml import etree  # only for a TBX glossary

    from communique.safexml import (
        encoding_as_written,
        parser,
        plain_message,
        refuse_entity_references,
    )

    encoding_as_written(raw, display, "TBX", GlossaryError)
    try:
        # Entities a TBX declares are never expanded; one its terms use is an error.
        root = etree.fromstring(raw, parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        raise GlossaryError(
            f"invalid TBX: {plain_message(exc.msg)}", path=display, line=line
        ) from None
    refuse_entity_references(root, display, "TBX", GlossaryError)
    terms: list[Term] = []
    for entry in root.iter("{*}termEntry", "{*}conceptEntry"):
        by_language: dict[str, str] = {}
        note = ""
        for child in entry.iter("{*}descrip", "{*}note"):
            note = note or _text(child)
        for language_set in entry.iter("{*}langSet", "{*}langSec"):
            tag = language_set.get(XML_LANG) or language_set.get("lang") or ""
            term_element = _preferred_term(language_set)
            if term_element is None:
                continue
            value = _text(term_element)
            where = term_element.sourceline
            _no_invisible_characters([value], display, where if isinstance(where, int) else None)
            try:
                code = bcp47(parse_locale(tag.replace("_", "-")))
            except LocaleCodeError:
                where = language_set.sourceline
                raise GlossaryError(
                    f"unknown language {excerpt(tag)}",
                    path=display,
                    line=where if isinstance(where, int) else None,
                ) from None
            if value and code not in by_language:
                by_language[code] = value
        english = next((v for k, v in by_language.items() if k.split("-")[0] == "en"), None)
        if english:
            translations: dict[str, str] = {}
            # A language as the project names it first, then one a termbase tool tags with
            # its region (pl-PL for the project's pl).
            for exact in (True, False):
                for code, value in by_language.items():
                    target = taken_by(code, tuple(targets))
                    if target is not None and (target == code) == exact:
                        translations.setdefault(target, value)
            terms.append(Term(english, translations, note))
    return terms


def _preferred_term(language_set: Any) -> Any:
    """The term a language set gives for use: the preferred one, else one with no status, else
    an admitted one; never a deprecated, superseded or obsolete one (termbases list the forms
    not to use beside the one to use: "Rat von Europa" before "Europarat")."""
    ranked = []
    for position, term in enumerate(language_set.iter("{*}term")):
        container = term.getparent()
        status = " ".join(
            _text(note).casefold()
            for note in container.iter("{*}termNote", "{*}descrip")
            if (note.get("type") or "").casefold()
            in ("administrativestatus", "normativeauthorization")
        )
        if any(word in status for word in ("deprecated", "superseded", "obsolete", "forbidden")):
            continue
        rank = 0 if "preferred" in status else 2 if "admitted" in status else 1
        ranked.append((rank, position, term))
    return min(ranked, key=lambda found: found[:2])[2] if ranked else None


def _text(element: Any) -> str:
    """An element's text, its inline markup's included as written (``CO<hi>2</hi>``: "CO2"),
    its runs of white space one space."""
    return " ".join("".join(str(part) for part in element.itertext()).split())


def glossary_tbx(glossary: Glossary, source: str, title: str) -> bytes:
    """The glossary as TBX-Basic (ISO 30042:2008, ``martif``), the TBX that Weblate and
    translate-toolkit import: one ``termEntry`` per English term with its note, and a
    ``langSet`` per language (``source``, the English's tag, first)."""
    from lxml import etree

    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: source})
    description = etree.SubElement(
        etree.SubElement(etree.SubElement(root, "martifHeader"), "fileDesc"), "sourceDesc"
    )
    etree.SubElement(description, "p").text = title
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, term in enumerate(glossary.terms, start=1):
        entry = etree.SubElement(body, "termEntry", {"id": f"c{number}"})
        if term.note:  # (a note, not a definition: translate-toolkit reads notes)
            etree.SubElement(entry, "note").text = term.note
        for tag, text in ((source, term.english), *sorted(term.translations.items())):
            language = etree.SubElement(entry, "langSet", {XML_LANG: tag})
            etree.SubElement(etree.SubElement(language, "tig"), "term").text = text
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data
