"""Every labelled query and paste is drawn as it was: the Slack replies (blocks and text, with the
👍/👎 and Share buttons), the other drawings of the same result (a shared copy, every match, the
language toggle's answer) and the CLI's text, each compared by digest with tests/render/drawn.json.

The snapshot was written by the drawing code before the drawing was made cheaper (issue 19): a
change that makes a reply cheaper must not change a byte of it. An item whose search or explain
result itself changed since (another part's meant change, bench/answers_snapshot.py) is not
compared (its drawing is then new by right); most items must still be compared.

    python -m tests.render.test_drawn_snapshot --write   # rewrite tests/render/drawn.json
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).with_name("drawn.json")
LANGS = ("en", "zh")


def _digest(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=repr)  # keys in order: the bytes sent
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _queries() -> list[str]:
    cases = yaml.safe_load((ROOT / "tests" / "queries" / "lookup.yaml").read_text(encoding="utf-8"))
    return list(dict.fromkeys(str(case["q"]) for case in cases if str(case.get("q", "")).strip()))


def _pastes() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((ROOT / "tests" / "pastes").glob("*.yaml")):
        for number, item in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip():
                found[f"{path.name}#{item.get('id', number)}"] = item["text"]
    return found


def _reply(reply) -> list:
    from bot.slack import replies

    if reply is None:
        return [None]
    fed = replies.with_feedback(reply)
    return [reply.text, reply.blocks, fed.blocks, reply.vendor, reply.answered, reply.lang,
            None if reply.insight is None else [reply.insight.fingerprint, reply.insight.entry,
                                                 [list(vars(o).values()) for o in reply.insight.observations]]]


def _toggled(blocks: list[dict]) -> list:
    """The answers a language toggle in `blocks` brings (private and shared)."""
    from bot import render
    from bot.slack import replies

    out = []
    for block in blocks:
        for element in block.get("elements", ()) if block.get("type") == "actions" else ():
            if element.get("action_id") in (render.ORIGINAL_ACTION, render.MORE_ACTION) and "lang" in element["value"]:
                try:
                    request = render.toggle_request(element["value"])
                except ValueError:
                    continue
                if "e" not in request and "f" not in request:  # a lookup's "N more": a query again
                    continue
                for share in (False, True):
                    reply = replies.toggled_answer(request, share=share, every=element["action_id"] == render.MORE_ACTION)
                    out.append([reply.text, reply.blocks])
    return out


def _drawn_query(query: str, pool) -> tuple[str, str]:
    """(digest of the results, digest of every drawing of them)."""
    from bot import api, render
    from bot.render.blocks import SHOWN, SHOWN_ALL
    from bot.slack import replies

    results, drawings = [], []
    for lang in LANGS:
        asked, language = replies.parse_query(query, lang)
        result = api.lookup_result(asked, lang=language, limit=SHOWN_ALL)
        results.append([asked, language, result])
        reply = asyncio.run(replies.command_reply(query, pool=pool, locale=lang))
        drawings.append(_reply(reply))
        drawings.append(_toggled(reply.blocks))
        for kwargs in ({"shared_by": "U0123"}, {"all_shown": True, "share": True}, {"shown": None}, {"original": False}):
            drawings.append(render.lookup_blocks(result, language, **{"shown": SHOWN, **kwargs}))
        drawings.append(render.fallback_text(result, language))
        drawings.append(render.lookup_text(result, language, shown=SHOWN))
        drawings.append(render.lookup_text(result, language, verbose=True))
        drawings.append(render.oneline_text(result, language))
    return _digest(results), _digest(drawings)


def _drawn_paste(text: str, pool) -> tuple[str, str]:
    from bot import api, render
    from bot.slack import replies

    results, drawings = [], []
    for lang in LANGS:
        plain = api.plain_text(text)
        _, language = api.paste_and_language(plain[:2000], locale=lang)
        result = api.explain_result(plain, lang=language)
        results.append([language, result])
        for kwargs in ({"direct": True}, {"direct": True, "share": True}, {"direct": False}, {"direct": False, "in_known_thread": True}):
            reply = asyncio.run(replies.message_reply(text, pool=pool, locale=lang, **kwargs))
            drawings.append(_reply(reply))
            if reply is not None:
                drawings.append(_toggled(reply.blocks))
        drawings.append(render.explain_blocks(result, language))
        drawings.append(render.explain_blocks(result, language, original=False, max_findings=15))
        drawings.append(render.fallback_text(result, language))
        drawings.append(render.explain_text(result, language))
        drawings.append(render.explain_text(result, language, verbose=True, file="x.log"))
    return _digest(results), _digest(drawings)


def drawn() -> dict[str, list[str]]:
    from bot.slack.workers import AnswerPool

    pool = AnswerPool(inline_chars=10**9, explain_inline_chars=10**9)
    out = {f"q:{q}": list(_drawn_query(q, pool)) for q in _queries()}
    out.update({f"p:{key}": list(_drawn_paste(text, pool)) for key, text in _pastes().items()})
    return out


@pytest.fixture(scope="module")
def now() -> dict[str, list[str]]:
    return drawn()


def test_every_labelled_query_and_paste_is_drawn_as_before(now):
    before = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    compared = [key for key in before if key in now and now[key][0] == before[key][0]]
    changed = [key for key in compared if now[key][1] != before[key][1]]
    assert not changed, f"{len(changed)} drawn differently, e.g. {changed[:5]}"
    assert len(compared) >= 0.8 * len(before), "most results changed: regenerate the snapshot from main"


def test_the_snapshot_fails_on_a_changed_byte(now, monkeypatch):
    """A drawing that differs in one character changes its digest (the test above can fail)."""
    from bot.render import words

    key = next(k for k in now if k.startswith("q:"))
    query = key[2:]
    from bot.slack.workers import AnswerPool

    original = words.word
    monkeypatch.setattr(words, "word", lambda *a, **k: original(*a, **k) + ".")
    from bot.slack import replies

    replies._drawn.clear()
    try:
        assert _drawn_query(query, AnswerPool())[1] != now[key][1]
    finally:
        replies._drawn.clear()


if __name__ == "__main__":
    if "--write" not in sys.argv:
        raise SystemExit(__doc__)
    SNAPSHOT.write_text(json.dumps(drawn(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
