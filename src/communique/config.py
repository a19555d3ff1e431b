"""``communique.toml`` → frozen :class:`Settings`.

Every error names the file, the key and what was expected, so a newsroom editor can fix the
file without reading code::

    communique.toml: languages.targets[2]: 'xx' is not a locale CLDR knows
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import tomllib
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.errors import ConfigError, excerpt
from communique.files import decode_utf8
from communique.locales import LocaleCodeError, country_hint, is_country, likely, project_tag

CONFIG_NAME = "communique.toml"

#: Engines a locale can be drafted with; ``none`` drafts from memory and glossary only.
KNOWN_ENGINES = (
    "apertium",
    "apy",
    "deepl",
    "google",
    "libre",
    "microsoft",
    "mymemory",
    "none",
    "pseudo",
)

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_SINCE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_URL = re.compile(r"^https?://[^\s/?#]+(/[^\s?#]*)?$")


@dataclass(frozen=True)
class Organisation:
    """Who publishes: the name readers see and the domain that mints permanent ids."""

    name: str
    domain: str
    base_url: str
    short_name: str = ""
    #: A year (or date) on which the organisation owned ``domain``, for feed ids (RFC 4151).
    domain_since: str = "2000"
    #: The IANA time zone of release dates given without a time ("Europe/Vienna").
    timezone: str = "UTC"

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class MemberState:
    """A member state (ISO 3166-1 alpha-2) and, optionally, its languages chosen by hand.

    ``languages`` is ``None`` when the state's official languages come from CLDR.
    """

    code: str
    languages: tuple[str, ...] | None = None


@dataclass(frozen=True)
class EngineOptions:
    """One engine's table, ``[engines.<name>]``; what is unset comes from the environment."""

    url: str | None = None
    api_key: str | None = None
    region: str | None = None
    email: str | None = None
    timeout: float | None = None
    retries: int | None = None
    pivots: tuple[str, ...] | None = None


#: The keys each engine's table accepts.
ENGINE_KEYS = {
    "apertium": ("pivots", "timeout"),
    "apy": ("url", "pivots", "timeout", "retries"),
    "deepl": ("url", "api_key", "timeout", "retries"),
    "google": ("url", "timeout", "retries"),
    "libre": ("url", "api_key", "timeout", "retries"),
    "microsoft": ("url", "api_key", "region", "timeout", "retries"),
    "mymemory": ("url", "email", "timeout", "retries"),
}


@dataclass(frozen=True)
class Engines:
    """Which machine-translation engine drafts each target locale, and how to reach it."""

    default: str = "apertium"
    per_locale: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, EngineOptions] = field(default_factory=dict)

    def for_locale(self, tag: str) -> str:
        """The engine name for a BCP 47 tag."""
        return self.per_locale.get(tag, self.default)


@dataclass(frozen=True)
class Publishing:
    """When a language version of a release may be published."""

    #: Percentage of segments that must be reviewed; below 100 the rest shows in English.
    min_complete: int = 100
    #: How many of the newest releases each feed carries.
    feed_entries: int = 50


@dataclass(frozen=True)
class Drafting:
    """How drafts are made."""

    #: Lowest similarity (0–100) at which a translation-memory match is offered as a draft.
    memory_threshold: int = 75


@dataclass(frozen=True)
class Settings:
    """Everything ``communique.toml`` says, validated."""

    organisation: Organisation
    target_locales: tuple[str, ...]
    source_locale: str = "en"
    member_states: tuple[MemberState, ...] = ()
    #: Groups of member states a release may name as one (``member_states.regions``): "the
    #: Western Balkans" concerns each of its states. By name, in the order written.
    regions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Places whose dateline says nothing of the state they are in (``member_states.seats``):
    #: the organisation's seats, where it writes most releases.
    seats: tuple[str, ...] = ()
    engines: Engines = field(default_factory=Engines)
    publishing: Publishing = field(default_factory=Publishing)
    drafting: Drafting = field(default_factory=Drafting)


