"""The publication record: what readers were last shown of each release in each language.

``published/<slug>.json`` is committed with the project. For each language in which the
release went online it keeps what the page showed — the title, the place and every segment,
each as the English and the translation shown (the English alone where the page showed it) —
the release's card (id, date, agency, tags) and the two times the page and the feeds give: when
the version was published and when it was last updated. It also lists the languages taken
offline on purpose (``communique withdraw``).

A build (not a preview) writes it when a version passes the gate with a text the record does
not have yet. When a version no longer passes — the English changed and the translation is not
reviewed again yet, a reviewed entry has an error, the catalog cannot be read — the build
serves the recorded one: readers keep the translation they had, with a notice where the
original has changed since, and its feed entry keeps its id and its ``updated``. A withdrawn
language stays offline whatever its catalog says, until ``communique withdraw --undo``; a
withdrawn original takes the whole release offline. Since the record is in the project, a
fresh clone builds the same site.

>>> record = Record("2024-01-10-meeting", {}, ["fr"])
>>> print(record.to_bytes().decode(), end="")
{
 "release": "2024-01-10-meeting",
 "versions": {},
 "withdrawn": ["fr"]
}
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from communique.errors import CommuniqueError, ProjectError
from communique.files import digest
from communique.locales import LocaleCodeError, bcp47, parse_locale
from communique.project import SLUG, check_slug
from communique.release.blocks import BlockKind
from communique.workspace.layout import FEED_IDS, RECORD_FOLDER

if TYPE_CHECKING:
    from communique.files import ProjectFiles
    from communique.workspace import Workspace


#: What each recorded version must hold, and of what type.
_ENTRY_FIELDS: dict[str, type | tuple[type, ...]] = {
    "release": dict,
    "published": str,
    "updated": str,
    "title": list,
    "place": (list, type(None)),
    "blocks": list,
}
_CARD_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "date": str,
    "agency": (str, type(None)),
    "tags": list,
    "markup": bool,
}


_KINDS = {str(kind) for kind in BlockKind}


class RecordError(CommuniqueError):
    """A publication record cannot be read (a merge conflict, an edit by hand)."""


def record_path(slug: str) -> str:
    """``published/<slug>.json``"""
    return f"{RECORD_FOLDER}/{check_slug(slug)}.json"


@dataclass
class Record:
    """One release's publication record: its versions as last published, by language, and the
    languages withdrawn on purpose."""

    slug: str
    versions: dict[str, dict[str, Any]] = field(default_factory=dict)
    withdrawn: list[str] = field(default_factory=list)
    #: The member states the release concerned when a build last read it: its versions stay
    #: in their pages and feeds while it cannot be read (a typo, a merge conflict).
    states: list[str] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        """The record as it is stored: JSON with sorted keys, one block of text per line, so
        that a corrected sentence is one changed line in a diff."""
        data: dict[str, Any] = {"release": self.slug}
        if self.states:
            data["states"] = self.states
        data["versions"] = self.versions
        data["withdrawn"] = sorted(set(self.withdrawn))
        return (_layout(data, 0) + "\n").encode("utf-8")

    def entry_digest(self, locale: str) -> str | None:
        """The digest of the recorded version in ``locale`` (None: none recorded)."""
        entry = self.versions.get(locale)
        return entry_digest(entry) if entry is not None else None

    def follow_region(self, locales: Sequence[str]) -> list[tuple[str, str]]:
        """Move the versions recorded under a tag the project no longer has to the tag of the
        same language it has now (``en`` → ``en-GB``, after a switch of the source's region),
        keeping the first tag for their feed ids and the pages they leave; returns the moves."""
        moves = []
        for old in [tag for tag in self.versions if tag not in locales]:
            language = old.split("-")[0]
            new = [tag for tag in locales if tag.split("-")[0] == language]
            if len(new) != 1 or new[0] in self.versions:
                continue
            entry = self.versions.pop(old)
            entry.setdefault("id_locale", old)
            entry["former_locales"] = sorted({*entry.get("former_locales", []), old})
            self.versions[new[0]] = entry
            if old in self.withdrawn:
                self.withdrawn = [new[0] if tag == old else tag for tag in self.withdrawn]
            moves.append((old, new[0]))
        return moves

    def is_withdrawn(self, locale: str, source: str) -> bool:
        """Whether the version in ``locale`` was taken offline on purpose (with the whole
        release, when the original was)."""
        return locale in self.withdrawn or source in self.withdrawn


def _layout(value: Any, depth: int) -> str:
    """JSON laid out for people and diffs: an object's members one per line, sorted; a list of
    objects one per line, each object (a block of text, with its segments) on one line; any
    other list (a title: its English and its translation; tags) on one line. Each line is
    made by json's C encoder: a first build lays out thousands of records."""
    inner = " " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        members = [
            f"{inner}{_string(key)}: {_layout(value[key], depth + 1)}" for key in sorted(value)
        ]
        return "{\n" + ",\n".join(members) + "\n" + " " * depth + "}"
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        items = [inner + _line(item) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + " " * depth + "]"
    return _line(value)


#: One encoder for every line and digest (``json.dumps`` with options makes one per call).
_LINE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
_compact = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


_string = json.encoder.encode_basestring

#: The C encoder ``_LINE.encode`` makes afresh for each line, made once (without the check for
#: a value that contains itself: a record is a tree): a quarter of the time of a first build's
#: records. (None where json has no C encoder.)
_MAKE_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_LINE_CHUNKS = (
    _MAKE_ENCODER(None, _LINE.default, _string, None, ": ", ", ", True, False, True)
    if _MAKE_ENCODER is not None
    else None
)


def _line(value: Any) -> str:
    """``value`` as JSON on one line, as ``_LINE.encode`` writes it."""
    if _LINE_CHUNKS is None or isinstance(value, str):
        return _LINE.encode(value)
    return "".join(_LINE_CHUNKS(value, 0))


#: What the record adds to an entry besides what was shown: where its ids and page came from,
#: when a build first saw the original change (without an ``updated:`` to say so), and when a
#: translation first went online (``since``: its member states' feeds go on from the first).
KEPT = ("id_locale", "former_locales", "id_date", "changed", "since")


def entry_digest(entry: dict[str, Any]) -> str:
    """A digest of what a version showed, as the record stores it: equal digests, equal pages
    (what the record keeps besides, :data:`KEPT`, is left out)."""
    if any(key in entry for key in KEPT):
        entry = {key: value for key, value in entry.items() if key not in KEPT}
    try:
        # The bytes of _compact, made by orjson: a first build takes the digest of every
        # version it publishes (8,500 of them: 0.5 s with json's encoder, 0.07 s with orjson).
        data = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:  # what orjson refuses (an integer beyond 64 bits)
        data = _compact(entry).encode("utf-8")
    return digest(data)


def original_digest(entry: Mapping[str, Any]) -> str:
    """A digest of the original text a version was made from (the English of every block, in
    order): when it differs from the current release's, the original has changed since. Its
    words, not how they are cut into segments: a block split otherwise (a newer communique's
    segmentation) changes no word readers read."""
    parts = [entry["title"][0], (entry["place"] or [""])[0]]
    if entry.get("correction"):
        parts.append(entry["correction"][0])
    for block in entry["blocks"]:
        if "text" in block:
            parts.append(block["text"])
        else:
            parts.append(" ".join(segment[0] for segment in block["segments"]))
    return digest("\0".join(parts).encode("utf-8"))


def last_changed(entry: Mapping[str, Any]) -> datetime.datetime:
    """When a recorded version last changed, as its feeds said: its ``updated``, or the
    ``changed`` a change nothing dated took, if later."""
    return max(
        datetime.datetime.fromisoformat(moment)
        for moment in (entry["updated"], entry.get("changed") or entry["updated"])
    )


def change_moment(now: datetime.datetime, entry: Mapping[str, Any]) -> str:
    """The moment a change is dated: now, but never before what the record last said (a clock
    behind it, ``--now`` or ``SOURCE_DATE_EPOCH`` earlier than the last build, would move the
    feeds' ``updated`` back, and readers would never see the correction)."""
    moment = max(now.replace(microsecond=0), last_changed(entry) + datetime.timedelta(seconds=1))
    return moment.isoformat()


def _json(raw: bytes, path: str, what: str) -> Any:
    """The JSON of a file of ``published/``; an error that says where, and that the file is not
    ``what`` (a merge conflict left in it, not JSON)."""
    try:
        # (With or without a byte-order mark, which an editor on Windows may add.)
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise RecordError("not UTF-8 text", path=path, line=line) from None
    except RecursionError:
        raise RecordError(f"not {what}: nested too deep", path=path) from None
    except json.JSONDecodeError as error:
        conflict = re.search(rb"^<{7}(?: |$)", raw, re.MULTILINE)
        if conflict is not None:
            raise RecordError(
                "a merge conflict left in it: each side is a whole record; keep one (git "
                f"checkout --theirs {path}, or --ours), the one whose dates are the later where "
                "they differ (feed readers have those: dated back, they would keep the other "
                "text), and publish again, which records what goes online",
                path=path,
                line=raw[: conflict.start()].count(b"\n") + 1,
            ) from None
        raise RecordError(
            f"not {what}: not JSON ({error.msg}, column {error.colno})",
            path=path,
            line=error.lineno,
        ) from None
    except ValueError:  # (a number of more digits than Python reads: 4,300)
        raise RecordError(f"not {what}: a number too long to read", path=path) from None
    return data


def parse_record(raw: bytes, *, path: str, slug: str) -> Record:
    """Read and check ``published/<slug>.json``; a file that is not a record is an error that
    says where (a merge conflict left in it, a value of the wrong kind)."""
    data = _json(raw, path, "a publication record")
    escapes = [found for found in (raw.find(b"\\ud"), raw.find(b"\\uD")) if found >= 0]
    if escapes and _half_character(data):
        raise RecordError(
            "not a publication record: an escape for half a character (\\uD800–\\uDFFF)",
            path=path,
            line=raw[: min(escapes)].count(b"\n") + 1,
        )
    try:
        return _checked(data, path=path, slug=slug)
    except RecordError as error:
        if error.line is None:  # (the line of the value it names, as the editor shows it)
            named = _line_of(raw, error.message)
            raise RecordError(error.message, path=path, line=named) from None
        raise


def _line_of(raw: bytes, message: str) -> int | None:
    """The line of the value an error names by its path in the record (``versions.fr.title``,
    ``versions.fr.blocks[3]``): each key looked for after the one before it, and a block the
    n-th line after its list's, as communique writes records (one block a line)."""
    named = re.match(r"([\w@-]+(?:\.[\w@-]+|\[\d+\])*):", message)
    if named is None:
        return None
    text = raw.decode("utf-8", "replace")
    position = 0
    for part in re.findall(r"[\w@-]+|\[\d+\]", named.group(1)):
        if part.startswith("["):
            for _ in range(int(part[1:-1])):
                following = text.find("\n", position)
                if following < 0:  # (written on one line: that line)
                    break
                position = following + 1
            continue
        found = text.find(f'"{part}"', position)
        if found < 0:
            return None
        position = found
    return text.count("\n", 0, position) + 1


def _checked(data: Any, *, path: str, slug: str) -> Record:
    """The record ``data`` holds, if it is one (see :func:`parse_record`)."""
    if not isinstance(data, dict):
        raise RecordError("not a publication record: expected a JSON object", path=path, line=1)
    if data.get("release") != slug:
        raise RecordError(
            f"the record of {data.get('release')!r}, not of {slug!r}", path=path, line=1
        )
    versions = data.get("versions", {})
    withdrawn = data.get("withdrawn", [])
    if not isinstance(versions, dict) or not all(isinstance(v, dict) for v in versions.values()):
        raise RecordError("versions: expected an object of versions by language", path=path)
    if not isinstance(withdrawn, list) or not all(isinstance(w, str) for w in withdrawn):
        raise RecordError("withdrawn: expected a list of languages", path=path)
    states = data.get("states", [])
    if not isinstance(states, list) or not all(
        isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code) for code in states
    ):
        raise RecordError(
            "states: expected a list of member states' codes (ISO 3166: AT, FR…)", path=path
        )
    for locale, entry in versions.items():
        where = f"versions.{locale}"
        _check_fields(entry, _ENTRY_FIELDS, where, path)
        if not isinstance(entry.get("id_locale", ""), str) or not _words(
            entry.get("former_locales", [])
        ):
            raise RecordError(f"{where}: id_locale or former_locales not language tags", path=path)
        if "id_date" in entry and not _day(entry["id_date"]):
            raise RecordError(f"{where}.id_date: not an ISO 8601 date", path=path)
        for name in ("changed", "since"):
            if name in entry and not _moment(entry[name]):
                raise RecordError(f"{where}.{name}: not ISO 8601 with an offset", path=path)
        card = entry["release"]
        _check_fields(card, _CARD_FIELDS, f"{where}.release", path)
        for name in ("tags", "aliases", "media"):
            if not _words(card.get(name, [])):
                raise RecordError(f"{where}.release.{name}: expected a list of words", path=path)
        if not isinstance(card.get("image", ""), str | None):
            raise RecordError(f"{where}.release.image: expected a path", path=path)
        _check_times(entry, where, path)
        extra = [entry[name] for name in ("place", "correction") if entry.get(name)]
        if not _segments([entry["title"], *extra]):
            raise RecordError(f"{where}.title: expected the English and its translation", path=path)
        for number, block in enumerate(entry["blocks"], 1):
            if not _block(block):
                raise RecordError(
                    f"{where}.blocks[{number}]: expected a block with its segments", path=path
                )
    return Record(slug, versions, withdrawn, states)


def _check_times(entry: dict[str, Any], where: str, path: str) -> None:
    try:
        datetime.date.fromisoformat(entry["release"]["date"])
    except ValueError:
        raise RecordError(f"{where}.release.date: not an ISO 8601 date", path=path) from None
    if not (_moment(entry["published"]) and _moment(entry["updated"])):
        raise RecordError(
            f"{where}: a date or time is not ISO 8601 with an offset", path=path
        ) from None


def _moment(value: Any) -> bool:
    """Whether ``value`` is an ISO 8601 moment with its offset."""
    try:
        return datetime.datetime.fromisoformat(value).tzinfo is not None
    except (TypeError, ValueError):
        return False


def _day(value: Any) -> bool:
    """Whether ``value`` is an ISO 8601 date."""
    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _words(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(word, str) for word in value)


#: More than any release has: blocks, and lists nested.
_LARGEST = 1 << 31


def _block(block: Any) -> bool:
    """Whether a recorded block is one the site can show."""
    if not isinstance(block, dict) or not isinstance(block.get("kind"), str):
        return False
    if block["kind"] not in _KINDS:
        return False
    # (A list's depth and a block's group: small numbers; one past 64 bits stopped the build.)
    if not all(
        type(block.get(name)) is int and 0 <= block[name] < _LARGEST for name in ("level", "group")
    ):
        return False
    if block["kind"] == BlockKind.VERBATIM:
        return isinstance(block.get("text"), str)
    if not (isinstance(block.get("ordered"), bool) and _segments(block.get("segments"))):
        return False
    # An ordered list's first number, a list item's paragraph (written where not 1).
    if not all(
        type(block.get(name, 1)) is int and 0 <= block.get(name, 1) < _LARGEST
        for name in ("start", "paragraph", "quote")
    ):
        return False
    # Where its lines break: after which of its segments (each once, in order, not the last).
    breaks = block.get("breaks", [])
    last = len(block["segments"]) - 1
    return (
        isinstance(breaks, list)
        and all(type(b) is int and 0 <= b < last for b in breaks)
        and breaks == sorted(set(breaks))
    )


def _half_character(data: Any) -> bool:
    """Whether any text of the record holds half of a character (a surrogate, from an escape
    that was not paired): it could not be written as UTF-8 on a page."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if any("\ud800" <= c <= "\udfff" for c in value):
                return True
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def _check_fields(
    data: dict[str, Any], fields: dict[str, type | tuple[type, ...]], where: str, path: str
) -> None:
    for name, kind in fields.items():
        if name not in data or not isinstance(data[name], kind):
            raise RecordError(f"{where}.{name}: missing or of the wrong kind", path=path)


def _segments(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(shown, list) and 1 <= len(shown) <= 2 and all(isinstance(t, str) for t in shown)
        for shown in value
    )


def shown_to_readers(workspace: Workspace, slug: str, locale: str) -> set[tuple[str, str]]:
    """Each (English, translation) the record says readers of ``locale`` were shown: the
    title, the place and every segment that was translated. None for a catalog that is no
    release's (the site's own words), or whose record cannot be read (the build says why)."""
    if slug not in workspace.sources:
        return set()
    try:
        record = read_record(workspace.files, slug)
    except RecordError:
        return set()
    entry = record.versions.get(locale) if record is not None else None
    if entry is None:
        return set()
    shown = [entry["title"], entry.get("place") or []]
    shown += [segment for block in entry["blocks"] for segment in block.get("segments", [])]
    return {(pair[0], pair[1]) for pair in shown if len(pair) == 2}


def recorded_slugs(files: ProjectFiles) -> list[str]:
    """The releases ``published/`` has a record of."""
    names = files.names(RECORD_FOLDER) or []
    return [
        name.removesuffix(".json")
        for name in names
        if name.endswith(".json") and SLUG.match(name.removesuffix(".json"))
    ]


def feed_ids(domain: str, domain_since: str) -> bytes:
    """The file :data:`FEED_IDS` holds."""
    data = {"domain": domain, "domain_since": domain_since}
    return json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8") + b"\n"


def read_feed_ids(files: ProjectFiles) -> dict[str, str]:
    """What :data:`FEED_IDS` says (nothing where there is no such file); a file that is not
    what a build writes is a one-line error."""
    raw, _ = files.read(FEED_IDS)
    if raw is None:
        return {}
    data = _json(raw, FEED_IDS, "what a build writes")
    if not isinstance(data, dict) or not all(
        isinstance(data.get(key), str) and data[key] for key in ("domain", "domain_since")
    ):
        raise RecordError(
            'not what a build writes: {"domain": "…", "domain_since": "…"}', path=FEED_IDS
        )
    return {key: data[key] for key in ("domain", "domain_since")}


def online_without_source(workspace: Workspace) -> list[tuple[str, list[str]]]:
    """The releases ``published/`` records as online (a version not withdrawn) whose source
    is gone from ``source/``, deleted or renamed by hand, not with ``communique remove`` or
    ``rename``: a build would take their pages and feed entries offline though nobody said so,
    and an update would start the renamed file's catalogs again from nothing. With the
    languages of their versions online. (A record that cannot be read is said elsewhere.)"""
    found = []
    source = workspace.settings.source_locale
    for slug in sorted(set(recorded_slugs(workspace.files)) - set(workspace.sources)):
        try:
            record = read_record(workspace.files, slug)
        except (RecordError, ProjectError):
            continue
        if record is None:
            continue
        online = sorted(tag for tag in record.versions if not record.is_withdrawn(tag, source))
        if online:
            found.append((slug, online))
    return found


def without_source_error(
    workspace: Workspace, found: Sequence[tuple[str, list[str]]], stopped: str
) -> ProjectError:
    """What stops a run that finds published releases without a source (see
    :func:`online_without_source`): which, and the command for each way out. ``stopped``: what
    the run did not do."""
    slug, online = found[0]
    others = (
        f" (and so are the sources of {', '.join(other for other, _ in found[1:])}, each to "
        "settle alike)"
        if len(found) > 1
        else ""
    )
    renamed = _renamed_to(workspace, slug)
    new = renamed or "NEW"
    guess = f" ({workspace.sources[renamed]} looks like it)" if renamed else ""
    return ProjectError(
        f"{slug} is online in {', '.join(online)}, but its source is gone from source/"
        f"{others}: {stopped}. Renamed by hand? run 'communique rename {slug} {new}'{guess}, "
        f"which keeps its translations, record and readers; or take it offline with "
        f"'communique remove {slug}'; or put its source back",
        path=record_path(slug),
    )


def _renamed_to(workspace: Workspace, slug: str) -> str | None:
    """The release in ``source/`` that a release gone from it was most likely renamed to: of
    those with no record, the first that reads as it did (:func:`looks_renamed`)."""
    recorded = set(recorded_slugs(workspace.files))
    for other in workspace.sources:
        if other not in recorded and looks_renamed(workspace, slug, other):
            return other
    return None


def looks_renamed(workspace: Workspace, old: str, new: str) -> bool:
    """Whether the release ``new`` reads as ``old`` did, by what is left of ``old``: half the
    sentences of its template at least (its title among them), or, where no template is
    left, half those its record showed readers in English. A title alone is not enough (a
    weekly "Statement by the Chairperson-in-Office" has the same one each week), nor is a
    release merely new."""
    from communique.catalog.reader import read_catalog_bytes
    from communique.workspace.layout import template_path

    try:
        sentences = {m.msgid for m in workspace.template(new).catalog.messages if m.msgid}
    except CommuniqueError:
        return False
    raw, _ = workspace.files.read(template_path(old))
    before: set[str] = set()
    if raw is not None:
        try:
            before = {m.msgid for m in read_catalog_bytes(raw, path=template_path(old)).messages}
        except CommuniqueError:
            before = set()
    else:
        try:
            record = read_record(workspace.files, old)
        except (RecordError, ProjectError):
            record = None
        entry = record.versions.get(workspace.settings.source_locale) if record else None
        if entry:
            shown = [entry["title"], *(s for b in entry["blocks"] for s in b.get("segments", []))]
            before = {pair[0] for pair in shown if pair}
    before.discard("")
    return bool(before) and len(before & sentences) * 2 >= len(before)


def in_the_way(error: RecordError, consequence: str) -> RecordError:
    """A record that cannot be read, said with what it stopped (built without it, the versions
    it keeps online would go offline)."""
    return RecordError(f"{error.message}; {consequence}", path=error.path, line=error.line)


def read_record(files: ProjectFiles, slug: str) -> Record | None:
    """The release's publication record, if it has one."""
    path = record_path(slug)
    raw, _ = files.read(path)
    return parse_record(raw, path=path, slug=slug) if raw is not None else None


