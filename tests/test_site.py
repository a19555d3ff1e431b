"""The built site, verified with real clients: feedparser, the Nu Html Checker, Chromium."""

from __future__ import annotations

import calendar
import datetime
import json
import re
import shutil
import struct
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path

import feedparser
import polib
import pytest
from click.testing import CliRunner, Result
from lxml import etree, html
from lxml.html import HtmlElement

from communique.cli import cli
from communique.config import MemberState
from communique.project import Project
from communique.release.blocks import BlockKind
from communique.site.html import alphabetical, feed_links, language_name, lead, site_languages
from communique.site.i18n import site_words, translator
from communique.site.localize import Piece, long_date, render_inline
from communique.site.outputs import BuildError, Output, Writer
from communique.site.serve import make_server
from communique.site.states import state_languages
from communique.site.urls import og_locale
from tests.conftest import REPOSITORY, tree, vnu_jar
from tests.feedcheck import atom_problems, rss_problems
from tests.site_project import DEMO, SECOND, add_topical, make, translate
from tests.stages import build, update
from tests.w3c_feeds import validate

ARTIFACTS = REPOSITORY / "test-artifacts"
BASE = "https://press.example.org/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = make(tmp_path_factory.mktemp("site") / "project")
    build(project)
    status = CliRunner().invoke(cli, ["-C", str(project.root), "status", "--html"])
    assert status.exit_code == 0, status.output
    assert status.stderr.startswith(
        "output-status: 4 files written, 0 unchanged, 0 removed (staff only"
    )
    return project


def status_page(project: Project, path: str) -> HtmlElement:
    """A page of the translation dashboard, which 'status --html' writes apart from the site."""
    return html.fromstring((project.status_dir / path).read_bytes())


def out(project: Project) -> Path:
    return project.root / "output"


def page(project: Project, path: str) -> HtmlElement:
    return html.fromstring((out(project) / path).read_bytes())


def feeds(project: Project) -> list[Path]:
    return sorted(p for p in out(project).rglob("feed.*"))


def test_published_versions_follow_the_gate(site: Project) -> None:
    built = {p.relative_to(out(site)).as_posix() for p in out(site).rglob("index.html")}
    assert f"fr/{DEMO}/index.html" in built
    assert f"fr/{SECOND}/index.html" in built
    assert f"it/{DEMO}/index.html" in built  # 23 of 25 reviewed, min_complete = 90
    assert f"it/{SECOND}/index.html" not in built
    assert not any(path.startswith(("de/", "ru/", "es/")) for path in built)


def test_release_page(site: Project) -> None:
    document = page(site, f"fr/{DEMO}/index.html")
    assert document.get("lang") == "fr"
    assert document.get("dir") == "ltr"
    assert document.findtext(".//h1").startswith("L'OSCE et le Conseil de l'Europe")
    dateline = document.find(".//p[@class='dateline']").text_content()
    assert dateline == "Strasbourg, 7 juin 2023 (TDI)"
    head = document.find("head")
    assert head.find("link[@rel='canonical']").get("href") == f"{BASE}fr/{DEMO}/"
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in head.findall("link[@rel='alternate']")
        if link.get("type") is None
    }
    assert alternates == {
        "en-GB": f"{BASE}en-GB/{DEMO}/",
        "fr": f"{BASE}fr/{DEMO}/",
        "it": f"{BASE}it/{DEMO}/",
        "x-default": f"{BASE}en-GB/{DEMO}/",
    }
    discovery = [
        (link.get("hreflang"), link.get("type"))
        for link in head.findall("link[@rel='alternate']")
        if link.get("type")
    ]
    assert discovery[:2] == [("fr", "application/atom+xml"), ("fr", "application/rss+xml")]
    assert {lang for lang, _ in discovery} == {"en-GB", "fr", "it"}
    # Each feed link carries the title of the feed it points to, in that feed's language.
    for link in head.findall("link[@rel='alternate'][@type]"):
        href = link.get("href").removeprefix("../../")
        feed_title = etree.parse(str(out(site) / href)).findtext(
            "{http://www.w3.org/2005/Atom}title" if href.endswith(".atom") else "channel/title"
        )
        kind = "Atom" if href.endswith(".atom") else "RSS"
        assert link.get("title").startswith(f"{feed_title} ("), (link.get("title"), feed_title)
        assert link.get("title").endswith(f", {kind})")
    og = {meta.get("property"): meta.get("content") for meta in head.findall("meta[@property]")}
    assert og["og:locale"] == "fr_FR"
    assert sorted(
        m.get("content") for m in head.findall("meta[@property='og:locale:alternate']")
    ) == [
        "en_GB",
        "it_IT",
    ]
    data = json.loads(head.findtext("script[@type='application/ld+json']"))
    assert data["@type"] == "NewsArticle"
    assert data["inLanguage"] == "fr"
    assert data["datePublished"] == "2023-06-07T00:00:00+02:00"
    assert data["dateline"] == "Strasbourg, 7 juin 2023"
    switcher = document.find(".//nav[@class='languages']")
    links = {a.get("hreflang"): (a.text, a.get("href")) for a in switcher.iter("a")}
    assert links == {
        # (Its region unsaid: the site has no other English; see html.language_name.)
        "en-GB": ("English", f"../../en-GB/{DEMO}/"),
        "it": ("italiano", f"../../it/{DEMO}/"),
    }
    assert switcher.find(".//span[@aria-current='page']").text == "français"
    assert head.find("meta[@name='robots']") is None


def test_markdown_is_rendered_and_fallbacks_are_marked_english(site: Project) -> None:
    second = page(site, f"fr/{SECOND}/index.html")
    paragraph = second.find(".//article/p[2]")
    assert paragraph.find("em").text == "rapport intermédiaire"
    assert paragraph.find("a").get("href") == "https://www.osce.org/odihr"
    assert [li.text for li in second.findall(".//article/ul/li")] == [
        "Égalité d'accès aux médias.",
        "Un dépouillement transparent.",
    ]
    assert second.find(".//p[@class='dateline']").text_content() == "Varsovie, 1 mars 2024 (ODIHR)"
    italian = page(site, f"it/{DEMO}/index.html")
    english = italian.findall(".//article/p[@lang='en-GB']")
    assert [p.text_content()[:20] for p in english] == [
        "Recognizing the grav",
        "By joining forces, t",
    ]
    assert italian.find(".//p[@class='notice fallback']") is not None


def test_dates_and_russian_dateline_from_cldr(tmp_path: Path) -> None:
    from communique.release.reader import read_release
    from communique.release.segment import segment_blocks
    from communique.site.localize import localize

    release = read_release(REPOSITORY / "source" / f"{DEMO}.txt", display=f"source/{DEMO}.txt")
    blocks = segment_blocks(release)
    for locale, expected in (
        ("fr", "Strasbourg, 7 juin 2023"),
        ("de", "Strasbourg, 7. Juni 2023"),
        ("ru", "Strasbourg, 7 июня 2023\u202fг."),
        ("en-GB", "Strasbourg, 7 June 2023"),
        ("en", "Strasbourg, June 7, 2023"),
        # The language's comma: Arabic's (from CLDR), Chinese's full-width one (not the
        # enumeration comma CLDR's lists use), Japanese's.
        ("ar", "Strasbourg، 7 يونيو 2023"),
        ("zh", "Strasbourg，2023年6月7日"),
        ("ja", "Strasbourg、2023年6月7日"),
    ):
        version, _, _ = localize(release, blocks, locale, None, key="", timezone="Europe/Vienna")
        assert version.dateline == expected


def test_the_source_language_is_the_configured_tag(site: Project) -> None:
    # The demo writes British English (en-GB): the English page, its fallbacks, the state
    # pages, the root page and the dashboard all use that tag, not a hard-coded "en".
    english = page(site, f"en-GB/{DEMO}/index.html")
    assert english.get("lang") == "en-GB"
    assert english.find(".//p[@class='dateline']").text_content() == "Strasbourg, 7 June 2023 (TDI)"
    assert english.find(".//meta[@property='og:locale']").get("content") == "en_GB"
    assert page(site, "index.html").get("lang") == "en-GB"
    assert page(site, "states/us/index.html").get("lang") == "en-GB"
    assert status_page(site, "index.html").get("lang") == "en-GB"
    dashboard = status_page(site, "2023/index.html")
    assert dashboard.get("lang") == "en-GB"
    links = [a.get("href") for a in dashboard.findall(".//tbody/tr/th//a")]
    assert links == [f"{BASE}en-GB/{DEMO}/"]  # the public page, wherever the dashboard is
    assert (out(site) / f"en-GB/{DEMO}/index.html").is_file()


def test_indexes_and_root(site: Project) -> None:
    index = page(site, "fr/index.html")
    titles = [a.text for a in index.findall(".//ol[@class='releases']/li/a")]
    assert titles == ["Des observateurs déployés pour le scrutin", titles[1]]  # newest first
    root = page(site, "index.html")
    # Each name in its own language and direction; the count beside it in the page's.
    languages = [
        (li.find("a").get("lang"), li.find("a").get("dir"), li.find("a").text, li[1].text)
        for li in root.findall(".//ul[@class='language-list']/li")
    ]
    assert languages == [
        ("en-GB", "ltr", "English", "(2)"),
        ("fr", "ltr", "français", "(2)"),
        ("it", "ltr", "italiano", "(1)"),
    ]
    feed_hrefs = {a.get("href") for a in root.findall(".//ul[@class='feed-list']//a")}
    assert {"fr/feed.atom", "fr/feed.rss", "en-GB/feed.atom", "it/feed.rss"} <= feed_hrefs
    assert {"states/at/feed.atom", "states/ru/feed.rss"} <= feed_hrefs


def test_feeds_read_by_feedparser(site: Project) -> None:
    for path in [
        out(site) / f"{locale}/feed.{kind}"
        for locale in ("en-GB", "fr", "it")
        for kind in ("atom", "rss")
    ]:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        locale = path.parent.name
        assert parsed.feed.language == locale
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids))
        for entry in parsed.entries:
            assert entry.link.startswith(f"{BASE}{locale}/"), entry.link
            assert entry.id.startswith("tag:osce.org,")
            assert entry.id.endswith(f"/{locale}")
    french = feedparser.parse((out(site) / "fr/feed.atom").read_bytes())
    published = {entry.title: calendar.timegm(entry.published_parsed) for entry in french.entries}
    demo = datetime.datetime(2023, 6, 7, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    second = datetime.datetime(
        2024, 3, 1, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    assert sorted(published.values()) == [int(demo.timestamp()), int(second.timestamp())]
    assert french.feed.title == "OSCE — communiqués de presse"  # no article built on the name


def test_state_feeds_read_by_feedparser(site: Project) -> None:
    """Each entry of a member state's feed is in its own language, with a link of that
    language and an id a language's own feed has: its own, or for the first of the state's
    languages a release is published in, the English's (the entry goes on from it)."""
    language_ids = {
        entry.id
        for locale in ("en-GB", "fr", "it")
        for entry in feedparser.parse((out(site) / f"{locale}/feed.atom").read_bytes()).entries
    }
    paths = sorted((out(site) / "states").glob("*/feed.*"))
    everything = sorted((out(site) / "states").glob("*/all/feed.*"))
    assert len(paths) == len(everything) == 2 * 57
    for path in paths + everything:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        releases = {entry.id.split(":release/")[1].split("/")[0] for entry in parsed.entries}
        # Every release in the "all" feeds; those that concern the state in the others: the
        # demo (datelined Strasbourg) France's; the second none (Warsaw is ODIHR's seat).
        code = path.relative_to(out(site) / "states").parts[0]
        if "all" in path.parts:
            assert len(releases) == 2, path
        else:
            concerning = {"fr": {"osce-coe-nac-nar-meeting-2023"}}
            assert releases == concerning.get(code, set()), path
        for entry in parsed.entries:
            language = entry.title_detail.language if path.suffix == ".atom" else None
            assert entry.id in language_ids
            locale = entry.link.removeprefix(BASE).split("/")[0]
            assert entry.id.rsplit("/", 1)[1] in (locale, "en-GB"), (entry.id, entry.link)
            if language is not None:
                assert language == locale


def w3c_feed_validator(output: Path) -> dict[str, list[str]]:
    """What the W3C Feed Validator says of each feed of ``output`` (see tests/w3c_feeds.py)."""
    return validate(output, BASE)


def test_every_feed_passes_the_w3c_feed_validator(site: Project) -> None:
    """Languages', member states' and tags' feeds, Atom and RSS: no error, warning or
    recommendation from the W3C validator (none of the MissingDCLanguage it gave the state
    feeds once)."""
    found = w3c_feed_validator(out(site))
    assert {"fr/feed.atom", "states/fr/feed.rss", "fr/tags/elections/feed.atom"} <= set(found)
    assert len(found) >= 100
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_feeds_conform_to_rfc_4287_and_rss_2(site: Project) -> None:
    checked = 0
    for path in feeds(site):
        url = BASE + path.relative_to(out(site)).as_posix()
        problems = (
            atom_problems(path.read_bytes(), url)
            if path.suffix == ".atom"
            else rss_problems(path.read_bytes(), url)
        )
        assert problems == [], path
        checked += 1
    # Three languages, 57 states, and the tags of each language's releases: the demo's three
    # and 'elections', in the three languages the releases are published in, Italian without
    # the second release.
    tags = sorted((out(site)).glob("*/tags/*/feed.atom"))
    assert len(tags) == 3 * 3 + 2
    assert checked == 2 * (3 + 2 * 57 + len(tags))  # each state's own and "all" feeds


def test_member_states_get_their_languages(site: Project) -> None:
    def languages(code: str) -> list[str]:
        parsed = feedparser.parse((out(site) / f"states/{code}/all/feed.atom").read_bytes())
        return sorted(entry.title_detail.language for entry in parsed.entries)

    assert languages("fr") == ["fr", "fr"]
    assert languages("ch") == ["fr", "fr", "it"]  # German is not published; Italian for one
    assert languages("us") == ["en-GB", "en-GB"]
    assert languages("ru") == ["en-GB", "en-GB"]  # Russian not published yet
    # A state's page and feeds speak the first of its languages that is published: Belgium's
    # French (its entries in the page's language need no label of their own), France's too.
    state = page(site, "states/be/index.html")
    assert state.get("lang") == "fr"
    # No release concerns Belgium: the page says so, and offers the feeds of every release.
    assert state.find(".//ol[@class='releases']") is None
    assert state.findtext(".//p[@class='empty']") == "Aucun communiqué de presse pour l’instant."
    assert [a.get("href") for a in state.findall(".//p[@class='more']/a")] == [
        "all/feed.atom",
        "all/feed.rss",
    ]
    france_page = page(site, "states/fr/index.html")
    assert {li.get("lang") for li in france_page.findall(".//ol[@class='releases']/li")} == {None}
    france = page(site, "states/fr/index.html")
    assert france.get("lang") == "fr"
    assert france.findtext(".//h1") == "Communiqués de presse\u202f: France"
    assert france.findtext(".//title") == "France — OSCE"
    feed = feedparser.parse((out(site) / "states/fr/feed.atom").read_bytes())
    assert feed.feed.title == "OSCE\u202f: France"
    assert feed.feed.title_detail.language == "fr"
    assert feed.feed.subtitle == "OSCE\u202f: communiqués de presse. Pays concerné\u202f: France."
    everything = feedparser.parse((out(site) / "states/fr/all/feed.atom").read_bytes())
    assert everything.feed.title == "OSCE\u202f: tous les communiqués de presse (France)"
    assert everything.feed.subtitle == "OSCE\u202f: communiqués de presse — France."
    assert everything.feed.id != feed.feed.id
    rss = etree.fromstring((out(site) / "states/fr/feed.rss").read_bytes())
    assert rss.findtext("channel/language") == "fr"
    # Where none of a state's languages is published, the source's: English names and words.
    united_states = page(site, "states/us/index.html")
    assert united_states.get("lang") == "en-GB"
    assert united_states.findtext(".//h1") == "Press releases: United States"
    # Switzerland: German is its first language but not published; French is.
    switzerland = page(site, "states/ch/index.html")
    assert switzerland.get("lang") == "fr"
    assert switzerland.findtext(".//h1") == "Communiqués de presse\u202f: Suisse"


def test_the_root_page_leads_with_each_languages_newest_releases(site: Project) -> None:
    """A press room, not a wall of links: each language by its own name with its newest
    releases (in that language, newest first), then the feeds and member states, folded."""
    root = page(site, "index.html")
    sections = root.findall(".//section[@class='latest']")
    assert [section.get("lang") for section in sections] == ["en-GB", "fr", "it"]
    french = sections[1]
    assert french.findtext("h2/a") == "français"
    assert [a.get("href") for a in french.findall("ol/li/a")] == [
        f"fr/{SECOND}/",
        f"fr/{DEMO}/",
    ]
    assert french.findtext("p[@class='more']/a") == "Tous les communiqués de presse"
    folded = [details.findtext("summary") for details in root.findall(".//details")]
    assert folded == ["Feeds", "Member states"]
    assert len(root.findall(".//details[@class='states']//li")) == 57


def test_tags_have_pages_and_feeds_in_each_language(site: Project) -> None:
    """The second release is tagged 'elections': each language it is published in lists it on
    a tag page with its feeds, and its page links there."""
    for locale in ("fr", "en-GB"):
        tag = page(site, f"{locale}/tags/elections/index.html")
        assert tag.get("lang") == locale
        links = [a.get("href") for a in tag.findall(".//ol[@class='releases']/li/a")]
        assert links == [f"../../../{locale}/{SECOND}/"]
        feed = feedparser.parse((out(site) / f"{locale}/tags/elections/feed.atom").read_bytes())
        assert not feed.bozo
        assert [e.link for e in feed.entries] == [f"{BASE}{locale}/{SECOND}/"]
        assert feed.feed.title_detail.language == locale
        # (Their conformance: test_feeds_conform_to_rfc_4287_and_rss_2, with every feed.)
    french = page(site, "fr/tags/elections/index.html")
    heading = french.find(".//h1")
    assert heading.text_content() == "Thème\u202f: elections"
    # The tag in English, marked so (a screen reader's voice follows).
    assert [(s.text, s.get("lang")) for s in heading.findall("span")] == [("elections", "en-GB")]
    release = page(site, f"fr/{SECOND}/index.html")
    (link,) = release.findall(".//p[@class='tags']/a")
    assert (link.get("href"), link.text, link.get("lang")) == (
        "../tags/elections/",
        "elections",
        "en-GB",
    )
    # The demo release's three tags, in the order of their names: those the glossary approves
    # a French form for in that form, the other as written, in English.
    demo = page(site, f"fr/{DEMO}/index.html")
    assert [
        (a.text, a.get("href"), a.get("lang")) for a in demo.findall(".//p[@class='tags']/a")
    ] == [
        ("Conseil de l'Europe", "../tags/council-of-europe/", None),
        ("national coordinators", "../tags/national-coordinators/", "en-GB"),
        ("traite des êtres humains", "../tags/trafficking-in-human-beings/", None),
    ]
    english = page(site, f"en-GB/{DEMO}/index.html")
    assert [a.text for a in english.findall(".//p[@class='tags']/a")] == [
        "Council of Europe",
        "national coordinators",
        "trafficking in human beings",
    ]
    topic = page(site, "fr/tags/trafficking-in-human-beings/index.html")
    assert topic.findtext(".//h1") == "Thème : traite des êtres humains"
    assert topic.find(".//h1/span") is None
    feed = feedparser.parse((out(site) / "fr/tags/council-of-europe/feed.atom").read_bytes())
    assert feed.feed.title == "OSCE\u202f: Conseil de l'Europe"


def test_two_tags_the_glossary_translates_alike_are_one_link(tmp_path: Path) -> None:
    """'human trafficking' and 'trafficking in human beings' are both 'traite des êtres
    humains' in French: the page shows it once, linking the first tag's page."""
    project = make(tmp_path / "project")
    source = project.root / "source" / f"{DEMO}.txt"
    text = source.read_text("utf-8")
    source.write_text(text.replace("tags: [", "tags: [human trafficking, "), "utf-8")
    build(project)
    demo = page(project, f"fr/{DEMO}/index.html")
    assert [(a.text, a.get("href")) for a in demo.findall(".//p[@class='tags']/a")] == [
        ("Conseil de l'Europe", "../tags/council-of-europe/"),
        ("national coordinators", "../tags/national-coordinators/"),
        ("traite des êtres humains", "../tags/human-trafficking/"),
    ]
    english = page(project, f"en-GB/{DEMO}/index.html")
    assert len(english.findall(".//p[@class='tags']/a")) == 4


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("CH", ("de", "fr", "it")),
        ("BE", ("fr", "de")),
        ("KZ", ("ru",)),
        ("UA", ()),  # Ukrainian by law; CLDR's de facto Russian does not count beside it
        ("VA", ("it",)),  # no official language by law: the de facto one
        ("US", ()),  # English, de facto: the source
    ],
)
def test_state_languages_are_the_official_ones(code: str, expected: tuple[str, ...]) -> None:
    targets = ["fr", "de", "it", "ru", "es"]
    assert state_languages(MemberState(code), targets) == expected


