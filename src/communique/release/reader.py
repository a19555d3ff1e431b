"""Read an English release, ``source/<slug>.txt`` or ``source/<slug>.md``, into a :class:`Release`.

Every problem is reported against the file and line the press office can open and fix; nothing
about a release is guessed silently.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from communique.controls import bidi_problem, control_character, noncharacter
from communique.errors import SourceError, excerpt
from communique.files import decode_utf8
from communique.locales import country_hint, is_country
from communique.project import check_slug, is_markdown
from communique.release.blocks import Block, BlockKind
from communique.release.dateline import Dateline, parse_dateline
from communique.release.frontmatter import FRONT_MATTER_KEYS, FrontMatter, split_front_matter
from communique.release.media import Media, find_media, is_local, local_path
from communique.release.plaintext import read_plain_blocks

_RELEASE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


@dataclass(frozen=True)
class Release:
    """One English press release, as the press office wrote it."""

    slug: str
    #: The file as users see it in messages and references: ``source/<slug>.txt``.
    path: str
    markup: bool
    id: str
    #: Empty when the release has none yet: it is translated, but not published.
    title: str
    #: 0 when it has no title.
    title_line: int
    date: datetime.date
    #: Set when the front matter gives a time of day with an offset.
    published: datetime.datetime | None
    dateline: Dateline | None
    place: str | None
    #: Line of the place: the dateline's, or the front matter's ``place:``.
    place_line: int
    agency: str | None
    tags: tuple[str, ...]
    blocks: tuple[Block, ...]
    #: The member states it concerns, as the front matter names them (``states: [MD, UA]``);
    #: None where it names none (they are found in the text: ``release.concerns``), ``()`` for
    #: ``states: []``.
    states: tuple[str, ...] | None = None
    #: The slugs the release had before it was renamed: their pages redirect to its own.
    aliases: tuple[str, ...] = ()
    #: Not public before this moment (a date: midnight in the organisation's time zone).
    embargo: datetime.datetime | datetime.date | None = None
    #: Being written: kept out of the public site (``status: draft`` or ``draft: true``).
    draft: bool = False
    #: When the English was corrected (``updated:``), and the note to readers about it.
    updated: datetime.datetime | datetime.date | None = None
    updated_line: int = 0
    correction: str | None = None
    correction_line: int = 0
    #: The project files it links (pictures, attachments), under ``source/``.
    media: tuple[Media, ...] = ()
    #: The picture that represents it in link previews (``og:image``): ``image:``, else the
    #: first picture it shows.
    image: str | None = None
    #: How many lines its front matter takes, fences included (0: it has none).
    front_matter: int = 0


def read_release(file: Path, *, display: str, language: str = "en") -> Release:
    """Read and validate one release file; ``display`` is the path shown to users."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=display) from None
    return parse_release(raw, display=display, language=language)


