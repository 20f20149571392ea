"""Catalogs: one reviewed YAML file per vendor document, validated on load. No Slack here."""

from bot.catalogs.loader import LoadResult, bundled_dir, load_catalogs, load_file
from bot.catalogs.model import KINDS, Catalog, CatalogError, Entry, Problem, Text

__all__ = [
    "KINDS",
    "Catalog",
    "CatalogError",
    "Entry",
    "LoadResult",
    "Problem",
    "Text",
    "bundled_dir",
    "load_catalogs",
    "load_file",
]