@pytest.mark.parametrize(
    ("code", "targets", "expected"),
    [
        ("PT", ["pt-BR", "pt-PT"], ("pt-PT",)),
        ("BR", ["pt-BR", "pt-PT"], ("pt-BR",)),
        ("PT", ["pt-BR"], ("pt-BR",)),  # the project's only Portuguese, rather than English
        ("PT", ["pt-BR", "pt"], ("pt",)),
        ("FR", ["fr-CA", "fr"], ("fr",)),
        ("CH", ["fr-CA", "fr", "de-AT", "de-CH", "it"], ("de-CH", "fr", "it")),
        ("RS", ["sr-Latn", "sr-Cyrl"], ("sr-Latn", "sr-Cyrl")),
        # Each in its script: Montenegro's Serbian is Latin, Serbia's both (as spoken: the
        # project's order), Hong Kong's and Taiwan's Chinese traditional, China's and
        # Singapore's simplified (they had the other script too, Montenegro Cyrillic first).
        ("ME", ["sr", "sr-Latn"], ("sr-Latn",)),
        ("RS", ["sr", "sr-Latn"], ("sr", "sr-Latn")),
        ("HK", ["zh", "zh-Hant"], ("zh-Hant",)),
        ("CN", ["zh-Hant", "zh"], ("zh",)),
        ("SG", ["zh", "zh-Hant"], ("zh",)),
        # Taiwan's Min Nan and Hakka, which CLDR has no data for, are passed over (the build
        # stopped with a traceback).
        ("TW", ["zh", "zh-Hant"], ("zh-Hant",)),
        # The language in the other script rather than none (not the English).
        ("ME", ["sr"], ("sr",)),
        ("HK", ["zh"], ("zh",)),
        ("CN", ["zh-Hant"], ("zh-Hant",)),
    ],
)
def test_a_state_gets_its_own_variety_of_a_language(
    code: str, targets: list[str], expected: tuple[str, ...]
) -> None:
    """Portugal's readers get European Portuguese, not the Brazilian listed first; a variety
    of another country only where the project has no other of that language."""
    assert state_languages(MemberState(code), targets) == expected


def test_state_languages_chosen_in_the_configuration_win() -> None:
    chosen = MemberState("UA", languages=("ru",))
    assert state_languages(chosen, ["fr", "ru"]) == ("ru",)


def test_sitemap_has_hreflang_alternates(site: Project) -> None:
    namespaces = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    index = etree.fromstring((out(site) / "sitemap.xml").read_bytes())
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    listed = [
        (
            entry.findtext("s:loc", namespaces=namespaces),
            entry.findtext("s:lastmod", namespaces=namespaces),
        )
        for entry in index.findall("s:sitemap", namespaces)
    ]
    assert [loc for loc, _ in listed] == [f"{BASE}sitemaps/2023.xml", f"{BASE}sitemaps/2024.xml"]
    urls = []
    for (_, lastmod), year in zip(listed, (2023, 2024), strict=True):
        root = etree.fromstring((out(site) / "sitemaps" / f"{year}.xml").read_bytes())
        found = root.findall("s:url", namespaces)
        # A year's file was last modified when its newest page was.
        assert lastmod == max(u.findtext("s:lastmod", namespaces=namespaces) for u in found)
        urls += found
    french = next(
        u for u in urls if u.findtext("s:loc", namespaces=namespaces) == f"{BASE}fr/{DEMO}/"
    )
    links = {
        link.get("hreflang"): link.get("href") for link in french.findall("x:link", namespaces)
    }
    assert links["x-default"] == f"{BASE}en-GB/{DEMO}/"
    assert set(links) == {"en-GB", "fr", "it", "x-default"}
    assert len(urls) == 5  # two releases in en and fr, one in it


def test_dashboard(site: Project) -> None:
    """Staff read language names, one compact row per release, figures and bars; the reasons
    a version waits, and its findings, open on demand."""
    assert not (out(site) / "status").exists()  # never in the public site
    index = status_page(site, "index.html")
    assert index.find(".//link[@rel='stylesheet']").get("href") == "style.css"
    assert (site.status_dir / "style.css").read_bytes() == (out(site) / "style.css").read_bytes()
    assert index.find(".//meta[@name='robots']").get("content") == "noindex"
    assert index.find(".//body").get("class") == "wide"
    totals = [
        [cell.text_content() for cell in row.findall("*")]
        + [row.find(".//*[@role='img']").get("aria-label")]
        for row in index.findall(".//tbody/tr")
    ]
    assert totals == [
        ["French fr", "2", "0", "", "2 of 2 published"],
        ["German de", "0", "2", "", "0 of 2 published"],
        ["Italian it", "1", "1", "", "1 of 2 published"],
        ["Russian ru", "0", "2", "", "0 of 2 published"],
        ["Spanish es", "0", "2", "", "0 of 2 published"],
    ]
    years = [li.text_content() for li in index.findall(".//ul[@class='years']/li")]
    assert years == [
        "2024: 1 release, 4 versions waiting",
        "2023: 1 release, 3 versions waiting",
    ]
    dashboard = status_page(site, "2023/index.html")
    assert dashboard.find(".//meta[@name='robots']").get("content") == "noindex"
    heads = [th.text_content() for th in dashboard.findall(".//thead/tr/th")]
    assert heads == ["Release", "French fr", "German de", "Italian it", "Russian ru", "Spanish es"]
    rows = dashboard.findall(".//tbody/tr")
    assert len(rows) == 1
    cells = rows[0].findall("td")
    assert [(cell.get("class"), cell.get("data-label")) for cell in cells] == [
        ("ready", "French"),
        ("waiting", "German"),
        ("ready", "Italian"),
        ("waiting", "Russian"),
        ("waiting", "Spanish"),
    ]
    italian, german = cells[2], cells[1]
    assert italian.findtext(".//span[@class='figures']") == "23/25"
    assert italian.find(".//*[@role='img']").get("aria-label") == (
        "23 reviewed, 0 fuzzy, 2 untranslated"
    )
    # A version that waits says so in one word; why, and what the checks found, on demand.
    summary = german.find(".//details/summary")
    assert summary.text == "waiting"
    reasons = [li.text_content() for li in german.findall(".//ul[@class='reasons']/li")]
    assert reasons == ["25 untranslated of 25 segments (0% reviewed, 90% needed)"]
    # The reviewed Italian coordinates the glossary's term ("i coordinatori e i relatori
    # nazionali antitratta"): nothing to warn of.
    assert italian.findtext(".//span[@class='state']") == "published"
    assert italian.find(".//details") is None


def test_dashboard_says_where_each_version_stands_online(site: Project, tmp_path: Path) -> None:
    """A withdrawn version is no "published" one, and a version online as last published (its
    English changed since) is no "waiting" one: staff see what readers see, as 'status' says."""
    project = Project.load(shutil.copytree(site.root, tmp_path / "project", symlinks=True))
    root = ["-C", str(project.root)]
    assert CliRunner().invoke(cli, [*root, "withdraw", DEMO, "--locale", "fr"]).exit_code == 0
    source = project.root / "source" / f"{SECOND}.md"
    source.write_text(source.read_text("utf-8").replace("1,200", "1,300"), "utf-8")
    # (A draft and a release under embargo: neither published nor waiting for translators.)
    (project.root / "source" / "2024-05-07-council-met.txt").write_text(
        "---\ntitle: Council met\nstatus: draft\n---\nVienna, 7 May 2024: The Council met.\n",
        "utf-8",
    )
    (project.root / "source" / "2099-01-15-budget.txt").write_text(
        "---\ntitle: Budget adopted\ndate: 2099-01-15\nembargo: 2099-01-15T09:00:00+01:00\n---\n"
        "Vienna, 15 January 2099: The Council adopted the budget.\n",
        "utf-8",
    )
    for command in (["update"], ["build"], ["status", "--html"]):
        done = CliRunner().invoke(cli, [*root, *command])
        assert done.exit_code == 0, done.output

    def french(year: int) -> HtmlElement:
        cell = status_page(project, f"{year}/index.html").findall(".//tbody/tr/td")[0]
        assert cell.get("data-label") == "French"
        return cell

    withdrawn, outdated = french(2023), french(2024)
    assert withdrawn.get("class") == "waiting"
    assert withdrawn.find(".//summary").text_content() == "withdrawn"
    assert outdated.find(".//summary").text_content() == "online as last published"
    reasons = [li.text_content() for li in outdated.findall(".//ul[@class='reasons']/li")]
    assert reasons == ["1 fuzzy of 7 segments (86% reviewed, 90% needed)"]
    index = status_page(project, "index.html")
    french_total = index.find(".//tbody/tr")
    assert [cell.text_content() for cell in french_total.findall("*")][:3] == [
        "French fr",
        "1",
        "1",
    ]
    # (Withdrawn, draft and embargoed versions were counted as waiting, and in the share.)
    assert french_total.find(".//*[@role='img']").get("aria-label") == "1 of 1 published"
    german_total = index.findall(".//tbody/tr")[1]
    assert [cell.text_content() for cell in german_total.findall("*")][:3] == [
        "German de",
        "0",
        "2",
    ]
    # publish says the same from what its build knows, reading no record again.
    shutil.rmtree(project.status_dir)
    published = CliRunner().invoke(cli, [*root, "publish"])
    assert published.exit_code == 0, published.output
    assert french(2023).find(".//summary").text_content() == "withdrawn"
    assert french(2024).find(".//summary").text_content() == "online as last published"


def test_dashboard_lists_what_the_checks_found(site: Project, tmp_path: Path) -> None:
    """A published version with warnings says how many; each one on demand, file:line."""
    project = Project.load(shutil.copytree(site.root, tmp_path / "project", symlinks=True))
    path = project.root / "locale" / "it" / "LC_MESSAGES" / f"{DEMO}.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgid.startswith("Petya Nestorova"))
    entry.msgstr = entry.msgstr.replace("Consiglio d'Europa", "Consiglio europeo")
    catalog.save()
    status = CliRunner().invoke(cli, ["-C", str(project.root), "status", "--html"])
    assert status.exit_code == 0, status.output
    italian = status_page(project, "2023/index.html").findall(".//tbody/tr/td")[2]
    assert italian.get("data-label") == "Italian"
    assert italian.find(".//summary").text_content() == "published 1 warning"
    findings = [li.text_content() for li in italian.findall(".//ul[@class='findings']/li")]
    assert len(findings) == 1
    lines = path.read_text("utf-8").splitlines()
    # The entry's msgid "" line: counted from 1, the line before its English's first.
    msgid = lines.index('"Petya Nestorova, the Executive Secretary of the Council of Europe Anti-"')
    assert findings[0] == (
        f"locale/it/LC_MESSAGES/{DEMO}.po:{msgid}: warning: glossary: 'Council of Europe "
        "Anti-Trafficking Convention' should be \"Convenzione del Consiglio d'Europa sulla lotta "
        'contro la tratta di esseri umani"'
    )


def test_dashboard_gives_no_figures_for_a_catalog_it_cannot_read(
    site: Project, tmp_path: Path
) -> None:
    """A catalog that cannot be read showed "0/0" and "0 reviewed, 0 fuzzy, 0 untranslated",
    as if empty, where 'status' shows "—": no figure is known; the reason says why."""
    project = Project.load(shutil.copytree(site.root, tmp_path / "project", symlinks=True))
    path = project.root / "locale" / "de" / "LC_MESSAGES" / f"{DEMO}.po"
    path.write_text(path.read_text("utf-8") + 'msgid "broken\n', "utf-8")
    CliRunner().invoke(cli, ["-C", str(project.root), "status", "--html"])
    german = status_page(project, "2023/index.html").findall(".//tbody/tr/td")[1]
    assert german.get("data-label") == "German"
    assert german.findtext(".//span[@class='figures']") == "—"
    assert german.find(".//*[@role='img']") is None
    assert german.find(".//details/p") is None
    (reason,) = [li.text_content() for li in german.findall(".//ul[@class='reasons']/li")]
    assert reason.startswith(f"cannot be read: locale/de/LC_MESSAGES/{DEMO}.po:")


def test_dashboard_files_a_release_it_cannot_read_under_the_year_of_its_name(
    site: Project, tmp_path: Path
) -> None:
    """A release that cannot be read went under a year "0" (its year's page removed): it
    stays under the year its name begins with, its reason said."""
    project = Project.load(shutil.copytree(site.root, tmp_path / "project", symlinks=True))
    source = project.root / "source" / f"{DEMO}.txt"
    source.write_text(
        source.read_text("utf-8").replace("date: 2023-06-07", "date: [2023-06-07", 1), "utf-8"
    )
    CliRunner().invoke(cli, ["-C", str(project.root), "status", "--html"])
    assert not (project.status_dir / "0").exists()
    rows = status_page(project, "2023/index.html").findall(".//tbody/tr")
    heads = [row.find("th").text_content() for row in rows]
    assert [head for head in heads if head.startswith(f"{DEMO} (source/{DEMO}.txt:")] != []


