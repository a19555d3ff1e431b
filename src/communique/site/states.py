"""Member states and the languages their readers get, from CLDR's official languages."""

from __future__ import annotations

from collections.abc import Sequence

from babel.languages import get_official_languages

from communique.config import MemberState
from communique.locales import parse_locale


def state_languages(state: MemberState, targets: Sequence[str]) -> tuple[str, ...]:
    """The target locales a state's readers get, most spoken first.

    From the configuration when it chooses them; otherwise the state's official languages in
    CLDR that are targets. Languages CLDR calls official only de facto count where a state has
    no official language by law (English in the United States, Italian in the Holy See), not
    beside one (Russian in Ukraine, whose one official language is Ukrainian).
    """
    if state.languages is not None:
        return state.languages
    chosen: list[str] = []
    officials = get_official_languages(state.code) or get_official_languages(
        state.code, de_facto=True
    )
    for official in officials:
        wanted = parse_locale(official.replace("_", "-"))
        for tag in targets:
            target = parse_locale(tag)
            script_ok = not (target.script and wanted.script) or target.script == wanted.script
            if target.language == wanted.language and script_ok and tag not in chosen:
                chosen.append(tag)
    return tuple(chosen)
