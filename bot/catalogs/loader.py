"""Find and load catalog files: the bundled ones and a team's own from ERRCODE_CATALOGS."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.catalogs.model import Catalog, CatalogError, Entry, Problem
from bot.catalogs.schema import build_catalog
from bot.catalogs.yamlfile import FileFormatError, read_document

CATALOG_SUFFIXES = (".yaml", ".yml", ".json")
ENV_EXTRA = "ERRCODE_CATALOGS"


def bundled_dir() -> Path:
    """The catalogs/ folder that ships with errcode (repository root, or beside an installed package)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "_catalogs", here.parents[1] / "catalogs"):
        if candidate.is_dir():
            return candidate
    return here.parents[1] / "catalogs"


def _files_in(location: Path) -> list[Path]:
    """The catalog files of a folder, or [location] itself; OSError for a folder that can't be listed."""
    if location.is_dir():
        return sorted(p for p in location.iterdir() if p.suffix.lower() in CATALOG_SUFFIXES and p.is_file())
    return [location]


def extra_locations(value: str | None = None) -> list[Path]:
    value = os.environ.get(ENV_EXTRA, "") if value is None else value
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


@dataclass(frozen=True)
class LoadResult:
    catalogs: tuple[Catalog, ...]
    problems: tuple[Problem, ...]  # errors of skipped team catalogs, and warnings

    @property
    def entries(self) -> Iterable[Entry]:
        for catalog in self.catalogs:
            yield from catalog.entries

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def load_file(path: Path, *, bundled: bool) -> tuple[Catalog | None, list[Problem]]:
    try:
        document = read_document(path)
    except FileFormatError as exc:
        return None, [Problem(path, exc.line, str(exc))]
    return build_catalog(document, path, bundled=bundled)


def catalog_sources(extra: str | None = None, bundled: Path | None = None) -> tuple[list[tuple[Path, bool]], list[Problem]]:
    """The files load_catalogs loads, in order, as (path, bundled); and the folders it can't list."""
    sources: list[tuple[Path, bool]] = [(p, True) for p in _files_in(bundled or bundled_dir())]
    unreadable: list[Problem] = []
    for location in extra_locations(extra):
        if not location.exists():
            sources.append((location, False))  # load_file reports it
            continue
        try:
            sources.extend((p, False) for p in _files_in(location))
        except OSError as exc:  # a folder errcode may not list: reported, the rest still loads
            unreadable.append(Problem(location, 0, f"cannot read folder: {exc.strerror or exc}"))
    return sources, unreadable


def load_catalogs(
    extra: str | None = None,
    *,
    bundled: Path | None = None,
    strict: bool = True,
    load: Callable[..., tuple[Catalog | None, list[Problem]]] = load_file,
) -> LoadResult:
    """Load the bundled catalogs and the team's extra ones.

    An invalid bundled catalog raises CatalogError (with strict=True): errcode must not start
    half-blind. An invalid extra catalog is reported in `problems` and skipped. `load` loads one
    file (`load_file`'s signature): bot.compiled passes one that keeps a compiled cache.
    """
    sources, unreadable = catalog_sources(extra, bundled)
    catalogs: list[Catalog] = []
    problems: list[Problem] = list(unreadable)
    fatal: list[Problem] = []
    ids: dict[str, Path] = {}
    for path, is_bundled in sources:
        catalog, found = load(path, bundled=is_bundled)
        if catalog is not None and catalog.id in ids:
            first = ids[catalog.id]
            found = [*found, Problem(path, 1, f"catalog id '{catalog.id}' is already used by {first}")]
            catalog = None
        problems.extend(found)
        if catalog is None:
            if is_bundled:
                fatal.extend(p for p in found if p.severity == "error")
            continue
        ids[catalog.id] = path
        catalogs.append(catalog)
    if fatal and strict:
        raise CatalogError(fatal)
    return LoadResult(tuple(catalogs), tuple(problems))