def parse_release(raw: bytes, *, display: str, language: str = "en") -> Release:
    """Parse and validate the bytes of ``source/<slug>.txt`` or ``.md``, named by ``display``."""
    name = PurePosixPath(display)
    slug = check_slug(name.stem, path=display)
    text = decode_utf8(raw, path=display, error=SourceError, hint=" (save the file as UTF-8)")
    if "\v" in text or "\f" in text:
        # A word processor's line break (vertical tab) or page break (form feed) between two
        # words is a space: kept, it reached translators as "\v" and the pages, which leave
        # control characters out, joined the words ("The Chairspoke").
        text = text.replace("\v", " ").replace("\f", " ")
    _check_characters(text, display)
    _no_merge_conflict(text, display)
    matter, body = split_front_matter(text, path=display)
    _check_keys(matter, display)
    markup = is_markdown(display)
    if markup:  # (markdown-it, 0.05 s to import, only for a Markdown release)
        from communique.release.markdown import read_markdown_blocks

        reader = read_markdown_blocks
    else:
        reader = read_plain_blocks
    try:
        blocks = reader(body, matter.length + 1)
    except SourceError as error:  # (where in the body: the reader knows no file)
        raise SourceError(error.message, path=display, line=error.line) from None
    if not _has_text(blocks):
        raise SourceError("empty release: the file has no text", path=display)
    title, title_line, blocks = _title(matter, blocks, markup, display)
    if not _has_text(blocks):
        raise SourceError("empty release: there is no text after the title", path=display)

    _no_embargo_notice(title, title_line, blocks, display)
    dateline, dateline_line, blocks = _dateline(blocks, language, display)
    date, published = _date(matter, dateline, display)
    place = _agreeing(matter, "place", dateline.place if dateline else None, display)
    agency = _agreeing(matter, "agency", dateline.agency if dateline else None, display)
    return Release(
        slug=slug,
        path=display,
        markup=markup,
        id=_release_id(matter, slug, display),
        title=title,
        title_line=title_line,
        date=date,
        published=published,
        dateline=dateline,
        place=place,
        place_line=dateline_line if dateline else matter.lines.get("place", 1),
        agency=agency,
        tags=_tags(matter, display),
        states=_states(matter, display),
        blocks=tuple(_numbered(blocks)),
        aliases=_aliases(matter, slug, display),
        embargo=_not_before(
            "embargo",
            _moment(
                matter,
                "embargo",
                "the moment the release may be published",
                "2027-01-15T09:00:00+01:00",
                display,
            ),
            date,
            matter,
            display,
            "it says when the release may be published, on its date or after it (a wrong year?)",
        ),
        updated=_not_before(
            "updated",
            _moment(
                matter,
                "updated",
                "when the release was corrected",
                "2024-03-02T10:00:00+01:00",
                display,
            ),
            date,
            matter,
            display,
            "it says when the release was corrected, after it was published",
        ),
        updated_line=matter.lines.get("updated", 0),
        correction=_correction(matter, display),
        correction_line=matter.lines.get("correction", 0),
        **_media(matter, blocks if markup else [], display),
        draft=_draft(matter, display),
        front_matter=matter.length,
    )


def _check_characters(text: str, display: str) -> None:
    """No character that would change the text out of sight: a control character (a NUL ends
    a string for GNU gettext, which would cut the sentence short in every catalog), a
    noncharacter (the pages leave it out, joining the words around it), or a bidirectional
    override or unclosed embedding (the words after it shown reversed)."""
    unseen = control_character(text) or noncharacter(text)
    if unseen is None and bidi_problem(text) is None:
        return
    for number, line in enumerate(text.split("\n"), 1):  # (not splitlines: \v is a break)
        found = control_character(line.removesuffix("\r"))
        if found is not None:
            column, which = found
            raise SourceError(
                f"a control character ({which}) at column {column + 1}: remove it (pasted from "
                "another program?)",
                path=display,
                line=number,
            )
        odd = noncharacter(line)
        if odd is not None:
            raise SourceError(
                f"a noncharacter ({odd[1]}) at column {odd[0] + 1}: remove it",
                path=display,
                line=number,
            )
        problem = bidi_problem(line)
        if problem is not None:
            raise SourceError(problem, path=display, line=number)


#: The lines git leaves around a merge conflict it could not resolve (the "=======" between
#: the two sides is also a Markdown heading's underline: only the others say it).
_CONFLICT = re.compile(r"^(?:<{7}|>{7})(?: |$)", re.MULTILINE)


def _no_merge_conflict(text: str, display: str) -> None:
    """A merge conflict left in a release would be published, both sides and git's markers,
    and each side's sentences offered to translators."""
    found = _CONFLICT.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    marker = text[found.start() :].split("\n", 1)[0].rstrip("\r")
    raise SourceError(
        f"a merge conflict left in it ({excerpt(marker)}): keep the text meant, and take out "
        "git's lines '<<<<<<<', '=======' and '>>>>>>>'",
        path=display,
        line=line,
    )


def missing_title(release: Release) -> str | None:
    """Why the release cannot be published yet, if it has no title: what to add, and where."""
    if release.title:
        return None
    how = "a first line '# Headline' or " if release.markup else ""
    if release.front_matter:
        # (A second block of front matter would be text, and its date no date.)
        how = "a line '# Headline' under the front matter, or " if release.markup else ""
        return (
            f"{release.path}:1: no title: add {how}a line 'title: Your headline' to the front "
            f"matter (lines 1–{release.front_matter})"
        )
    return (
        f"{release.path}:1: no title: add {how}front matter at the top of the file: a line "
        "'---', a line 'title: Your headline', and a line '---'"
    )


def _has_text(blocks: list[Block]) -> bool:
    return any(block.kind is not BlockKind.VERBATIM for block in blocks)


