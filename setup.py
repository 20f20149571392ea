"""Ship the bundled catalogs inside the installed package (bot/_catalogs) for non-editable installs.

pyproject.toml holds all metadata; this only adds the copy step, since catalogs/ lives at the
repository root where reviewers expect it.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCatalogs(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "bot" / "_catalogs"
        target.mkdir(parents=True, exist_ok=True)
        for source in sorted(Path(__file__).parent.joinpath("catalogs").glob("*.yaml")):
            shutil.copy2(source, target / source.name)


setup(cmdclass={"build_py": BuildPyWithCatalogs})
