"""Quality checks on translations: plain functions with a severity, in one registry.

A check receives one entry (the English, the translation, the locale and what the project knows)
and returns a one-line problem or None. Its docstring's first line is its title. Errors block
publication of that language version; warnings are for the translator.

A translator silences one check on one entry with the flag ``ignore-<check id>``, e.g.
``#, ignore-same-as-source``. communique, Poedit and Weblate keep such flags; GNU ``msgmerge``
and ``msgcat`` drop every flag they do not know.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from communique.catalog import Catalog, Message
from communique.glossary import Glossary

NO_GLOSSARY = Glossary()


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


@dataclass(frozen=True)
class Entry:
    """What a check looks at: one translated entry and its surroundings."""

    source: str
    translation: str
    locale: str
    markup: bool = False
    glossary: Glossary = NO_GLOSSARY
    #: The extracted comments: role and position (``title``, ``paragraph 3, sentence 1 of 2``).
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    """A registered check."""

    id: str
    severity: Severity
    function: Callable[[Entry], str | None]

    @property
    def title(self) -> str:
        doc = self.function.__doc__ or self.id
        return doc.strip().splitlines()[0]


@dataclass(frozen=True)
class Finding:
    """A problem found in one entry of one catalog."""

    path: str
    line: int
    severity: Severity
    check: str
    message: str
    msgid: str
    #: Found in a draft (fuzzy entry): shown to the translator, not counted by the gate.
    fuzzy: bool = False

    def __str__(self) -> str:
        draft = " (fuzzy)" if self.fuzzy else ""
        return f"{self.path}:{self.line}: {self.severity}: {self.message}{draft}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": str(self.severity),
            "check": self.check,
            "message": self.message,
            "msgid": self.msgid,
            "fuzzy": self.fuzzy,
        }


CHECKS: dict[str, Check] = {}


def check(
    check_id: str, severity: Severity
) -> Callable[[Callable[[Entry], str | None]], Callable[[Entry], str | None]]:
    """Register a check function under an id."""

    def register(function: Callable[[Entry], str | None]) -> Callable[[Entry], str | None]:
        CHECKS[check_id] = Check(check_id, severity, function)
        return function

    return register


IGNORE_PREFIX = "ignore-"
ESSENTIAL_ROLES = ("title", "dateline place")


def check_catalog(
    catalog: Catalog,
    *,
    path: str,
    locale: str,
    markup: bool = False,
    glossary: Glossary = NO_GLOSSARY,
) -> list[Finding]:
    """Every finding in a catalog's translated entries, fuzzy ones included (marked as such)."""
    from communique.checks import rules  # noqa: F401  (registers the checks)

    findings: list[Finding] = []
    live = [m for m in catalog.messages if not m.obsolete and m.msgid]
    for message in live:
        if not message.msgstr or message.msgid_plural is not None:
            continue
        entry = Entry(
            message.msgid,
            message.msgstr,
            locale,
            markup,
            glossary,
            tuple(message.extracted_comments),
        )
        # A blank translation has one problem; the others would only repeat it.
        chosen = [CHECKS["blank"]] if not message.msgstr.strip() else CHECKS.values()
        for found in chosen:
            if IGNORE_PREFIX + found.id in message.flags:
                continue
            problem = found.function(entry)
            if problem is not None:
                findings.append(_finding(path, message, found.id, found.severity, problem))
    findings += _missing_essentials(live, path)
    return sorted(findings, key=lambda f: (f.line, -f.severity.rank, f.check))


def _finding(path: str, message: Message, check_id: str, severity: Severity, text: str) -> Finding:
    return Finding(path, message.line, severity, check_id, text, message.msgid, message.fuzzy)


def _missing_essentials(live: list[Message], path: str) -> list[Finding]:
    """The title or dateline place left out of a version that is otherwise complete."""
    essentials = [m for m in live if set(ESSENTIAL_ROLES) & set(m.extracted_comments)]
    others = [m for m in live if m not in essentials]
    if not others or not all(m.translated for m in others):
        return []
    findings = []
    for message in essentials:
        if not message.msgstr.strip():
            roles = " and ".join(c for c in message.extracted_comments if c in ESSENTIAL_ROLES)
            problem = f"the {roles} is not translated, the rest is"
            findings.append(_finding(path, message, "essential-missing", Severity.ERROR, problem))
    return findings