def _check_keys(matter: FrontMatter, display: str) -> None:
    for key in matter.fields:
        if key not in FRONT_MATTER_KEYS:
            raise SourceError(
                f"unknown front matter key {excerpt(key)} "
                f"(expected one of: {', '.join(FRONT_MATTER_KEYS)})",
                path=display,
                line=matter.lines.get(key, 1),
            )


def _title(
    matter: FrontMatter, blocks: list[Block], markup: bool, display: str
) -> tuple[str, int, list[Block]]:
    first = blocks[0] if blocks else None
    heading_title = first is not None and first.kind is BlockKind.HEADING and first.level == 1
    if markup and heading_title and first is not None:
        blocks = blocks[1:]
        given = matter.fields.get("title")
        if given is not None and " ".join(str(given).split()) != first.text:
            raise SourceError(
                f"the title in the front matter ({excerpt(given)}) and the '# ' heading "
                f"({excerpt(first.text)}) differ; keep one",
                path=display,
                line=first.line,
            )
        return first.text, first.line, blocks
    if "title" not in matter.fields:
        # It can be translated without one; publishing needs one (the gate says so).
        return "", 0, blocks
    title = matter.fields["title"]
    line = matter.lines.get("title", 1)
    if not isinstance(title, str) or not title.strip():
        raise SourceError("title: expected a headline (text)", path=display, line=line)
    title = " ".join(title.split())
    if markup and ("<" in title or "[^" in title or "~~" in title):
        from communique.release.markdown import title_as_written

        try:
            title_as_written(title, line)
        except SourceError as error:
            raise SourceError(error.message, path=display, line=error.line) from None
    return title, line, blocks


def _dateline(
    blocks: list[Block], language: str, display: str
) -> tuple[Dateline | None, int, list[Block]]:
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.PARAGRAPH:
            found = parse_dateline(block.text, language=language, path=display, line=block.line)
            if found is None and block.markup:
                found = _emphasised_dateline(block.text, language, display, block.line)
            if found is None:
                return None, 0, blocks
            dateline, offset = found
            line = block.line + block.text.count("\n", 0, offset)
            breaks = tuple(at - offset for at in block.breaks if at >= offset)
            rest = dataclasses.replace(block, text=block.text[offset:], line=line, breaks=breaks)
            return dateline, block.line, [*blocks[:index], rest, *blocks[index + 1 :]]
        if block.kind is not BlockKind.HEADING:
            break
    return None, 0, blocks


#: A Markdown paragraph that opens with emphasis: its mark, what it holds, and the rest.
_EMPHASIS_FIRST = re.compile(r"([*_]{1,3})(?=\S)(.+?)(?<=\S)\1(?![*_])", re.DOTALL)


def _emphasised_dateline(
    text: str, language: str, display: str, line: int
) -> tuple[Dateline, int] | None:
    """A dateline set in bold or italics, as press offices write it ("**VIENNA, 10 April
    2024** – The OSCE…", "*Vienna, 10 April 2024:* The…"), and where the prose begins; None
    where the emphasis holds more than the dateline and its separator."""
    emphasis = _EMPHASIS_FIRST.match(text)
    if emphasis is None:
        return None
    inside = emphasis.group(2)
    found = parse_dateline(
        inside + text[emphasis.end() :], language=language, path=display, line=line
    )
    if found is None or found[1] < len(inside):
        return None
    return found[0], found[1] - len(inside) + emphasis.end()


#: A newsroom's embargo notice at the top of a release, a moment after it: "EMBARGOED UNTIL
#: 20 December 2026, 09:00 CET", "EMBARGOED 00:01 GMT 22 March", "**Embargo:** 20 December",
#: "Under embargo until further notice", "NOT FOR PUBLICATION BEFORE 10:00 CET". Not a
#: headline on an embargo ("Embargo for arms sales extended", "Embargo: questions and answers").
_EMBARGO_NOTICE = re.compile(
    r"^[\W_]*(?:strictly\s+)?(?:embargoed\b|under\s+embargo\b|embargo\s*:|"
    r"not\s+for\s+(?:publication|release|broadcast)\b)[*_\s:–—-]*"
    r"(?:(?:until|till|before|to)\b[*_\s:–—-]*)?"
    r"(?=\d|further\s+notice|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep"
    r"|oct|nov|dec)[a-z]*\b)",
    re.IGNORECASE,
)


