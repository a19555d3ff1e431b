"""Conformance checks for feeds, written from RFC 4287 (Atom) and the RSS 2.0 specification.

Each function returns the list of problems found in a document (empty when it conforms), so a
test can assert ``== []`` and show every problem at once.
"""

from __future__ import annotations

import email.utils
import re
from collections import Counter
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# RFC 3339 date-time, with a mandatory offset (Z or ±hh:mm).
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)


def bcp47(tag: str) -> bool:
    try:
        Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return False
    return True


def iri(value: str) -> bool:
    """An absolute IRI: a scheme, and something after it."""
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc or parts.path)


def atom_problems(document: bytes, url: str) -> list[str]:
    """RFC 4287 rules for a feed served at ``url``."""
    problems: list[str] = []
    root = etree.fromstring(document)
    if root.tag != f"{ATOM}feed":
        return [f"root element is {root.tag}, not atom:feed"]
    problems += _atom_common(root, "feed")
    selves = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if [link.get("href") for link in selves] != [url]:
        problems.append(f"feed: self link {[s.get('href') for s in selves]} is not {url}")
    entries = root.findall(f"{ATOM}entry")
    feed_author = root.find(f"{ATOM}author") is not None
    ids = Counter()
    for index, entry in enumerate(entries):
        where = f"entry {index + 1}"
        problems += _atom_common(entry, where)
        if not feed_author and entry.find(f"{ATOM}author") is None:
            problems.append(f"{where}: no author, and the feed has none")
        content = entry.find(f"{ATOM}content")
        alternates = [
            link
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if content is None and not alternates:
            problems.append(f"{where}: neither content nor an alternate link")
        ids[entry.findtext(f"{ATOM}id")] += 1
        published = entry.findtext(f"{ATOM}published")
        if published is not None and not RFC3339.match(published):
            problems.append(f"{where}: published {published!r} is not RFC 3339 with an offset")
    problems += [f"id {value} is used {count} times" for value, count in ids.items() if count > 1]
    for element in root.iter():
        language = element.get(XML_LANG)
        if language is not None and not bcp47(language):
            problems.append(f"xml:lang {language!r} is not a BCP 47 tag")
    return problems


def _atom_common(element: etree._Element, where: str) -> list[str]:
    problems = []
    for name in ("id", "title", "updated"):
        found = element.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} atom:{name} elements, expected one")
    identifier = element.findtext(f"{ATOM}id")
    if identifier is not None and not iri(identifier):
        problems.append(f"{where}: id {identifier!r} is not an absolute IRI")
    updated = element.findtext(f"{ATOM}updated")
    if updated is not None and not RFC3339.match(updated):
        problems.append(f"{where}: updated {updated!r} is not RFC 3339 with an offset")
    alternates = Counter(
        (link.get("type"), link.get("hreflang"))
        for link in element.findall(f"{ATOM}link")
        if link.get("rel", "alternate") == "alternate"
    )
    problems += [
        f"{where}: two alternate links with type {kind!r} and hreflang {lang!r}"
        for (kind, lang), count in alternates.items()
        if count > 1
    ]
    for link in element.findall(f"{ATOM}link"):
        if not link.get("href"):
            problems.append(f"{where}: a link without href")
        if link.get("hreflang") and not bcp47(link.get("hreflang", "")):
            problems.append(f"{where}: hreflang {link.get('hreflang')!r} is not BCP 47")
    return problems


def rss_problems(document: bytes, url: str) -> list[str]:
    """RSS 2.0 rules for a feed served at ``url``."""
    problems: list[str] = []
    root = etree.fromstring(document)
    if root.tag != "rss" or root.get("version") != "2.0":
        return ["root element is not rss version 2.0"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return [f"{len(channels)} channel elements, expected one"]
    channel = channels[0]
    for name in ("title", "link", "description"):
        if not channel.findtext(name):
            problems.append(f"channel: no {name}")
    language = channel.findtext("language")
    if language is not None and not bcp47(language):
        problems.append(f"channel: language {language!r} is not a BCP 47 tag")
    selves = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if [link.get("href") for link in selves] != [url]:
        problems.append(f"channel: atom:link self {[s.get('href') for s in selves]} is not {url}")
    for name in ("lastBuildDate", "pubDate"):
        value = channel.findtext(name)
        if value is not None:
            problems += _rfc822(value, f"channel {name}")
    guids = Counter()
    for index, item in enumerate(channel.findall("item")):
        where = f"item {index + 1}"
        if not item.findtext("title") and not item.findtext("description"):
            problems.append(f"{where}: neither title nor description")
        guid = item.find("guid")
        if guid is not None:
            permalink = guid.get("isPermaLink", "true") == "true"
            if permalink and not urlsplit(guid.text or "").scheme.startswith("http"):
                problems.append(f"{where}: a permalink guid that is not a URL")
            guids[guid.text] += 1
        published = item.findtext("pubDate")
        if published is not None:
            problems += _rfc822(published, f"{where} pubDate")
        link = item.findtext("link")
        if link is not None and not iri(link):
            problems.append(f"{where}: link {link!r} is not absolute")
    problems += [
        f"guid {value} is used {count} times" for value, count in guids.items() if count > 1
    ]
    return problems


def _rfc822(value: str, where: str) -> list[str]:
    if not RFC822.match(value):
        return [f"{where}: {value!r} is not an RFC 822 date with a numeric offset"]
    moment = email.utils.parsedate_to_datetime(value)
    if ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[moment.weekday()] != value[:3]:
        return [f"{where}: {value!r} names the wrong weekday"]
    return []
