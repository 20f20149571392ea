"""Where errcode keeps its files (ERRCODE_DATA_DIR): known without loading any database code."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

DEFAULT_DATA_DIR = ".errcode"


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("ERRCODE_DATA_DIR", "").strip() or DEFAULT_DATA_DIR)