def test_the_root_page_lists_member_states_by_name(site: Project) -> None:
    """In the settings' order, "Greece, Vatican City, Hungary" (the codes GR, VA, HU): by the
    names shown, as an alphabet orders them, and their feeds alike."""
    root = page(site, "index.html")
    names = [a.text for a in root.findall(".//details[@class='states']//a")]
    assert len(names) > 10
    assert names == sorted(names, key=alphabetical)
    assert names.index("Hungary") < names.index("Vatican City")


def test_an_rss_item_in_another_language_than_its_channel_says_which(site: Project) -> None:
    """A member state's RSS feed in Russian carries a release in English where it has no
    Russian version: RSS has no language of an item's own, and the English was read as
    Russian (the Atom entry has its xml:lang). Its text is in a block that names it."""
    mixed = 0
    for path in sorted(out(site).glob("states/*/all/feed.rss")):
        channel = etree.parse(str(path)).getroot().find("channel")
        language = channel.findtext("language")
        for item in channel.iter("item"):
            written = item.findtext("link").split("/")[-3]  # (…/<language>/<slug>/)
            description = item.findtext("description")
            if written == language:
                assert not description.startswith("<div lang="), path
                continue
            mixed += 1
            assert description.startswith(
                (f'<div lang="{written}">', f'<div dir="rtl" lang="{written}">')
            ), (path, description[:60])
    assert mixed > 0


@pytest.mark.needs_vnu
def test_every_page_passes_the_nu_html_checker(site: Project) -> None:
    pages = sorted(str(p) for p in [*out(site).rglob("*.html"), *site.status_dir.rglob("*.html")])
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", *pages],
        capture_output=True,
        text=True,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert messages == []
    assert len(pages) >= 60


@pytest.fixture
def served(site: Project) -> Iterator[str]:
    server = make_server(out(site), 0)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def test_serve_gives_feeds_their_content_types(served: str) -> None:
    types = {}
    for path in ("fr/feed.atom", "fr/feed.rss", "sitemap.xml", "index.html", "style.css"):
        with urllib.request.urlopen(served + path) as response:
            types[path] = response.headers["Content-Type"]
    assert types == {
        "fr/feed.atom": "application/atom+xml; charset=utf-8",
        "fr/feed.rss": "application/rss+xml; charset=utf-8",
        "sitemap.xml": "application/xml; charset=utf-8",
        "index.html": "text/html; charset=utf-8",
        "style.css": "text/css; charset=utf-8",
    }


def test_serve_lists_no_folder(served: str, site: Project) -> None:
    """A folder without an index page is not found, as on the web server that will serve the
    site: never a listing of the files in it."""
    assert (out(site) / "sitemaps").is_dir()
    assert not (out(site) / "sitemaps" / "index.html").exists()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(served + "sitemaps/")
    refused.value.close()
    assert refused.value.code == 404
    with urllib.request.urlopen(served + "fr/") as response:  # a folder with its index page
        assert response.status == 200


