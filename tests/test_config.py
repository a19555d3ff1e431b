"""communique.toml: the demo configuration, defaults, and an exact message for each mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.config import Engines, MemberState, Publishing, load_settings
from communique.errors import ConfigError
from tests.conftest import MINIMAL_CONFIG, REPOSITORY


def load(tmp_path: Path, text: str | bytes):  # type: ignore[no-untyped-def]
    path = tmp_path / "communique.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return load_settings(path)


def test_demo_project_targets_osce_languages_and_57_states() -> None:
    settings = load_settings(REPOSITORY / "communique.toml")
    assert settings.organisation.name == "Organization for Security and Co-operation in Europe"
    assert settings.organisation.domain == "osce.org"
    assert settings.source_locale == "en-GB"
    assert settings.target_locales == ("fr", "de", "it", "ru", "es")
    codes = [state.code for state in settings.member_states]
    assert len(codes) == 57
    assert len(set(codes)) == 57
    assert {"VA", "MN", "US", "CA", "RU", "UA", "GB"} <= set(codes)
    assert settings.engines.for_locale("fr") == "apertium"


def test_defaults(tmp_path: Path) -> None:
    settings = load(tmp_path, MINIMAL_CONFIG)
    assert settings.source_locale == "en"
    assert settings.target_locales == ("fr", "de")
    assert settings.member_states == ()
    assert settings.engines == Engines(default="apertium", per_locale={})
    assert settings.publishing == Publishing(min_complete=100, feed_entries=50)
    assert settings.organisation.base_url == "https://press.example.org/"
    assert settings.organisation.short_name == ""


def test_locales_are_normalised_to_bcp47(tmp_path: Path) -> None:
    text = MINIMAL_CONFIG.replace('["fr", "de"]', '["sr-latn", "pt-br", "de-CH"]')
    assert load(tmp_path, text).target_locales == ("sr-Latn", "pt-BR", "de-CH")


def test_languages_of_one_family_are_not_taken_for_one(tmp_path: Path) -> None:
    """Only one language twice is refused (fr and fr-FR): Catalan and Valencian, Serbian's two
    scripts, Chinese's two, Portugal's and Brazil's Portuguese are languages of their own."""
    pairs = '["ca", "ca-ES-valencia", "sr", "sr-Latn", "zh-Hans", "zh-Hant", "pt", "pt-PT"]'
    text = MINIMAL_CONFIG.replace('["fr", "de"]', pairs)
    assert load(tmp_path, text).target_locales == (
        "ca", "ca-ES-valencia", "sr", "sr-Latn", "zh-Hans", "zh-Hant", "pt", "pt-PT"
    )  # fmt: skip


def test_member_state_overrides_and_engine_per_locale(tmp_path: Path) -> None:
    text = (
        MINIMAL_CONFIG
        + '[member_states]\ncodes = ["ch", "AT"]\nlanguages = { CH = ["fr", "de"] }\n'
        + '[engines]\ndefault = "none"\nlocales = { de = "deepl" }\n'
    )
    settings = load(tmp_path, text)
    assert settings.member_states == (MemberState("CH", ("fr", "de")), MemberState("AT", None))
    assert settings.engines.for_locale("de") == "deepl"
    assert settings.engines.for_locale("fr") == "none"


def _replace(old: str, new: str) -> str:
    assert old in MINIMAL_CONFIG
    return MINIMAL_CONFIG.replace(old, new)