def _no_embargo_notice(title: str, title_line: int, blocks: list[Block], display: str) -> None:
    """An embargo written in the text, above it or in its title, holds nothing back: the
    release went out at once, the notice on its page. It must be said in the front matter."""
    found = [(title, title_line)] if title else []
    for block in blocks:
        found.append((block.text, block.line))
        if block.kind is not BlockKind.HEADING:
            break  # (the first paragraph, where a notice may open the dateline's line)
    for text, line in found:
        if _EMBARGO_NOTICE.match(text):
            notice = text.split("\n", 1)[0]
            raise SourceError(
                f"the text says the release is under embargo ({excerpt(notice)}): say it in the "
                "front matter ('embargo: 2027-01-15T09:00:00+01:00' keeps the release out of the "
                "site until then) and take the line out of the text, which readers would see",
                path=display,
                line=line,
            )


def _date_hint(value: str) -> str:
    """How to write a front matter date written as a dateline writes one ("7 May 2024":
    2024-05-07), or with a time and no "T" ("2024-05-07 10:00"); empty otherwise."""
    written = " ".join(value.split())
    try:
        found = parse_dateline(f"Vienna, {written}: .", path="", line=0)
    except SourceError:
        found = None
    if found is not None:
        return f": write {found[0].date.isoformat()}"
    day, _, time = written.partition(" ")
    try:
        datetime.date.fromisoformat(day)
        clock = datetime.time.fromisoformat(time)
    except ValueError:
        return ""
    shown = f"{day}T{clock.isoformat('seconds')}".replace("+00:00", "Z")
    if clock.tzinfo is None:
        return f", or with a time and its offset from UTC: {shown}+HH:MM"
    return f", or with a time: {shown}"


def _date(
    matter: FrontMatter, dateline: Dateline | None, display: str
) -> tuple[datetime.date, datetime.datetime | None]:
    value: Any = matter.fields.get("date")
    line = matter.lines.get("date", 1)
    published: datetime.datetime | None = None
    date: datetime.date | None = None
    if isinstance(value, datetime.datetime):
        published = _with_offset(value, "date", "2023-06-07T10:00:00+02:00", display, line)
        date = value.date()
    elif isinstance(value, datetime.date):
        date = value
    elif isinstance(value, str):
        try:
            date = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise SourceError(
                f"date: {excerpt(value)} is not a date (expected YYYY-MM-DD){_date_hint(value)}",
                path=display,
                line=line,
            ) from None
    elif value is not None:
        raise SourceError(
            f"date: {excerpt(value)} is not a date (expected YYYY-MM-DD)", path=display, line=line
        )
    if date is not None and dateline is not None and date != dateline.date:
        raise SourceError(
            f"date: the front matter says {date.isoformat()} but the dateline says "
            f"{dateline.date.isoformat()}",
            path=display,
            line=line,
        )
    if date is None:
        if dateline is None:
            raise SourceError(
                "no date: open the first paragraph with a dateline "
                "('Vienna, 30 July 2024 (OSCE): …') or add 'date: 2024-07-30' to the front matter",
                path=display,
                line=1,
            )
        date = dateline.date
    return date, published


def _agreeing(matter: FrontMatter, key: str, from_dateline: str | None, display: str) -> str | None:
    value = matter.fields.get(key)
    line = matter.lines.get(key, 1)
    if value is None:
        return from_dateline
    if not isinstance(value, str) or not value.strip():
        raise SourceError(f"{key}: expected text", path=display, line=line)
    value = " ".join(value.split())
    if from_dateline is not None and value.casefold() == from_dateline.casefold():
        # "place: Vienna" above "VIENNA, 3 April 2024": the same place, as the text writes it.
        return from_dateline
    if from_dateline is not None:
        raise SourceError(
            f"{key}: the front matter says {excerpt(value)} but the dateline says "
            f"{excerpt(from_dateline)}",
            path=display,
            line=line,
        )
    return value


