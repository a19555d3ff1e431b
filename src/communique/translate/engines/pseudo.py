"""The pseudo engine: accented, lengthened English, to see how a layout takes translation.

"Council of Europe." becomes "⟦Çöûñçîļ öƒ Éûŕöþé ~~~~~ ~.⟧": every letter is still readable,
text grows by about a third (as French or German often does), and the brackets show where a
string was cut or concatenated. They are not Markdown's, and the sentence keeps its closing
punctuation, so the drafts pass communique's own checks. Protected spans (links, markup,
numbers) pass through untouched. For a language written right to left (Arabic, Hebrew, Persian
and the others CLDR says so of), the letters become that script's, so the preview shows a page
as it will read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from communique.locales import LocaleCodeError, parse_locale
from communique.translate.engines.base import PLACEHOLDER, Route, Translation

_LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = str.maketrans(_LATIN, "àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")
_ARABIC = str.maketrans(_LATIN, "ابجدعفغهيجكلمنوپقرستؤڤوخيز" * 2)
_HEBREW = str.maketrans(_LATIN, "אבכדעפגהיחקלמנופקרסטובשציז" * 2)
#: Languages written in the Hebrew script; the other right-to-left ones get Arabic letters.
_HEBREW_LANGUAGES = {"he", "yi", "lad"}
#: Closing punctuation kept at the end of the draft: what the English ends with.
_END = re.compile(r"(\.\.\.|[.?!:;…])$")
RIGHT_TO_LEFT = "right-to-left"


def pseudo_translate(text: str, *, script: str | None = None) -> str:
    """Accent every letter outside protected spans (or write it in ``script``: ``arabic``,
    ``hebrew``), pad the text by a third before its closing punctuation, and bracket it."""
    table = {"arabic": _ARABIC, "hebrew": _HEBREW}.get(script or "", _ACCENTED)
    end = _END.search(text)
    body = text[: end.start()] if end else text
    parts = []
    position = 0
    for match in PLACEHOLDER.finditer(body):
        parts.append(body[position : match.start()].translate(table))
        parts.append(match.group(0))
        position = match.end()
    parts.append(body[position:].translate(table))
    # In words of five, so that a line can break in it as in the languages it stands for.
    length = max(1, len(text) // 3)
    padding = " ".join("~" * min(5, length - start) for start in range(0, length, 5))
    return f"⟦{''.join(parts)} {padding}{end.group(0) if end else ''}⟧"


class PseudoEngine:
    """Translates into any locale, offline and instantly."""

    name = "pseudo"
    rule_based = False

    def route(self, source: str, target: str) -> Route | None:
        try:
            locale = parse_locale(target)
        except LocaleCodeError:
            return Route(self.name, ())
        if locale.character_order == RIGHT_TO_LEFT:
            script = "hebrew" if locale.language in _HEBREW_LANGUAGES else "arabic"
            return Route(self.name, (f"{RIGHT_TO_LEFT} {script}",))
        return Route(self.name, ())

    def translate(self, route: Route, texts: Sequence[str]) -> list[Translation]:
        return list(self.translations(route, texts))

    def translations(self, route: Route, texts: Sequence[str]) -> Iterator[Translation]:
        script = route.steps[0].rpartition(" ")[2] if route.steps else None
        for text in texts:
            yield Translation(pseudo_translate(text, script=script))

    def close(self) -> None:
        pass
