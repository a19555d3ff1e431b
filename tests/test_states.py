"""The member states a release concerns: named in its front matter, or found in its English
text (names, adjectives, regions, the dateline's city); and the state pages and feeds that
carry those releases."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import feedparser
import polib
import pytest
from click.testing import CliRunner
from lxml import html

from communique.cli import cli
from communique.errors import SourceError
from communique.project import Project
from communique.release.concerns import StateFinder
from communique.release.reader import parse_release
from communique.workspace import Workspace
from tests.feedcheck import atom_problems, rss_problems
from tests.site_project import make
from tests.stages import build, update
from tests.w3c_feeds import validate

OSCE = (
    "AL AD AM AT AZ BY BE BA BG CA HR CY CZ DK EE FI FR GE DE GR VA HU IS IE IT KZ KG LV LI LT "
    "LU MT MD MC MN ME NL MK NO PL PT RO RU SM RS SK SI ES SE CH TJ TR TM UA GB US UZ"
).split()
REGIONS = (
    ("Western Balkans", ("AL", "BA", "ME", "MK", "RS")),
    ("Central Asia", ("KZ", "KG", "TJ", "TM", "UZ")),
)


def release(body: str, front: str = "", name: str = "2024-05-01-x.txt"):  # type: ignore[no-untyped-def]
    text = f"---\ntitle: A release\n{front}---\n{body}\n"
    return parse_release(text.encode(), display=f"source/{name}")


def codes(
    body: str,
    front: str = "",
    members: Sequence[str] = OSCE,
    regions: Sequence[tuple[str, Sequence[str]]] = REGIONS,
    seats: Sequence[str] = ("Vienna",),
) -> list[str]:
    found = StateFinder(members, regions, seats).find(release(body, front))
    return [concern.code for concern in found]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Names from CLDR and the long forms of data/states/en.toml.
        ("Geneva, 1 May 2024: Talks on Moldova ended.", ["MD", "CH"]),
        ("Berlin, 1 May 2024: The Republic of Moldova signed.", ["DE", "MD"]),  # members order
        ("Oslo, 1 May 2024: The Russian Federation and Türkiye spoke.", ["NO", "RU", "TR"]),
        # Adjectives, except where they name a language.
        ("Vienna, 1 May 2024: The Austrian Chairpersonship opened it.", ["AT"]),
        ("Vienna, 1 May 2024: Materials are in Romanian and Russian.", []),
        ("Vienna, 1 May 2024: Russian-language media and French speakers met.", []),
        ("Vienna, 1 May 2024: Translated into French, it was read by Italian officials.", ["IT"]),
        # A region: each of its states.
        (
            "Vienna, 1 May 2024: A conference on the Western Balkans.",
            ["AL", "BA", "ME", "MK", "RS"],
        ),
        # The dateline's city (not a seat), also one of two.
        ("Skopje, 1 May 2024: The meeting ended.", ["MK"]),
        ("Brussels/Warsaw, 1 May 2024: The meeting ended.", ["BE", "PL"]),
        ("Vienna, 1 May 2024: The meeting ended.", []),
        # Names inside longer names are not theirs.
        ("Vienna, 1 May 2024: Students from New Mexico visited.", []),
        ("Vienna, 1 May 2024: Latin American and North American delegates.", []),
        ("Vienna, 1 May 2024: A Georgian-born expert spoke.", []),
    ],
)
def test_states_found_in_the_text(body: str, expected: list[str]) -> None:
    assert codes(body) == expected


def test_a_name_inside_another_is_not_that_state() -> None:
    """Guinea-Bissau is not Guinea, New Mexico not Mexico; and where a project calls a region
    "Macedonia" (Greece's), North Macedonia is not it."""
    members = ["GN", "GW", "MX", "GR", "MK"]
    regions = [("Macedonia", ["GR"])]
    assert codes("Vienna, 1 May 2024: Guinea-Bissau voted.", members=members) == ["GW"]
    assert codes("Vienna, 1 May 2024: Guinea voted.", members=members) == ["GN"]
    assert codes("Vienna, 1 May 2024: New Mexico and Mexico.", members=members) == ["MX"]
    text = "Vienna, 1 May 2024: Officials of North Macedonia met."
    assert codes(text, members=members, regions=regions) == ["MK"]
    text = "Vienna, 1 May 2024: Officials of Macedonia met."
    assert codes(text, members=members, regions=regions) == ["GR"]


def test_why_each_state_was_found() -> None:
    found = StateFinder(OSCE, REGIONS, ("Vienna",)).find(
        release(
            "Tbilisi, 1 May 2024: Georgia and the Georgian authorities.\n\n"
            "Talks on Central Asia follow."
        )
    )
    assert [(c.code, c.why) for c in found][:2] == [
        ("GE", ("dateline: Tbilisi", '"Georgia" (line 4)', '"Georgian" (line 4)')),
        ("KZ", ('"Central Asia" (line 6, region)',)),
    ]


def test_the_front_matter_decides() -> None:
    body = "Vienna, 1 May 2024: The Austrian Chairpersonship met Moldovan officials."
    assert codes(body) == ["AT", "MD"]
    assert codes(body, "states: [MD]\n") == ["MD"]
    assert codes(body, "states: []\n") == []
    # Norway's code as written: YAML 1.1 reads a bare NO as false.
    assert codes(body, "states: [NO, ua]\n") == ["NO", "UA"]
    assert codes(body, "states: MD\n") == ["MD"]


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            "states: [MD, XX]\n",
            "source/2024-05-01-x.txt:3: states: 'XX' is not an ISO 3166-1 alpha-2 country "
            "code (e.g. MD for Moldova, AT for Austria)",
        ),
        (
            "states: {MD: 1}\n",
            "source/2024-05-01-x.txt:3: states: expected a list of country codes, e.g. [MD, UA]",
        ),
        (
            "states: [MD, UA\n",
            "source/2024-05-01-x.txt:3: invalid front matter: the list of 'states' is not "
            "closed: end it with ']'",
        ),
    ],
)
def test_a_wrong_states_line_is_one_error_with_its_line(front: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        release("Vienna, 1 May 2024: Text.", front)
    assert str(caught.value) == message


# Releases as a press office writes them, for the site and for `status`.
RELEASES = {
    "2024-05-02-mission-to-moldova.md": (
        "---\ntitle: OSCE Mission to Moldova marks its anniversary\nstates: [MD]\n---\n"
        "Chisinau, 2 May 2024 (OSCE): The OSCE Mission to Moldova marked its anniversary with "
        "guests from Austria and Romania.\n"
    ),
    "2024-05-03-chairpersonship.txt": (
        "---\ntitle: Chair opens the Economic and Environmental Forum\n---\n"
        "Vienna, 3 May 2024 (OSCE): The Austrian Chairpersonship opened the Forum today.\n"
    ),
    "2024-05-04-western-balkans.txt": (
        "---\ntitle: Youth conference on the Western Balkans\n---\n"
        "Vienna, 4 May 2024 (OSCE): Young people from the Western Balkans met to discuss "
        "reconciliation.\n"
    ),
    # A state the project does not name: read as written, and said to reach no page.
    "2024-05-06-partners-conference.txt": (
        "---\ntitle: Asian Partners for Co-operation meet\nstates: [JP]\n---\n"
        "Vienna, 6 May 2024 (OSCE): The Asian Partners for Co-operation met in Vienna.\n"
    ),
    "2024-05-05-annual-report.txt": (
        "---\ntitle: Annual report published\nstates: []\n---\n"
        "Vienna, 5 May 2024 (OSCE): The report covers the work in Austria and beyond.\n"
    ),
    # Three more, as ODIHR, the HCNM and RFoM write them: their seats' datelines say nothing.
    "2024-06-10-observers-to-moldova.txt": (
        "---\ntitle: ODIHR deploys an election observation mission to the Republic of "
        "Moldova\n---\n"
        "Warsaw, 10 June 2024 (ODIHR): The OSCE Office for Democratic Institutions and Human "
        "Rights opened an election observation mission for the presidential election in "
        "Moldova, following an invitation from the Moldovan authorities.\n\n"
        "The mission consists of 12 experts based in Chisinau and 30 long-term observers. "
        "Its statements will be available in Romanian and Russian.\n"
    ),
    "2024-06-12-high-commissioner-central-asia.txt": (
        "---\ntitle: High Commissioner concludes visit to Central Asia\n---\n"
        "The Hague, 12 June 2024 (HCNM): The OSCE High Commissioner on National Minorities "
        "concluded a visit to Central Asia, where she discussed multilingual education with "
        "officials in Astana and Bishkek.\n\n"
        "She welcomed the Uzbek Government's plan for textbooks in minority languages.\n"
    ),
    "2024-06-14-media-law-georgia.md": (
        "---\ntitle: RFoM concerned by draft media law in Georgia\n---\n"
        "Vienna, 14 June 2024 (RFoM): The OSCE Representative on Freedom of the Media is "
        "concerned by a draft law that would restrict the work of Georgian journalists.\n\n"
        "She referred to the opinion of the Council of Europe's *Venice Commission* and "
        "offered the Office's assistance.\n"
    ),
}
STATUS = {
    "2024-05-02-mission-to-moldova": "Moldova [MD] (front matter)",
    "2024-05-03-chairpersonship": 'Austria [AT] ("Austrian" (line 4))',
    "2024-05-04-western-balkans": (
        'Albania [AL] ("Western Balkans" (line 2, region); "Western Balkans" (line 4, region)); '
        'Bosnia & Herzegovina [BA] ("Western Balkans" (line 2, region); "Western Balkans" '
        '(line 4, region)); Montenegro [ME] ("Western Balkans" (line 2, region); "Western '
        'Balkans" (line 4, region)); North Macedonia [MK] ("Western Balkans" (line 2, region); '
        '"Western Balkans" (line 4, region)); Serbia [RS] ("Western Balkans" (line 2, region); '
        '"Western Balkans" (line 4, region))'
    ),
    "2024-05-05-annual-report": "none (name them in the front matter: states: [MD, UA])",
    "2024-05-06-partners-conference": (
        "Japan [JP] (front matter; not in member_states.codes: no page or feed shows it)"
    ),
    "2024-06-10-observers-to-moldova": (
        'Moldova [MD] ("Republic of Moldova" (line 2); "Moldova" (line 4); "Moldovan" (line 4))'
    ),
    "2024-06-12-high-commissioner-central-asia": (
        'Kazakhstan [KZ] ("Central Asia" (line 2, region); "Central Asia" (line 4, region)); '
        'Kyrgyzstan [KG] ("Central Asia" (line 2, region); "Central Asia" (line 4, region)); '
        'Tajikistan [TJ] ("Central Asia" (line 2, region); "Central Asia" (line 4, region)); '
        'Turkmenistan [TM] ("Central Asia" (line 2, region); "Central Asia" (line 4, region)); '
        'Uzbekistan [UZ] ("Central Asia" (line 2, region); "Central Asia" (line 4, region); '
        '"Uzbek" (line 6))'
    ),
    "2024-06-14-media-law-georgia": 'Georgia [GE] ("Georgia" (line 2); "Georgian" (line 4))',
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The site project (its configuration is the demo's: regions, seats) with the releases
    above, in English."""
    project = make(tmp_path_factory.mktemp("states") / "project")
    for name, text in RELEASES.items():
        (project.root / "source" / name).write_text(text, "utf-8")
    update(project)
    build(project)
    return project


def feed_releases(project: Project, path: str) -> set[str]:
    parsed = feedparser.parse((project.root / "output" / path).read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return {entry.link.rstrip("/").rsplit("/", 1)[1] for entry in parsed.entries}


def test_status_shows_the_states_found_and_why(project: Project) -> None:
    runner = CliRunner()
    for slug, expected in STATUS.items():
        result = runner.invoke(cli, ["-C", str(project.root), "status", slug])
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[1] == f"  member states: {expected}", slug


def test_state_feeds_carry_the_releases_that_concern_them(project: Project) -> None:
    moldova = feed_releases(project, "states/md/feed.atom")
    assert moldova == {"2024-05-02-mission-to-moldova", "2024-06-10-observers-to-moldova"}
    austria = feed_releases(project, "states/at/feed.rss")
    assert austria == {"2024-05-03-chairpersonship"}  # not the Moldovan nor the report
    for code in ("al", "ba", "me", "mk", "rs"):
        assert feed_releases(project, f"states/{code}/feed.atom") == {"2024-05-04-western-balkans"}
    assert "2024-05-04-western-balkans" not in feed_releases(project, "states/hr/feed.atom")
    # states: [] keeps a release out of every state's feed, not out of the "all" feeds.
    for path in (project.root / "output" / "states").glob("*/feed.atom"):
        assert "2024-05-05-annual-report" not in feed_releases(
            project, path.relative_to(project.root / "output").as_posix()
        )
    assert "2024-05-05-annual-report" in feed_releases(project, "states/at/all/feed.atom")


def test_a_state_no_release_concerns_says_so(project: Project) -> None:
    page = html.fromstring((project.root / "output/states/is/index.html").read_bytes())
    assert page.findtext(".//p[@class='empty']") == "No press releases yet."
    parsed = feedparser.parse((project.root / "output/states/is/feed.atom").read_bytes())
    assert parsed.bozo == 0
    assert parsed.entries == []
    assert parsed.feed.title == "OSCE: Iceland"


def test_state_feeds_pass_the_conformance_checks_and_the_w3c_validator(project: Project) -> None:
    output = project.root / "output"
    base = "https://press.example.org/"
    paths = sorted((output / "states").rglob("feed.*"))
    assert len(paths) == 4 * 57  # each state's own and "all" feeds, Atom and RSS
    for path in paths:
        url = base + path.relative_to(output).as_posix()
        data = path.read_bytes()
        problems = atom_problems(data, url) if path.suffix == ".atom" else rss_problems(data, url)
        assert problems == [], path
    found = validate(output, base)
    assert {name: lines for name, lines in found.items() if lines} == {}


def _french_held_back(tmp_path: Path) -> tuple[Project, Path, bytes]:
    """The site project with the demo's French emptied, to come out later: the project, the
    catalog, and its translated bytes to put back."""
    from tests.site_project import DEMO

    project = make(tmp_path / "project")
    catalog = project.catalog_path(DEMO, "fr")
    translated = catalog.read_bytes()
    document = polib.pofile(str(catalog))
    for entry in document:
        entry.msgstr = ""
    document.save()
    return project, catalog, translated


def test_a_state_feed_entry_goes_on_in_the_states_language(tmp_path: Path) -> None:
    """The English of a release about France is out first: France's feeds carry it. When the
    French is published, the same entry goes on in French (the English's id), not a second
    one a feed reader would show as new; withdrawn, the English comes back under it again.
    Switzerland's first language out takes the id, and keeps it when another comes out; the
    others are entries of their own.
    The language feeds keep each version's own id."""
    from tests.site_project import DEMO

    project, catalog, translated = _french_held_back(tmp_path)
    build(project)
    output = project.root / "output"

    def demo_entries(path: str) -> list[tuple[str, str]]:
        parsed = feedparser.parse((output / path).read_bytes())
        return [
            (entry.id, entry.title_detail.language)
            for entry in parsed.entries
            if DEMO in entry.link
        ]

    (english,) = demo_entries("en-GB/feed.atom")
    assert english[0].endswith("/en-GB")
    assert demo_entries("states/fr/feed.atom") == [english]
    assert demo_entries("states/fr/all/feed.atom") == [english]

    catalog.write_bytes(translated)
    build(project)
    (french,) = demo_entries("fr/feed.atom")
    assert french[0].endswith("/fr")
    assert demo_entries("states/fr/feed.atom") == [(english[0], "fr")]
    assert demo_entries("states/fr/all/feed.atom") == [(english[0], "fr")]
    # Switzerland's Italian was out first (with the English): it carries the English's id,
    # and keeps it; the French, out later, is an entry of its own (German comes before both
    # in Switzerland's order, and would change neither).
    (italian,) = demo_entries("it/feed.atom")
    assert italian[0].endswith("/it")  # (its own id in its own language's feed)
    assert sorted(demo_entries("states/ch/all/feed.atom")) == sorted([(english[0], "it"), french])

    result = CliRunner().invoke(cli, ["-C", str(project.root), "withdraw", DEMO, "--locale", "fr"])
    assert result.exit_code == 0, result.output
    build(project)
    assert demo_entries("states/fr/feed.atom") == [english]
    assert demo_entries("states/ch/all/feed.atom") == [(english[0], "it")]


def test_a_translation_out_later_by_a_clock_behind_is_still_later(tmp_path: Path) -> None:
    """The Italian goes online at a build dated 10 January; the French at a build whose clock
    says 1 December (another machine, a rehearsal's --now). The record dates the French after
    the Italian, which keeps Switzerland's entry; two out in one build share their moment."""
    import json

    from tests.site_project import DEMO

    project, catalog, translated = _french_held_back(tmp_path)
    runner = CliRunner()
    root = ["-C", str(project.root)]
    result = runner.invoke(cli, [*root, "build", "--now", "2027-01-10T09:00:00+01:00"])
    assert result.exit_code == 0, result.output
    catalog.write_bytes(translated)
    result = runner.invoke(cli, [*root, "build", "--now", "2026-12-01T09:00:00+01:00"])
    assert result.exit_code == 0, result.output
    versions = json.loads((project.root / "published" / f"{DEMO}.json").read_text())["versions"]
    assert versions["it"]["since"] == "2027-01-10T08:00:00+00:00"
    assert versions["fr"]["since"] == "2027-01-10T08:00:01+00:00"
    assert "since" not in versions["en-GB"]
    feed = feedparser.parse((project.root / "output/states/ch/all/feed.atom").read_bytes())
    ids = {entry.title_detail.language: entry.id for entry in feed.entries if DEMO in entry.link}
    assert ids["it"].endswith("/en-GB")
    assert ids["fr"].endswith("/fr")


def test_a_translation_recorded_before_since_keeps_its_own_id(tmp_path: Path) -> None:
    """A site published by communique before the record noted 'since': its state feeds
    carried each translation under its own id, and they go on so (no entry readers have
    changes its id with the upgrade); a translation out after it takes the English's."""
    import json

    from tests.site_project import DEMO

    project = make(tmp_path / "project")
    build(project)
    path = project.root / "published" / f"{DEMO}.json"
    record = json.loads(path.read_text("utf-8"))
    for entry in record["versions"].values():
        entry.pop("since", None)  # as a record written before it was kept
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", "utf-8")
    build(project)
    feed = feedparser.parse((project.root / "output/states/fr/feed.atom").read_bytes())
    (entry,) = [e for e in feed.entries if DEMO in e.link]
    assert (entry.title_detail.language, entry.id.rsplit("/", 1)[1]) == ("fr", "fr")


def test_a_release_that_cannot_be_read_stays_in_its_states_feeds(tmp_path: Path) -> None:
    """The demo release, about France (its dateline: Strasbourg), published; then its front
    matter broken by a typo. Its versions stay online from the publication record, France's
    page and feeds included: the record keeps the states the release concerned (they were
    worked out from the release, and France's feed lost it and went back to 1998). Mended, the
    release is as it was; a build from nothing of the broken release gives the same site."""
    import json
    import shutil

    from tests.site_project import DEMO

    project = make(tmp_path / "project")
    build(project)
    record = json.loads((project.root / "published" / f"{DEMO}.json").read_bytes())
    assert record["states"] == ["FR"]
    france = {
        name: (project.root / "output" / "states" / "fr" / name).read_bytes()
        for name in ("feed.atom", "feed.rss", "index.html")
    }
    assert DEMO in feed_releases(project, "states/fr/feed.atom")
    # A record written before it kept the states gains them, and nothing readers have moves.
    published = project.root / "published" / f"{DEMO}.json"
    lines = published.read_text("utf-8").splitlines(keepends=True)
    published.write_text("".join(line for line in lines if '"states"' not in line), "utf-8")
    pages = {p: p.read_bytes() for p in (project.root / "output").rglob("*") if p.is_file()}
    build(project)
    assert json.loads(published.read_bytes()) == record
    assert {p: p.read_bytes() for p in (project.root / "output").rglob("*") if p.is_file()} == (
        pages
    )
    source = project.root / "source" / f"{DEMO}.txt"
    text = source.read_text("utf-8")
    source.write_text(text.replace("tags: [", "tags: [[", 1), "utf-8")
    with Workspace.open(project) as workspace, pytest.raises(SourceError):
        workspace.release(DEMO)
    report = build(project)
    assert report.problems  # (the release is named as one that cannot be read)
    for name, before in france.items():
        assert (project.root / "output" / "states" / "fr" / name).read_bytes() == before, name
    fresh = tmp_path / "fresh"
    shutil.copytree(project.root, fresh, ignore=shutil.ignore_patterns("output", ".communique"))
    build(Project.load(fresh))
    for name, before in france.items():
        assert (fresh / "output" / "states" / "fr" / name).read_bytes() == before, name
    source.write_text(text, "utf-8")
    build(project)
    for name, before in france.items():
        assert (project.root / "output" / "states" / "fr" / name).read_bytes() == before, name
