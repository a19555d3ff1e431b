"""Locale codes in the three spellings users meet: BCP 47, Babel folders, gettext headers.

Every fact comes from Babel (CLDR); this module only converts between spellings.

>>> bcp47(parse_locale("sr-latn"))
'sr-Latn'
>>> folder_name(parse_locale("sr-Latn"))
'sr_Latn'
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from communique.errors import excerpt


class LocaleCodeError(ValueError):
    """A string that is not a BCP 47 tag CLDR knows."""


@lru_cache(maxsize=256)
def parse_locale(tag: str) -> Locale:
    """Parse a BCP 47 tag (``fr``, ``sr-Latn``, ``pt-BR``) into a Babel locale."""
    if not tag or "_" in tag:
        meant = tag.replace("_", "-")
        if tag and "--" not in f"-{meant}-" and _parses(meant):  # pt_BR, as gettext writes it
            raise LocaleCodeError(f"{excerpt(tag)} is not a BCP 47 tag: write {meant!r}")
        raise LocaleCodeError(
            f"{excerpt(tag)} is not a BCP 47 tag (expected e.g. 'fr' or 'sr-Latn')"
        )
    try:
        return Locale.parse(tag, sep="-")
    except UnknownLocaleError:
        raise LocaleCodeError(f"{excerpt(tag)} is not a locale CLDR knows{_named(tag)}") from None
    except ValueError:
        raise LocaleCodeError(
            f"{excerpt(tag)} is not a BCP 47 tag (expected e.g. 'fr' or 'sr-Latn'){_named(tag)}"
        ) from None


def _named(written: str) -> str:
    """A hint for a language written by its English name ("French": write 'fr'), or several
    written as one ("fr,de": one tag each); empty where there is none to give."""
    if "," in written:
        return ' (one tag each: a list is written ["fr", "de"], and --locale is given again)'
    code = _language_codes().get(" ".join(written.split()).casefold())
    return f": write {code!r} for {written.strip()}" if code else ""


@functools.cache
def _language_codes() -> dict[str, str]:
    """Each language CLDR names in English, by its name in lower case: the code to write."""
    from babel.localedata import locale_identifiers

    known = set(locale_identifiers())
    names: dict[str, str] = {}
    for code, name in Locale("en").languages.items():
        if code in known:
            # As the project writes tags: "pt-BR" for Babel's pt_BR.
            names.setdefault(name.casefold(), code.replace("_", "-"))
    return names


def country_hint(written: str) -> str:
    """A hint for a member state written otherwise than by its ISO 3166-1 code: by name
    ("Austria": 'AT'), or by a code that is not ISO's ("UK": 'GB', "EL": 'GR', as the EU
    writes Greece); empty where there is none to give."""
    plain = " ".join(written.split())
    code = {"UK": "GB", "EL": "GR"}.get(plain.upper()) or _country_codes().get(plain.casefold())
    return f" (write {code!r} for {territory_name(code)})" if code else ""


@functools.cache
def _country_codes() -> dict[str, str]:
    """Each country CLDR names in English, by its name in lower case: its ISO code."""
    return {
        name.casefold(): code
        for code, name in Locale("en").territories.items()
        if len(code) == 2 and code.isalpha() and is_country(code)
    }


#: gettext's script modifiers (``sr@latin``), as BCP 47 writes the script.
_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl", "devanagari": "Deva"}


def project_tag(tag: str) -> str:
    """A language of the project as its pages, folders and feeds will name it: ``tag`` as
    written (in BCP 47's letter case). An error where CLDR would read it as another tag, which
    names them instead, saying that tag: an old code (``iw`` is ``he-IL``), a script CLDR adds
    (``zh-CN`` is ``zh-Hans-CN``); gettext's ``sr@latin`` is ``sr-Latn``.

    >>> project_tag("en-gb"), project_tag("sr-Latn")
    ('en-GB', 'sr-Latn')
    """
    modifier = tag.partition("@")[2]
    if modifier:
        script = _MODIFIERS.get(modifier.lower())
        meant = f"{tag.partition('@')[0]}-{script}"
        if script is not None and "_" not in meant and _parses(meant):
            raise LocaleCodeError(f"{excerpt(tag)} is gettext's spelling: write {meant!r}")
        raise LocaleCodeError(
            f"{excerpt(tag)} is not a BCP 47 tag (expected e.g. 'fr' or 'sr-Latn')"
        )
    if tag.split("-")[0].split("_")[0].lower() in _NO_LANGUAGE:
        # (Babel reads "und" as en-US: the advice was to write that.)
        raise LocaleCodeError(
            f"{excerpt(tag)} names no language (ISO 639's code for an undetermined, several or "
            "no language): write the language's, e.g. 'fr'"
        )
    read = bcp47(parse_locale(tag))
    if read.lower() == tag.lower():
        return read
    # The tag CLDR reads is the one its pages, folders and feed ids have had: writing it
    # moves nothing (another, "he" for "iw", would move a published language).
    raise LocaleCodeError(
        f"{excerpt(tag)} is {read!r} for CLDR, which names its pages and folders: write {read!r}"
    )


#: ISO 639's codes for no particular language: undetermined, multiple, none, uncoded.
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})


def from_gettext(name: str) -> str:
    """The BCP 47 tag a gettext locale name means: ``zh_CN`` is ``zh-CN``, ``sr@latin``
    ``sr-Latn`` (a modifier it does not know is left out).

    >>> from_gettext("zh_CN"), from_gettext("sr@latin"), from_gettext("pt_BR.UTF-8")
    ('zh-CN', 'sr-Latn', 'pt-BR')
    """
    base, _, modifier = name.partition("@")
    base = base.partition(".")[0].replace("_", "-")
    script = _MODIFIERS.get(modifier.lower())
    return f"{base}-{script}" if script else base


def _parses(tag: str) -> bool:
    try:
        parse_locale(tag)
    except LocaleCodeError:
        return False
    return True


def bcp47(locale: Locale) -> str:
    """The BCP 47 spelling used in config, URLs, HTML and feeds: ``sr-Latn``."""
    parts = [locale.language]
    if locale.script:
        parts.append(locale.script)
    if locale.territory:
        parts.append(locale.territory)
    if locale.variant:
        parts.append(locale.variant.lower())
    return "-".join(parts)


def folder_name(locale: Locale) -> str:
    """Babel's underscore spelling, used for ``locale/<ll>/LC_MESSAGES`` folders: ``sr_Latn``."""
    return str(locale)


def english_name(locale: Locale) -> str:
    """The locale's name in English, for messages: ``Serbian (Latin)``."""
    return locale.get_display_name("en") or str(locale)


def gettext_language(locale: Locale) -> str:
    """The ``Language`` header value gettext tools expect: ``fr``, ``pt_BR``, ``sr@latin``.

    A script that is not the one CLDR expects for the language and territory becomes gettext's
    modifier (``sr@latin``, ``uz@cyrillic``), or where gettext has none, part of the name as
    Babel spells it (``zh_Hant``); the expected one is left out (``zh_TW``).
    """
    code = locale.language
    modifier = ""
    if locale.script and locale.script != _likely_script(locale):
        modifier = next((m for m, s in _MODIFIERS.items() if s == locale.script), "")
        if not modifier:
            # No modifier gettext has: Babel's spelling, which Weblate and Poedit read
            # (zh_Hant; "zh@traditional" named no language a tool knows).
            code += f"_{locale.script}"
    if locale.territory:
        code += f"_{locale.territory}"
    return code + (f"@{modifier}" if modifier else "")


def _likely_script(locale: Locale) -> str | None:
    likely = get_global("likely_subtags")
    key = f"{locale.language}_{locale.territory}" if locale.territory else locale.language
    expanded = likely.get(key) or likely.get(locale.language)
    if not expanded:
        return None
    parts = str(expanded).split("_")
    return parts[1] if len(parts) > 2 else None


#: The zero of each numbering system CLDR makes a language's default, where it is not the
#: Latin digits (Babel has the systems' names and symbols, not their digits; each system's
#: ten digits follow its zero in Unicode).
_ZEROS = {
    "adlm": "\U0001e950",  # Adlam (Fula)
    "arab": "\u0660",
    "arabext": "\u06f0",
    "beng": "\u09e6",
    "cakm": "\U00011136",  # Chakma
    "deva": "\u0966",
    "gujr": "\u0ae6",
    "guru": "\u0a66",
    "hmnp": "\U0001e140",  # Nyiakeng Puachue Hmong
    "khmr": "\u17e0",
    "knda": "\u0ce6",
    "laoo": "\u0ed0",
    "mlym": "\u0d66",
    "mtei": "\uabf0",  # Meetei Mayek (Manipuri)
    "mymr": "\u1040",
    "nkoo": "\u07c0",  # N'Ko
    "olck": "\u1c50",  # Ol Chiki (Santali)
    "orya": "\u0b66",
    "telu": "\u0c66",
    "thai": "\u0e50",
    "tibt": "\u0f20",
}


#: The CSS counter style of each of those digits (CSS Counter Styles, predefined).
_COUNTERS = {
    "arab": "arabic-indic",
    "arabext": "persian",
    "beng": "bengali",
    "deva": "devanagari",
    "gujr": "gujarati",
    "guru": "gurmukhi",
    "khmr": "khmer",
    "knda": "kannada",
    "laoo": "lao",
    "mlym": "malayalam",
    "mymr": "myanmar",
    "orya": "oriya",
    "telu": "telugu",
    "thai": "thai",
    "tibt": "tibetan",
}


@lru_cache(maxsize=256)
def list_counter(tag: str) -> str | None:
    """The CSS counter style a numbered list takes in the language, where its digits are not
    Latin (per CLDR, as :func:`native_digits` writes dates): a Persian page's list counts
    ۱، ۲، ۳ as its dates do.

    >>> list_counter("fa"), list_counter("fr")
    ('persian', None)
    """
    return _COUNTERS.get(parse_locale(tag).default_numbering_system)


@lru_cache(maxsize=256)
def _digit_table(tag: str) -> dict[int, str] | None:
    zero = _ZEROS.get(parse_locale(tag).default_numbering_system)
    return None if zero is None else {ord("0") + d: chr(ord(zero) + d) for d in range(10)}


def native_digits(text: str, tag: str) -> str:
    """``text`` with its digits as the language writes them by default, per CLDR: Persian's
    ``۱۵ آوریل ۲۰۲۴``, Bengali's, Marathi's; Latin digits where that is the default (Arabic,
    Hebrew, Hindi).

    >>> native_digits("15 آوریل 2024", "fa"), native_digits("15 avril 2024", "fr")
    ('۱۵ آوریل ۲۰۲۴', '15 avril 2024')
    """
    table = _digit_table(tag)
    return text if table is None else text.translate(table)


def native_name(locale: Locale) -> str:
    """The locale's name in itself, for people who read it: ``français``, ``русский``,
    ``繁體中文``."""
    return display_name(locale, locale)


def display_name(locale: Locale, reader: Locale) -> str:
    """The locale's name in ``reader``'s language, as CLDR gives it: the name CLDR has for a
    language in a script where it has one ("繁體中文", "Traditional Chinese"; Babel composes
    "中文 (繁體)"), its region after it.

    >>> zh = Locale("zh", script="Hant")
    >>> display_name(zh, zh), display_name(zh, Locale("en")), display_name(Locale("fr"), zh)
    ('繁體中文', 'Traditional Chinese', '法文')
    """
    if locale.script:
        joined: str | None = reader.languages.get(f"{locale.language}_{locale.script}")
        if joined:
            if not locale.territory:
                return joined
            region: str | None = reader.territories.get(locale.territory)
            if region:
                return f"{joined} ({region})"
    return locale.get_display_name(reader) or str(locale)


def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 country code (either case).

    >>> is_country("md"), is_country("EU"), is_country("XK")
    (True, False, False)
    """
    return len(code) == 2 and code.isascii() and code.upper() in _iso_3166_1()


@functools.cache
def _iso_3166_1() -> frozenset[str]:
    """The alpha-2 codes of pycountry's ISO 3166-1 table, read from its data file: importing
    pycountry itself costs 0.07 s (it reads its own package metadata), and every command that
    loads a project with member states asks."""
    spec = importlib.util.find_spec("pycountry")
    assert spec is not None
    assert spec.submodule_search_locations is not None
    folder = Path(next(iter(spec.submodule_search_locations)))
    table = json.loads((folder / "databases" / "iso3166-1.json").read_bytes())
    return frozenset(country["alpha_2"] for country in table["3166-1"])


@functools.cache
def territory_name(code: str, language: str = "en") -> str:
    """A territory's name from CLDR, in English or in ``language`` (a BCP 47 tag)."""
    name: str = parse_locale(language).territories.get(code) or code
    return name


@lru_cache(maxsize=1024)
def likely(tag: str) -> tuple[str, str, str] | None:
    """Language, script and territory a tag means, CLDR's likely subtags filling in what it
    leaves out; None for a tag CLDR does not know.

    >>> likely("FR-fr") == likely("fr"), likely("fr-CA"), likely("pt")
    (True, ('fr', 'Latn', 'CA'), ('pt', 'Latn', 'BR'))
    """
    try:
        locale = Locale.parse(tag.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError):
        return None
    language, script, territory = locale.language, locale.script, locale.territory
    keys = [language]
    if script:
        keys.insert(0, f"{language}_{script}")
    if territory:
        keys.insert(0, f"{language}_{territory}")
    if script and territory:
        keys.insert(0, f"{language}_{script}_{territory}")
    subtags = get_global("likely_subtags")
    for key in keys:
        parts = subtags.get(key, "").split("_")
        if len(parts) == 3:
            script, territory = script or parts[1], territory or parts[2]
            break
    return (language, script or "", territory or "")


def same_script_tags(tag: str) -> list[str]:
    """``tag`` and the shorter tags it falls back on for words, most specific first: those
    written in the same script (``pt-BR``: ``pt-BR``, ``pt``). Serbian is Cyrillic and Chinese
    Simplified, so Latin Serbian and Traditional Chinese fall back on neither.

    >>> same_script_tags("zh-Hant-TW"), same_script_tags("sr-Latn"), same_script_tags("en-GB")
    (['zh-Hant-TW', 'zh-Hant'], ['sr-Latn'], ['en-GB', 'en'])
    """
    script = (likely(tag) or ("", "", ""))[1]
    parts = tag.split("-")
    found = [tag]
    while len(parts) > 1:
        parts.pop()
        shorter = "-".join(parts)
        if (likely(shorter) or ("", "", ""))[1] == script:
            found.append(shorter)
    return found


@lru_cache(maxsize=1024)
def taken_by(tag: str, targets: tuple[str, ...]) -> str | None:
    """The target locale a file's language ``tag`` is taken for (a glossary's column, a
    memory's language): the one it means once CLDR's likely subtags fill in the rest
    (``fr-FR``: ``fr``, ``pt``: ``pt-BR``), else the project's only target of its language and
    script where that target names no region (``ar-SA``, ``de-CH``: ``ar``, ``de``, as CAT
    tools tag them), None otherwise (``pt-PT`` for a project's ``pt-BR``).

    >>> taken_by("ar-SA", ("fr", "ar")), taken_by("pt-PT", ("pt-BR",)), taken_by("pl-PL", ("pl",))
    ('ar', None, 'pl')
    """
    meant = likely(tag)
    if meant is None:
        return None
    same = [target for target in targets if likely(target) == meant]
    if same:
        return same[0]
    kin = [target for target in targets if (likely(target) or ())[:2] == meant[:2]]
    if len(kin) == 1 and parse_locale(kin[0]).territory is None:
        return kin[0]
    return None


def serving(tag: str, locales: Sequence[str]) -> str | None:
    """The one of ``locales`` a file tagged ``tag`` was made for: the same tag once CLDR's
    likely subtags fill in what either leaves out (``ru-RU`` is ``ru``), else the only one of
    its language and script (``ar-SA`` for a project's ``ar``, as a CAT tool tags the return
    of a file made for it); None where none, or several, could be meant.

    >>> serving("ru-RU", ["fr", "ru"]), serving("ar-SA", ["ar"]), serving("pt-PT", ["pt", "pt-PT"])
    ('ru', 'ar', 'pt-PT')
    >>> serving("fr-CA", ["fr", "fr-CH"]), serving("sr-Latn", ["sr"])
    (None, None)
    """
    meant = likely(tag)
    if meant is None:
        return None
    same = [locale for locale in locales if likely(locale) == meant]
    if not same:
        same = [locale for locale in locales if (likely(locale) or ())[:2] == meant[:2]]
    return same[0] if len(same) == 1 else None
