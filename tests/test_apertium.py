"""Apertium, the real offline engine from Debian: routes, long-lived pipelines, unknown words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from communique.translate.engines import Route
from communique.translate.engines.apertium import (
    ApertiumEngine,
    from_stream,
    installed_pairs,
    to_stream,
)
from tests.apertium_cases import assert_marks_kept


@pytest.fixture(scope="module")
def apertium() -> Iterator[ApertiumEngine]:
    engine = ApertiumEngine()
    yield engine
    engine.close()


@pytest.mark.needs_apertium
def test_installed_pairs_are_read_as_iso_639_1() -> None:
    pairs = {(p.source, p.target): p.mode for p in installed_pairs()}
    assert pairs[("en", "es")] == "eng-spa"
    assert pairs[("en", "ca")] == "eng-cat"
    assert pairs[("es", "fr")] == "es-fr"
    assert all("_" not in mode for mode in pairs.values())  # dialect variants left out


@pytest.mark.needs_apertium
def test_routes(apertium: ApertiumEngine) -> None:
    assert apertium.route("en", "es") == Route("apertium", ("eng-spa",))
    assert apertium.route("en", "fr") == Route("apertium", ("eng-spa", "es-fr"))
    assert apertium.route("en", "it") == Route("apertium", ("eng-spa", "spa-ita"))
    assert apertium.route("en", "de") is None
    assert apertium.route("en", "ru") is None
    catalan_first = ApertiumEngine(pivots=("ca",))
    assert catalan_first.route("en", "fr") == Route("apertium", ("eng-cat", "cat-fra"))
    assert apertium.route("en", "fr").label == "apertium eng-spa | es-fr"  # type: ignore[union-attr]


@pytest.mark.needs_apertium
def test_translation_keeps_placeholders_and_reports_unknown_words(apertium: ApertiumEngine) -> None:
    route = apertium.route("en", "es")
    assert route is not None
    first, second = apertium.translate(
        route,
        [
            "The meeting convened <x0/> delegates in <g1>Strasbourg</g1>.",
            "Bolstering the mandate [really] is vital & urgent.",
        ],
    )
    assert_marks_kept(first, second)
    assert "delegados" in first.text


@pytest.mark.needs_apertium
def test_one_process_per_step_for_the_whole_run(apertium: ApertiumEngine) -> None:
    route = apertium.route("en", "fr")
    assert route is not None
    apertium.translate(route, ["One sentence."])
    processes = {mode: p.process.pid for mode, p in apertium.pipelines.items()}
    apertium.translate(route, ["Another sentence.", "And a third one."])
    assert {mode: p.process.pid for mode, p in apertium.pipelines.items()} == processes
    assert set(processes) >= {"eng-spa", "es-fr"}


@pytest.mark.parametrize(
    ("text", "stream"),
    [
        ("Plain text", "Plain text.[]"),
        ("a [b] <c> \\d @e $f ^g {h} /i", "a \\[b\\] \\<c\\> \\\\d \\@e \\$f \\^g \\{h\\} \\/i.[]"),
        ("x <x0/> y <g1>z</g1>", "x [<x0\\/>] y [<g1>]z[<\\/g1>].[]"),
    ],
    ids=["plain", "special-characters", "placeholders"],
)
def test_stream_format_round_trip(text: str, stream: str) -> None:
    assert to_stream(text) == stream
    assert from_stream(stream) == (text, ())


def test_unknown_marks_are_removed_and_reported() -> None:
    assert from_stream("El *bolstering de #ser y @casa, no \\@x ni a*b.[]") == (
        "El bolstering de ser y casa, no @x ni a*b",
        ("bolstering", "ser", "casa"),
    )