def _release_id(matter: FrontMatter, slug: str, display: str) -> str:
    value = matter.fields.get("id", slug)
    written = matter.scalars.get("id")
    line = matter.lines.get("id", 1)
    if isinstance(value, int) and not isinstance(value, bool) and written is not None:
        if written != str(value) and _RELEASE_ID.fullmatch(written):
            # YAML reads 0123 as octal 83, 1_000 as 1000: the id feed entries got, which a
            # release published so keeps; taken as written, it would be a new entry.
            raise SourceError(
                f"id: {written} is read as the number {value}, which its feed entries' ids "
                f"took: write id: '{written}' (in quotes) for a new release, or id: {value} "
                "for one published so (its readers know it by that)",
                path=display,
                line=line,
            )
        value = written
    elif isinstance(value, bool | float | datetime.date) and written is not None:
        value = written  # (refused as no id before: never published so)
    empty = value is None  # "id:", "id: ~", "id: null": no id, said as written
    if empty:
        value = written or ""
    if empty or not isinstance(value, str) or not _RELEASE_ID.fullmatch(value):
        raise SourceError(
            f"id: {excerpt(value)} is not a release id (letters, digits, '.', '_' and '-'; it "
            "becomes part of every feed entry's permanent id)",
            path=display,
            line=line,
        )
    return value


def _words(matter: FrontMatter, key: str, display: str, expected: str) -> list[str]:
    """A front matter value that is a list of non-empty strings (or one string); ``expected``
    says what, for the error."""
    value = matter.fields.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SourceError(f"{key}: expected {expected}", path=display, line=matter.lines[key])
    return value


def _tags(matter: FrontMatter, display: str) -> tuple[str, ...]:
    written = matter.fields.get("tags")
    if isinstance(written, str) and "," in written:
        # "tags: elections, Moldova" is one tag in YAML, with a page and feeds at a permanent
        # address (tags/elections-moldova/): surely two were meant.
        listed = ", ".join(part.strip() for part in written.split(",") if part.strip())
        raise SourceError(
            f"tags: {excerpt(written)} is one tag as written; for several, write a list: "
            f"tags: [{listed}]",
            path=display,
            line=matter.lines["tags"],
        )
    value = _words(matter, "tags", display, "a list of words, e.g. [trafficking, elections]")
    return tuple(dict.fromkeys(" ".join(tag.split()) for tag in value))


def _states(matter: FrontMatter, display: str) -> tuple[str, ...] | None:
    """``states: [MD, UA]``: ISO 3166-1 alpha-2 codes, read as written (YAML reads Norway's
    ``NO`` as false)."""
    if "states" not in matter.fields:
        return None
    line = matter.lines["states"]
    value = matter.fields["states"]
    if value is None:
        return ()
    if isinstance(value, str):
        codes: tuple[str, ...] = (value,)
    elif isinstance(value, list) and "states" in matter.written:
        codes = matter.written["states"]
    else:
        raise SourceError(
            "states: expected a list of country codes, e.g. [MD, UA]", path=display, line=line
        )
    found = []
    for code in codes:
        if not is_country(code.strip()):
            raise SourceError(
                f"states: {excerpt(code)} is not an ISO 3166-1 alpha-2 country code"
                + (country_hint(code) or " (e.g. MD for Moldova, AT for Austria)"),
                path=display,
                line=line,
            )
        found.append(code.strip().upper())
    return tuple(dict.fromkeys(found))


def _aliases(matter: FrontMatter, slug: str, display: str) -> tuple[str, ...]:
    """The release's former slugs (``communique rename`` writes them), as Hugo's ``aliases``."""
    expected = "a list of the release's former slugs, e.g. [2024-03-01-old-name]"
    value = _words(matter, "aliases", display, expected)
    line = matter.lines.get("aliases", 1)
    for alias in value:
        try:
            check_slug(alias)
        except SourceError as error:
            raise SourceError(f"aliases: {error.message}", path=display, line=line) from None
        if alias == slug:
            raise SourceError(
                f"aliases: {excerpt(alias)} is the release's own slug", path=display, line=line
            )
    return tuple(dict.fromkeys(value))


def _moment(
    matter: FrontMatter, key: str, what: str, example: str, display: str
) -> datetime.datetime | datetime.date | None:
    """A moment of the front matter (``embargo``, ``updated``): a date-time with its offset, or
    a date (midnight in the organisation's time zone, worked out where it is known)."""
    value: Any = matter.fields.get(key)
    if value is None:
        return None
    line = matter.lines[key]
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            value = None
    if isinstance(value, datetime.datetime):
        return _with_offset(value, key, example, display, line)
    if isinstance(value, datetime.date):
        return value
    raise SourceError(
        f"{key}: expected {what}, e.g. {example} (or a date: midnight in the organisation's "
        "time zone)",
        path=display,
        line=line,
    )


