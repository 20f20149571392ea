"""The words a paste is searched for, per index: phrase codes ("invalid appid", "Connect_Failed"),
catalog symbols, and the service states that report a problem; built once per index."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

from bot.payload import patterns

# phrase codes ("invalid appid", "Connect_Failed") per index, built once
_phrase_lock = threading.Lock()
_phrase_cache: OrderedDict[int, tuple] = OrderedDict()


def entries_of(index) -> list:
    catalogs = getattr(index, "catalogs", None) or ()
    return [entry for catalog in catalogs for entry in getattr(catalog, "entries", ())]


# A service state is a problem when its entry says so (Agora's serviceAbnormal "状态异常",
# serviceValidationFailed "验证失败"); serviceReady or serviceCompleted is a state, not an error.
_PROBLEM_WORDS = re.compile(r"异常|失败|错误|fail|abnormal|error|invalid", re.IGNORECASE)


def _reports_problem(entry) -> bool:
    return any(
        _PROBLEM_WORDS.search(" ".join(filter(None, (entry.text(lang).meaning, entry.code))))
        for lang in entry.languages()
    )


def phrases(index) -> tuple:
    """(automaton of phrase codes, the phrase codes lowercased, (catalog symbols, their automaton),
    the service states that report a problem)."""
    with _phrase_lock:  # the Slack layer explains in a thread pool
        cached = _phrase_cache.get(id(index))
    if cached is not None and cached[0] is index:
        return cached[1], cached[2], cached[3], cached[4]
    codes = {
        entry.code
        for entry in entries_of(index)
        if entry.kind not in ("success", "service_status")
        and not entry.code.isdigit()
        and (" " in entry.code or "_" in entry.code)
    }
    phrases = patterns.word_automaton(codes)
    lowered = frozenset(code.lower() for code in codes)
    problem_states = frozenset(
        entry.code for entry in entries_of(index) if entry.kind == "service_status" and _reports_problem(entry)
    )
    symbols = frozenset(
        word
        for entry in entries_of(index)
        if entry.kind != "success" and (entry.kind != "service_status" or entry.code in problem_states)
        for word in (entry.code, entry.name)
        if word and not word.isdigit() and "." not in word and " " not in word and "_" not in word
    )
    symbol_automaton = patterns.word_automaton(symbols)
    with _phrase_lock:
        _phrase_cache[id(index)] = (index, phrases, lowered, (symbols, symbol_automaton), problem_states)
        while len(_phrase_cache) > 4:  # a reload brings a new index; keep a few, not every one
            _phrase_cache.popitem(last=False)
    return phrases, lowered, (symbols, symbol_automaton), problem_states
