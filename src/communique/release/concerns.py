"""Which member states a release concerns, so that each state's page and feeds carry the
releases that matter to its readers.

The front matter decides where it says (``states: [MD, UA]``; ``states: []`` for none).
Otherwise they are found in the English text — the title and every block — by:

- the states' names: CLDR's in English ("Moldova", "North Macedonia"), and the long and older
  forms of ``data/states/en.toml`` ("the Republic of Moldova", "the Russian Federation");
- their adjectives ("the Austrian Chairpersonship"), from the same file (CLDR has none), except
  where one names a language ("in French.", "Russian-language media");
- the regions of ``member_states.regions`` ("the Western Balkans": each of its states);
- the dateline's place, where the file maps it to a state ("Vienna", "Skopje"), unless it is
  one of ``member_states.seats`` (the organisation writes most releases there).

Names are matched as whole words, case-sensitive, longest first: a name inside a longer one is
not matched ("Guinea-Bissau" is not Guinea; "New Mexico", "North Macedonia" are not Mexico or a
state called Macedonia). What remains: a name that is also a word or another place's
("Georgia" the US state, "Jordan" the name) counts; the front matter corrects it.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from babel import Locale

from communique.release.reader import Release

#: A state's name after one of these words is part of another place's: "New Mexico".
_PREFIX = re.compile(r"North|South|East|West|Northern|Southern|Eastern|Western|Central|New")
#: A word as names begin (letters); and a word that may begin one (a capital first).
_WORD = re.compile(r"[^\W\d_]+")
_CAPITALISED = re.compile(r"[A-ZÀ-ÞĀ-Ž][^\W\d_]*")
_SPACES = re.compile(r"[ \t\n]+")
#: After an adjective, words that make it a language's name: "Russian-language media".
_LANGUAGE_AFTER = re.compile(r"(?:-| )(?:language|speaking|speakers?)\b")
#: "in French." "into Romanian and Russian," — languages: after "in", "into" or "from", a list
#: of capitalised words that ends the clause.
_LANGUAGE_BEFORE = re.compile(r"\b(?:in|into|from)\s+(?:[A-Z][^\W\d_]*\s*(?:,|and|or)\s+)*\Z")
_LANGUAGE_LIST_AFTER = re.compile(r"(?:\s*(?:,|and|or)\s+[A-Z][^\W\d_]*)*\s*(?:[.,;:)!?]|\Z)")
_PLACE_PARTS = re.compile(r"\s*(?:/|,|\band\b|&)\s*")


@dataclass(frozen=True)
class Concern:
    """A state a release concerns, and why: the words found (with their lines), the dateline,
    or the front matter."""

    code: str
    why: tuple[str, ...]


@dataclass(frozen=True)
class _Words:
    """How English names states: names, adjectives and cities by ISO code, and longer names
    that contain one without being the state."""

    names: Mapping[str, tuple[str, ...]]
    adjectives: Mapping[str, tuple[str, ...]]
    cities: Mapping[str, tuple[str, ...]]
    other: tuple[str, ...]


@functools.cache
def _words() -> _Words:
    data = tomllib.loads(
        (resources.files("communique") / "data" / "states" / "en.toml").read_text("utf-8")
    )

    def table(name: str) -> dict[str, tuple[str, ...]]:
        return {code: tuple(words) for code, words in data.get(name, {}).items()}

    return _Words(
        table("names"), table("adjectives"), table("cities"), tuple(data["other"]["names"])
    )


class StateFinder:
    """Finds the member states a release concerns; built once per project's settings.

    Names are looked up by their first word among the text's capitalised words (a regular
    expression of hundreds of alternatives would try each at every word)."""

    def __init__(
        self,
        members: Sequence[str],
        regions: Sequence[tuple[str, Sequence[str]]] = (),
        seats: Sequence[str] = (),
    ):
        english = Locale("en").territories
        self.members = tuple(members)
        words = _words()
        # Each name, adjective and region, to what it stands for: (kind, codes).
        found: dict[str, tuple[str, tuple[str, ...]]] = {}
        for code in self.members:
            for name in (english.get(code, code), *words.names.get(code, ())):
                found.setdefault(name, ("name", (code,)))
            for adjective in words.adjectives.get(code, ()):
                found.setdefault(adjective, ("adjective", (code,)))
        for region, codes in regions:
            found[region] = ("region", tuple(c for c in codes if c in self.members))
        for other in words.other:  # (where no member has it as its name)
            found.setdefault(other, ("other", ()))
        by_first: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
        for name, (kind, codes) in found.items():
            first = _WORD.match(name)
            if first is not None:
                by_first.setdefault(first.group(), []).append((name, kind, codes))
        for candidates in by_first.values():
            candidates.sort(key=lambda c: (-len(c[0]), c[0]))  # longest first
        self._by_first = by_first
        places: dict[str, str] = {}
        for code in self.members:
            for place in (english.get(code, code), *words.cities.get(code, ())):
                places.setdefault(place.casefold(), code)
        self._places = places
        self._seats = {seat.casefold() for seat in seats}

    def find(self, release: Release) -> tuple[Concern, ...]:
        """The states ``release`` concerns, in the order of the member states."""
        if release.states is not None:
            elsewhere = "front matter; not in member_states.codes: no page or feed shows it"
            return tuple(
                Concern(code, ("front matter" if code in self.members else elsewhere,))
                for code in release.states
            )
        why: dict[str, list[str]] = {}
        for code, reason in self._reasons(release):
            reasons = why.setdefault(code, [])
            if reason not in reasons:
                reasons.append(reason)
        order = {code: index for index, code in enumerate(self.members)}
        return tuple(
            Concern(code, tuple(why[code]))
            for code in sorted(why, key=lambda c: order.get(c, len(order)))
        )

    def _reasons(self, release: Release) -> Iterator[tuple[str, str]]:
        if release.place is not None:
            for part in _PLACE_PARTS.split(release.place):
                key = part.strip().casefold()
                if key in self._places and key not in self._seats:
                    yield self._places[key], f"dateline: {part.strip()}"
        texts = [(release.title, release.title_line)] if release.title else []
        texts += [(block.text, block.line) for block in release.blocks]
        for text, line in texts:
            for start, name, kind, codes in self._names(text):
                if kind == "adjective" and _names_a_language(text, start, start + len(name)):
                    continue
                where = line + text.count("\n", 0, start)
                label = f'"{name}" (line {where}{", region" if kind == "region" else ""})'
                for code in codes:
                    yield code, label

    def _names(self, text: str) -> Iterator[tuple[int, str, str, tuple[str, ...]]]:
        """Each name in ``text``: where, which, its kind and states; none inside another."""
        done = 0
        for word in _CAPITALISED.finditer(text):
            start = word.start()
            if start < done or (start and (text[start - 1].isalnum() or text[start - 1] in "-_")):
                continue
            found = self._name_at(text, start, word.group())
            if found is not None:
                name, kind, codes = found
                done = start + len(name)
                if kind != "other":
                    yield start, name, kind, codes
                continue
            if _PREFIX.fullmatch(word.group()):  # "New Mexico": the name after it is another's
                after = _SPACES.match(text, word.end())
                if after is not None:
                    following = _WORD.match(text, after.end())
                    if following is not None:
                        hidden = self._name_at(text, after.end(), following.group())
                        if hidden is not None:
                            done = after.end() + len(hidden[0])

    def _name_at(self, text: str, start: int, word: str) -> tuple[str, str, tuple[str, ...]] | None:
        for name, kind, codes in self._by_first.get(word, ()):
            end = start + len(name)
            if text.startswith(name, start) and (
                end == len(text) or not (text[end].isalnum() or text[end] in "-_")
            ):
                return name, kind, codes
        return None


def _names_a_language(text: str, start: int, end: int) -> bool:
    """Whether the adjective at ``start:end`` names a language: "Russian-language", "Russian
    speakers", or "in French." and "in Romanian and Russian." (nothing after the list)."""
    if _LANGUAGE_AFTER.match(text, end):
        return True
    return bool(_LANGUAGE_LIST_AFTER.match(text, end)) and bool(
        _LANGUAGE_BEFORE.search(text, max(start - 80, 0), start)
    )


@functools.cache
def finder(
    members: tuple[str, ...],
    regions: tuple[tuple[str, tuple[str, ...]], ...],
    seats: tuple[str, ...],
) -> StateFinder:
    """The finder for a project's settings, made once per process."""
    return StateFinder(members, regions, seats)
