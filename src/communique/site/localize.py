"""A release in one language: its translated segments put back together as HTML.

Reviewed translations are used; in a draft preview, fuzzy ones too. A segment without a usable
translation falls back to the English and carries ``lang="en"``, so browsers, screen readers and
search engines know. Inline Markdown is rendered by markdown-it with raw HTML disabled: a
translation that contains ``<script>`` shows it as text.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import html
import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from babel.dates import format_date, format_time, get_datetime_format, get_timezone_name

from communique.catalog import Catalog, Message
from communique.locales import native_digits, parse_locale
from communique.release.blocks import Block, BlockKind
from communique.release.inline import SpanKind, find_spans
from communique.release.media import MEDIA_FOLDER, is_local, local_path
from communique.release.reader import Release
from communique.release.segment import Segment
from communique.site.record import last_changed
from communique.typography import comma

#: Where a release page (``<locale>/<slug>/``) finds the site's ``media/`` folder.
MEDIA_FROM_PAGE = f"../../{MEDIA_FOLDER}/"


@functools.cache
def _renderer() -> Any:
    """markdown-it for inline Markdown (0.05 s to import: only when a sentence has some),
    HTML5 (``<img>``, ``<br>``), whose links to local files point at the site's copies."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": False, "xhtmlOut": False})
    normalize = renderer.normalizeLink

    def to_media(url: str) -> str:
        """A local address (``images/signing.png``, relative to ``source/``) as the page's link
        to the copy in ``media/``; other addresses as they are."""
        if is_local(url):
            path = local_path(url)
            if path is not None:
                rest = url[len(url.split("#")[0].split("?")[0]) :]
                return normalize(MEDIA_FROM_PAGE + path + rest)
        return normalize(url)

    renderer.normalizeLink = to_media  # type: ignore[method-assign]

    def link_open(self: Any, tokens: Any, index: int, options: Any, env: Any) -> str:
        """A link whose words are its address is marked (a printed page shows no address
        twice, see the stylesheet)."""
        token = tokens[index]
        href = token.attrGet("href") or ""
        words = tokens[index + 1].content if index + 1 < len(tokens) else None
        if words and href in (words, f"https://{words}", f"mailto:{words}"):
            token.attrSet("class", "address")
        return str(self.renderToken(tokens, index, options, env))

    renderer.add_render_rule("link_open", link_open)
    return renderer


#: Characters that a pasted text may carry and that XML or HTML cannot hold: C0 and C1
#: controls (HTML forbids U+0080–U+009F, which pasting from old Windows text leaves behind)
#: and Unicode noncharacters.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")

#: The characters with which CommonMark's inline syntax begins (emphasis, code spans, links and
#: images, autolinks and raw HTML, entities, backslash escapes, line breaks): a text without
#: any of them renders as itself, escaped.
MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]!<>&\\\r\n]")

Usage = Literal["reviewed", "draft", "english"]


@dataclass(frozen=True)
class Piece:
    """A rendered block of the page."""

    kind: BlockKind
    html: str
    level: int
    group: int
    ordered: bool
    #: The source language when the whole block fell back to it in a translated page.
    lang: str | None
    #: An ordered list's first number, a list item's paragraph and quotation (see
    #: :class:`Block`).
    start: int = 1
    paragraph: int = 1
    quote: int = 0


@dataclass(frozen=True)
class ReleaseCard:
    """What pages and feeds need to know of a release besides its text."""

    slug: str
    id: str
    date: datetime.date
    agency: str | None
    tags: tuple[str, ...]
    markup: bool
    #: Former slugs: their pages redirect to this release's.
    aliases: tuple[str, ...] = ()
    #: Not public before this moment: its ``embargo:``, or its date where that is later.
    embargo: datetime.datetime | None = None
    #: Being written: never public.
    draft: bool = False
    #: The day the original was corrected (``updated:``), shown on every version's page.
    corrected: datetime.date | None = None
    #: The files it links under ``source/`` (the build copies them into ``media/``), and its
    #: picture for link previews.
    media: tuple[str, ...] = ()
    image: str | None = None
    #: The member states it concerns (``release.concerns``); None where unknown (a version
    #: read back from the publication record).
    states: tuple[str, ...] | None = None

    @classmethod
    def of(
        cls, release: Release, timezone: str = "UTC", states: tuple[str, ...] | None = None
    ) -> ReleaseCard:
        return cls(
            release.slug,
            release.id,
            release.date,
            release.agency,
            release.tags,
            release.markup,
            release.aliases,
            # Public from its embargo, or from its date where that is later: a release dated
            # tomorrow is not online today (as Hugo and Jekyll hold back future posts).
            release_times(release, timezone),
            release.draft,
            day_in(release.updated, timezone) if release.updated is not None else None,
            tuple(m.path for m in release.media),
            release.image,
            states,
        )

    def public(self, now: datetime.datetime) -> bool:
        """Whether the release may be in the public site at ``now``."""
        return not self.draft and (self.embargo is None or self.embargo <= now)


