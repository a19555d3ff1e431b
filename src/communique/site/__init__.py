"""The published site: localized release pages, indexes, feeds, member states, sitemap."""