def test_serve_a_site_built_elsewhere(site: Project, runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = runner.invoke(cli, ["-C", str(site.root), "serve", "--out", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {missing} is not built yet: run 'communique build --out {missing}'\n"
    )


@pytest.mark.parametrize(
    ("option", "folder", "command"),
    [
        ("--status", "output-status", "status --html"),
        ("--drafts", "output-drafts", "build --drafts"),
    ],
)
def test_serve_says_how_to_write_what_it_would_serve(
    runner: CliRunner, tmp_path: Path, option: str, folder: str, command: str
) -> None:
    project = make(tmp_path / "project")
    result = runner.invoke(cli, ["-C", str(project.root), "serve", option])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {folder} is not built yet: run 'communique {command}'\n"


def test_serve_on_a_port_in_use_says_so_in_one_line(served: str, site: Project) -> None:
    """Another server has the port (a second 'serve', a development server): one line that
    says which port and what to try, no traceback. A port out of range is a usage error."""
    port = urllib.parse.urlsplit(served).port
    result = CliRunner().invoke(cli, ["-C", str(site.root), "serve", "--port", str(port)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: port {port} on 127.0.0.1 is in use (another server?): try 'communique serve "
        "--port 8080'\n"
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    wrong = CliRunner().invoke(cli, ["-C", str(site.root), "serve", "--port", "70000"])
    assert wrong.exit_code == 2
    assert "Invalid value for '--port': 70000 is not in the range 0<=x<=65535." in wrong.stderr


CHROMIUM = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
CHROMIUM += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(url: str, profile: Path, *extra: str) -> str:
    command = ["chromium", *CHROMIUM, f"--user-data-dir={profile}", *extra, url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.needs_chromium
def test_chromium_renders_the_release_page_and_dashboard(
    site: Project, served: str, tmp_path: Path
) -> None:
    dom = html.fromstring(chromium(served + f"fr/{DEMO}/", tmp_path / "a", "--dump-dom"))
    assert dom.get("lang") == "fr"
    assert dom.find(".//p[@class='dateline']").text_content().startswith("Strasbourg, 7 juin 2023")
    switcher = {a.get("lang"): a.get("href") for a in dom.findall(".//nav[@class='languages']//a")}
    assert switcher == {"en-GB": f"../../en-GB/{DEMO}/", "it": f"../../it/{DEMO}/"}
    staff = make_server(site.status_dir, 0)
    thread = threading.Thread(target=staff.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    status = f"http://127.0.0.1:{staff.server_address[1]}/"
    dashboard = html.fromstring(chromium(status, tmp_path / "b", "--dump-dom"))
    assert dashboard.findtext(".//h1") == "Translation status"
    assert len(dashboard.findall(".//tbody/tr")) == 5  # one per target locale
    year = html.fromstring(chromium(status + "2024/", tmp_path / "d", "--dump-dom"))
    staff.shutdown()
    staff.server_close()
    thread.join()
    assert year.findtext(".//h1") == "Translation status: 2024"
    assert len(year.findall(".//tbody/tr")) == 1
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "release-fr-phone.png"
    shot.unlink(missing_ok=True)
    chromium(
        served + f"fr/{DEMO}/", tmp_path / "c", f"--screenshot={shot}", "--window-size=420,900"
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = make(tmp_path / "one")
    shutil.copytree(first.root, tmp_path / "two")
    second = Project.load(tmp_path / "two")
    build(first)
    build(second)
    assert tree(out(first)) == tree(out(second))


def test_nothing_changed_writes_nothing_and_a_catalog_change_rewrites_only_its_pages(
    tmp_path: Path,
) -> None:
    project = make(tmp_path / "project")
    build(project)
    before = {p: p.stat().st_mtime_ns for p in out(project).rglob("*") if p.is_file()}
    again = build(project)
    assert (again.skipped, again.written) == (True, [])
    assert {p: p.stat().st_mtime_ns for p in out(project).rglob("*") if p.is_file()} == before
    path = project.catalog_path(SECOND, "fr")
    document = polib.pofile(str(path))
    document[0].msgstr = "Des observateurs déployés pour l'élection"
    document.save()
    report = build(project)
    written = set(report.written)
    assert f"fr/{SECOND}/index.html" in written
    assert "fr/feed.atom" in written
    assert not any(p.startswith(("en-GB/", "it/")) for p in written)
    assert f"fr/{DEMO}/index.html" not in written
    # (The root page shows each language's newest titles: the French one changed. The edit
    # left PO-Revision-Date as it was, so the build dates the change: the sitemaps too.)
    assert all(
        p.startswith(("fr/", "states/", "status/", "sitemaps/"))
        or p in ("index.html", "sitemap.xml")
        for p in written
    )


def test_a_withdrawn_version_is_removed(tmp_path: Path) -> None:
    project = make(tmp_path / "project")
    build(project)
    assert (out(project) / f"it/{DEMO}/index.html").is_file()
    withdrawn = CliRunner().invoke(cli, ["-C", str(project.root), "withdraw", DEMO, "-l", "it"])
    assert withdrawn.exit_code == 0, withdrawn.output
    report = build(project)
    assert f"it/{DEMO}/index.html" in report.removed
    assert not (out(project) / f"it/{DEMO}/index.html").exists()
    # No empty folder is left behind (a server would list it or answer 403).
    assert not (out(project) / f"it/{DEMO}").exists()
    assert [p for p in out(project).rglob("*") if p.is_dir() and not any(p.iterdir())] == []
    assert report.withdrawn == [(DEMO, "it")]


def test_draft_preview(tmp_path: Path) -> None:
    project = make(tmp_path / "project")
    document = polib.pofile(str(project.catalog_path(DEMO, "de")))
    document[0].msgstr = "OSZE und Europarat versammeln Koordinatoren"
    document[0].flags = ["fuzzy"]
    document.save()
    report = build(project, drafts=True)
    assert report.out == (project.root / "output-drafts").resolve()
    german = html.fromstring((report.out / f"de/{DEMO}/index.html").read_bytes())
    assert german.find(".//meta[@name='robots']").get("content") == "noindex"
    assert "Entwurf" in german.find(".//p[@class='notice']").text
    assert german.findtext(".//h1") == "OSZE und Europarat versammeln Koordinatoren"
    assert not (out(project) / "de").exists()


HOSTILE = {
    0: "<script>alert('title')</script> ]]> &nbsp; \x07bell",
    2: "Hier <script>alert(1)</script> et ]]> puis &nbsp;&amp; fin\x0b\x85\x9b\ufdd0.",
}
#: What pasted text carries and a page or feed must not: C0 and C1 controls, a noncharacter.
STRAY = ["\x07", "\x0b", "\x85", "\x9b", "\ufdd0"]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("fr", "fr_FR"),
        ("en-GB", "en_GB"),
        ("ru", "ru_RU"),
        ("sr", "sr_RS"),
        ("zh-Hant", "zh_TW"),
        ("zh-Hans", "zh_CN"),
        ("pt-BR", "pt_BR"),
    ],
)
def test_open_graph_locale(tag: str, expected: str) -> None:
    assert og_locale(tag) == expected


def test_feed_links_name_the_organisation_as_each_language_does() -> None:
    names = {"de": "OSZE", "ru": "ОБСЕ"}
    site_languages(["en-GB", "de", "ru"])
    links = feed_links(["de", "en-GB", "ru"], "ru", "../", lambda tag: names.get(tag, "OSCE"))
    assert [(link.lang, link.title, link.href) for link in links[::2]] == [
        ("ru", "ОБСЕ — пресс-релизы (русский, Atom)", "../ru/feed.atom"),
        ("de", "OSZE – Pressemitteilungen (Deutsch, Atom)", "../de/feed.atom"),
        ("en-GB", "OSCE press releases (English, Atom)", "../en-GB/feed.atom"),
    ]
    # A site in two Englishes says which is which.
    site_languages(["en-GB", "en-US"])
    links = feed_links(["en-GB", "en-US"], "en-GB", "../", lambda tag: "OSCE")
    assert [link.title for link in links[::2]] == [
        "OSCE press releases (English (United Kingdom), Atom)",
        "OSCE press releases (English (United States), Atom)",
    ]
    site_languages([])


def test_a_language_in_two_scripts_names_the_script_of_each() -> None:
    """Serbian in Latin beside Serbian as CLDR writes it by default: "srpski (latinica)" next
    to a plain "српски", where Chinese names both scripts, as CLDR names them ("繁體中文";
    Babel composes "中文 (繁體)")."""
    site_languages(["en-GB", "sr", "sr-Latn", "zh", "zh-Hant"])
    try:
        assert [language_name(tag) for tag in ("sr", "sr-Latn", "zh", "zh-Hant")] == [
            "српски (ћирилица)",
            "srpski (latinica)",
            "简体中文",
            "繁體中文",
        ]
    finally:
        site_languages([])


def test_feed_links_are_punctuated_as_each_language_does() -> None:
    """The language and the format in parentheses, with the language's comma: Arabic's "،",
    Chinese's full-width brackets and comma (CLDR's locale display pattern and separator)."""
    names = {"ar": "منظمة الأمن", "zh": "欧安组织"}
    links = feed_links(["ar", "zh"], "ar", "../", lambda tag: names[tag])
    assert [link.title for link in links] == [
        "منظمة الأمن — بيانات صحفية (العربية، Atom)",
        "منظمة الأمن — بيانات صحفية (العربية، RSS)",
        "欧安组织 — 新闻稿（中文，Atom）",
        "欧安组织 — 新闻稿（中文，RSS）",
    ]


def test_hostile_text_in_a_plain_text_original_stays_text_in_the_public_site(
    tmp_path: Path,
) -> None:
    """What the gate cannot hold back, the English itself, is shown as written in the public
    site: tags and references in a plain-text release are text on its page and in its feeds."""
    project = make(tmp_path / "project")
    source = project.root / "source" / f"{DEMO}.txt"
    text = source.read_text("utf-8")
    hostile = "Hier <script>alert(1)</script> et ]]> puis &nbsp;&amp; fin."
    source.write_text(
        text.replace("This crucial gathering", f"{hostile} This crucial gathering"), "utf-8"
    )
    assert hostile in source.read_text("utf-8")
    update(project)
    build(project)
    document_html = html.fromstring((out(project) / f"en-GB/{DEMO}/index.html").read_bytes())
    assert [s.get("type") for s in document_html.iter("script")] == ["application/ld+json"]
    assert hostile in document_html.text_content()
    for kind in ("atom", "rss"):
        parsed = feedparser.parse((out(project) / f"en-GB/feed.{kind}").read_bytes())
        assert parsed.bozo == 0
        (entry,) = [e for e in parsed.entries if e.link.endswith(f"/{DEMO}/")]
        shown = entry.content[0].value if "content" in entry else entry.summary
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
        assert "<script>" not in shown


def test_hostile_translations_stay_text(tmp_path: Path) -> None:
    project = make(tmp_path / "project")
    path = project.catalog_path(DEMO, "fr")
    document = polib.pofile(str(path))
    for index, text in HOSTILE.items():
        document[index].msgstr = text
        document[index].flags.append("ignore-numbers")
    document.save()
    # The gate holds them back: HTML in a plain-text release's translation is a markup error,
    # and a control character one too (the title's bell, the sentence's C1 U+0085).
    report = build(project)
    assert DEMO not in report.published["fr"]
    (why,) = [w for slug, locale, w in report.waiting if (slug, locale) == (DEMO, "fr")]
    assert why == ("4 errors in reviewed entries",)
    # The drafts preview shows them, as text.
    report = build(project, drafts=True)
    assert DEMO in report.published["fr"]
    site = project.root / "output-drafts"
    page_bytes = (site / f"fr/{DEMO}/index.html").read_bytes()
    document_html = html.fromstring(page_bytes)
    scripts = [s.get("type") for s in document_html.iter("script")]
    assert scripts == ["application/ld+json"]
    assert "<script>alert('title')</script>" in document_html.findtext(".//h1")
    shown = document_html.text_content()
    assert "Hier <script>alert(1)</script> et ]]> puis &nbsp;&amp; fin." in shown
    for name in (f"fr/{DEMO}/index.html", "fr/index.html", "fr/feed.atom", "fr/feed.rss"):
        text = (site / name).read_text("utf-8")
        assert [c for c in STRAY if c in text] == [], name
    for kind in ("atom", "rss"):
        raw = (site / f"fr/feed.{kind}").read_bytes()
        parsed = feedparser.parse(raw)
        assert parsed.bozo == 0
        titles = [entry.title for entry in parsed.entries]
        assert "<script>alert('title')</script> ]]> &nbsp; bell" in titles


def test_project_templates_override_the_packaged_ones(tmp_path: Path) -> None:
    project = make(tmp_path / "project")
    templates = project.root / "templates"
    templates.mkdir()
    (templates / "index.html").write_text(
        '{% extends "base.html" %}\n{% block main %}<h1 class="ours">{{ heading }}</h1>'
        "{% endblock %}\n",
        "utf-8",
    )
    (templates / "style.css").write_text("body { color: #123456; }\n", "utf-8")
    build(project)
    index = page(project, "fr/index.html")
    assert [h.get("class") for h in index.iter("h1")] == ["ours"]
    assert index.find(".//ol[@class='releases']") is None
    # Release pages still come from the packaged template, the stylesheet from the project.
    assert page(project, f"fr/{DEMO}/index.html").find(".//p[@class='dateline']") is not None
    assert (out(project) / "style.css").read_text("utf-8") == "body { color: #123456; }\n"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            '{% extends "base.html" %}\n{% block main %}\n<h1>{{ heading }}</h1>\n'
            "<p>{{ no_such_value }}</p>\n{% endblock %}\n",
            "templates/index.html:4: template error: 'no_such_value' is undefined",
        ),
        (
            '{% extends "base.html" %}\n{% block main %}\n{% for x in %}\n{% endblock %}\n',
            "templates/index.html:3: template error: Expected an expression, got 'end of "
            "statement block'",
        ),
    ],
)
def test_a_broken_project_template_is_reported_and_the_site_stays_as_it_was(
    tmp_path: Path, template: str, message: str
) -> None:
    from click.testing import CliRunner

    from communique.cli import cli

    project = make(tmp_path / "project")
    build(project)
    before = tree(out(project))
    # A change that would rewrite pages, with a template that cannot render.
    path = project.catalog_path(DEMO, "fr")
    document = polib.pofile(str(path))
    document[2].msgstr = "Hier, tout a changé."
    document.save()
    (project.root / "templates").mkdir()
    (project.root / "templates" / "index.html").write_text(template, "utf-8")
    result = CliRunner().invoke(cli, ["-C", str(project.root), "build"])
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert tree(out(project)) == before
    assert sorted(p.name for p in project.root.iterdir() if "staging" in p.name) == []


def test_a_template_that_fails_while_pages_render_records_nothing(tmp_path: Path) -> None:
    """The records a build changes are written while the pages render, and put in place once
    the site is: a page that cannot render leaves the records as they were, and no file
    beside them."""
    from click.testing import CliRunner

    from communique.cli import cli

    project = make(tmp_path / "project")
    build(project)
    before, records = tree(out(project)), tree(project.root / "published")
    path = project.catalog_path(DEMO, "fr")
    document = polib.pofile(str(path))
    document[2].msgstr = "Hier, 6 juin, tout a changé."
    document.save()
    (project.root / "templates").mkdir()
    (project.root / "templates" / "release.html").write_text(
        '{% extends "base.html" %}\n{% block main %}{{ no_such_name }}{% endblock %}\n', "utf-8"
    )
    result = CliRunner().invoke(cli, ["-C", str(project.root), "build"])
    assert result.output == (
        "Error: templates/release.html:2: template error: 'no_such_name' is undefined\n"
    )
    assert result.exit_code == 1
    assert tree(out(project)) == before
    assert tree(project.root / "published") == records
    # Mended, the build records the new French.
    (project.root / "templates" / "release.html").unlink()
    assert CliRunner().invoke(cli, ["-C", str(project.root), "build"]).exit_code == 0
    recorded = json.loads((project.root / "published" / f"{DEMO}.json").read_text("utf-8"))
    assert any(
        segment[1] == "Hier, 6 juin, tout a changé."
        for block in recorded["versions"]["fr"]["blocks"]
        for segment in block.get("segments", [])
    )


def test_two_outputs_for_one_path_are_refused(tmp_path: Path) -> None:
    writer = Writer(tmp_path, {})
    writer.claim(Output("fr/index.html", "index (fr)", (), lambda: "a"))
    with pytest.raises(BuildError) as caught:
        writer.claim(Output("fr/index.html", "release fr (fr)", (), lambda: "b"))
    assert (
        str(caught.value) == "two outputs would write fr/index.html: index (fr) and release fr (fr)"
    )


def test_a_site_from_nothing_is_staged_as_a_tree_and_moved_in_one_step(tmp_path: Path) -> None:
    out = tmp_path / "site" / "output"
    writer = Writer(out, {})
    assert writer.fresh
    for path, text in (("fr/a/index.html", "a"), ("index.html", "b")):
        writer.add(path, f"key {path}", text)
    assert not out.exists()
    writer.commit()
    assert tree(out) == {"fr/a/index.html": b"a", "index.html": b"b"}
    stat = (out / "fr/a/index.html").stat()
    assert writer.made["fr/a/index.html"] == ("key fr/a/index.html", stat.st_size, stat.st_mtime_ns)
    assert [p.name for p in out.parent.iterdir()] == ["output"]


def test_a_site_folder_made_during_a_build_from_nothing_keeps_its_files(tmp_path: Path) -> None:
    out = tmp_path / "output"
    writer = Writer(out, {})
    writer.add("fr/a/index.html", "key", "a")
    out.mkdir()
    (out / "README").write_text("mine", "utf-8")
    writer.commit()
    assert tree(out) == {"README": b"mine", "fr/a/index.html": b"a"}
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


@pytest.mark.needs_apertium
def test_publish_runs_every_stage(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from communique.cli import cli

    project = make(tmp_path / "project")
    result = CliRunner().invoke(cli, ["-C", str(project.root), "publish"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Catalogs updated: ")
    assert "Published in en-GB: 2 releases" in lines
    assert "Published in fr: 2 releases" in lines
    assert "Published in it: 1 release" in lines
    # German and Russian have no Apertium pair: the user is told, and the run goes on.
    notes = [line.strip() for line in lines if "no offline route" in line]
    assert [note.split(" (installed pairs")[0] for note in notes] == [
        "no offline route from en-GB to de",
        "no offline route from en-GB to ru",
    ]
    assert any(line.startswith("es: drafted 32: ") for line in lines), lines
    assert [line for line in lines if line.startswith("Waiting in ")] == [
        f"Waiting in de: {DEMO}: 24 untranslated, 1 fuzzy of 25 segments (0% reviewed, 90% needed)",
        f"Waiting in ru: {DEMO}: 24 untranslated, 1 fuzzy of 25 segments (0% reviewed, 90% needed)",
        f"Waiting in es: {DEMO}: 25 fuzzy of 25 segments (0% reviewed, 90% needed)",
        f"Waiting in de: {SECOND}: 7 untranslated of 7 segments (0% reviewed, 90% needed)",
        f"Waiting in it: {SECOND}: 7 fuzzy of 7 segments (0% reviewed, 90% needed)",
        f"Waiting in ru: {SECOND}: 7 untranslated of 7 segments (0% reviewed, 90% needed)",
        f"Waiting in es: {SECOND}: 7 fuzzy of 7 segments (0% reviewed, 90% needed)",
    ]
    assert lines[-2:] == [
        f"Open {out(project) / 'index.html'} in a browser, or run 'communique serve'.",
        f"The translation dashboard (staff only, not public): {project.status_dir / 'index.html'}.",
    ]
    assert "• Drafting translations…" in result.stderr


def test_pages_describe_themselves_with_their_lead_paragraph(site: Project) -> None:
    french = page(site, f"fr/{SECOND}/index.html")
    description = french.find(".//meta[@name='description']").get("content")
    assert description == (
        "Quelque 1\u202f200 observateurs ont été déployés. Lisez le rapport intermédiaire sur "
        "osce.org."
    )
    assert french.find(".//meta[@property='og:description']").get("content") == description
    data = json.loads(french.find(".//script[@type='application/ld+json']").text)
    assert data["description"] == description
    english = page(site, f"en-GB/{DEMO}/index.html")
    assert english.find(".//meta[@name='description']").get("content") == (
        "Yesterday, on 6 June, the highly anticipated annual meeting of National "
        "Anti-Trafficking Coordinators and Rapporteurs of OSCE commenced."
    )


def test_a_long_lead_is_cut_at_a_word() -> None:
    words = "The Permanent Council, meeting in Vienna, adopted the unified budget " * 5
    piece = Piece(BlockKind.PARAGRAPH, words, 0, 0, False, None)
    cut = lead([Piece(BlockKind.HEADING, "Heading", 2, 0, False, None), piece])
    assert len(cut) <= 200
    assert cut.endswith(" adopted the…")
    assert words.startswith(cut.removesuffix("…"))


def test_a_long_lead_in_a_language_without_spaces_is_cut_at_the_limit() -> None:
    """Chinese writes no space between words: cut at its last space, after "OSCE", the
    description search engines and link previews showed was "OSCE…"."""
    text = "OSCE 驻摩尔多瓦特派团" + "于1月31日主办了一场关于地方治理和公民参与的对话，" * 8
    cut = lead([Piece(BlockKind.PARAGRAPH, text, 0, 0, False, None)])
    assert len(cut) == 200
    assert text.startswith(cut.removesuffix("…"))


TABLE_RELEASE = """\
---
date: 2024-04-02
---
# Observers by country

Warsaw, 2 April 2024: Observers came from many States.

| Country | Observers |
|---|--:|
| Austria | 12 |
| France | *7* |

The mission ends in May.
"""


def test_a_gfm_table_is_translated_cell_by_cell_and_rendered(tmp_path: Path) -> None:
    project = make(tmp_path / "project")
    slug = "2024-04-02-observers-by-country"
    (project.root / "source" / f"{slug}.md").write_text(TABLE_RELEASE, "utf-8")
    update(project)
    template = polib.pofile(str(project.root / "locale" / "templates" / f"{slug}.pot"))
    cells = [e for e in template if "table cell" in e.comment]
    assert [(e.msgid, e.comment) for e in cells] == [
        ("Country", "table cell 1, sentence 1 of 1"),
        ("Observers", "table cell 2, sentence 1 of 1"),
        ("Austria", "table cell 3, sentence 1 of 1"),
        ("12", "table cell 4, sentence 1 of 1"),
        ("France", "table cell 5, sentence 1 of 1"),
        ("*7*", "table cell 6, sentence 1 of 1"),
    ]
    french = {
        "Observers by country": "Observateurs par pays",
        "Warsaw": "Varsovie",
        "Observers came from many States.": "Les observateurs venaient de nombreux États.",
        "Country": "Pays",
        "Observers": "Observateurs",
        "Austria": "Autriche",
        "12": "12",
        "France": "France",
        "*7*": "*7*",
        "The mission ends in May.": "La mission s'achève en mai.",
    }
    translate(project, slug, "fr", french)
    build(project)
    box = page(project, f"fr/{slug}/index.html").find(".//article/div[@class='table']")
    # A box a keyboard reaches and scrolls (on a phone), named by the table's headings.
    assert (box.get("role"), box.get("tabindex"), box.get("aria-label")) == (
        "region",
        "0",
        "Pays, Observateurs",
    )
    (table,) = box
    head = [th.text_content() for th in table.findall("thead/tr/th")]
    assert head == ["Pays", "Observateurs"]
    assert {th.get("scope") for th in table.findall("thead/tr/th")} == {"col"}
    rows = [[td.text_content() for td in tr.findall("td")] for tr in table.findall("tbody/tr")]
    assert rows == [["Autriche", "12"], ["France", "7"]]
    assert table.find("tbody/tr[2]/td[2]/em").text == "7"
    after = box.getnext()
    assert (after.tag, after.text) == ("p", "La mission s'achève en mai.")


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A PNG of one colour, written by hand (zlib and the format's chunks)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(row * height)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PICTURE_RELEASE = """\
---
date: 2024-04-05
---
# Agreement signed in Vienna

Vienna, 5 April 2024: The agreement was signed today.

![The Secretary General signs the agreement](images/signing.png)

Read [the programme](files/programme.pdf) of the visit.
"""


def test_a_picture_linked_out_of_source_holds_back_its_release_alone(tmp_path: Path) -> None:
    """A picture that is a link to a file out of source/ (/etc/passwd as a .png) makes its
    release unreadable, at its line, as a missing picture does: the other releases' changes
    are built, and nothing of the file is copied into the site."""
    project = make(tmp_path / "project")
    slug = "2024-04-05-agreement-signed"
    source = project.root / "source"
    (source / f"{slug}.md").write_text(PICTURE_RELEASE, "utf-8")
    (source / "images").mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n", "utf-8")
    (source / "images" / "signing.png").symlink_to(secret)
    (source / "files").mkdir()
    (source / "files" / "programme.pdf").write_bytes(b"%PDF-1.4\n% programme\n")
    result = CliRunner().invoke(cli, ["-C", str(project.root), "build"])
    assert result.exit_code == 1
    reason = (
        f"source/{slug}.md:8: picture 'images/signing.png': source/images/signing.png links "
        "outside source/; copy the file in instead"
    )
    assert f"Error: {reason}\n" in result.stderr
    assert (out(project) / "fr" / DEMO / "index.html").is_file()  # the rest is built
    assert not list(out(project).rglob("signing.png"))
    assert not list(out(project).rglob(f"*{slug}*"))


def test_a_markdown_title_is_shown_in_the_heading_and_read_as_text_elsewhere(
    tmp_path: Path,
) -> None:
    """ "# *Annual Report* published": the heading shows the emphasis, as a heading in the
    text would; the window's title, the feed, the listing and the search engines' data have
    the words alone, no asterisk."""
    project = make(tmp_path / "project")
    slug = "2024-04-05-annual-report"
    (project.root / "source" / f"{slug}.md").write_text(
        "# The *Annual Report* on `ODIHR` is published\n\n"
        "Warsaw, 5 April 2024: The report was published today.\n",
        "utf-8",
    )
    update(project)
    translate(
        project,
        slug,
        "fr",
        {
            "The *Annual Report* on `ODIHR` is published": (
                "Le *Rapport annuel* sur `ODIHR` est paru"
            ),
            "Warsaw": "Varsovie",
            "The report was published today.": "Le rapport a paru aujourd'hui.",
        },
    )
    build(project)
    page = html.fromstring((out(project) / "fr" / slug / "index.html").read_bytes())
    heading = page.find(".//h1")
    assert etree.tostring(heading, encoding="unicode", with_tail=False) == (
        "<h1>Le <em>Rapport annuel</em> sur <code>ODIHR</code> est paru</h1>"
    )
    words = "Le Rapport annuel sur ODIHR est paru"
    assert page.findtext(".//title").startswith(f"{words} — ")
    assert page.find(".//meta[@property='og:title']").get("content") == words
    headline = json.loads(page.find(".//script[@type='application/ld+json']").text)["headline"]
    assert headline == words
    feed = feedparser.parse((out(project) / "fr" / "feed.atom").read_bytes())
    assert words in [entry.title for entry in feed.entries]
    listing = html.fromstring((out(project) / "fr" / "index.html").read_bytes())
    assert words in [a.text_content() for a in listing.iter("a")]


def test_pictures_and_files_are_copied_once_and_shown(tmp_path: Path) -> None:
    project = make(tmp_path / "project")
    slug = "2024-04-05-agreement-signed"
    source = project.root / "source"
    (source / f"{slug}.md").write_text(PICTURE_RELEASE, "utf-8")
    missing = CliRunner().invoke(cli, ["-C", str(project.root), "extract"])
    assert missing.exit_code == 1
    assert missing.stderr == (
        f"Error: source/{slug}.md:8: picture 'images/signing.png' not found: put it at "
        "source/images/signing.png\n"
    )
    picture = png(480, 270, (11, 92, 173))
    (source / "images").mkdir()
    (source / "images" / "signing.png").write_bytes(picture)
    (source / "files").mkdir()
    (source / "files" / "programme.pdf").write_bytes(b"%PDF-1.4\n% programme\n")
    update(project)
    template = polib.pofile(str(project.root / "locale" / "templates" / f"{slug}.pot"))
    assert template.find("![The Secretary General signs the agreement](images/signing.png)")
    french = {
        "Agreement signed in Vienna": "Accord signé à Vienne",
        "Vienna": "Vienne",
        "The agreement was signed today.": "L'accord a été signé aujourd'hui.",
        "![The Secretary General signs the agreement](images/signing.png)": (
            "![La Secrétaire générale signe l'accord](images/signing.png)"
        ),
        "Read [the programme](files/programme.pdf) of the visit.": (
            "Lisez [le programme](files/programme.pdf) de la visite."
        ),
    }
    translate(project, slug, "fr", french)
    build(project)
    out_dir = out(project)
    assert (out_dir / "media" / "images" / "signing.png").read_bytes() == picture
    assert (out_dir / "media" / "files" / "programme.pdf").is_file()
    assert not list(out_dir.glob(f"*/{slug}/images"))  # once, not per language
    page_fr = page(project, f"fr/{slug}/index.html")
    image = page_fr.find(".//article//img")
    assert (image.get("src"), image.get("alt")) == (
        "../../media/images/signing.png",
        "La Secrétaire générale signe l'accord",
    )
    assert (out_dir / f"fr/{slug}" / image.get("src")).resolve().is_file()
    link = page_fr.find(".//article//a[@href='../../media/files/programme.pdf']")
    assert link.text == "le programme"
    og = page_fr.find(".//meta[@property='og:image']").get("content")
    assert og == f"{BASE}media/images/signing.png"
    feed = feedparser.parse((out_dir / "fr" / "feed.atom").read_bytes())
    (entry,) = [e for e in feed.entries if e.link.endswith(f"/{slug}/")]
    assert f'src="{BASE}media/images/signing.png"' in entry.content[0].value
    assert "../../media" not in entry.content[0].value
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "release-fr-picture.html").write_text(
        (out_dir / f"fr/{slug}/index.html").as_uri(), "utf-8"
    )


def test_a_picture_whose_name_has_spaces_is_one_address_everywhere(tmp_path: Path) -> None:
    """``og:image`` named ``map (1) Österreich.png`` with its space and letter as written:
    no address for a link preview's crawler; the page and the feeds encoded it."""
    project = make(tmp_path / "project")
    slug = "2024-04-05-agreement-signed"
    source = project.root / "source"
    name = "map (1) Österreich.png"
    (source / f"{slug}.md").write_text(
        PICTURE_RELEASE.replace("images/signing.png", f"<images/{name}>"), "utf-8"
    )
    (source / "images").mkdir()
    (source / "images" / name).write_bytes(png(480, 270, (11, 92, 173)))
    (source / "files").mkdir()
    (source / "files" / "programme.pdf").write_bytes(b"%PDF-1.4\n% programme\n")
    update(project)
    build(project)
    encoded = "images/map%20(1)%20%C3%96sterreich.png"
    page_en = page(project, f"en-GB/{slug}/index.html")
    assert page_en.find(".//article//img").get("src") == f"../../media/{encoded}"
    og = page_en.find(".//meta[@property='og:image']").get("content")
    assert og == f"{BASE}media/{encoded}"
    feed = feedparser.parse((out(project) / "en-GB" / "feed.atom").read_bytes())
    (entry,) = [e for e in feed.entries if e.link.endswith(f"/{slug}/")]
    assert f'src="{BASE}media/{encoded}"' in entry.content[0].value


def test_a_feed_entry_s_links_lead_where_the_page_s_do(tmp_path: Path) -> None:
    """A feed reader resolves a relative address against the feed's own: "#contacts" led to
    the feed, "/en-GB/…" to the site only where the feed's address has no other host. Each is
    made absolute against the entry's page, in Atom and RSS alike."""
    project = make(tmp_path / "project")
    slug = "2024-04-05-links"
    (project.root / "source" / f"{slug}.md").write_text(
        "---\ndate: 2024-04-05\n---\n# Links in a release\n\nVienna, 5 April 2024: See "
        "[the deployment](/en-GB/2024-03-01-observers-deployed/), [the list](/en-GB/), "
        "[contacts](#contacts) and [the OSCE](https://www.osce.org/?a=1&b=2).\n",
        "utf-8",
    )
    update(project)
    build(project)
    page_url = f"{BASE}en-GB/{slug}/"
    words = ("the deployment", "the list", "contacts", "the OSCE")
    page_links = [
        urllib.parse.urljoin(page_url, a.get("href"))
        for a in page(project, f"en-GB/{slug}/index.html").findall(".//article//p//a")
        if a.text in words
    ]
    assert page_links == [
        f"{BASE}en-GB/2024-03-01-observers-deployed/",
        f"{BASE}en-GB/",
        f"{page_url}#contacts",
        "https://www.osce.org/?a=1&b=2",
    ]
    for kind in ("atom", "rss"):
        feed = feedparser.parse((out(project) / "en-GB" / f"feed.{kind}").read_bytes())
        (entry,) = [e for e in feed.entries if e.link == page_url]
        body = html.fragment_fromstring(
            entry.content[0].value if kind == "atom" else entry.summary, "div"
        )
        links = [a.get("href") for a in body.findall(".//p//a") if a.text in words]
        assert links == page_links, kind


def test_a_replaced_picture_reaches_the_site(tmp_path: Path) -> None:
    """A picture replaced under the same name is copied again, whether or not anything else
    changed (the build that looks only at changed releases leaves pictures to the full one)."""
    test_pictures_and_files_are_copied_once_and_shown(tmp_path)
    project = Project.load(tmp_path / "project")
    picture = project.root / "source" / "images" / "signing.png"
    for edit_a_catalog in (False, True):
        replaced = png(480, 270, (200, 30, 30 + edit_a_catalog))
        picture.write_bytes(replaced)
        if edit_a_catalog:  # a translator's correction in another release
            catalog = polib.pofile(str(project.catalog_path(DEMO, "fr")))
            catalog[-1].msgstr += " "
            catalog.save()
        report = build(project)
        assert not report.skipped
        assert (out(project) / "media" / "images" / "signing.png").read_bytes() == replaced


def test_a_picture_in_a_hidden_folder_is_refused_at_its_line(tmp_path: Path) -> None:
    """A hidden folder (``source/.assets/``) is one web servers often refuse to serve, and one
    builds do not watch: the release says where to move the picture."""
    project = make(tmp_path / "project")
    slug = "2024-04-05-agreement-signed"
    source = project.root / "source"
    (source / f"{slug}.md").write_text(PICTURE_RELEASE.replace("images/", ".assets/"), "utf-8")
    (source / ".assets").mkdir()
    (source / ".assets" / "signing.png").write_bytes(png(4, 4, (11, 92, 173)))
    refused = CliRunner().invoke(cli, ["-C", str(project.root), "extract"])
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Error: source/{slug}.md:8: '.assets/signing.png' is a hidden file or in a hidden "
        "folder, which web servers often refuse to serve (and builds do not watch): move it, "
        "e.g. to source/images/\n"
    )


@pytest.mark.parametrize("folder", ["partials", ".inc"])
def test_a_template_a_project_template_includes_is_watched(tmp_path: Path, folder: str) -> None:
    """``templates/partials/footer.html``, included by the project's ``base.html``: an edit
    to it is seen by the next build, as an edit to ``base.html`` is; in a hidden folder too,
    where Jinja finds it as well (the site kept the old footer on every page)."""
    project = make(tmp_path / "project")
    build(project)
    templates = project.root / "templates"
    (templates / folder).mkdir(parents=True)
    base = (REPOSITORY / "src" / "communique" / "templates" / "base.html").read_text("utf-8")
    assert base.count("</body>") == 1
    included = base.replace("</body>", f'{{% include "{folder}/footer.html" %}}\n</body>')
    (templates / "base.html").write_text(included, "utf-8")
    footer = templates / folder / "footer.html"
    footer.write_text("<p>Footer one</p>\n", "utf-8")
    build(project)
    index = out(project) / "index.html"
    assert "Footer one" in index.read_text("utf-8")
    footer.write_text("<p>Footer two</p>\n", "utf-8")
    report = build(project)
    assert not report.skipped
    assert "Footer two" in index.read_text("utf-8")
    assert "Footer one" not in index.read_text("utf-8")


@pytest.mark.needs_chromium
def test_chromium_shows_the_picture(tmp_path: Path) -> None:
    """The page with its picture as a reader sees it (the screenshot is in test-artifacts/)."""
    test_pictures_and_files_are_copied_once_and_shown(tmp_path)
    url = (ARTIFACTS / "release-fr-picture.html").read_text("utf-8")
    dom = html.fromstring(chromium(url, tmp_path / "a", "--dump-dom"))
    assert dom.find(".//article//img").get("alt") == "La Secrétaire générale signe l'accord"
    shot = ARTIFACTS / "release-fr-picture.png"
    shot.unlink(missing_ok=True)
    chromium(url, tmp_path / "b", f"--screenshot={shot}", "--window-size=800,900")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.needs_vnu
def test_the_new_kinds_of_page_pass_the_nu_html_checker(tmp_path: Path) -> None:
    """A table, a picture, a correction, a page served from the record under its notice, and
    a redirect left by a rename: each as the Nu Html Checker sees it."""
    test_pictures_and_files_are_copied_once_and_shown(tmp_path / "pictures")
    project = Project.load(tmp_path / "pictures" / "project")
    (project.root / "source" / "2024-04-02-observers-by-country.md").write_text(
        TABLE_RELEASE.replace(
            "date: 2024-04-02\n",
            "date: 2024-04-02\nupdated: 2024-04-03\ncorrection: A figure was corrected.\n",
        ),
        "utf-8",
    )
    source = project.root / "source" / f"{DEMO}.txt"
    source.write_text(source.read_text("utf-8").replace("convened 130", "brought 130"), "utf-8")
    config = project.root / "communique.toml"  # every segment reviewed, or the record's
    config.write_text(
        config.read_text("utf-8").replace("min_complete = 90", "min_complete = 100"), "utf-8"
    )
    runner = CliRunner()
    for command in (["update"], ["rename", SECOND, "2024-03-01-observers"], ["build"]):
        result = runner.invoke(cli, ["-C", str(project.root), *command])
        assert result.exit_code == 0, result.output
    pages = [
        out(project) / "en-GB/2024-04-02-observers-by-country/index.html",
        out(project) / "fr/2024-04-05-agreement-signed/index.html",
        out(project) / f"fr/{DEMO}/index.html",
        out(project) / f"fr/{SECOND}/index.html",
    ]
    assert pages[2].read_text("utf-8").count('class="notice superseded"') == 1
    assert "http-equiv" in pages[3].read_text("utf-8")
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
    )
    assert json.loads(result.stderr or result.stdout)["messages"] == []


def drafted_in(demo_dir: Path, runner: CliRunner, *targets: str) -> None:
    """The demo with these target languages only, its catalogs made and drafted (pseudo)."""
    config = demo_dir / "communique.toml"
    listed = ", ".join(f'"{target}"' for target in targets)
    text = re.sub(r"targets = \[[^]]*\]", f"targets = [{listed}]", config.read_text("utf-8"))
    config.write_text(text, "utf-8")
    for command in (["update"], ["draft", "--engine", "pseudo"]):
        result = runner.invoke(cli, ["-C", str(demo_dir), *command])
        assert result.exit_code == 0, result.output


@pytest.mark.needs_vnu
def test_a_numbered_list_counts_in_the_pages_digits(demo_dir: Path, runner: CliRunner) -> None:
    """A Persian page dates its releases in Persian digits (۷ ژوئن ۲۰۲۳) and numbered them
    1. 2. 3.: its lists count in its own (CLDR's default numbering, a CSS counter style set on
    the page), and a French page's in Latin digits."""
    drafted_in(demo_dir, runner, "fa", "fr")
    built = runner.invoke(cli, ["-C", str(demo_dir), "build", "--drafts"])
    assert built.exit_code == 0, built.output
    preview = demo_dir / "output-drafts"
    persian = [preview / "fa" / "index.html", preview / "fa" / DEMO / "index.html"]
    for page in persian:
        root = html.fromstring(page.read_bytes())
        assert root.get("style") == "--digits: persian", page
        assert root.find(".//ol") is not None or page.parent.name == DEMO
    french = html.fromstring((preview / "fr" / "index.html").read_bytes())
    assert french.get("style") is None
    # The root page's Persian block counts in Persian too (its lang reset the counter), the
    # French and English ones in Latin digits.
    blocks = html.fromstring((preview / "index.html").read_bytes()).find_class("latest")
    assert {b.get("lang"): b.get("style") for b in blocks} == {
        "en-GB": None,
        "fa": "--digits: persian",
        "fr": None,
    }
    css = (preview / "style.css").read_text("utf-8")
    assert "ol { list-style-type: var(--digits, decimal); }" in css
    # (Without the checker's guess of the language, which samples the text at random: of a
    # page of pseudo drafts, it said Arabic in one run of three.)
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--no-langdetect", "--format", "json"]
        + [str(page) for page in persian],
        capture_output=True,
        text=True,
    )
    assert json.loads(result.stderr or result.stdout)["messages"] == []


def test_arabic_and_ukrainian_pages_have_no_english_interface_words(
    demo_dir: Path, runner: CliRunner
) -> None:
    """The site's own words are translated for ar and uk: a preview of pseudo drafts (so that
    no English of the release shows) has none of the interface's English in those folders."""
    drafted_in(demo_dir, runner, "uk", "ar")
    built = runner.invoke(cli, ["-C", str(demo_dir), "build", "--drafts"])
    assert built.exit_code == 0, built.output
    english = polib.pofile(str(REPOSITORY / "src/communique/data/ui/fr.po"))
    fragments = {
        part.strip(" .;:()")
        for entry in english
        if entry.msgid
        for part in re.split(r"\{\w+\}", entry.msgid)
        if len(part.strip(" .;:()")) >= 5
    }
    assert "Press releases" in fragments
    assert "All press releases" in fragments
    preview = demo_dir / "output-drafts"
    files = [p for lang in ("ar", "uk") for p in (preview / lang).rglob("*") if p.is_file()]
    assert len(files) >= 6  # the index, the release page, two feeds, in each language

    def words(path: Path, lang: str) -> str:
        """What a reader of ``lang`` reads in a file: its text and the attributes that are
        read out, without what is marked as another language (links to the English feeds,
        the language switcher)."""
        if path.suffix != ".html":
            return " ".join(etree.parse(str(path)).getroot().itertext())
        document = html.fromstring(path.read_bytes())
        for element in list(document.iter()):
            other = element.get("hreflang") or element.get("lang")
            if other and other != lang and element is not document:
                element.drop_tree()
        read = [document.text_content()]
        for name in ("title", "aria-label", "content", "alt"):
            read += list(document.xpath(f"//@{name}"))
        return " ".join(read)

    found = {
        (p.relative_to(preview).as_posix(), fragment)
        for p in files
        for fragment in fragments
        if fragment in words(p, p.relative_to(preview).parts[0])
    }
    assert found == set()
    arabic = html.fromstring((preview / "ar" / "index.html").read_bytes())
    assert arabic.findtext(".//h1") == "بيانات صحفية"
    # The dateline in Arabic punctuation: the Arabic comma after the place, on the page and
    # in the feed.
    page = html.fromstring((preview / "ar" / DEMO / "index.html").read_bytes())
    dateline = page.find(".//p[@class='dateline']").text_content()
    assert "\u060c " in dateline, dateline
    assert ", " not in dateline, dateline
    feed = (preview / "ar" / "feed.atom").read_text("utf-8")
    place = page.findtext(".//span[@class='place']")
    assert f"{place}\u060c " in feed
    # Right-to-left titles, Cyrillic, feeds of states whose language is neither: all valid.
    found = w3c_feed_validator(preview)
    assert {"ar/feed.rss", "uk/feed.atom", "states/ua/feed.atom"} <= set(found)
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_english_on_a_right_to_left_page_is_laid_out_left_to_right(
    demo_dir: Path, runner: CliRunner
) -> None:
    """An untranslated paragraph, title or tag on an Arabic page carries dir="ltr" beside its
    lang, in the page and in the feed: without it, the browser puts its full stop at its
    start. On a Ukrainian page, written the same way as English, lang alone."""
    drafted_in(demo_dir, runner, "uk", "ar")
    convened = (
        "With the participation of representatives from approximately 60 countries across the "
        "Council of Europe and the OSCE region, the meeting convened 130 delegates."
    )
    for locale in ("uk", "ar"):
        path = demo_dir / "locale" / locale / "LC_MESSAGES" / f"{DEMO}.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            if entry.msgid == convened or entry.comment == "title":
                entry.msgstr = ""
        catalog.save()
    built = runner.invoke(cli, ["-C", str(demo_dir), "build", "--drafts"])
    assert built.exit_code == 0, built.output
    preview = demo_dir / "output-drafts"

    def marks(path: Path, english: str) -> list[tuple[str, str | None, str | None]]:
        document = html.fromstring(path.read_bytes())
        return [
            (element.tag, element.get("lang"), element.get("dir"))
            for element in document.iter()
            if isinstance(element.tag, str) and (element.text or "").strip() == english
        ]

    arabic = preview / "ar" / DEMO / "index.html"
    assert marks(arabic, convened) == [("p", "en-GB", "ltr")]
    title = html.fromstring(arabic.read_bytes()).find(".//h1")
    assert (title.get("lang"), title.get("dir")) == ("en-GB", "ltr")
    assert marks(arabic, "Council of Europe") == [("a", "en-GB", "ltr")]  # a tag
    assert marks(preview / "uk" / DEMO / "index.html", convened) == [("p", "en-GB", None)]
    feed = etree.parse(str(preview / "ar" / "feed.atom")).getroot()
    content = feed.find(".//{http://www.w3.org/2005/Atom}content").text
    assert f'<p lang="en-GB" dir="ltr">{convened}</p>' in content
    # The entry's Arabic text runs right to left in a feed reader whose own runs left to
    # right: its block says so (it did not, and the reader laid it out left to right).
    block = html.fragment_fromstring(content)
    assert (block.tag, block.get("dir"), block.get("lang")) == ("div", "rtl", "ar")
    ukrainian = etree.parse(str(preview / "uk" / "feed.atom")).getroot()
    text = ukrainian.find(".//{http://www.w3.org/2005/Atom}content").text
    assert text.startswith("<p><strong>")


def test_status_names_a_catalog_of_site_words_it_cannot_read_and_exits_1(
    demo_dir: Path, runner: CliRunner
) -> None:
    """It said "0 of 0 reviewed, 1 error" and exited 0 (as --json, which said nothing of it),
    where build and check exit 1 naming the file and line."""
    (demo_dir / "locale" / "site").mkdir(parents=True, exist_ok=True)
    (demo_dir / "locale" / "site" / "fr.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Press releases"\nmsgstr "Communiqués de presse\n',
        "utf-8",
    )
    problem = (
        'locale/site/fr.po:5: syntax error: the string is not closed: a " is missing at the '
        "end of the line"
    )
    for options in ([], ["--json"]):
        shown = runner.invoke(cli, ["-C", str(demo_dir), "status", *options])
        assert shown.exit_code == 1, options
        assert shown.stderr == f"Error: {problem}\n", options
    table = runner.invoke(cli, ["-C", str(demo_dir), "status"]).stdout
    assert table.splitlines()[-1] == f"The site's own words in fr: cannot be read ({problem})"


def test_the_site_words_are_updated_drafted_checked_and_gated_like_the_releases(
    demo_dir: Path, runner: CliRunner
) -> None:
    """Polish is not shipped: ``update`` gives the project a catalog of every word the pages
    use (none for French, which communique ships), ``draft`` drafts it, the pages keep the
    English until a translator reviews, ``check`` reports a broken placeholder and the page
    keeps the English for that word; a project's own template adds its words; a catalog the
    project writes for a shipped language overrides it, word by word."""
    config = demo_dir / "communique.toml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"targets = \[[^]]*\]", 'targets = ["pl", "fr"]', text), "utf-8")

    def run(*command: str, code: int = 0) -> Result:
        result = runner.invoke(cli, ["-C", str(demo_dir), *command])
        assert result.exit_code == code, result.output
        return result

    updated = run("update")
    assert "locale/site/pl.po: created, " in updated.stdout
    polish = demo_dir / "locale" / "site" / "pl.po"
    assert not (demo_dir / "locale" / "site" / "fr.po").exists()
    catalog = polib.pofile(str(polish))
    assert {e.msgid for e in catalog} == extracted_words()  # as an extractor finds them
    assert catalog.find("Press releases: {state}").flags == ["python-brace-format"]
    run("draft", "--engine", "pseudo")
    catalog = polib.pofile(str(polish))
    assert all(e.msgstr and e.fuzzy for e in catalog if e.msgstr != e.msgid)
    assert "{state}" in catalog.find("Press releases: {state}").msgstr
    built = run("build", "--drafts")
    assert (
        "The site's own words are in English on the pl pages: translate them in "
        "locale/site/pl.po (see the README: the site's own words)\n"
    ) in built.stdout
    words = len(catalog)
    assert run("status").stdout.endswith(
        "The site's own words are in English on the pl pages: see the README (the site's own "
        f"words).\nThe site's own words in pl: 0 of {words} reviewed (locale/site/pl.po)\n"
    )
    rows = json.loads(run("status", "--json").stdout)
    assert {row["locale"]: row["interface"] for row in rows} == {"pl": False, "fr": True}
    page_path = demo_dir / "output-drafts" / "pl" / DEMO / "index.html"
    back = html.fromstring(page_path.read_bytes()).find(".//p[@class='back']/a")
    assert back.text == "All press releases"

    # A translator reviews three words, one with a placeholder she renamed by mistake: gettext
    # refuses the file (msgfmt -c), and so do check and build, which name the line; the pages
    # keep the English meanwhile, and the rest of the site is built.
    def review(words: dict[str, str], *, flag: bool = True) -> int:
        catalog = polib.pofile(str(polish))
        for english, translation in words.items():
            entry = catalog.find(english)
            entry.msgstr, entry.previous_msgid = translation, None
            entry.flags = [f for f in entry.flags if f != "fuzzy" and (flag or "format" not in f)]
        catalog.save()
        written = polish.read_text("utf-8").splitlines()
        return written.index('msgid "Press releases: {state}"') + 1  # the entry's line

    line = review(
        {
            "All press releases": "Wszystkie komunikaty prasowe",
            "Press releases": "Komunikaty prasowe",
            "Press releases: {state}": "Komunikaty prasowe: {panstwo}",
        }
    )
    # (gettext names the msgstr's line)
    written = polish.read_text("utf-8").splitlines()
    at = written.index('msgstr "Komunikaty prasowe: {panstwo}"') + 1
    assert at > line
    refused = (
        f"locale/site/pl.po:{at}: error: a format specification for argument 'panstwo' "
        "doesn't exist in 'msgid'"
    )
    assert refused in run("check", code=1).stdout
    # One entry refused, the others used: status counts it as an error, not the whole file
    # as one that "cannot be read".
    assert run("status").stdout.endswith(
        f"The site's own words in pl: 3 of {words} reviewed, 1 error ('communique check') "
        "(locale/site/pl.po)\n"
    )
    failed = run("build", "--drafts", code=1)
    assert refused.replace(" error:", "") in failed.stdout + failed.stderr
    assert "(that entry is left out, the others are used)" in failed.stdout + failed.stderr
    # The file's other words are on the pages (one wrong entry took them all off), the
    # broken one is not.
    back = html.fromstring(page_path.read_bytes()).find(".//p[@class='back']/a")
    assert back.text == "Wszystkie komunikaty prasowe"
    poland = html.fromstring((demo_dir / "output-drafts/states/pl/index.html").read_bytes())
    assert poland.findtext(".//h1") == "Press releases: Polska"
    # Without its format flag, gettext lets the renamed placeholder through: check does not,
    # and the page keeps the English for that word alone.
    line = review({"Press releases: {state}": "Komunikaty prasowe: {panstwo}"}, flag=False)
    assert (
        f"locale/site/pl.po:{line}: error: placeholders differ: {{state}} → {{panstwo}}"
    ) in run("check", code=1).stdout
    again = run("build", "--drafts")
    assert "The site's own words are in English" not in again.stdout
    back = html.fromstring(page_path.read_bytes()).find(".//p[@class='back']/a")
    assert back.text == "Wszystkie komunikaty prasowe"
    poland = html.fromstring((demo_dir / "output-drafts/states/pl/index.html").read_bytes())
    assert poland.get("lang") == "pl"
    assert poland.findtext(".//h1") == "Press releases: Polska"  # not the broken word
    assert run("status").stdout.endswith(
        f"The site's own words in pl: 3 of {words} reviewed, 1 error ('communique check') "
        "(locale/site/pl.po)\n"
    )
    review({"Press releases: {state}": "Komunikaty prasowe: {state}"})
    run("check")
    run("build", "--drafts")
    poland = html.fromstring((demo_dir / "output-drafts/states/pl/index.html").read_bytes())
    assert poland.findtext(".//h1") == "Komunikaty prasowe: Polska"
    # A project's template with a word of its own: the next update adds it to the catalog.
    templates = demo_dir / "templates"
    templates.mkdir()
    release_template = (REPOSITORY / "src/communique/templates/release.html").read_text("utf-8")
    (templates / "release.html").write_text(
        release_template.replace(
            '<p class="back">',
            '<p class="contact">{{ t(\'Contact the press office\') }}</p>\n<p class="back">',
        ),
        "utf-8",
    )
    assert "locale/site/pl.po: merged: " in run("update").stdout
    assert polib.pofile(str(polish)).find("Contact the press office") is not None
    # A catalog the project writes for French replaces communique's words it translates.
    (demo_dir / "locale" / "site" / "fr.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "All press releases"\nmsgstr "Tous nos communiqués"\n',
        "utf-8",
    )
    run("update")  # keeps it in step with the words, the translation kept
    french_words = polib.pofile(str(demo_dir / "locale" / "site" / "fr.po"))
    assert french_words.find("All press releases").msgstr == "Tous nos communiqués"
    assert french_words.find("Contact the press office") is not None
    run("build", "--drafts")
    french = demo_dir / "output-drafts" / "fr" / DEMO / "index.html"
    assert html.fromstring(french.read_bytes()).find(".//p[@class='back']/a").text == (
        "Tous nos communiqués"
    )
    index = html.fromstring((demo_dir / "output-drafts" / "fr" / "index.html").read_bytes())
    assert index.findtext(".//h1") == "Communiqués de presse"  # the rest as shipped


def test_release_pages_show_related_releases_by_tag(tmp_path: Path) -> None:
    """Under a release, up to three others in its language that share a tag: most tags in
    common first, then the nearest in time, then the newer."""
    project = make(tmp_path / "project")
    add_topical(project)
    build(project)

    def related(locale: str, slug: str) -> list[tuple[str, str, str]]:
        document = page(project, f"{locale}/{slug}/index.html")
        section = document.find(".//section[@class='related']")
        if section is None:
            return []
        assert section.findtext("h2") == (
            "Related releases" if locale == "en-GB" else "Communiqués liés"
        )
        return [
            (li.find("time").text, li.find("a").get("href"), li.find("a").text)
            for li in section.findall("ul/li")
        ]

    # Under "elections, media": the one sharing both, then the nearest two (the newer first).
    assert related("en-GB", "2024-04-02-media-during-the-campaign") == [
        ("4 April 2024", "../2024-04-04-election-coverage/", "Election coverage"),
        ("3 April 2024", "../2024-04-03-journalists-safety/", "Journalists safety"),
        ("1 April 2024", "../2024-04-01-voters-lists/", "Voters lists"),
    ]
    assert related("en-GB", "2024-05-01-final-report") == [
        ("4 April 2024", "../2024-04-04-election-coverage/", "Election coverage"),
        ("2 April 2024", "../2024-04-02-media-during-the-campaign/", "Media during the campaign"),
    ]
    assert related("en-GB", SECOND) == [
        ("1 April 2024", "../2024-04-01-voters-lists/", "Voters lists"),
        ("2 April 2024", "../2024-04-02-media-during-the-campaign/", "Media during the campaign"),
    ]
    # In French only SECOND is published among them: nothing related to show.
    assert related("fr", SECOND) == []
    # The demo's tags are its alone.
    assert related("en-GB", DEMO) == []


def extracted_words() -> set[str]:
    """The site's own words as communique's extractor finds them in the packaged templates
    and the site's code (Jinja's Babel extractor; ``t("…")`` calls)."""
    return set(site_words())


SHIPPED = sorted(path.stem for path in (REPOSITORY / "src/communique/data/ui").glob("*.po"))


def test_the_shipped_catalogs_are_those_of_the_six_official_languages_and_more() -> None:
    assert {"ar", "de", "es", "fa", "fr", "he", "it", "ru", "uk", "zh"} <= set(SHIPPED)


# Every catalog shipped, whatever its language: which languages have the site's words is
# known from which catalogs are shipped (site.i18n.without_interface), so each must have them all.
@pytest.mark.parametrize("language", SHIPPED)
def test_every_word_of_the_site_is_translated_in_the_shipped_catalogs(language: str) -> None:
    words = extracted_words()
    assert {"Press releases", "Related releases", "Draft", "Topic: {topic}"} <= words
    catalog = polib.pofile(str(REPOSITORY / "src/communique/data/ui" / f"{language}.po"))
    translated = {e.msgid: e.msgstr for e in catalog if e.msgstr and not e.fuzzy}
    assert sorted(words - set(translated)) == []  # each word translated
    assert sorted(set(translated) - words) == []  # and none left over
    for english, translation in translated.items():  # with the same placeholders
        assert sorted(re.findall(r"\{\w+\}", translation)) == sorted(
            re.findall(r"\{\w+\}", english)
        ), (language, english)


@pytest.mark.parametrize(
    ("locale", "shown"),
    [
        ("ru", "Обновлено 12 марта 2024\u202fг."),  # CLDR's date ends with its own full stop
        ("uk", "Оновлено 12 березня 2024\u202fр."),
        ("de", "Aktualisiert am 12. März 2024."),
        ("fr", "Mis à jour le 12 mars 2024."),
        ("zh", "更新于2024年3月12日。"),
        ("he", "עודכן ב־12 במרץ 2024."),  # the maqaf joins the preposition to the number
        # A zero-width non-joiner in the word; the date in Persian digits, CLDR's default.
        ("fa", "به\u200cروزشده در ۱۲ مارس ۲۰۲۴."),
    ],
)
def test_a_date_that_ends_a_sentence_takes_its_full_stop(locale: str, shown: str) -> None:
    t = translator(locale)
    assert t("Updated on {date}.", date=long_date(datetime.date(2024, 3, 12), locale)) == shown


@pytest.mark.parametrize(
    ("text", "links"),
    [
        # Hebrew's "and" joined to the address by a hyphen; Persian's and Chinese commas.
        (
            "פרטים: https://www.coe.int/a ו-press@coe.int.",
            ["https://www.coe.int/a", "mailto:press@coe.int"],
        ),
        (
            "جزئیات: https://www.coe.int/a، و press@coe.int.",
            ["https://www.coe.int/a", "mailto:press@coe.int"],
        ),
        ("请参阅https://www.osce.org/press，然后来信。", ["https://www.osce.org/press"]),
        ("https://www.coe.int/ja/（日本語）をご覧ください。", ["https://www.coe.int/ja/"]),
    ],
)
def test_an_address_ends_where_the_language_punctuates(text: str, links: list[str]) -> None:
    """A plain-text translation's addresses are links to what they say, not to the
    punctuation or the prefix the language sets around them (a dead link for readers)."""
    found = html.fromstring(f"<p>{render_inline(text, markup=False)}</p>").findall(".//a")
    assert [a.get("href") for a in found] == links
    assert [a.text for a in found] == [link.removeprefix("mailto:") for link in links]


@pytest.mark.parametrize(
    ("text", "links"),
    [
        (
            "Write to press@osce.org or see www.osce.org/odihr and https://osce.org/x.",
            [
                ("mailto:press@osce.org", "press@osce.org", "address"),
                ("https://www.osce.org/odihr", "www.osce.org/odihr", "address"),
                ("https://osce.org/x", "https://osce.org/x", "address"),
            ],
        ),
        # In emphasis too: a bold contact line.
        (
            "**Contact: press@osce.org**, *www.osce.org*",
            [
                ("mailto:press@osce.org", "press@osce.org", "address"),
                ("https://www.osce.org", "www.osce.org", "address"),
            ],
        ),
        # Links written as links stay so; an address in code is code.
        (
            "See [the report](https://osce.org/r), `https://x.org` and <https://a.org>.",
            [
                ("https://osce.org/r", "the report", None),
                ("https://a.org", "https://a.org", "address"),
            ],
        ),
    ],
)
def test_bare_addresses_in_markdown_become_links(
    text: str, links: list[tuple[str, str, str | None]]
) -> None:
    """As GitHub's Markdown and every editor's preview show them (CommonMark links only
    ``<…>``): a press officer's "write to press@osce.org" is a link in Markdown as in plain
    text, marked as an address (printed once)."""
    found = html.fromstring(f"<p>{render_inline(text, markup=True)}</p>").findall(".//a")
    assert [(a.get("href"), a.text, a.get("class")) for a in found] == links


def test_bare_addresses_in_plain_text_become_links(tmp_path: Path) -> None:
    """A web or e-mail address written out in a plain-text release is a link on every page
    and in the feeds, and reaches translators whole (a protected span of its segment)."""
    project = make(tmp_path / "project")
    source = project.root / "source" / f"{DEMO}.txt"
    source.write_text(
        source.read_text("utf-8")
        + "\n\nJournalists may write to press@osce.org or read www.osce.org/cthb.\n",
        "utf-8",
    )
    update(project)
    report = build(project)
    assert not report.problems
    sentence = "Journalists may write to press@osce.org or read www.osce.org/cthb."
    catalog = polib.pofile(str(project.catalog_path(DEMO, "fr")))
    assert catalog.find(sentence) is not None
    for locale in ("en-GB", "fr"):  # (in French, the English shown until it is translated)
        document = page(project, f"{locale}/{DEMO}/index.html")
        links = {a.text: a.get("href") for a in document.findall(".//article//p//a")}
        assert links["press@osce.org"] == "mailto:press@osce.org"
        assert links["www.osce.org/cthb"] == "https://www.osce.org/cthb"
    feed = feedparser.parse((out(project) / "en-GB" / "feed.atom").read_bytes())
    entry = next(e for e in feed.entries if e.title.startswith("OSCE and Council of Europe"))
    assert '<a class="address" href="mailto:press@osce.org">press@osce.org</a>' in (
        entry.content[0].value
    )


def test_site_words_fall_back_only_on_a_language_of_the_same_script(
    demo_dir: Path, runner: CliRunner
) -> None:
    """Latin Serbian takes no Cyrillic words from a project's ``sr.po``, Traditional Chinese
    none of communique's Simplified ones: their pages keep the English, and the build names
    the catalog ``update`` made for them, as it is named on disk."""
    config = demo_dir / "communique.toml"
    text = config.read_text("utf-8")
    targets = 'targets = ["sr", "sr-Latn", "zh-Hant", "pt-BR"]'
    config.write_text(re.sub(r"targets = \[[^]]*\]", targets, text), "utf-8")

    def run(*command: str) -> Result:
        result = runner.invoke(cli, ["-C", str(demo_dir), *command])
        assert result.exit_code == 0, result.output
        return result

    made = run("update").stdout
    for name in ("sr", "sr_Latn", "zh_Hant", "pt_BR"):
        assert f"locale/site/{name}.po: created, " in made
    serbian = polib.pofile(str(demo_dir / "locale/site/sr.po"))
    serbian.find("Press releases").msgstr = "Саопштења"
    serbian.find("Press releases").flags = []
    serbian.save()
    run("draft", "--engine", "pseudo")
    built = run("build", "--drafts").stdout
    for locale, name in (("sr-Latn", "sr_Latn"), ("zh-Hant", "zh_Hant"), ("pt-BR", "pt_BR")):
        assert (
            f"The site's own words are in English on the {locale} pages: translate them in "
            f"locale/site/{name}.po (see the README: the site's own words)\n"
        ) in built
    assert "on the sr pages" not in built  # (it has one word of its own)

    def heading(locale: str) -> str:
        page = html.fromstring((demo_dir / "output-drafts" / locale / "index.html").read_bytes())
        return page.findtext(".//h1")

    assert heading("sr") == "Саопштења"
    assert heading("sr-Latn") == "Press releases"
    assert heading("zh-Hant") == "Press releases"
    # Open Graph names no script: Serbian in either script is sr_RS, the page's own, not an
    # alternate (it was listed twice, once for each script).
    release = html.fromstring(
        (demo_dir / "output-drafts" / "sr" / DEMO / "index.html").read_bytes()
    )
    alternates = [
        m.get("content") for m in release.findall(".//meta[@property='og:locale:alternate']")
    ]
    assert "sr_RS" not in alternates
    assert len(alternates) == len(set(alternates))
    assert translator("zh-Hans")("Press releases") == "新闻稿"  # (the shipped zh.po)
    assert translator("zh-Hans-CN")("Press releases") == "新闻稿"
    assert translator("pt-BR")("Press releases") == "Press releases"
    assert (
        translator("fr-CH")("Press releases")
        == translator("fr")("Press releases")
        != ("Press releases")
    )


def test_a_releases_headings_nest_from_h2_skipping_no_level(tmp_path: Path) -> None:
    """The title is the page's h1: "#" and "##" in a release are h2 and h3 (both were h2),
    and "####" right under a "#" is h3: no level skipped, and a screen reader's outline
    follows the release's."""
    project = make(tmp_path / "project")
    (project.root / "source" / "2024-05-01-outline.md").write_text(
        "---\ntitle: An outline\ndate: 2024-05-01\n---\n"
        "Vienna, 1 May 2024: An introduction.\n\n# Main points\n\nOne.\n\n"
        "## A sub-point\n\nTwo.\n\n# Other points\n\nThree.\n\n#### A detail\n\nFour.\n",
        "utf-8",
    )
    update(project)
    build(project)
    page_path = project.root / "output" / "en-GB" / "2024-05-01-outline" / "index.html"
    main = html.fromstring(page_path.read_bytes()).find(".//main")
    headings = [(h.tag, h.text_content()) for h in main.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert headings == [
        ("h1", "An outline"),
        ("h2", "Main points"),
        ("h3", "A sub-point"),
        ("h2", "Other points"),
        ("h3", "A detail"),
    ]


def test_dashboard_follows_a_state_change_and_links_only_public_pages(
    site: Project, tmp_path: Path
) -> None:
    """The dashboard written again after a version is withdrawn says so, though no catalog
    changed; a release under embargo is listed without a link to the page the public site
    does not have (yet)."""
    project = Project.load(shutil.copytree(site.root, tmp_path / "project", symlinks=True))
    root = ["-C", str(project.root)]

    def run(*command: str) -> None:
        done = CliRunner().invoke(cli, [*root, *command])
        assert done.exit_code == 0, done.output

    run("status", "--html")
    first = status_page(project, "2023/index.html").findall(".//tbody/tr/td")[0]
    assert "withdrawn" not in first.text_content()
    run("withdraw", DEMO, "--locale", "fr")
    run("status", "--html")
    french = status_page(project, "2023/index.html").findall(".//tbody/tr/td")[0]
    assert french.find(".//summary").text_content() == "withdrawn"
    source = project.root / "source" / f"{SECOND}.md"
    text = source.read_text("utf-8")
    source.write_text(text.replace("---\n", "---\nembargo: 2999-01-01T09:00:00+00:00\n", 1))
    run("status", "--html")
    (heading,) = status_page(project, "2024/index.html").findall(".//tbody/tr/th")
    assert heading.find("a") is None
    assert heading.text_content().startswith("Observers deployed for the vote")
    (linked,) = status_page(project, "2023/index.html").findall(".//tbody/tr/th")
    assert linked.find("a").get("href").endswith(f"/en-GB/{DEMO}/")
    # Withdrawn whole, its page gone: no link either (from status, and from publish's build).
    run("withdraw", DEMO)
    for command in (["status", "--html"], ["publish"]):
        run(*command)
        (heading,) = status_page(project, "2023/index.html").findall(".//tbody/tr/th")
        assert heading.find("a") is None, command


def test_languages_are_listed_as_an_alphabet_orders_their_names() -> None:
    """íslenska with the i's and čeština with the c's, not after Türkçe as code points put
    them; other scripts after the Latin alphabet."""
    from communique.site.html import by_name, language_name

    tags = ["tr", "is", "cs", "sv", "el", "da", "tk", "ru"]
    assert [language_name(tag) for tag in sorted(tags, key=by_name)] == [
        "čeština",
        "dansk",
        "íslenska",
        "svenska",
        "Türkçe",
        "türkmen dili",
        "Ελληνικά",
        "русский",
    ]


def test_an_english_title_and_place_are_marked_in_listings_and_the_dateline(
    demo_dir: Path, runner: CliRunner
) -> None:
    """On an Arabic preview whose title and place are not translated yet, the English is
    marked as English wherever it shows: the heading (as before), the dateline's place, and the
    title in the language's listing and on the root page, so that a screen reader reads it in
    English and it runs left to right."""
    config = demo_dir / "communique.toml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"targets = \[[^]]*\]", 'targets = ["ar"]', text), "utf-8")
    other = "2023-06-09-follow-up"
    (demo_dir / "source" / f"{other}.txt").write_text(
        "---\ntitle: Who will host the next meeting?\ndate: 2023-06-09\n"
        "tags: [Council of Europe]\n---\nVienna, 9 June 2023: The host is to be named.\n",
        "utf-8",
    )
    for command in (["update"], ["draft", "--engine", "pseudo"]):
        result = runner.invoke(cli, ["-C", str(demo_dir), *command])
        assert result.exit_code == 0, result.output
    for slug in (DEMO, other):
        path = demo_dir / "locale" / "ar" / "LC_MESSAGES" / f"{slug}.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            if "title" in entry.comment or "dateline place" in entry.comment:
                entry.msgstr = ""
                entry.flags = []
        catalog.save()
    result = runner.invoke(cli, ["-C", str(demo_dir), "build", "--drafts"])
    assert result.exit_code == 0, result.output
    out = demo_dir / "output-drafts"
    release = html.fromstring((out / "ar" / DEMO / "index.html").read_bytes())
    place = release.find(".//p[@class='dateline']/span[@class='place']")
    assert (place.text, place.get("lang"), place.get("dir")) == ("Strasbourg", "en-GB", "ltr")
    assert release.find(".//h1").get("lang") == "en-GB"
    index = html.fromstring((out / "ar" / "index.html").read_bytes())
    (link,) = [a for a in index.iterfind(".//ol[@class='releases']//a") if DEMO in a.get("href")]
    assert (link.get("lang"), link.get("dir")) == ("en-GB", "ltr")
    root = html.fromstring((out / "index.html").read_bytes())
    section = root.find(".//section[@lang='ar']")
    (link,) = [a for a in section.iterfind(".//ol//a") if DEMO in a.get("href")]
    assert (link.get("lang"), link.get("dir")) == ("en-GB", "ltr")
    # The related releases under a page ("?Who will host…" before), and a feed entry's
    # dateline ("Strasbourg" set apart from its date).
    (link,) = release.findall(".//section[@class='related']//a")
    assert (link.text, link.get("lang"), link.get("dir")) == (
        "Who will host the next meeting?",
        "en-GB",
        "ltr",
    )
    feed = etree.fromstring((out / "ar" / "feed.atom").read_bytes())
    contents = [c.text for c in feed.iter("{http://www.w3.org/2005/Atom}content")]
    assert any('<span lang="en-GB" dir="ltr">Strasbourg</span>، ' in c for c in contents)


def test_a_topic_page_is_titled_as_a_topic(site: Project) -> None:
    """A topic and a member state of one name ("Ukraine") had the same window title: the
    topic's says it is one, as its heading does."""
    topic = page(site, "fr/tags/elections/index.html")
    assert topic.findtext(".//title") == "Thème\u202f: elections — OSCE"
    assert page(site, "states/fr/index.html").findtext(".//title") == "France — OSCE"
    # Its feeds are named as they call themselves, the English tag marked as English in the
    # footer's links (a screen reader read "elections (Atom)" with its French voice).
    heads = [link.get("title") for link in topic.iter("link") if link.get("type")]
    assert heads[:2] == ["OSCE\u202f: elections (Atom)", "OSCE\u202f: elections (RSS)"]
    footer = list(topic.find_class("feeds")[0].iter("a"))
    assert [a.text_content() for a in footer] == heads[:2]
    assert [a.find("span").get("lang") for a in footer] == ["en-GB", "en-GB"]


def test_feed_links_follow_the_languages_names() -> None:
    """The root page's list of feeds (and each page's autodiscovery links) in the switcher's
    order, the page's language first: not by tag (čeština and íslenska after Türkçe)."""
    links = feed_links(["tr", "is", "cs", "ar", "en-GB"], "en-GB", "", lambda locale: "OSCE")
    assert list(dict.fromkeys(link.lang for link in links)) == ["en-GB", "cs", "is", "tr", "ar"]


def test_a_site_with_nothing_online_yet_links_to_no_feed(tmp_path: Path) -> None:
    """Before the first release goes online the root page says so, and links to no feed (a
    subscriber who found one would get a 404): every link it has resolves."""
    root = tmp_path / "newsroom"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(root)]).exit_code == 0
    result = runner.invoke(cli, ["-C", str(root), "build"])
    assert result.exit_code == 0, result.output
    page = html.parse(str(root / "output" / "index.html")).getroot()
    assert page.find_class("empty")[0].text == "No press releases yet."
    links = [element.get("href") for element in page.iter("a", "link")]
    assert not [link for link in links if link and "feed" in link]
    for link in links:
        if link and "://" not in link and not link.endswith("/") and not link.startswith("#"):
            assert (root / "output" / link).is_file(), link
    assert not page.find_class("feeds")


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (f"fr/{DEMO}/index.html", "Aller au contenu principal"),
        ("fr/index.html", "Aller au contenu principal"),
        ("index.html", "Skip to main content"),
        ("states/fr/index.html", "Aller au contenu principal"),
    ],
)
def test_keyboard_users_can_skip_to_the_text(site: Project, path: str, text: str) -> None:
    """The first link of every page goes past the site's name and the list of languages to
    the text, in the page's language (keyboard users went through every language first)."""
    document = page(site, path)
    first = next(document.find("body").iter("a"))
    assert (first.get("href"), first.text, first.get("class")) == ("#main", text, "skip")
    assert document.find(".//main").get("id") == "main"