@dataclass(frozen=True)
class Version:
    """A release in one language, ready for pages and feeds; its text (:class:`Piece`) is kept
    apart, by the version's ``key``, so listings and feeds load only what they show."""

    key: str
    release: ReleaseCard
    locale: str
    title: str
    place: str | None
    date_text: str
    published: datetime.datetime
    updated: datetime.datetime
    #: Segments shown in English although the page is in another language.
    fallbacks: int
    #: Segments whose translation is a draft (fuzzy); only in a preview.
    drafts: int
    title_lang: str | None = None
    #: The language the release was written in.
    source_language: str = "en"
    #: Served from the publication record although the original has changed since; when, if
    #: the template of the changed original says.
    superseded: bool = False
    superseded_on: datetime.date | None = None
    #: The note to readers on a correction (``correction:``), as shown, and its language when
    #: it fell back to the original's.
    correction: str | None = None
    correction_lang: str | None = None
    #: The language tag its feed entries were first published under, when the project has
    #: since switched to another region of the language (``en`` → ``en-GB``): their ids keep it.
    id_locale: str | None = None
    #: Where its page was before such a switch (``en``): a page there sends readers on.
    former_locales: tuple[str, ...] = ()
    #: The release's date its feed entries were first published under (ISO), when its date
    #: has been corrected since: their ids keep it.
    id_date: str | None = None
    #: The title as the page's heading shows it: a Markdown title's emphasis and code shown
    #: (``title`` has its words alone, for the window's title, feeds and listings).
    title_html: str = ""
    #: The dateline's place's language, where it is shown in the original's.
    place_lang: str | None = None
    #: When a translation first went online (ISO 8601, UTC), as the record says.
    since: str | None = None

    @property
    def is_source(self) -> bool:
        return self.locale == self.source_language

    @property
    def dateline(self) -> str:
        """``Strasbourg, 7 juin 2023`` — the place as translated, the date as CLDR writes it,
        with the language's comma (``ستراسبورغ، 7 يونيو 2023``)."""
        return f"{self.place}{self.comma}{self.date_text}" if self.place else self.date_text

    @property
    def comma(self) -> str:
        """The comma after the dateline's place, as the version's language writes it."""
        return comma(self.locale)

    def as_record(self) -> list[Any]:
        """The version as plain data, for the cache (its text is stored apart): a list, not a
        mapping, as the last build's versions are read back at the start of every build, and
        JSON objects take several times longer to decode."""
        card = self.release
        return [
            [
                card.slug,
                card.id,
                card.date.isoformat(),
                card.agency,
                list(card.tags),
                card.markup,
                list(card.aliases),
                card.embargo.isoformat() if card.embargo else None,
                card.draft,
                card.corrected.isoformat() if card.corrected else None,
                list(card.media),
                card.image,
                None if card.states is None else list(card.states),
            ],
            self.locale,
            self.title,
            self.place,
            self.date_text,
            self.published.isoformat(),
            self.updated.isoformat(),
            self.fallbacks,
            self.drafts,
            self.title_lang,
            self.source_language,
            self.superseded,
            self.superseded_on.isoformat() if self.superseded_on else None,
            self.correction,
            self.correction_lang,
            self.id_locale,
            list(self.former_locales),
            self.id_date,
            self.title_html,
            self.place_lang,
            self.since,
        ]

    @classmethod
    def from_record(
        cls, key: str, data: Sequence[Any], cards: dict[str, tuple[Any, ReleaseCard]] | None = None
    ) -> Version:
        """The version from :meth:`as_record`'s data; ``cards``: the release cards decoded so
        far, by slug (a release's versions share theirs: decoded once, not once a language)."""
        release, locale, title, place, date_text, published, updated, *rest = data
        known = cards.get(release[0]) if cards is not None else None
        if known is not None and known[0] == release:
            card = known[1]
        else:
            card = _card(release)
            if cards is not None:
                cards[release[0]] = (release, card)
        fallbacks, drafts, title_lang, source_language, superseded, superseded_on, *last = rest
        correction, correction_lang, id_locale, former_locales, id_date, *more = last
        title_html, place_lang, since = more
        return cls(
            key,
            card,
            locale,
            title,
            place,
            date_text,
            datetime.datetime.fromisoformat(published),
            datetime.datetime.fromisoformat(updated),
            fallbacks,
            drafts,
            title_lang,
            source_language,
            superseded,
            datetime.date.fromisoformat(superseded_on) if superseded_on else None,
            correction,
            correction_lang,
            id_locale,
            tuple(former_locales),
            id_date,
            title_html,
            place_lang,
            since,
        )