@dataclass(frozen=True)
class Withdrawal:
    """What ``withdraw`` changed: the languages it took offline (or, undone, let back), and
    those that were so already."""

    slug: str
    changed: list[str]
    unchanged: list[str]
    #: The languages that have a recorded (published) version.
    published: list[str]


def withdraw(
    workspace: Workspace, slug: str, locales: Sequence[str] = (), *, undo: bool = False
) -> Withdrawal:
    """Record that a release (no ``locales``: in its own language, so in every language) or
    some of its versions are offline on purpose; ``undo`` lets them back. The next build takes
    them offline (or back online, as far as they pass the gate or are recorded)."""
    check_slug(slug)
    record = read_record(workspace.files, slug)
    if slug not in workspace.sources and record is None:
        raise ProjectError(
            f"no release {slug!r} in source/ and no record of it in {RECORD_FOLDER}/"
        )
    source = workspace.settings.source_locale
    # (A language taken out of the targets may still be online: it can be withdrawn.)
    allowed = list(
        dict.fromkeys(
            [source, *workspace.settings.target_locales, *(record.versions if record else ())]
        )
    )
    chosen = [_locale(tag, allowed) for tag in locales] or [source]
    record = record or Record(slug)
    if undo and source in record.withdrawn and any(locale != source for locale in chosen):
        # (A language let back stays offline while the whole release is withdrawn.)
        raise ProjectError(
            f"{slug}: the whole release is withdrawn: 'communique withdraw {slug} --undo' lets "
            "it back, in every language not withdrawn on its own"
        )
    changed, unchanged = [], []
    for locale in dict.fromkeys(chosen):
        if (locale in record.withdrawn) == undo:
            changed.append(locale)
            if undo:
                record.withdrawn.remove(locale)
                entry = record.versions.get(locale)
                if entry is not None and locale != source:
                    # A member state's feed entry showed the original (or another language)
                    # while it was withdrawn, dated a second after it (build._after_withdrawn),
                    # or as the original last changed: back, it is updated now, after both,
                    # so that feed readers show the change (even with a clock behind).
                    second = datetime.timedelta(seconds=1)
                    moments = [
                        workspace.now.replace(microsecond=0),
                        last_changed(entry) + 2 * second,
                    ]
                    if source in record.versions:
                        moments.append(last_changed(record.versions[source]) + second)
                    entry["changed"] = max(moments).isoformat()
            else:
                record.withdrawn.append(locale)
        else:
            unchanged.append(locale)
    if changed:
        workspace.files.write(record_path(slug), record.to_bytes())
    return Withdrawal(slug, changed, unchanged, sorted(record.versions))


