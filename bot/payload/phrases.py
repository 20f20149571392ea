"""The words a paste is searched for, per index: phrase codes ("invalid appid", "Connect_Failed"),
catalog symbols, and the service states that report a problem; built once per index."""

from __future__ import annotations

import re

from bot.payload import patterns


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
    the service states that report a problem): built once per index and kept with it (a reload's
    new index brings its own)."""
    derived = getattr(index, "derived", None)
    return derived("payload.phrases", _build) if derived is not None else _build(index)


def _build(index) -> tuple:
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
    return phrases, lowered, (symbols, symbol_automaton), problem_states