def _card(data: Sequence[Any]) -> ReleaseCard:
    slug, release_id, date, agency, tags, markup, aliases, embargo, draft, *more = data
    corrected, media, image, states = more
    return ReleaseCard(
        slug,
        release_id,
        datetime.date.fromisoformat(date),
        agency,
        tuple(tags),
        markup,
        tuple(aliases),
        datetime.datetime.fromisoformat(embargo) if embargo else None,
        draft,
        datetime.date.fromisoformat(corrected) if corrected else None,
        tuple(media),
        image,
        None if states is None else tuple(states),
    )


def pieces_record(pieces: Sequence[Piece]) -> list[list[Any]]:
    """The text of a version as plain data, for the cache."""
    return [
        [str(p.kind), p.html, p.level, p.group, p.ordered, p.lang, p.start, p.paragraph, p.quote]
        for p in pieces
    ]


def pieces_from_record(data: list[list[Any]]) -> tuple[Piece, ...]:
    return tuple(
        Piece(BlockKind(kind), html, level, group, ordered, lang, start, paragraph, quote)
        for kind, html, level, group, ordered, lang, start, paragraph, quote in data
    )


def clean(text: str) -> str:
    """Text without the control characters that break XML."""
    return CONTROL.sub("", text)


def release_times(release: Release, timezone: str) -> datetime.datetime:
    """When a release was published, with its offset; midnight in ``timezone`` for a date.
    A release under embargo was published when its embargo lifted, if that is later: a feed
    reader shows the moment readers could first read it, not a dawn that nobody saw."""
    published = release.published or midnight(release.date, timezone)
    embargo = release.embargo
    if embargo is None:
        return published
    if not isinstance(embargo, datetime.datetime):
        embargo = midnight(embargo, timezone)
    return max(published, embargo)


def day_in(moment: datetime.datetime | datetime.date, timezone: str) -> datetime.date:
    """The day of a moment in the organisation's time zone (a date is its own day)."""
    if isinstance(moment, datetime.datetime):
        return moment.astimezone(zoneinfo.ZoneInfo(timezone)).date()
    return moment


def midnight(date: datetime.date, timezone: str) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(0, 0, tzinfo=zoneinfo.ZoneInfo(timezone)))


#: What a page showed of one segment: the English, and the translation shown (absent where
#: the English itself was shown). A list, as the publication record stores it in JSON.
Shown = list[str]


