"""The pseudo engine: accented, lengthened English, to see how a layout takes translation.

"Council of Europe" becomes "[Çöûñçîļ öƒ Éûŕöþé ~~~~~]": every letter is still readable, text
grows by about a third (as French or German often does), and the brackets show where a string
was cut or concatenated. Protected spans pass through untouched.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from communique.translate.engines.base import PLACEHOLDER, Route, Translation

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)


def pseudo_translate(text: str) -> str:
    """Accent every letter outside protected spans and pad the text by a third."""
    parts = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(text[position : match.start()].translate(_ACCENTED))
        parts.append(match.group(0))
        position = match.end()
    parts.append(text[position:].translate(_ACCENTED))
    padding = "~" * max(1, len(text) // 3)
    return f"[{''.join(parts)} {padding}]"


class PseudoEngine:
    """Translates into any locale, offline and instantly."""

    name = "pseudo"

    def route(self, source: str, target: str) -> Route | None:
        return Route(self.name, ())

    def translate(self, route: Route, texts: Sequence[str]) -> list[Translation]:
        return list(self.translations(route, texts))

    def translations(self, route: Route, texts: Sequence[str]) -> Iterator[Translation]:
        for text in texts:
            yield Translation(pseudo_translate(text))

    def close(self) -> None:
        pass