def withdraw_everywhere(
    workspace: Workspace, locales: Sequence[str], *, undo: bool = False
) -> list[Withdrawal]:
    """Withdraw the versions in ``locales`` of every release that has one online (``undo``:
    let them back): a language the project stops publishing in, taken offline on purpose."""
    source = workspace.settings.source_locale
    records = []
    for slug in sorted(recorded_slugs(workspace.files)):
        record = read_record(workspace.files, slug)
        if record is not None:
            records.append((slug, record))
    allowed = dict.fromkeys(
        [source, *workspace.settings.target_locales, *(t for _, r in records for t in r.versions)]
    )
    chosen = [_locale(tag, list(allowed)) for tag in locales]
    if source in chosen:
        raise ProjectError(
            f"--locale {source} is the releases' own language: withdrawing it takes whole "
            "releases offline; name each ('communique withdraw SLUG')"
        )
    done = []
    for slug, record in records:
        mine = [locale for locale in chosen if locale in record.versions]
        if mine:
            done.append(withdraw(workspace, slug, mine, undo=undo))
    return done


def _locale(tag: str, allowed: Sequence[str]) -> str:
    try:
        code = bcp47(parse_locale(tag.replace("_", "-")))
    except LocaleCodeError as exc:
        raise ProjectError(f"--locale {exc}") from None
    if code not in allowed:
        raise ProjectError(f"{tag!r} is not a language of the project ({', '.join(allowed)})")
    return code