def localize(
    release: Release,
    blocks: Sequence[tuple[Block, Sequence[Segment]]],
    locale: str,
    catalog: Catalog | None,
    *,
    key: str,
    timezone: str,
    drafts: bool = False,
    source_language: str = "en",
    states: tuple[str, ...] | None = None,
) -> tuple[Version, tuple[Piece, ...], dict[str, Any]]:
    """The release in ``locale``, its text, and what it shows, segment by segment, as the
    publication record keeps it (:mod:`communique.site.record`); ``catalog`` None means the
    English original; ``states``: the member states the release concerns."""
    messages = {m.msgid: m for m in catalog.messages if not m.obsolete} if catalog else {}
    counts = {"fallbacks": 0, "drafts": 0}

    def text_for(english: str) -> tuple[str, Usage]:
        if catalog is None:
            return english, "reviewed"
        usage = _usage(messages.get(english), drafts)
        if usage == "english":
            counts["fallbacks"] += 1
            return english, usage
        if usage == "draft":
            counts["drafts"] += 1
        return messages[english].msgstr, usage

    def shown(english: str, text: str, usage: Usage) -> Shown:
        return [english] if catalog is None or usage == "english" else [english, text]

    title, title_usage = text_for(release.title)
    place_shown: Shown | None = None
    place = None
    place_usage: Usage = "reviewed"
    if release.place:
        place, place_usage = text_for(release.place)
        place_shown = shown(release.place, place, place_usage)
    correction_shown: Shown | None = None
    if release.correction:
        correction, correction_usage = text_for(release.correction)
        correction_shown = shown(release.correction, correction, correction_usage)
    pieces = []
    recorded: list[dict[str, Any]] = []
    for block, segments in blocks:
        if block.kind is BlockKind.VERBATIM:
            pieces.append(_verbatim(block))
            recorded.append(_verbatim_record(block))
            continue
        rendered = [(s.text, *text_for(s.text)) for s in segments]
        breaks = tuple(index for index, s in enumerate(segments) if s.line_break)
        pieces.append(
            _piece(
                block,
                [(text, usage) for _, text, usage in rendered],
                release.markup,
                translated=catalog is not None,
                source_language=source_language,
                locale=locale,
                breaks=breaks,
            )
        )
        recorded.append(_block_record(block, [shown(*r) for r in rendered], breaks))
    published = release_times(release, timezone)
    revised = catalog.info.revised if catalog is not None else None
    if catalog is None and release.updated is not None:  # the original, corrected
        corrected = release.updated
        if isinstance(corrected, datetime.datetime):
            revised = corrected
        else:
            revised = midnight(corrected, timezone)
    version = Version(
        key=key,
        release=ReleaseCard.of(release, timezone, states),
        locale=locale,
        title=title_text(title, release.markup),
        title_html=title_html(title, release.markup),
        place=clean(place) if place else None,
        date_text=long_date(release.date, locale),
        published=published,
        updated=max(published, revised) if revised else published,
        fallbacks=counts["fallbacks"],
        drafts=counts["drafts"],
        title_lang=source_language if catalog is not None and title_usage == "english" else None,
        place_lang=source_language if catalog is not None and place_usage == "english" else None,
        source_language=source_language,
        correction=clean(correction_shown[-1]) if correction_shown else None,
        correction_lang=(
            source_language
            if correction_shown and catalog is not None and len(correction_shown) == 1
            else None
        ),
    )
    entry: dict[str, Any] = {
        "release": card_record(version.release),
        "published": version.published.isoformat(),
        "updated": version.updated.isoformat(),
        "title": shown(release.title, title, title_usage),
        "place": place_shown,
        "blocks": recorded,
    }
    if correction_shown:  # only then: the records of versions without one stay as they were
        entry["correction"] = correction_shown
    return version, tuple(pieces), entry


def card_record(card: ReleaseCard) -> dict[str, Any]:
    """What the publication record keeps of a release besides its text."""
    return {
        "id": card.id,
        "date": card.date.isoformat(),
        "agency": card.agency,
        "tags": list(card.tags),
        "markup": card.markup,
        "aliases": list(card.aliases),
        **({"corrected": card.corrected.isoformat()} if card.corrected else {}),
        **({"media": list(card.media), "image": card.image} if card.media else {}),
    }


def _verbatim_record(block: Block) -> dict[str, Any]:
    return {"kind": str(block.kind), "level": block.level, "group": block.group, "text": block.text}


def _block_record(block: Block, segments: list[Shown], breaks: tuple[int, ...]) -> dict[str, Any]:
    record = {
        "kind": str(block.kind),
        "level": block.level,
        "group": block.group,
        "ordered": block.ordered,
        "segments": segments,
    }
    if breaks:  # only then: the records of blocks without one stay as they were
        record["breaks"] = list(breaks)
    if block.start != 1:  # (so too)
        record["start"] = block.start
    if block.paragraph != 1:
        record["paragraph"] = block.paragraph
    if block.quote:
        record["quote"] = block.quote
    return record