def test_a_topic_s_page_links_its_pages_in_the_other_languages(site: Project) -> None:
    """A topic's page in French links the topic's page in each other language it has one in,
    as a release's page does (a reader could reach no other from it)."""
    french = page(site, "fr/tags/council-of-europe/index.html")
    links = {
        a.get("hreflang"): a.get("href") for a in french.findall(".//nav[@class='languages']//a")
    }
    assert links == {
        "en-GB": "../../../en-GB/tags/council-of-europe/",
        "it": "../../../it/tags/council-of-europe/",
    }
    for href in links.values():
        assert (out(site) / "fr/tags/council-of-europe" / href / "index.html").is_file()
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in french.findall(".//link[@rel='alternate']")
        if link.get("hreflang") and not link.get("type")  # (not its feeds)
    }
    assert alternates == {
        "en-GB": "https://press.example.org/en-GB/tags/council-of-europe/",
        "fr": "https://press.example.org/fr/tags/council-of-europe/",
        "it": "https://press.example.org/it/tags/council-of-europe/",
    }


def test_english_site_words_on_a_page_without_its_own_are_marked_and_not_mixed(
    demo_dir: Path, runner: CliRunner
) -> None:
    """Turkish, which communique ships no site words for: the English words a release page
    shows are marked as English (a screen reader read them with its Turkish voice), and an
    English sentence says the language and the day in English (it said "The original
    (İngilizce) was updated on 3 Aralık 2026")."""
    drafted_in(demo_dir, runner, "tr")
    path = demo_dir / "locale" / "tr" / "LC_MESSAGES" / f"{DEMO}.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    catalog.save()
    assert runner.invoke(cli, ["-C", str(demo_dir), "build"]).exit_code == 0
    source = demo_dir / "source" / f"{DEMO}.txt"
    source.write_text(source.read_text("utf-8").replace("130 delegates", "131 delegates"), "utf-8")
    for command in (["update"], ["build"]):
        result = runner.invoke(cli, ["-C", str(demo_dir), *command])
        assert result.exit_code == 0, result.output
    document = html.fromstring((demo_dir / "output" / "tr" / DEMO / "index.html").read_bytes())
    (notice,) = document.find_class("superseded")
    assert notice.get("lang") == "en-GB"
    assert notice.text_content().startswith("The original (English) was updated on ")
    assert "Aralık" not in notice.text_content()
    back = document.find(".//p[@class='back']/a")
    assert (back.text, back.get("lang")) == ("All press releases", "en-GB")
    # So are the other pages' (the skip link, the listing's heading, the root page's link to
    # the language's listing), and a French page's stay unmarked.
    skip = document.find(".//a[@class='skip']")
    assert (skip.text, skip.get("lang")) == ("Skip to main content", "en-GB")
    listing = html.fromstring((demo_dir / "output" / "tr" / "index.html").read_bytes())
    heading = listing.find(".//h1")
    assert (heading.text, heading.get("lang")) == ("Press releases", "en-GB")
    root = html.fromstring((demo_dir / "output" / "index.html").read_bytes())
    (more,) = root.xpath(".//section[@lang='tr']/p[@class='more']/a")
    assert (more.text, more.get("lang")) == ("All press releases", "en-GB")
    english = html.fromstring((demo_dir / "output" / "en-GB" / "index.html").read_bytes())
    assert english.find(".//h1").get("lang") is None
    assert english.find(".//a[@class='skip']").get("lang") is None