ERRORS = [
    (
        "unknown-section",
        MINIMAL_CONFIG + "[site]\nx = 1\n",
        "communique.toml:8: site: unknown key (expected one of: organisation, languages, "
        "member_states, engines, publishing, draft)",
    ),
    (
        "unknown-key",
        _replace("targets", "tagets"),
        "communique.toml:7: languages.tagets: unknown key (expected one of: source, targets)",
    ),
    (
        "wrong-type",
        _replace('["fr", "de"]', '"fr"'),
        "communique.toml:7: languages.targets: expected a list of strings, got a string",
    ),
    (
        "wrong-item-type",
        _replace('["fr", "de"]', '["fr", 7]'),
        "communique.toml:7: languages.targets[1]: expected a string, got an integer",
    ),
    (
        "unknown-locale",
        _replace('["fr", "de"]', '["fr", "xx"]'),
        "communique.toml:7: languages.targets[1]: 'xx' is not a locale CLDR knows",
    ),
    (
        # Babel reads it as en-US, and the advice was to write that: a second English.
        "undetermined-language",
        _replace('["fr", "de"]', '["fr", "und"]'),
        "communique.toml:7: languages.targets[1]: 'und' names no language (ISO 639's code for "
        "an undetermined, several or no language): write the language's, e.g. 'fr'",
    ),
    (
        "underscore-locale",
        _replace('["fr", "de"]', '["fr_FR"]'),
        "communique.toml:7: languages.targets[0]: 'fr_FR' is not a BCP 47 tag: write 'fr-FR'",
    ),
    (
        "underscore-nonsense",
        _replace('["fr", "de"]', '["xx_YY"]'),
        "communique.toml:7: languages.targets[0]: 'xx_YY' is not a BCP 47 tag "
        "(expected e.g. 'fr' or 'sr-Latn')",
    ),
    (
        "gettext-modifier",
        _replace('["fr", "de"]', '["fr", "sr@latin"]'),
        "communique.toml:7: languages.targets[1]: 'sr@latin' is gettext's spelling: "
        "write 'sr-Latn'",
    ),
    (
        "old-code",
        _replace('["fr", "de"]', '["iw"]'),
        "communique.toml:7: languages.targets[0]: 'iw' is 'he-IL' for CLDR, which names its "
        "pages and folders: write 'he-IL'",
    ),
    (
        "script-added",
        _replace('["fr", "de"]', '["fr", "zh-TW"]'),
        "communique.toml:7: languages.targets[1]: 'zh-TW' is 'zh-Hant-TW' for CLDR, which "
        "names its pages and folders: write 'zh-Hant-TW'",
    ),
    (
        "source-as-target",
        _replace('["fr", "de"]', '["fr", "en"]'),
        "communique.toml:7: languages.targets[1]: 'en' is the source language",
    ),
    (
        "duplicate-locale",
        _replace('["fr", "de"]', '["fr", "FR"]'),
        "communique.toml:7: languages.targets[1]: 'fr' is listed twice",
    ),
    (
        "no-targets",
        _replace('targets = ["fr", "de"]', ""),
        "communique.toml:6: languages.targets: missing (list the locales to translate into)",
    ),
    (
        "not-a-country",
        MINIMAL_CONFIG + '[member_states]\ncodes = ["AT", "EU"]\n',
        "communique.toml:9: member_states.codes[1]: 'EU' is not an ISO 3166-1 alpha-2 country code",
    ),
    (
        "three-letter-country",
        MINIMAL_CONFIG + '[member_states]\ncodes = ["AUT"]\n',
        "communique.toml:9: member_states.codes[0]: 'AUT' is not an ISO 3166-1 alpha-2 country "
        "code",
    ),
    (
        "country-by-name-and-uk",
        MINIMAL_CONFIG + '[member_states]\ncodes = ["AT", "UK"]\n',
        "communique.toml:9: member_states.codes[1]: 'UK' is not an ISO 3166-1 alpha-2 country "
        "code (write 'GB' for United Kingdom)",
    ),
    (
        "language-by-name",
        _replace('targets = ["fr", "de"]', 'targets = ["French", "de"]'),
        "communique.toml:7: languages.targets[0]: 'French' is not a locale CLDR knows: write "
        "'fr' for French",
    ),
    (
        "language-by-a-name-of-a-region-s",
        _replace('targets = ["fr", "de"]', 'targets = ["Brazilian Portuguese"]'),
        "communique.toml:7: languages.targets[0]: 'Brazilian Portuguese' is not a BCP 47 tag "
        "(expected e.g. 'fr' or 'sr-Latn'): write 'pt-BR' for Brazilian Portuguese",
    ),
    (
        "one-language-twice",
        _replace('targets = ["fr", "de"]', 'targets = ["fr", "de", "fr-FR"]'),
        "communique.toml:7: languages.targets[2]: 'fr-FR' is 'fr', listed already, as CLDR "
        "reads them: keep one of the two",
    ),
    (
        "override-for-unlisted-state",
        MINIMAL_CONFIG + '[member_states]\ncodes = ["AT"]\nlanguages = { CH = ["fr"] }\n',
        "communique.toml:10: member_states.languages.CH: 'CH' is not in member_states.codes",
    ),
    (
        "override-language-not-published",
        MINIMAL_CONFIG + '[member_states]\ncodes = ["CH"]\nlanguages = { CH = ["it"] }\n',
        "communique.toml:10: member_states.languages.CH[0]: 'it' is neither the source nor a "
        "target locale",
    ),
    (
        "unknown-engine",
        MINIMAL_CONFIG + '[engines]\ndefault = "babelfish"\n',
        "communique.toml:9: engines.default: unknown engine 'babelfish' (expected one of: "
        "apertium, apy, deepl, google, libre, microsoft, mymemory, none, pseudo)",
    ),
    (
        "engine-for-non-target",
        MINIMAL_CONFIG + '[engines]\nlocales = { ru = "google" }\n',
        "communique.toml:9: engines.locales.ru: 'ru' is not a target locale (languages.targets)",
    ),
    (
        "bad-domain",
        _replace('domain = "osce.org"', 'domain = "https://osce.org"'),
        "communique.toml:3: organisation.domain: 'https://osce.org' is not a domain name "
        "(expected e.g. 'osce.org'; it mints permanent ids and must be one the organisation owns)",
    ),
    (
        "bad-base-url",
        _replace('base_url = "https://press.example.org/"', 'base_url = "press.example.org"'),
        "communique.toml:4: organisation.base_url: 'press.example.org' is not an absolute http(s) "
        "URL (expected e.g. 'https://www.example.org/press/')",
    ),
    (
        "base-url-of-a-page",
        _replace(
            'base_url = "https://press.example.org/"',
            'base_url = "https://press.example.org/press/index.html"',
        ),
        "communique.toml:4: organisation.base_url: 'https://press.example.org/press/index.h…' "
        "names a page, not the folder the site is published in: every address would begin "
        "with it; write 'https://press.example.org/press/'",
    ),
    (
        "base-url-of-a-page-in-capitals",
        _replace('base_url = "https://press.example.org/"', 'base_url = "https://x.org/News.HTML"'),
        "communique.toml:4: organisation.base_url: 'https://x.org/News.HTML' names a page, not "
        "the folder the site is published in: every address would begin with it; write "
        "'https://x.org/'",
    ),
    (
        "missing-name",
        _replace('name = "Organization for Security and Co-operation in Europe"\n', ""),
        "communique.toml:1: organisation.name: missing (it has no default)",
    ),
    (
        "min-complete-range",
        MINIMAL_CONFIG + "[publishing]\nmin_complete = 120\n",
        "communique.toml:9: publishing.min_complete: expected a percentage from 0 to 100, got 120",
    ),
    (
        "invalid-toml",
        MINIMAL_CONFIG + "[publishing\n",
        "communique.toml:8: invalid TOML: Expected ']' at the end of a table declaration",
    ),
    # What passed and stopped a later command: a day no calendar has (the build), a wait an
    # engine cannot be given (draft), a value nested past Python's depth (every command).
    *(
        (
            f"domain-since-{since}",
            MINIMAL_CONFIG.replace('base_url = "', f'domain_since = "{since}"\nbase_url = "'),
            f"communique.toml:4: organisation.domain_since: '{since}' is not a year or date "
            "(expected e.g. 1995 or 1995-01-01)",
        )
        for since in ("1998-02-30", "0000")
    ),
    *(
        (
            f"timeout-{value}",
            MINIMAL_CONFIG + f"[engines.apertium]\ntimeout = {value}\n",
            "communique.toml:9: engines.apertium.timeout: expected seconds (a positive number, "
            f"at most a day: 86400), got {shown}",
        )
        for value, shown in (("nan", "nan"), ("inf", "inf"), ("1e300", "1e+300"))
    ),
    (
        "target-too-long",
        _replace('targets = ["fr", "de"]', 'targets = ["' + "x" * 500 + '"]'),
        "communique.toml:7: languages.targets[0]: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' is "
        "not a locale CLDR knows",
    ),
    (
        "nested-too-deep",
        MINIMAL_CONFIG + "[engines]\nx = " + "[" * 5000 + "]" * 5000 + "\n",
        "communique.toml: invalid TOML: a value nested too deep",
    ),
    (
        "section-not-table",
        "organisation = 3\n" + MINIMAL_CONFIG.replace("[organisation]\n", "[x]\n"),
        "communique.toml:2: x: unknown key (expected one of: organisation, languages, "
        "member_states, engines, publishing, draft)",
    ),
]


@pytest.mark.parametrize(("text", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors_name_file_key_and_expectation(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    assert str(caught.value) == message


def test_invalid_utf8_gives_line(tmp_path: Path) -> None:
    raw = MINIMAL_CONFIG.encode().replace(b"Organization", b"Organi\xffation")
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, raw)
    assert str(caught.value) == "communique.toml:2: invalid UTF-8 at byte 29"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(tmp_path / "communique.toml")
    assert str(caught.value) == (
        "communique.toml: no such file (run 'communique init' to create a project)"
    )