def from_entry(
    entry: dict[str, Any],
    slug: str,
    locale: str,
    *,
    key: str,
    source_language: str,
    superseded: bool = False,
    superseded_on: datetime.date | None = None,
) -> tuple[Version, tuple[Piece, ...]]:
    """A version as the publication record keeps it, and its text, rendered as a version made
    from a catalog is (the same code, so a recorded page looks as the current ones do).
    ``superseded``: the original has changed since (``superseded_on``, where known)."""
    card = entry["release"]
    markup = bool(card["markup"])
    translated = locale != source_language
    pieces = []
    fallbacks = 0
    for recorded in entry["blocks"]:
        kind = BlockKind(recorded["kind"])
        if kind is BlockKind.VERBATIM:
            block = Block(kind, recorded["text"], 0, level=recorded["level"])
            pieces.append(_verbatim(dataclasses.replace(block, group=recorded["group"])))
            continue
        block = Block(
            kind,
            "",
            0,
            level=recorded["level"],
            group=recorded["group"],
            ordered=recorded["ordered"],
            start=recorded.get("start", 1),
            paragraph=recorded.get("paragraph", 1),
            quote=recorded.get("quote", 0),
        )
        rendered: list[tuple[str, Usage]] = [
            (shown[1], "reviewed") if len(shown) > 1 else (shown[0], "english")
            for shown in recorded["segments"]
        ]
        fallbacks += sum(usage == "english" for _, usage in rendered) if translated else 0
        pieces.append(
            _piece(
                block,
                rendered,
                markup,
                translated=translated,
                source_language=source_language,
                locale=locale,
                breaks=tuple(recorded.get("breaks", ())),
            )
        )
    title = entry["title"]
    place = entry["place"]
    date = datetime.date.fromisoformat(card["date"])
    version = Version(
        key=key,
        release=ReleaseCard(
            slug,
            card["id"],
            date,
            card["agency"],
            tuple(card["tags"]),
            markup,
            tuple(card.get("aliases", ())),
            corrected=datetime.date.fromisoformat(card["corrected"])
            if card.get("corrected")
            else None,
            media=tuple(card.get("media", ())),
            image=card.get("image"),
        ),
        locale=locale,
        title=title_text(title[-1], markup),
        title_html=title_html(title[-1], markup),
        place=clean(place[-1]) if place else None,
        date_text=long_date(date, locale),
        published=datetime.datetime.fromisoformat(entry["published"]),
        # A change nothing dated (the record's ``changed``) is when readers last saw it
        # change, as when the version was current: its feeds' dates never go back.
        updated=last_changed(entry),
        fallbacks=fallbacks + sum(translated and len(shown) == 1 for shown in (title, place or [])),
        drafts=0,
        title_lang=source_language if translated and len(title) == 1 else None,
        place_lang=source_language if translated and place and len(place) == 1 else None,
        source_language=source_language,
        superseded=superseded,
        superseded_on=superseded_on,
        correction=clean(entry["correction"][-1]) if entry.get("correction") else None,
        correction_lang=(
            source_language
            if translated and entry.get("correction") and len(entry["correction"]) == 1
            else None
        ),
        id_locale=entry.get("id_locale"),
        id_date=entry.get("id_date"),
        since=entry.get("since"),
    )
    return version, tuple(pieces)


@functools.lru_cache(maxsize=4096)
def long_date(date: datetime.date, locale: str) -> str:
    """``7 juin 2023``: a date as CLDR writes it in full in a language, once per date and
    language (the releases of a day share it)."""
    return native_digits(format_date(date, "long", locale=parse_locale(locale)), locale)


def long_moment(moment: datetime.datetime, locale: str, timezone: str) -> str:
    """``10 December 2026, 09:00 CET``: a moment in the site's time zone, its date in full, the
    time to the minute and the zone as CLDR writes them in a language (``+0100`` where the
    language has no short name for the zone).

    >>> import datetime
    >>> moment = datetime.datetime.fromisoformat("2026-12-10T08:00:00+00:00")
    >>> long_moment(moment, "en-GB", "Europe/Vienna")
    '10 December 2026, 09:00 CET'
    >>> long_moment(moment, "de", "Europe/Vienna")
    '10. Dezember 2026, 09:00 MEZ'
    """
    shown = moment.astimezone(zoneinfo.ZoneInfo(timezone))
    language = parse_locale(locale)
    zone = get_timezone_name(shown, "short", locale=language)
    # The pattern's quoted words ("{1} 'at' {0}") as words; '' is an apostrophe.
    pattern = str(get_datetime_format("long", locale=language))
    pattern = pattern.replace("''", "\0").replace("'", "").replace("\0", "'")
    time = f"{format_time(shown, 'short', locale=language)} {zone}"
    date = format_date(shown, "long", locale=language)
    return native_digits(pattern.replace("{1}", date).replace("{0}", time), locale)