#: The time zone where a day begins first.
_EARLIEST = datetime.timezone(datetime.timedelta(hours=14))


def _not_before(
    key: str,
    moment: datetime.datetime | datetime.date | None,
    date: datetime.date,
    matter: FrontMatter,
    display: str,
    meaning: str,
) -> datetime.datetime | datetime.date | None:
    """``moment`` (``updated``, ``embargo``), which cannot be before the release's date: a
    wrong year would say on every page that the release was corrected before it was
    published, or let it out at its date, hours before the embargo meant. A moment is before
    the date where it is before the date began anywhere (UTC+14): the organisation's time zone
    is not known here."""
    if isinstance(moment, datetime.datetime):
        began = datetime.datetime.combine(date, datetime.time(tzinfo=_EARLIEST))
        day = moment.date() if moment < began else None
    else:
        day = moment if moment is not None and moment < date else None
    if day is not None:
        raise SourceError(
            f"{key}: {day.isoformat()} is before the release's date, {date.isoformat()}: "
            + meaning,
            path=display,
            line=matter.lines[key],
        )
    return moment


def _media(matter: FrontMatter, blocks: list[Block], display: str) -> dict[str, Any]:
    """The files the release links, and its picture for link previews."""
    media = list(find_media(blocks, display))
    image = matter.fields.get("image")
    if image is not None:
        line = matter.lines["image"]
        path = local_path(image) if isinstance(image, str) and is_local(image) else None
        if path is None:
            raise SourceError(
                "image: expected a picture under source/, e.g. images/signing.jpg",
                path=display,
                line=line,
            )
        if all(m.path != path for m in media):
            media.append(Media(path, line, True))
        return {"media": tuple(media), "image": path}
    first = next((m.path for m in media if m.picture), None)
    return {"media": tuple(media), "image": first}


def _correction(matter: FrontMatter, display: str) -> str | None:
    """``correction:``: a note to readers on what an update changed (a segment to translate)."""
    value = matter.fields.get("correction")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise SourceError(
            "correction: expected a sentence for readers, e.g. 'An earlier version gave the "
            "wrong number of observers.'",
            path=display,
            line=matter.lines["correction"],
        )
    if "updated" not in matter.fields:
        raise SourceError(
            "correction: say when the release was corrected, with 'updated: 2024-03-02'",
            path=display,
            line=matter.lines["correction"],
        )
    return " ".join(value.split())


def _with_offset(
    value: datetime.datetime, key: str, example: str, display: str, line: int
) -> datetime.datetime:
    """A moment from the front matter, which must say its offset from UTC."""
    if value.tzinfo is None:
        raise SourceError(f"{key}: a time needs an offset, e.g. {example}", path=display, line=line)
    return value


def _draft(matter: FrontMatter, display: str) -> bool:
    """``status: draft`` (or ``status: published``), or Hugo's ``draft: true``."""
    status = matter.fields.get("status")
    draft = matter.fields.get("draft")
    if status is not None and status not in ("draft", "published"):
        raise SourceError(
            f"status: {excerpt(status)} is not a status (expected draft or published)",
            path=display,
            line=matter.lines["status"],
        )
    if draft is not None and not isinstance(draft, bool):
        raise SourceError(
            f"draft: {excerpt(draft)} is not true or false",
            path=display,
            line=matter.lines["draft"],
        )
    if status is not None and draft is not None and (status == "draft") != draft:
        raise SourceError(
            f"status: {status} and draft: {str(draft).lower()} disagree; keep one",
            path=display,
            line=matter.lines["draft"],
        )
    return status == "draft" or draft is True


def _numbered(blocks: list[Block]) -> list[Block]:
    counts: dict[BlockKind, int] = {}
    numbered = []
    items: dict[tuple[int, int], int] = {}  # each open list item's number, by group and level
    for block in blocks:
        if block.paragraph > 1:  # (a list item's other paragraphs are its own: its number)
            number = items.get((block.group, block.level), counts.get(block.kind, 0))
        else:
            number = counts[block.kind] = counts.get(block.kind, 0) + 1
            if block.kind is BlockKind.LIST_ITEM:
                items[block.group, block.level] = number
        numbered.append(dataclasses.replace(block, number=number))
    return numbered
