"""Member states and the languages their readers get, from CLDR's official languages."""

from __future__ import annotations

from collections.abc import Sequence

from babel.languages import get_official_languages, get_territory_language_info

from communique.config import MemberState
from communique.locales import likely, parse_locale


def state_languages(state: MemberState, targets: Sequence[str]) -> tuple[str, ...]:
    """The target locales a state's readers get, most spoken first.

    From the configuration when it chooses them; otherwise the state's official languages in
    CLDR that are targets: of several varieties of one language, the state's own (``pt-PT``
    for Portugal, not ``pt-BR``), else the one with no region. Languages CLDR calls official
    only de facto count where a state has no official language by law (English in the United
    States, Italian in the Holy See), not beside one (Russian in Ukraine, whose one official
    language is Ukrainian).
    """
    if state.languages is not None:
        return state.languages
    officials = get_official_languages(state.code) or get_official_languages(
        state.code, de_facto=True
    )
    spoken = get_territory_language_info(state.code)
    found: list[tuple[float, int, str]] = []  # (the share not speaking it, target, tag)
    for official in officials:
        # Its script too: the one CLDR writes it in there where it names none (Serbian in
        # Serbia: Cyrillic; Chinese in China: simplified). Montenegro's Serbian is in Latin
        # script, Hong Kong's Chinese traditional: not the project's sr or zh.
        wanted = _script_of(official, state.code)
        if wanted is None:  # (a language CLDR has no data for: Min Nan in Taiwan)
            continue
        free = [tag for tag in targets if all(tag != chosen for *_, chosen in found)]
        # In its script; else in another, rather than none (a project's only Serbian is
        # Cyrillic: Montenegro's readers read it, not the English).
        same = [tag for tag in free if _script_of(tag) == wanted]
        language = [tag for tag in free if (_script_of(tag) or ("",))[0] == wanted[0]]
        matching = [(tag, parse_locale(tag).territory) for tag in same or language]
        # The state's own variety (pt-PT for Portugal), else the language's unmarked one, else
        # another country's (pt-BR, where it is the project's only Portuguese).
        for fits in (lambda t: t == state.code, lambda t: t is None, lambda t: True):
            if chosen := [tag for tag, territory in matching if fits(territory)]:
                share = float(spoken.get(official, {}).get("population_percent") or 0.0)
                found += [(-share, targets.index(tag), tag) for tag in chosen]
                break
    # Most spoken first; of two as spoken (Serbian in either script), the project's order.
    return tuple(tag for *_, tag in sorted(found))


def _script_of(tag: str, territory: str = "") -> tuple[str, str] | None:
    """A language and the script it is written in (in ``territory``, where it names none)."""
    tag = tag.replace("_", "-")
    found = likely(f"{tag}-{territory}") if territory else None
    found = found or likely(tag)
    return (found[0], found[1]) if found is not None else None