def _usage(message: Message | None, drafts: bool) -> Usage:
    if message is None or not message.msgstr.strip():
        return "english"
    if message.fuzzy:
        return "draft" if drafts else "english"
    return "reviewed"


def _verbatim(block: Block) -> Piece:
    code = html.escape(clean(block.text))
    return Piece(
        block.kind, f"<pre><code>{code}</code></pre>", block.level, block.group, False, None
    )


#: A sentence that ends with a full-width mark, as Chinese and Japanese write them (。！？,
#: and the quotation or bracket that closes after it: 」』）), before its closing tags: the
#: next sentence follows with no space.
_ENDS_WIDE = re.compile(r"[。！？．][」』）〕】〉》”’]*(?:</[a-z]+>)*$")


def _ends_wide(part: str) -> bool:
    tail = part[-48:]  # (the mark, a bracket or two, closing tags: the end is enough)
    return any(mark in tail for mark in "。！？．") and _ENDS_WIDE.search(tail) is not None


def sentence_gap(text: str) -> str:
    """What goes between ``text`` and a sentence after it: a space, or none after a
    full-width mark, as Chinese and Japanese write them ("更新于2023年6月9日。" and a note)."""
    return "" if _ends_wide(text) else " "


def _piece(
    block: Block,
    texts: Sequence[tuple[str, Usage]],
    markup: bool,
    *,
    translated: bool,
    source_language: str,
    locale: str,
    breaks: tuple[int, ...] = (),
) -> Piece:
    """A block of text from what each of its segments shows, and how (``english``: the
    original, where a translated page has no translation), on a page in ``locale``; the line
    breaks after the segments numbered in ``breaks`` (from 0)."""
    rendered = [(render_inline(text, markup), usage == "english") for text, usage in texts]
    if direction(locale) == "rtl":  # (an English passage is isolated as a whole below)
        rendered = [
            (body if fallback else left_to_right_numbers(body), fallback)
            for body, fallback in rendered
        ]
    english = [fallback for _, fallback in rendered]
    whole_english = translated and bool(english) and all(english)
    marked = language_attributes(source_language, locale)
    parts = [
        f"<span{marked}>{body}</span>" if fallback and translated and not whole_english else body
        for body, fallback in rendered
    ]
    # Each sentence, then a line break where the writer broke the line, else a space (none
    # after a full-width stop).
    joined = "".join(
        part + ("<br>\n" if index in breaks else sentence_gap(part))
        for index, part in enumerate(parts[:-1])
    ) + (parts[-1] if parts else "")
    return Piece(
        block.kind,
        joined,
        block.level,
        block.group,
        block.ordered,
        source_language if whole_english else None,
        block.start,
        block.paragraph,
        block.quote,
    )


#: A telephone number or a figure in groups (``+43 1 514 36 6000``, ``(0)1-514``): digits in
#: groups apart, or after a plus sign.
_GROUPED = re.compile(r"(?<![\w.,+])\+?\(?\d[\d ()\u00a0\u202f./-]*\d\)?(?![\w+])")
_TAG = re.compile(r"(<[^>]*>)")


def left_to_right_numbers(body: str) -> str:
    """A passage of a right-to-left page (HTML) with each number in groups, a telephone number
    above all, held left to right: the bidirectional algorithm lays out groups of digits
    apart in the paragraph's direction, so Arabic "الهاتف: +43 1 514 36 6000" showed
    "6000 36 514 1 43+", a wrong number to dial. (Not within a tag's attributes.)

    >>> left_to_right_numbers("الهاتف: +43 1 514 36 6000، أو 2023-2024")
    'الهاتف: <span dir="ltr">+43 1 514 36 6000</span>، أو 2023-2024'
    """
    if not any(c in body for c in " +\u00a0\u202f") or _GROUPED.search(body) is None:
        return body
    parts = _TAG.split(body)
    for index in range(0, len(parts), 2):  # (the text between tags)
        parts[index] = _GROUPED.sub(_held, parts[index])
    return "".join(parts)


