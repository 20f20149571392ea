"""requirements.lock pins every dependency pyproject.toml names, within pyproject's ranges, and
this environment was installed from it (so a test run means the locked versions passed)."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;]+)\s*(?:;\s*(.+))?$")


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        names += extra
    return [Requirement(text) for text in names]


def _pins() -> dict[str, str]:
    """name -> version pinned for this interpreter (a pin may hold only under a marker)."""
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        found = PIN.match(line.strip())
        if not found:
            continue
        name, version, marker = found.groups()
        if marker is None or Requirement(f"x; {marker}").marker.evaluate():
            pins[canonicalize_name(name)] = version
    return pins


def _applies(requirement: Requirement) -> bool:
    return requirement.marker is None or requirement.marker.evaluate({**default_environment(), "extra": ""})


def test_every_declared_dependency_is_pinned_within_its_range():
    pins = _pins()
    for requirement in filter(_applies, _declared()):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is in pyproject.toml but not in requirements.lock: bash .ci/lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]} outside pyproject's {requirement.specifier}: bash .ci/lock"
        )


def test_every_declared_dependency_has_an_upper_bound():
    for requirement in _declared():
        assert any(spec.operator in ("<", "<=", "==", "~=") for spec in requirement.specifier), (
            f"{requirement} has no upper bound below its next major"
        )


def test_this_environment_runs_the_locked_versions():
    wrong = {
        name: (version, installed)
        for name, version in _pins().items()
        if (installed := _installed(name)) is not None and installed != version
    }
    assert not wrong, f"installed without the lock (pinned, installed): {wrong}; use pip install -c requirements.lock"


def test_the_deploy_install_goes_through_the_lock():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    assert "-c requirements.lock" in lines and "." in lines


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
