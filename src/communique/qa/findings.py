"""What a check looks at and what it reports: entries, severities and findings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from communique.translate.glossary import Glossary

NO_GLOSSARY = Glossary()


class Severity(StrEnum):
    """How much a finding matters: errors block publication, warnings are for the translator."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


@dataclass(frozen=True)
class Entry:
    """What a check looks at: one translated entry and its surroundings. Nothing else: the
    checks' answers are kept by these fields (see :func:`communique.qa.checks.check_catalog`)."""

    source: str
    translation: str
    locale: str
    markup: bool = False
    glossary: Glossary = NO_GLOSSARY


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