CONTACT = "2026-12-03-contact"
#: A contact block's lines, translated as an Arabic and a Hebrew translator would.
CONTACT_LINES = {
    "Talks in Vienna": {"ar": "محادثات في فيينا", "he": "שיחות בווינה"},
    "Vienna": {"ar": "فيينا", "he": "וינה"},
    "The Chairmanship met in Vienna.": {
        "ar": "اجتمعت الرئاسة في فيينا.",
        "he": "היו״ר נפגש בווינה.",
    },
    "Press contact:": {"ar": "للتواصل مع الصحافة:", "he": "איש קשר לעיתונות:"},
    "Jane Roe": {"ar": "Jane Roe", "he": "Jane Roe"},
    "Tel.: +43 1 514 36 6000": {"ar": "الهاتف: +43 1 514 36 6000", "he": "טל׳: +43 1 514 36 6000"},
    "press@osce.org": {"ar": "press@osce.org", "he": "press@osce.org"},
}


def test_a_telephone_number_reads_left_to_right_on_a_right_to_left_page(
    demo_dir: Path, runner: CliRunner
) -> None:
    """Groups of digits apart are laid out in the paragraph's direction: an Arabic or Hebrew
    page showed "+43 1 514 36 6000" as "6000 36 514 1 43+", a wrong number to dial. Each
    such number is held left to right, on the page and in the feed; the English page, and
    a year or a date in the text, are left as they are."""
    config = demo_dir / "communique.toml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"targets = \[[^]]*\]", 'targets = ["ar", "he"]', text), "utf-8")
    (demo_dir / "source" / f"{CONTACT}.txt").write_text(
        "---\ntitle: Talks in Vienna\n---\nVienna, 3 December 2026: The Chairmanship met in "
        "Vienna.\n\nPress contact:\nJane Roe\nTel.: +43 1 514 36 6000\npress@osce.org\n",
        "utf-8",
    )
    assert runner.invoke(cli, ["-C", str(demo_dir), "update"]).exit_code == 0
    for locale in ("ar", "he"):
        path = demo_dir / "locale" / locale / "LC_MESSAGES" / f"{CONTACT}.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr, entry.flags = CONTACT_LINES[entry.msgid][locale], []
        catalog.save()
    built = runner.invoke(cli, ["-C", str(demo_dir), "build", "--now", "2026-12-03T12:00:00Z"])
    assert built.exit_code == 0, built.output
    out = demo_dir / "output"
    for locale in ("ar", "he"):
        page = html.fromstring((out / locale / CONTACT / "index.html").read_bytes())
        held = page.findall(".//main//span[@dir='ltr']")
        assert [span.text for span in held] == ["+43 1 514 36 6000"]
        line = CONTACT_LINES["Tel.: +43 1 514 36 6000"][locale]
        assert line in held[0].getparent().text_content()  # (the words as written)
        feed = etree.parse(str(out / locale / "feed.atom")).getroot()
        atom = "{http://www.w3.org/2005/Atom}"
        (entry,) = [
            e
            for e in feed.iter(f"{atom}entry")
            if e.find(f"{atom}link").get("href").endswith(f"/{CONTACT}/")
        ]
        content = html.fromstring(entry.findtext(f"{atom}content"))
        assert [s.text for s in content.iter("span") if s.get("dir") == "ltr"] == [
            "+43 1 514 36 6000"
        ]
    english = html.fromstring((out / "en-GB" / CONTACT / "index.html").read_bytes())
    assert english.findall(".//main//span[@dir]") == []


