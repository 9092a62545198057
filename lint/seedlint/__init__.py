"""seedlint: a data-quality and provenance linter for corpora of scraped text documents."""

__version__ = "0.1.0"
