"""The sitemap: ``sitemap.xml`` is a sitemap index (sitemaps.org) of one sitemap per year of
releases, ``sitemaps/<year>.xml``, each listing the release pages with their language
alternates and ``x-default``. A change touches one year's file; no file nears the protocol's
limit of 50,000 addresses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from communique.site.context import SiteContext
from communique.site.listings import Listed
from communique.site.outputs import Output
from communique.site.urls import release_path

# lxml (0.05 s to import) where a sitemap is written: most rebuilds write none.
if TYPE_CHECKING:
    from lxml import etree

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def sitemaps(context: SiteContext, by_release: Mapping[str, Sequence[Listed]]) -> list[Output]:
    """The index and each year's sitemap."""
    by_year: dict[int, dict[str, Sequence[Listed]]] = {}
    for slug in sorted(by_release):
        versions = by_release[slug]
        if versions:
            by_year.setdefault(int(versions[0].date[:4]), {})[slug] = versions
    years = sorted(by_year)
    lastmod = {  # ISO days: the latest is the greatest
        year: max(v.updated for versions in by_year[year].values() for v in versions)
        for year in years
    }
    outputs = [
        Output(
            "sitemap.xml",
            "sitemap index",
            ("sitemap index", [(year, lastmod[year]) for year in years]),
            lambda: render_index(context, years, lastmod),
        )
    ]
    for year in years:
        releases = by_year[year]
        shown = [
            (slug, [(v.locale, v.updated) for v in versions]) for slug, versions in releases.items()
        ]
        outputs.append(
            Output(
                f"sitemaps/{year}.xml",
                f"sitemap ({year})",
                ("sitemap", year, shown),
                lambda releases=releases: render_sitemap(context, releases),  # type: ignore[misc]
                cost=len(releases),
            )
        )
    return outputs


def render_index(
    context: SiteContext, years: Sequence[int], lastmod: Mapping[int, object]
) -> bytes:
    from lxml import etree

    root = etree.Element(f"{{{SITEMAP}}}sitemapindex", nsmap={None: SITEMAP})  # type: ignore[dict-item]
    for year in years:
        entry = etree.SubElement(root, f"{{{SITEMAP}}}sitemap")
        etree.SubElement(entry, f"{{{SITEMAP}}}loc").text = context.site.url(f"sitemaps/{year}.xml")
        etree.SubElement(entry, f"{{{SITEMAP}}}lastmod").text = str(lastmod[year])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def render_sitemap(context: SiteContext, releases: Mapping[str, Sequence[Listed]]) -> bytes:
    from lxml import etree

    nsmap = {None: SITEMAP, "xhtml": XHTML}
    root = etree.Element(f"{{{SITEMAP}}}urlset", nsmap=nsmap)  # type: ignore[arg-type]
    site = context.site
    for slug in sorted(releases):
        versions = sorted(releases[slug], key=lambda v: v.locale)
        default = next((v for v in versions if v.locale == context.source), versions[0])
        for version in versions:
            url = etree.SubElement(root, f"{{{SITEMAP}}}url")
            etree.SubElement(url, f"{{{SITEMAP}}}loc").text = site.url(
                release_path(version.locale, slug)
            )
            etree.SubElement(url, f"{{{SITEMAP}}}lastmod").text = version.updated
            for other in versions:
                _alternate(url, other.locale, site.url(release_path(other.locale, slug)))
            _alternate(url, "x-default", site.url(release_path(default.locale, slug)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _alternate(parent: etree._Element, lang: str, href: str) -> None:
    from lxml import etree

    link = etree.SubElement(parent, f"{{{XHTML}}}link")
    link.set("rel", "alternate")
    link.set("hreflang", lang)
    link.set("href", href)
