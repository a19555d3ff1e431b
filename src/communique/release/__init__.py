"""Reading English releases: front matter, dateline, plain text and Markdown, inline spans, and
the segments (sentences, title, headings, place) that become a template's entries.

The package imports nothing itself: a build that finds every release unchanged needs the
segment kinds (:mod:`.blocks`) and never the readers (Markdown, YAML)."""