@pytest.mark.parametrize(
    ("front", "link", "shown"),
    [
        # (Refused as an escape in front matter, before anything looks for the file.)
        (
            'image: "a\\0b.jpg"\n',
            "files/programme.pdf",
            "invalid front matter: a control character (U+0000) in a value",
        ),
        ("", "files/a%00b.pdf", "file 'files/a\\x00b.pdf' not found: put it at source/…"),
        ("", "files/" + "p" * 300 + ".pdf", "file 'files/" + "p" * 33 + "…' not found: put it"),
    ],
    ids=["nul-in-front-matter", "nul-escaped-in-a-link", "name-too-long"],
)
def test_a_linked_file_no_file_can_be_is_said_missing(
    tmp_path: Path, front: str, link: str, shown: str
) -> None:
    """A picture or file named with a NUL (an escape, "%00") or a name longer than any file
    system takes stopped every command with a traceback (ValueError: embedded null byte;
    OSError: File name too long): it is missing, said at its line."""
    project = make(tmp_path / "project")
    slug = "2024-04-05-agreement-signed"
    text = PICTURE_RELEASE.replace("date: 2024-04-05\n", f"date: 2024-04-05\n{front}")
    text = text.replace("![The Secretary General signs the agreement](images/signing.png)\n", "")
    text = text.replace("files/programme.pdf", link)
    (project.root / "source" / f"{slug}.md").write_text(text, "utf-8")
    (project.root / "source" / "files").mkdir()
    (project.root / "source" / "files" / "programme.pdf").write_bytes(b"%PDF-1.4\n")
    result = CliRunner().invoke(cli, ["-C", str(project.root), "extract"])
    assert result.exit_code == 1
    line = (
        3 if front else text.split("\n").index(next(t for t in text.split("\n") if link in t)) + 1
    )
    (error,) = result.stderr.splitlines()
    assert error.startswith(f"Error: source/{slug}.md:{line}: {shown}")


