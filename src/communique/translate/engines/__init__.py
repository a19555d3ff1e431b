"""Machine-translation engines behind one interface; ``create_engine`` picks one by name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from communique.config import EngineOptions
from communique.translate.engines.base import PLACEHOLDER, Engine, EngineError, Route, Translation

__all__ = ["PLACEHOLDER", "Engine", "EngineError", "Route", "Translation", "create_engine"]


def create_engine(name: str, options: Mapping[str, EngineOptions]) -> Engine | None:
    """The engine called ``name`` set up from ``[engines.<name>]``; None for ``none``."""
    chosen = options.get(name, EngineOptions())
    if name == "none":
        return None
    if name == "pseudo":
        from communique.translate.engines.pseudo import PseudoEngine

        return PseudoEngine()
    if name == "apertium":
        from communique.translate.engines.apertium import DEFAULT_PIVOTS, ApertiumEngine

        if chosen.timeout is None:  # the engine's own default
            return ApertiumEngine(pivots=chosen.pivots or DEFAULT_PIVOTS)
        return ApertiumEngine(pivots=chosen.pivots or DEFAULT_PIVOTS, timeout=chosen.timeout)
    if name == "apy":
        from communique.translate.engines.apertium import DEFAULT_PIVOTS
        from communique.translate.engines.apy import ApyEngine
        from communique.translate.engines.http import Limits

        # What the configuration leaves unset keeps Limits' defaults (stated once, there).
        given: dict[str, Any] = {"timeout": chosen.timeout, "retries": chosen.retries}
        bounds = Limits(**{key: value for key, value in given.items() if value is not None})
        return ApyEngine(chosen.url, pivots=chosen.pivots or DEFAULT_PIVOTS, limits=bounds)
    # Imported here: deep-translator and its HTML parser are only loaded when used.
    from communique.translate.engines.online import ONLINE_ENGINES, OnlineEngine, OnlineSettings

    if name not in ONLINE_ENGINES:
        raise EngineError(f"unknown engine {name!r}")
    # What the configuration leaves unset keeps OnlineSettings' defaults (stated once, there).
    limits: dict[str, Any] = {"timeout": chosen.timeout, "retries": chosen.retries}
    settings = OnlineSettings(
        url=chosen.url,
        api_key=chosen.api_key,
        region=chosen.region,
        email=chosen.email,
        **{key: value for key, value in limits.items() if value is not None},
    )
    return OnlineEngine(name, settings)
