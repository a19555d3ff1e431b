"""``sitemap.xml``: every release page with its language alternates and ``x-default``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lxml import etree

from communique.site.context import SiteContext
from communique.site.localize import Version
from communique.site.outputs import Output
from communique.site.urls import release_path

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def sitemap(context: SiteContext, by_release: Mapping[str, Sequence[Version]]) -> Output:
    """Every release page with its language alternates."""
    return Output(
        "sitemap.xml",
        "sitemap",
        ("sitemap", [[v.key for v in by_release[slug]] for slug in sorted(by_release)]),
        lambda: render_sitemap(context, by_release),
    )


def render_sitemap(context: SiteContext, releases: Mapping[str, Sequence[Version]]) -> bytes:
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
            etree.SubElement(url, f"{{{SITEMAP}}}lastmod").text = version.updated.date().isoformat()
            for other in versions:
                _alternate(url, other.locale, site.url(release_path(other.locale, slug)))
            _alternate(url, "x-default", site.url(release_path(default.locale, slug)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _alternate(parent: etree._Element, lang: str, href: str) -> None:
    link = etree.SubElement(parent, f"{{{XHTML}}}link")
    link.set("rel", "alternate")
    link.set("hreflang", lang)
    link.set("href", href)