def load_settings(path: Path, *, display: str = CONFIG_NAME) -> Settings:
    """Read and validate a ``communique.toml``; ``display`` is how errors name the file."""
    return parse_settings(read_config(path, display=display), display=display)


#: The longest an engine may be given to answer, in seconds: a day.
_LONGEST_WAIT = 86_400


def _real_day(since: str) -> bool:
    """Whether a ``domain_since`` year or date is one the calendar has (1998-02-30 and 0000
    passed the pattern, and stopped the build)."""
    parts = [*since.split("-"), "01", "01"][:3]
    try:
        datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return False
    return True


def read_config(path: Path, *, display: str = CONFIG_NAME) -> bytes:
    """The bytes of a ``communique.toml``; a missing or unreadable file is a one-line error."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            "no such file (run 'communique init' to create a project)", path=display
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=display) from None


def parse_settings(raw: bytes, *, display: str = CONFIG_NAME) -> Settings:
    """Validate the bytes of a ``communique.toml``."""
    text = decode_utf8(raw, path=display, error=ConfigError)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message, where = _split_toml_error(str(exc))
        raise ConfigError(f"invalid TOML: {message}", path=display, line=where) from None
    except RecursionError:  # (a value nested thousands deep: no setting is)
        raise ConfigError("invalid TOML: a value nested too deep", path=display) from None
    return _Reader(display, text).settings(document)


def _split_toml_error(message: str) -> tuple[str, int | None]:
    match = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
    if match is None:
        return message, None
    return message[: match.start()], int(match.group(1))


_HEADER = re.compile(r"\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?")
_ASSIGNMENT = re.compile(r"(\"?)([A-Za-z0-9_-]+)\1\s*=")


def _line_of(text: str, key: str) -> int | None:
    """The line a dotted key (``engines.libre.timeout``, ``languages.targets[2]``) is set on;
    for a key inside an inline table or a missing one, the line of the nearest enclosing key
    or table that is written; None where none is. (tomllib keeps no positions: the file is
    read again line by line, which is enough for the tables and ``key = value`` lines a
    configuration holds.)"""
    wanted = tuple(part.strip('"') for part in re.sub(r"\[\d+\]$", "", key).split("."))
    table: tuple[str, ...] = ()
    lines: dict[tuple[str, ...], int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        header = _HEADER.fullmatch(stripped)
        if header is not None:
            table = tuple(part.strip().strip('"') for part in header.group(1).split("."))
            lines.setdefault(table, number)
            continue
        assignment = _ASSIGNMENT.match(stripped)
        if assignment is not None:
            lines.setdefault((*table, assignment.group(2)), number)
    for length in range(len(wanted), 0, -1):
        if wanted[:length] in lines:
            return lines[wanted[:length]]
    return None


def setting_line(root: Path, key: str) -> int | None:
    """The line of the project's configuration (in the folder ``root``) a dotted key is set
    on, for an error about its value that is found later than the file is read (None where
    it cannot be told)."""
    try:
        text = (root / CONFIG_NAME).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return _line_of(text, key)


class _Reader:
    """Walks the parsed TOML document, naming each key it complains about."""

    def __init__(self, display: str, text: str = ""):
        self.display = display
        self.text = text

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{key}: {message}", path=self.display, line=_line_of(self.text, key))

    def table(self, parent: Mapping[str, Any], key: str, name: str) -> Mapping[str, Any]:
        value = parent.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(name, f"expected a table, got {_kind(value)}")
        return value

    def only(self, table: Mapping[str, Any], prefix: str, allowed: tuple[str, ...]) -> None:
        for key in table:
            if key not in allowed:
                where = f"{prefix}.{key}" if prefix else key
                expected = ", ".join(allowed)
                raise self.fail(where, f"unknown key (expected one of: {expected})")

    def string(self, table: Mapping[str, Any], key: str, name: str, default: str | None) -> str:
        value = table.get(key, default)
        if value is None:
            raise self.fail(name, "missing (it has no default)")
        if not isinstance(value, str):
            raise self.fail(name, f"expected a string, got {_kind(value)}")
        return value.strip()

    def one_line(self, value: str, key: str) -> str:
        """An organisation's name: one line of text, shown in every page's title and every
        feed's author (a line break or a control character in it is no name's)."""
        found = re.search(r"[\x00-\x1f\x7f-\x9f]", value)
        if found is not None:
            raise self.fail(
                f"organisation.{key}",
                f"a control character (U+{ord(found.group()):04X}) in {excerpt(value)}: a name "
                "is one line of text",
            )
        return value

    def strings(self, table: Mapping[str, Any], key: str, name: str) -> list[str]:
        return self.string_list(table.get(key, []), name)

    def string_list(self, value: object, name: str) -> list[str]:
        if not isinstance(value, list):
            raise self.fail(name, f"expected a list of strings, got {_kind(value)}")
        for index, item in enumerate(value):
            if not isinstance(item, str):
                raise self.fail(f"{name}[{index}]", f"expected a string, got {_kind(item)}")
        return value

    def locale(self, tag: str, name: str) -> str:
        try:
            return project_tag(tag)
        except LocaleCodeError as exc:
            raise self.fail(name, str(exc)) from None

    def settings(self, document: Mapping[str, Any]) -> Settings:
        sections = ("organisation", "languages", "member_states", "engines", "publishing", "draft")
        self.only(document, "", sections)
        source, targets = self.languages(self.table(document, "languages", "languages"))
        states_table = self.table(document, "member_states", "member_states")
        members = self.member_states(states_table, (source, *targets))
        return Settings(
            organisation=self.organisation(self.table(document, "organisation", "organisation")),
            source_locale=source,
            target_locales=targets,
            member_states=members,
            regions=self.regions(states_table, {m.code for m in members}),
            seats=tuple(self.strings(states_table, "seats", "member_states.seats")),
            engines=self.engines(self.table(document, "engines", "engines"), targets),
            publishing=self.publishing(self.table(document, "publishing", "publishing")),
            drafting=self.drafting(self.table(document, "draft", "draft")),
        )

    def organisation(self, table: Mapping[str, Any]) -> Organisation:
        self.only(
            table,
            "organisation",
            ("name", "short_name", "domain", "base_url", "domain_since", "timezone"),
        )
        name = self.one_line(self.string(table, "name", "organisation.name", None), "name")
        if not name:
            raise self.fail("organisation.name", "must not be empty")
        domain = self.string(table, "domain", "organisation.domain", None).lower()
        if not _DOMAIN.match(domain):
            raise self.fail(
                "organisation.domain",
                f"{excerpt(domain)} is not a domain name (expected e.g. 'osce.org'; it mints "
                "permanent ids and must be one the organisation owns)",
            )
        base_url = self.string(table, "base_url", "organisation.base_url", None)
        if not _URL.match(base_url):
            raise self.fail(
                "organisation.base_url",
                f"{excerpt(base_url)} is not an absolute http(s) URL (expected e.g. "
                "'https://www.example.org/press/')",
            )
        last = base_url.rpartition("/")[2]
        if re.fullmatch(r"[^.]+\.(?i:html?|php|aspx?|jsp)", last):
            folder = base_url[: len(base_url) - len(last)]
            raise self.fail(
                "organisation.base_url",
                f"{excerpt(base_url)} names a page, not the folder the site is published in: "
                f"every address would begin with it; write {excerpt(folder)}",
            )
        if not base_url.endswith("/"):
            base_url += "/"
        short_name = self.one_line(
            self.string(table, "short_name", "organisation.short_name", ""), "short_name"
        )
        since = str(table.get("domain_since", _default(Organisation, "domain_since")))
        if not _SINCE.match(since) or not _real_day(since):
            raise self.fail(
                "organisation.domain_since",
                f"{excerpt(since)} is not a year or date (expected e.g. 1995 or 1995-01-01)",
            )
        timezone = self.string(
            table, "timezone", "organisation.timezone", _default(Organisation, "timezone")
        )
        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise self.fail(
                "organisation.timezone",
                f"{excerpt(timezone)} is not an IANA time zone (expected e.g. 'Europe/Vienna')",
            ) from None
        return Organisation(
            name=name,
            domain=domain,
            base_url=base_url,
            short_name=short_name,
            domain_since=since,
            timezone=timezone,
        )

    def languages(self, table: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
        self.only(table, "languages", ("source", "targets"))
        source = self.locale(
            self.string(table, "source", "languages.source", _default(Settings, "source_locale")),
            "languages.source",
        )
        if "targets" not in table:
            raise self.fail("languages.targets", "missing (list the locales to translate into)")
        targets: list[str] = []
        for index, tag in enumerate(self.strings(table, "targets", "languages.targets")):
            name = f"languages.targets[{index}]"
            code = self.locale(tag, name)
            if code == source:
                raise self.fail(name, f"{excerpt(code)} is the source language")
            if code in targets:
                raise self.fail(name, f"{excerpt(code)} is listed twice")
            # "fr" and "fr-FR" are one language to CLDR: two catalogs, twice the work.
            same = next((t for t in (source, *targets) if _one_language(t, code)), None)
            if same is not None:
                what = "the source language" if same == source else f"{same!r}, listed already"
                raise self.fail(
                    name, f"{excerpt(code)} is {what}, as CLDR reads them: keep one of the two"
                )
            targets.append(code)
        if not targets:
            raise self.fail("languages.targets", "must list at least one locale")
        return source, tuple(targets)

    def member_states(
        self, table: Mapping[str, Any], locales: tuple[str, ...]
    ) -> tuple[MemberState, ...]:
        self.only(table, "member_states", ("codes", "languages", "regions", "seats"))
        codes: list[str] = []
        for index, code in enumerate(self.strings(table, "codes", "member_states.codes")):
            name = f"member_states.codes[{index}]"
            if not is_country(code):
                raise self.fail(
                    name,
                    f"{excerpt(code)} is not an ISO 3166-1 alpha-2 country code"
                    f"{country_hint(code)}",
                )
            if code.upper() in codes:
                raise self.fail(name, f"{excerpt(code.upper())} is listed twice")
            codes.append(code.upper())
        overrides: dict[str, tuple[str, ...]] = {}
        for code, tags in self.table(table, "languages", "member_states.languages").items():
            name = f"member_states.languages.{code}"
            if code.upper() not in codes:
                raise self.fail(name, f"{excerpt(code)} is not in member_states.codes")
            chosen = []
            for index, tag in enumerate(self.string_list(tags, name)):
                locale = self.locale(tag, f"{name}[{index}]")
                if locale not in locales:
                    raise self.fail(
                        f"{name}[{index}]", f"{locale!r} is neither the source nor a target locale"
                    )
                chosen.append(locale)
            overrides[code.upper()] = tuple(chosen)
        return tuple(MemberState(code, overrides.get(code)) for code in codes)

    def regions(
        self, table: Mapping[str, Any], members: set[str]
    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """``member_states.regions``: each region's name (as releases write it) and states."""
        found = []
        for region, codes in self.table(table, "regions", "member_states.regions").items():
            name = f"member_states.regions.{region}"
            if not region.strip():
                raise self.fail(name, "a region needs a name")
            chosen = []
            for index, code in enumerate(self.string_list(codes, name)):
                if code.upper() not in members:
                    raise self.fail(
                        f"{name}[{index}]", f"{excerpt(code)} is not in member_states.codes"
                    )
                chosen.append(code.upper())
            if not chosen:
                raise self.fail(name, "a region needs at least one state")
            found.append((" ".join(region.split()), tuple(dict.fromkeys(chosen))))
        return tuple(found)

    def engines(self, table: Mapping[str, Any], targets: tuple[str, ...]) -> Engines:
        self.only(table, "engines", ("default", "locales", *ENGINE_KEYS))
        default = self.engine(
            self.string(table, "default", "engines.default", Engines.default), "engines.default"
        )
        per_locale: dict[str, str] = {}
        for tag, engine in self.table(table, "locales", "engines.locales").items():
            name = f"engines.locales.{tag}"
            locale = self.locale(tag, name)
            if locale not in targets:
                raise self.fail(name, f"{locale!r} is not a target locale (languages.targets)")
            if not isinstance(engine, str):
                raise self.fail(name, f"expected a string, got {_kind(engine)}")
            per_locale[locale] = self.engine(engine, name)
        options = {
            engine: self.engine_options(engine, self.table(table, engine, f"engines.{engine}"))
            for engine in ENGINE_KEYS
            if engine in table
        }
        return Engines(default=default, per_locale=per_locale, options=options)

    def engine_options(self, engine: str, table: Mapping[str, Any]) -> EngineOptions:
        prefix = f"engines.{engine}"
        self.only(table, prefix, ENGINE_KEYS[engine])
        texts = {
            key: self.string(table, key, f"{prefix}.{key}", None)
            for key in ("url", "api_key", "region", "email")
            if key in table
        }
        timeout = table.get("timeout")
        if timeout is not None and (
            isinstance(timeout, bool)
            or not isinstance(timeout, int | float)
            or not 0 < timeout <= _LONGEST_WAIT  # (nor nan, inf, 1e300: they stopped a draft)
        ):
            raise self.fail(
                f"{prefix}.timeout",
                f"expected seconds (a positive number, at most a day: 86400), got {timeout!r}",
            )
        retries = table.get("retries")
        if retries is not None and (
            isinstance(retries, bool) or not isinstance(retries, int) or not 1 <= retries <= 10
        ):
            raise self.fail(
                f"{prefix}.retries", f"expected a number of tries from 1 to 10, got {retries!r}"
            )
        pivots = None
        if "pivots" in table:
            pivots = tuple(
                self.locale(tag, f"{prefix}.pivots[{index}]")
                for index, tag in enumerate(self.strings(table, "pivots", f"{prefix}.pivots"))
            )
        return EngineOptions(
            url=texts.get("url"),
            api_key=texts.get("api_key"),
            region=texts.get("region"),
            email=texts.get("email"),
            timeout=float(timeout) if timeout is not None else None,
            retries=retries,
            pivots=pivots,
        )

    def drafting(self, table: Mapping[str, Any]) -> Drafting:
        self.only(table, "draft", ("memory_threshold",))
        value = table.get("memory_threshold", Drafting.memory_threshold)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
            raise self.fail(
                "draft.memory_threshold", f"expected a similarity from 1 to 100, got {value!r}"
            )
        return Drafting(memory_threshold=value)

    def engine(self, value: str, name: str) -> str:
        if value not in KNOWN_ENGINES:
            raise self.fail(
                name, f"unknown engine {value!r} (expected one of: {', '.join(KNOWN_ENGINES)})"
            )
        return value

    def publishing(self, table: Mapping[str, Any]) -> Publishing:
        self.only(table, "publishing", ("min_complete", "feed_entries"))
        value = table.get("min_complete", Publishing.min_complete)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise self.fail(
                "publishing.min_complete", f"expected a percentage from 0 to 100, got {value!r}"
            )
        entries = table.get("feed_entries", Publishing.feed_entries)
        if isinstance(entries, bool) or not isinstance(entries, int) or entries < 1:
            raise self.fail(
                "publishing.feed_entries",
                f"expected a number of entries (1 or more), got {entries!r}",
            )
        return Publishing(min_complete=value, feed_entries=entries)


def _one_language(first: str, second: str) -> bool:
    """Whether two tags are one language to CLDR (``fr`` and ``fr-FR``): the same once its
    likely subtags fill them in, and the same variant (Valencian, ``ca-ES-valencia``, is a
    language of its own beside ``ca``)."""
    from communique.locales import parse_locale

    return likely(first) == likely(second) and (
        parse_locale(first).variant == parse_locale(second).variant
    )


def _default(cls: type, name: str) -> Any:
    """A field's default, where the dataclass states it (the one place each default is)."""
    return next(f.default for f in dataclasses.fields(cls) if f.name == name)


def _kind(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    names.update({list: "a list", dict: "a table"})
    return names.get(type(value), type(value).__name__)
