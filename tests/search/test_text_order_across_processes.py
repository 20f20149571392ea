"""The text stage's candidates come in the same order in every process.

Python salts str hashes per process, so iterating a set of query features gives another order
in another process; the overlap sums and the ties among equal sums followed it, and two
instances behind one load balancer could rank the same question differently.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUERIES = [
    "recording failed because the token expired",
    "用户加入频道失败 网络超时",
    "invalid parameter in the request signature",
    "stream push timeout room closed",
]
SNIPPET = """
import json, sys
from bot import api
from bot.search.text_search import TextSearch
index = api.knowledge().index.index
print(json.dumps([TextSearch(index, q, None).order for q in json.loads(sys.argv[1])]))
"""


def _orders(seed: str) -> list:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    out = subprocess.run(
        [sys.executable, "-c", SNIPPET, json.dumps(QUERIES)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    )
    return json.loads(out.stdout)


def test_text_candidates_are_ordered_alike_whatever_the_hash_seed():
    first = _orders("1")
    assert any(first), "the queries found no candidates: the test would prove nothing"
    for seed in ("2", "3", "4"):
        assert _orders(seed) == first, f"PYTHONHASHSEED={seed} ordered the candidates otherwise"