def test_a_word_processor_s_breaks_are_spaces_and_c1_controls_an_error(
    demo_dir: Path, runner: CliRunner
) -> None:
    """A vertical tab (Word's line break) or a form feed between two words reached translators
    as "\\v" and the pages joined the words ("The Chairspoke"): they are spaces. A C1 control
    (U+0085, from Windows-1252 text read as Latin-1) is refused at its line, as C0's are."""
    source = demo_dir / "source" / "2026-12-03-breaks.txt"
    source.write_text(
        "---\ntitle: Breaks\n---\nVienna, 3 December 2026: The Chair\vspoke to the\fpress.\n",
        "utf-8",
    )
    extracted = runner.invoke(cli, ["-C", str(demo_dir), "extract", "2026-12-03-breaks"])
    assert extracted.exit_code == 0, extracted.output
    template = polib.pofile(str(demo_dir / "locale" / "templates" / "2026-12-03-breaks.pot"))
    assert [e.msgid for e in template][-1] == "The Chair spoke to the press."
    source.write_text(
        "---\ntitle: Breaks\n---\nVienna, 3 December 2026: The Chair\x85spoke.\n", "utf-8"
    )
    refused = runner.invoke(cli, ["-C", str(demo_dir), "extract", "2026-12-03-breaks"])
    assert refused.exit_code == 1
    assert refused.stderr == (
        "Error: source/2026-12-03-breaks.txt:4: a control character (U+0085) at column 35: "
        "remove it (pasted from another program?)\n"
    )


def test_a_table_box_is_named_by_its_headings_or_is_no_region() -> None:
    """The box a table scrolls in is named by its headings, their words as a screen reader
    reads them (an entity once); a table whose header row is empty is no region and no tab
    stop that would announce nothing. A figure's cell is marked, to stay on one line."""
    from communique.release.blocks import BlockKind
    from communique.site.html import body_html
    from communique.site.localize import Piece

    def table(*rows: tuple[str, ...]) -> html.HtmlElement:
        pieces = [
            Piece(BlockKind.TABLE_CELL, text, number, 0, False, None)
            for number, cells in enumerate(rows)
            for text in cells
        ]
        return html.fromstring(body_html(pieces, "fr"))

    named = table(("R&amp;D <em>budget</em>", "2024"), ("Total", "1\u202f234,5\u00a0%"))
    assert (named.get("role"), named.get("tabindex"), named.get("aria-label")) == (
        "region",
        "0",
        "R&D budget, 2024",
    )
    assert [td.get("class") for td in named.iter("td")] == [None, "figure"]
    bare = table(("", ""), ("a", "b"))
    assert (bare.get("class"), bare.get("role"), bare.get("tabindex")) == ("table", None, None)


def test_an_empty_heading_is_neither_a_segment_nor_a_heading(tmp_path: Path) -> None:
    """ "###", a press release's end mark, is an empty heading in Markdown, as is one that
    holds a comment alone: neither gives translators an empty msgid (a second header: the
    template and every catalog were refused, by msgfmt and by communique itself), nor the
    page an empty heading (a screen reader announces "heading level 2", and nothing)."""
    project = make(tmp_path / "project")
    slug = "2024-05-01-end-mark"
    (project.root / "source" / f"{slug}.md").write_text(
        "---\ntitle: An end mark\ndate: 2024-05-01\n---\n"
        "Vienna, 1 May 2024: An introduction.\n\n## <!-- TODO subtitle -->\n\nOne.\n\n###\n",
        "utf-8",
    )
    update(project)
    template = polib.pofile(str(project.root / "locale" / "templates" / f"{slug}.pot"))
    assert [e.msgid for e in template] == ["An end mark", "Vienna", "An introduction.", "One."]
    french = polib.pofile(str(project.catalog_path(slug, "fr")))
    assert [e.msgid for e in french] == [e.msgid for e in template]
    build(project)
    page_path = project.root / "output" / "en-GB" / slug / "index.html"
    main = html.fromstring(page_path.read_bytes()).find(".//main")
    headings = [(h.tag, h.text_content()) for h in main.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert headings == [("h1", "An end mark")]


def markdown_page(tmp_path: Path, slug: str, title: str, body: str) -> tuple[Project, Path]:
    """The site tests' project with one Markdown release more, dated 1 May 2024, updated and
    built; and its English page."""
    project = make(tmp_path / "project")
    (project.root / "source" / f"{slug}.md").write_text(
        f"---\ntitle: {title}\ndate: 2024-05-01\n---\n{body}", "utf-8"
    )
    update(project)
    build(project)
    return project, project.root / "output" / "en-GB" / slug / "index.html"


def outermost(page_path: Path, tags: tuple[str, ...], within: tuple[str, ...]) -> list[str]:
    """The HTML of the page's outermost ``tags`` (none in one of ``within``), without the
    spaces between tags."""
    main = html.fromstring(page_path.read_bytes()).find(".//main")
    return [
        re.sub(r">\s+<", "><", etree.tostring(found, encoding="unicode", with_tail=False))
        for found in main.iter(*tags)
        if found.getparent().tag not in within
    ]


def built_from_the_record(project: Project, slug: str) -> None:
    """Build with the release's source unreadable: its pages are served from the record."""
    source = project.root / "source" / f"{slug}.md"
    source.write_text(source.read_text("utf-8").replace("date:", "dat:"), "utf-8")
    CliRunner().invoke(cli, ["-C", str(project.root), "build"])


def test_a_list_keeps_its_numbers_and_an_item_its_paragraphs(tmp_path: Path) -> None:
    """Recommendations are cited by their numbers: a numbered list that goes on after a
    paragraph ("3.", "4.") starts at 3 on the page, not at 1; an item of two paragraphs is one
    item (three steps stayed three, not four), its second paragraph in it. The same from the
    publication record (the page served from it)."""
    slug = "2024-05-01-recommendations"
    project, page_path = markdown_page(
        tmp_path,
        slug,
        "Recommendations",
        "Vienna, 1 May 2024: The Council made recommendations.\n\n"
        "1. First.\n2. Second.\n\nThe Council also noted:\n\n3. Third.\n4. Fourth.\n\n"
        "- Step one.\n\n  More about step one.\n\n  - A detail.\n\n  Last of step one.\n"
        "- Step two.\n",
    )
    expected = [
        "<ol><li>First.</li><li>Second.</li></ol>",
        '<ol start="3"><li>Third.</li><li>Fourth.</li></ol>',
        "<ul><li>Step one.<p>More about step one.</p><ul><li>A detail.</li></ul>"
        "<p>Last of step one.</p></li><li>Step two.</li></ul>",
    ]
    assert outermost(page_path, ("ol", "ul"), ("li",)) == expected
    template = polib.pofile(str(project.root / "locale" / "templates" / f"{slug}.pot"))
    assert [e.comment for e in template if e.msgid.startswith(("More", "Step", "Last"))] == [
        "list item 5, sentence 1 of 1",
        "list item 5, paragraph 2, sentence 1 of 1",
        "list item 5, paragraph 3, sentence 1 of 1",
        "list item 7, sentence 1 of 1",
    ]
    built_from_the_record(project, slug)
    assert outermost(page_path, ("ol", "ul"), ("li",)) == expected


def test_a_list_in_a_quotation_stays_in_it(tmp_path: Path) -> None:
    """The Secretary General's words, with a list, in one quotation: the list was taken out of
    it, the quotation cut in two, and her points read as the organisation's own. The same
    from the publication record."""
    slug = "2024-05-01-statement"
    project, page_path = markdown_page(
        tmp_path,
        slug,
        "Statement",
        "Vienna, 1 May 2024: The Secretary General said:\n\n"
        "> We must act.\n>\n> - First, protect.\n> - Second, prosecute.\n>\n"
        "> — Helga Maria Schmid\n\n"
        "- Our own point.\n",
    )
    expected = [
        "<blockquote><p>We must act.</p><ul><li>First, protect.</li><li>Second, prosecute."
        "</li></ul><p>— Helga Maria Schmid</p></blockquote>",
        "<ul><li>Our own point.</li></ul>",
    ]
    assert outermost(page_path, ("blockquote", "ul"), ("blockquote", "li")) == expected
    built_from_the_record(project, slug)
    assert outermost(page_path, ("blockquote", "ul"), ("blockquote", "li")) == expected


def test_a_quotation_that_opens_a_list_item_leaves_the_list_whole(tmp_path: Path) -> None:
    """ "1. > The Chair: …" is a quotation in the first item: the list stays one list, its
    items numbered 1 to 3 (its second item was numbered 1, in a list of its own)."""
    _, page_path = markdown_page(
        tmp_path,
        "2024-05-01-steps",
        "Steps",
        "Vienna, 1 May 2024: The steps.\n\n"
        "1. > The Chair: we must act.\n2. Second step.\n3. Third step.\n",
    )
    main = html.fromstring(page_path.read_bytes()).find(".//main")
    (listed,) = main.findall(".//ol")
    assert [li.text_content().strip() for li in listed.findall("li")] == [
        "The Chair: we must act.",
        "Second step.",
        "Third step.",
    ]


def test_every_language_whose_default_digits_are_not_latin_has_its_dates_in_them() -> None:
    """CLDR's default digits of N'Ko, Santali, Manipuri, Chakma, Adlam Fula and Hmong are not
    Latin: their dates were in Latin digits, where the README says each language has the
    digits CLDR makes its default."""
    import unicodedata

    from babel import Locale, localedata

    from communique.locales import native_digits

    missed = []
    for name in localedata.locale_identifiers():
        system = Locale.parse(name).default_numbering_system
        if system == "latn":
            continue
        written = native_digits("0123456789", name.replace("_", "-"))
        if [unicodedata.digit(c, None) for c in written] != list(range(10)) or written.isascii():
            missed.append((name, system))
    assert missed == []


def test_an_entry_in_english_in_a_right_to_left_feed_is_laid_out_left_to_right() -> None:
    """The English of a release not yet in Hebrew, in a Hebrew feed (a member state's): the
    RSS item named its language, the Atom entry only in ``xml:lang``, and a feed reader in
    Hebrew laid it out right to left, its full stop on the wrong side. Hebrew's own entries,
    and English in an English feed, are as they were."""
    import datetime as dt

    from communique.site.feeds import Feed, FeedEntry, atom, rss

    moment = dt.datetime(2024, 5, 2, 9, 0, tzinfo=dt.UTC)

    def entry(lang: str, content: str) -> FeedEntry:
        return FeedEntry(
            f"urn:{lang}", "T", f"https://x.org/{lang}/", lang, moment, moment, content
        )

    english = entry("en-GB", "<p>Observers were deployed.</p>\n")
    hebrew = entry("he", '<div dir="rtl" lang="he">\n<p>משקיפים נשלחו.</p>\n</div>\n')

    def contents(lang: str) -> tuple[list[str], list[str]]:
        feed = Feed(
            "urn:f",
            "F",
            "S",
            lang,
            "https://x.org/a",
            "https://x.org/r",
            "https://x.org/",
            "OSCE",
            (english, hebrew),
            moment,
        )
        parsed_atom = feedparser.parse(atom(feed)).entries
        parsed_rss = feedparser.parse(rss(feed)).entries
        return (
            [e.content[0].value for e in parsed_atom],
            [e.description for e in parsed_rss],
        )

    in_hebrew_atom, in_hebrew_rss = contents("he")
    assert in_hebrew_atom[0] == '<div dir="ltr">\n<p>Observers were deployed.</p>\n</div>'
    assert in_hebrew_rss[0] == (
        '<div dir="ltr" lang="en-GB">\n<p>Observers were deployed.</p>\n</div>'
    )
    assert in_hebrew_atom[1] == in_hebrew_rss[1] == hebrew.content.strip()
    in_english_atom, in_english_rss = contents("en-GB")
    assert in_english_atom[0] == in_english_rss[0] == english.content.strip()


def test_a_listing_s_feeds_are_named_with_the_page_s_brackets() -> None:
    """A member state's or a topic's feeds were named "台灣 (Atom)" on a Chinese page, in
    half-width brackets beside full-width ones, in no translator's hands: they are the site's
    words ("{feed} ({format})"), in Chinese "台灣（Atom）"."""
    from communique.site.i18n import site_words, translator
    from communique.site.listings import _own_feeds

    assert "{feed} ({format})" in site_words()
    chinese = _own_feeds(translator("zh"), "zh", "台灣")
    assert [(f.title, f.href) for f in chinese] == [
        ("台灣（Atom）", "feed.atom"),
        ("台灣（RSS）", "feed.rss"),
    ]
    french = _own_feeds(translator("fr"), "fr", "OSCE : élections")
    assert [f.title for f in french] == ["OSCE : élections (Atom)", "OSCE : élections (RSS)"]


def test_a_chinese_page_puts_no_space_after_a_full_stop_before_a_note(
    demo_dir: Path, runner: CliRunner
) -> None:
    """The line under a corrected release's dateline, in Chinese: "更新于2023年6月9日。" and the
    note after it had an English space between them, on the page and in the feed entry."""
    source = demo_dir / "source" / f"{DEMO}.txt"
    source.write_text(
        source.read_text("utf-8").replace(
            "\n---\n",
            "\nupdated: 2023-06-09\ncorrection: An earlier version gave the wrong date.\n---\n",
            1,
        ),
        "utf-8",
    )
    drafted_in(demo_dir, runner, "zh")
    built = runner.invoke(cli, ["-C", str(demo_dir), "build", "--drafts"])
    assert built.exit_code == 0, built.output
    page = html.fromstring((demo_dir / "output-drafts" / "zh" / DEMO / "index.html").read_bytes())
    (updated,) = page.find_class("updated")
    assert updated.text_content().startswith("更新于2023年6月9日。⟦")  # (the note: a draft)
    feed = feedparser.parse((demo_dir / "output-drafts" / "zh" / "feed.atom").read_bytes())
    assert "更新于2023年6月9日。<span" in feed.entries[0].content[0].value
