"""What both Apertium engines, the installed one and one reached through APy, must make of the
drafter's protected text."""

from __future__ import annotations

from communique.translate.engines import Translation


def assert_marks_kept(first: Translation, second: Translation) -> None:
    """What an Apertium engine, local or through APy, makes of the drafter's protected text
    (``The meeting convened <x0/> delegates in <g1>Strasbourg</g1>.`` and ``Bolstering the
    mandate [really] is vital & urgent.``): placeholders kept in order, Apertium's own marks of
    unknown words gone, and its special characters given back as written."""
    assert "<x0/>" in first.text
    assert first.text.index("<g1>") < first.text.index("</g1>")
    assert "Bolstering" in second.unknown
    assert "*" not in second.text
    assert "[" in second.text
    assert "&" in second.text
