"""``init``: lay out a new communique project, with a commented ``communique.toml``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from communique.config import (
    CONFIG_NAME,
    Engines,
    Organisation,
    Publishing,
    Settings,
    parse_settings,
)
from communique.errors import ConfigError, ProjectError
from communique.files import decode_utf8, write_atomic

FOLDERS = ("source", "locale", "output")
#: What a project keeps out of git: what communique makes from the project, never edited by hand
#: (the XLIFF files handed to CAT tools are copies; the catalogs are the truth).
#: What git leaves out of a project: what runs make again, and the temporary files a run
#: killed while writing leaves beside a catalog or a record, and a build's staging folder
#: beside its site (the next run clears them; a ``git add -A`` meanwhile would commit them).
IGNORED = (
    ".communique/",
    "output/",
    "output-drafts/",
    "output-status/",
    "xliff/",
    ".*.tmp",
    ".*.old",
    ".*.staging/",
)


@dataclass(frozen=True)
class NewProject:
    """What ``init`` writes into the configuration."""

    name: str = "Example Organisation"
    short_name: str = ""
    domain: str = "example.org"
    base_url: str = "https://www.example.org/press/"
    targets: Sequence[str] = ("fr", "de")
    #: The language releases are written in: its region decides how dates are written
    #: ("30 July 2024" in en-GB, "July 30, 2024" in en).
    source: str = "en"


def placeholders(settings: Settings) -> list[str]:
    """Warnings for the settings still as ``init`` wrote them when not told: the name every
    page shows, the domain that mints permanent feed ids, the base URL of every link."""
    found = []
    organisation = settings.organisation
    if organisation.name == NewProject.name:
        found.append(
            f"{CONFIG_NAME}: organisation.name is still the placeholder {NewProject.name!r}: "
            "every page's title and heading and every feed's title and author show it; set "
            "the organisation's name"
        )
    if organisation.domain == NewProject.domain:
        found.append(
            f"{CONFIG_NAME}: organisation.domain is still the placeholder {NewProject.domain!r}: "
            f"feed entry ids (tag:{NewProject.domain},…) are permanent; set a domain the "
            "organisation owns before publishing"
        )
    if organisation.base_url == NewProject.base_url:
        found.append(
            f"{CONFIG_NAME}: organisation.base_url is still the placeholder "
            f"{NewProject.base_url!r}: set where the site will be published"
        )
    return found


def init_project(folder: Path, choices: NewProject = NewProject()) -> list[Path]:
    """Create the project in ``folder``; refuse if one is already there. Returns what was made."""
    config = folder / CONFIG_NAME
    if config.exists():
        raise ProjectError(f"{config} already exists: this folder is already a communique project")
    # Commands look for the project upwards from where they run: one inside another would
    # take over every command run in its folder, without a word.
    outer = next(
        (p / CONFIG_NAME for p in folder.resolve().parents if (p / CONFIG_NAME).is_file()), None
    )
    if outer is not None:
        raise ProjectError(
            f"{folder} is inside the communique project of {outer}: make the new one elsewhere"
        )
    template = (resources.files("communique") / "data" / "init" / CONFIG_NAME).read_text("utf-8")
    # The settings users do not choose here are written with their defaults, from config.py.
    organisation = Organisation.__dataclass_fields__
    text = template.format(
        domain_since=organisation["domain_since"].default,
        timezone=organisation["timezone"].default,
        source=_toml(choices.source),
        engine=Engines.default,
        min_complete=Publishing.min_complete,
        name=_toml(choices.name),
        short_name=_toml(choices.short_name),
        domain=_toml(choices.domain),
        base_url=_toml(choices.base_url),
        targets=", ".join(f'"{_toml(tag)}"' for tag in choices.targets),
    )
    gitignore = folder / ".gitignore"
    try:  # read before anything is written: one that cannot be read stops init at once
        raw = gitignore.read_bytes()
    except FileNotFoundError:
        raw = b""
    except OSError as exc:
        raise ProjectError(f"cannot read: {exc.strerror}", path=str(gitignore)) from None
    existing = decode_utf8(raw, path=str(gitignore), error=ProjectError).splitlines()
    try:  # the settings made from the options, checked before anything is written
        parse_settings(text.encode("utf-8"), display=str(config))
    except ConfigError as error:
        # Nothing written: a line of the file would point at nothing; the option given says
        # what to mend.
        key, _, what = error.message.partition(": ")
        option = _OPTIONS.get(key.split("[")[0])
        if option is None:
            raise ConfigError(error.message, path=error.path) from None
        raise ConfigError(f"{option}: {what}") from None
    folder.mkdir(parents=True, exist_ok=True)
    created: list[Path] = []
    for name in FOLDERS:
        path = folder / name
        if path.exists() and not path.is_dir():
            raise ProjectError(f"{path} is a file where the project keeps a folder: move it")
    for name in FOLDERS:
        path = folder / name
        made = not path.exists()
        if made:
            path.mkdir()
            created.append(path)
        # (Or left empty by an init stopped half-way: git keeps no empty folder.)
        if name != "output" and (made or not any(path.iterdir())):
            (path / ".gitkeep").touch()  # output/ is generated and ignored by git
    missing = [entry for entry in IGNORED if entry not in existing]
    if missing:
        write_atomic(gitignore, "".join(line + "\n" for line in [*existing, *missing]))
        created.append(gitignore)
    # Last: the file that makes the folder a project. An init stopped before it (a full disk)
    # is finished by running it again, where a project was there that init refused to mend.
    write_atomic(config, text)
    return [config, *created]


#: The option of ``init`` each setting it writes comes from.
_OPTIONS = {
    "languages.source": "--source",
    "languages.targets": "--locale",
    "organisation.name": "--name",
    "organisation.short_name": "--short-name",
    "organisation.domain": "--domain",
    "organisation.base_url": "--base-url",
}


def _toml(value: str) -> str:
    r"""A value as the inside of a TOML basic string: a control character escaped, as TOML
    holds none as it is (a name given with a line break was refused as the file's own error).

    >>> _toml('Say "hi"\n\\')
    'Say \\"hi\\"\\u000A\\\\'
    """
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04X}", escaped)