def _held(found: re.Match[str]) -> str:
    number = found.group()
    apart = number.startswith("+") or any(c in number for c in " \u00a0\u202f")
    return f'<span dir="ltr">{number}</span>' if apart else number


def language_attributes(tag: str, page: str) -> str:
    """The attributes of a passage in another language than its page's: ``lang``, and ``dir``
    where the two are written in different directions (English on an Arabic page), so that
    the browser lays it out, full stop included, as its own language's."""
    written = direction(tag)
    return f' lang="{tag}"' + (f' dir="{written}"' if written != direction(page) else "")


@functools.cache
def direction(tag: str) -> str:
    """``rtl`` or ``ltr``, from CLDR's character order."""
    return "rtl" if parse_locale(tag).character_order == "right-to-left" else "ltr"


def title_text(title: str, markup: bool) -> str:
    """A title's words, its Markdown's marks left out (``*Annual Report* published``:
    ``Annual Report published``), for what shows text alone: the window's title, feeds,
    listings."""
    title = clean(title)
    if not markup or MARKDOWN_SYNTAX.search(title) is None:
        return title
    from lxml import html as lxml_html

    return str(lxml_html.fragment_fromstring(render_inline(title, True), "span").text_content())


def title_html(title: str, markup: bool) -> str:
    """A title as the page's heading shows it: its Markdown rendered, or plain text escaped."""
    return render_inline(title, True) if markup else html.escape(clean(title), quote=False)


def render_inline(text: str, markup: bool) -> str:
    """A segment as HTML: Markdown rendered without raw HTML, or plain text escaped, its bare
    web addresses and e-mail addresses made links (they stay as written in every language:
    drafting and the checks keep them whole).

    >>> print(render_inline("Write to press@osce.org or see www.osce.org/odihr.", False))
    ... # doctest: +NORMALIZE_WHITESPACE
    Write to <a href="mailto:press@osce.org" class="address">press@osce.org</a>
    or see <a href="https://www.osce.org/odihr" class="address">www.osce.org/odihr</a>.
    """
    text = clean(text)
    if not markup:
        return _linked(text)
    if "@" in text or "://" in text or "www." in text.lower():
        text = _autolinked(text)
    if MARKDOWN_SYNTAX.search(text) is None:
        # Most sentences: nothing for the parser to find, and what it would write is the text
        # with its quotation marks escaped (it escapes &, < and >, which are not here).
        return text.replace('"', "&quot;").strip()
    rendered: str = _renderer().renderInline(text)
    return rendered.strip()


def _autolinked(text: str) -> str:
    """Markdown with each bare web and e-mail address written out made a link, as GitHub's
    Markdown and the editors' previews show them (CommonMark links only ``<…>``)."""
    parts, done = [], 0
    # (Within emphasis too, "**Contact: press@osce.org**": not in a link, code or an autolink.)
    taken = [
        (span.start, span.end)
        for span in find_spans(text, markup=True)
        if span.kind not in (SpanKind.EMPHASIS, SpanKind.URL, SpanKind.EMAIL)
    ]
    for span in find_spans(text, markup=False):
        if span.kind not in (SpanKind.URL, SpanKind.EMAIL) or any(
            start < span.end and span.start < end for start, end in taken
        ):
            continue
        address = text[span.start : span.end]
        if address.lower().startswith("www."):
            linked = f"[{address}](https://{address})"
        else:
            linked = f"<{address}>"
        parts += [text[done : span.start], linked]
        done = span.end
    parts.append(text[done:])
    return "".join(parts)


def _linked(text: str) -> str:
    """Plain text as HTML, each URL and e-mail address in it a link to itself."""
    if "@" not in text and "://" not in text and "www." not in text.lower():
        return html.escape(text, quote=False)
    parts, done = [], 0
    for span in find_spans(text, markup=False):
        address = text[span.start : span.end]
        if span.kind is SpanKind.EMAIL:
            target = f"mailto:{address}"
        elif address.lower().startswith("www."):
            target = f"https://{address}"
        else:
            target = address
        parts += [
            html.escape(text[done : span.start], quote=False),
            # (Marked: a printed page shows no address twice, see the stylesheet.)
            f'<a href="{html.escape(target)}" class="address">'
            f"{html.escape(address, quote=False)}</a>",
        ]
        done = span.end
    parts.append(html.escape(text[done:], quote=False))
    return "".join(parts)
