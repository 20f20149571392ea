"""`errcode catalogs import`: a vendor's error page -> a draft catalog YAML.

    errcode catalogs import page.md --id acme-rtc --vendor acme --product "RTC SDK" -o catalogs/acme-rtc.yaml
    errcode catalogs import https://example.com/errors.html --id acme-rtc --vendor acme
    errcode catalogs import page.md --id acme-rtc --vendor acme --update catalogs/acme-rtc.yaml

Pages: markdown/MDX, HTML (fragments or whole saved pages), reStructuredText and SDK sources
(enums, constants, #defines). The draft is a start, not the end: review it against the page
before shipping it; `errcode catalogs check` validates the result.
"""

from bot.catalogs.importer.draft import catalog_yaml, draft_entries, page_format
from bot.catalogs.importer.report import Report

__all__ = ["Report", "catalog_yaml", "draft_entries", "page_format", "run_import"]


def run_import(args):  # the command line's entry point; imported lazily (aiohttp)
    from bot.catalogs.importer.command import run_import as run

    return run(args)
