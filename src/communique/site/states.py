"""Member states and the languages their readers get, from CLDR's official languages."""

from __future__ import annotations

from collections.abc import Sequence

from babel.languages import get_official_languages

from communique.config import MemberState
from communique.locales import parse_locale


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
    chosen: list[str] = []
    officials = get_official_languages(state.code) or get_official_languages(
        state.code, de_facto=True
    )
    for official in officials:
        wanted = parse_locale(official.replace("_", "-"))
        matching = []
        for tag in targets:
            target = parse_locale(tag)
            script_ok = not (target.script and wanted.script) or target.script == wanted.script
            if target.language == wanted.language and script_ok and tag not in chosen:
                matching.append((tag, target.territory))
        # The state's own variety (pt-PT for Portugal), else the language's unmarked one, else
        # another country's (pt-BR, where it is the project's only Portuguese).
        for fits in (lambda t: t == state.code, lambda t: t is None, lambda t: True):
            if found := [tag for tag, territory in matching if fits(territory)]:
                chosen.extend(found)
                break
    return tuple(chosen)
