"""Reading English releases: front matter, dateline, plain text and Markdown, inline spans, and
the segments (sentences, title, headings, place) that become a template's entries."""

from communique.release.reader import Release, read_release

__all__ = ["Release", "read_release"]
