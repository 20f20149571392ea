"""The index: every structure a lookup needs, precomputed once when catalogs load.

- `by_code`: exact code (case-insensitive) -> entries: constant time, numbers included;
- `by_key`: folded symbol keys (code, name, dotted suffixes) -> entries, for case/underscore/
  camelCase variants and a missing prefix;
- `fuzzy_keys`: those keys bucketed by length, letters only (numbers are never fuzzy), so a typo
  search compares against a few hundred keys of similar length, not all of them;
- `docs` + `postings`: one text document per entry *and language* (the entry's own language and
  each translation), with Chinese bigrams and stemmed Latin words as features, inverted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.catalogs import Catalog, Entry
from bot.search.text import (
    HAS_CJK,
    comparable,
    comparable_features,
    fold_symbol,
    split_camel,
    symbol_suffixes,
)
from bot.vendors import VENDOR_WORDS

# How a key reached an entry, and the score an exact hit on it is worth.
SCORE_CODE = 100.0  # the code exactly as the document writes it (case-insensitive)
SCORE_NAME = 98.0  # the entry's symbolic name (NetEase `ChannelJoinError`)
SCORE_VARIANT = 97.0  # same symbol with other case, `_`, spaces: `connect failed` for `Connect_Failed`
SCORE_SUFFIX = 92.0  # prefix left out: `SignatureExpire` for `AuthFailure.SignatureExpire`
SCORE_ALIAS = 90.0  # another name the document uses, found in the entry's note (a heading's name)
SCORE_PREFIX = 72.0  # a family prefix typed alone: `InternalError` where only `InternalError.*` exist
_IDENTIFIER = re.compile(r"\b[A-Za-z]+[a-z0-9][A-Z][A-Za-z0-9_.]*\b")
FUZZY_MIN_LEN = 5  # keys shorter than this are never matched with typos

# Field weights for text similarity: the words that define an entry count most.
FIELD_WEIGHTS = {"name": 1.0, "meaning": 1.0, "symbol": 0.95, "handling": 0.9, "context": 0.9}


@dataclass(frozen=True, slots=True)
class KeyHit:
    entry: int
    match: str  # code | name | symbol
    score: float


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # name | symbol | meaning | handling | context
    text: str  # comparable form (text.comparable)
    weight: float
    features: frozenset[str]


def make_field(name: str, value: str) -> Field:
    text = comparable(value)
    return Field(name, text, FIELD_WEIGHTS[name], frozenset(comparable_features(text)))


@dataclass(frozen=True, slots=True)
class Doc:
    entry: int
    lang: str
    fields: tuple[Field, ...]
    features: frozenset[str]  # union of the fields' features


class Index:
    def __init__(self, catalogs: Sequence[Catalog]):
        self.catalogs = tuple(catalogs)
        self.entries: list[Entry] = [e for c in self.catalogs for e in c.entries]
        self.by_code: dict[str, list[int]] = {}
        self.by_key: dict[str, list[KeyHit]] = {}
        self.by_prefix: dict[str, list[int]] = {}  # `internalerror` -> every InternalError.* entry
        self.docs: list[Doc] = []
        self.postings: dict[str, list[int]] = {}
        self.entry_docs: list[list[int]] = []
        self._fields: dict[tuple[str, str], Field] = {}  # identical texts (handling advice) analysed once
        self.vendor_words: dict[str, str] = dict(VENDOR_WORDS)
        self.catalog_ids = frozenset(c.id for c in self.catalogs)
        for catalog in self.catalogs:
            self.vendor_words.setdefault(catalog.vendor.lower(), catalog.vendor)
            self.vendor_words.setdefault(catalog.id.lower(), catalog.vendor)
        for number, entry in enumerate(self.entries):
            self._add_keys(number, entry)
            self._add_docs(number, entry)
        self._fields.clear()
        self._add_aliases()
        self.fuzzy_keys = self._bucket_fuzzy_keys(self.by_key)
        self._max_idf = math.log(len(self.docs) + 1) + 1.0
        self.idf = {f: math.log((len(self.docs) + 1) / (len(p) + 1)) + 1.0 for f, p in self.postings.items()}

    # -- keys ------------------------------------------------------------------------------------

    def _put_key(self, key: str, hit: KeyHit) -> None:
        if not key:
            return
        hits = self.by_key.setdefault(key, [])
        for i, old in enumerate(hits):
            if old.entry == hit.entry:
                if hit.score > old.score:
                    hits[i] = hit
                return
        hits.append(hit)

    def _add_keys(self, number: int, entry: Entry) -> None:
        self.by_code.setdefault(entry.code.strip().lower(), []).append(number)
        code_key = fold_symbol(entry.code)
        exact = code_key == entry.code.strip().lower()
        self._put_key(
            code_key, KeyHit(number, "code" if exact else "symbol", SCORE_CODE if exact else SCORE_VARIANT)
        )
        if "." in code_key:
            self._put_key(code_key.replace(".", ""), KeyHit(number, "symbol", SCORE_VARIANT))
            parts = code_key.split(".")
            for cut in range(1, len(parts)):
                self.by_prefix.setdefault(".".join(parts[:cut]), []).append(number)
            for suffix in symbol_suffixes(code_key):
                if not suffix.isdigit():
                    self._put_key(suffix, KeyHit(number, "symbol", SCORE_SUFFIX))
        if entry.name:
            name_key = fold_symbol(entry.name)
            self._put_key(name_key, KeyHit(number, "name", SCORE_NAME))
            if "." in name_key:
                for suffix in symbol_suffixes(name_key):
                    self._put_key(suffix, KeyHit(number, "name", SCORE_SUFFIX))

    def _add_aliases(self) -> None:
        """camelCase names in a note that no entry owns ("the heading calls this error
        MusicalAccompanimentUnsupport") still find the entry."""
        for number, entry in enumerate(self.entries):
            if not entry.note:
                continue
            for word in _IDENTIFIER.findall(entry.note):
                key = fold_symbol(word)
                if key not in self.by_key:
                    self._put_key(key, KeyHit(number, "name", SCORE_ALIAS))

    @staticmethod
    def _bucket_fuzzy_keys(by_key: dict[str, list[KeyHit]]) -> dict[int, list[str]]:
        buckets: dict[int, list[str]] = {}
        for key in by_key:
            if len(key) >= FUZZY_MIN_LEN and any(ch.isalpha() for ch in key) and not key.isdigit():
                buckets.setdefault(len(key), []).append(key)
        return buckets

    def fuzzy_choices(self, length: int, spread: int) -> list[str]:
        choices: list[str] = []
        for size in range(length - spread, length + spread + 1):
            choices.extend(self.fuzzy_keys.get(size, ()))
        return choices

    # -- text ------------------------------------------------------------------------------------

    def _add_docs(self, number: int, entry: Entry) -> None:
        self.entry_docs.append([])
        shared: list[Field] = []
        if entry.name:
            shared.append(self._field("name", entry.name))
        if any(ch.isalpha() for ch in entry.code):
            shared.append(self._field("symbol", split_camel(entry.code)))
        for lang in entry.languages():
            text = entry.text(lang)
            fields = list(shared)
            for field_name in ("meaning", "handling", "context"):
                value = getattr(text, field_name)
                if value:
                    fields.append(self._field(field_name, value))
            feats = frozenset().union(*(f.features for f in fields))
            doc_id = len(self.docs)
            self.docs.append(Doc(number, lang, tuple(fields), feats))
            self.entry_docs[number].append(doc_id)
            for feat in feats:
                self.postings.setdefault(feat, []).append(doc_id)

    def _field(self, name: str, value: str) -> Field:
        key = (name, value)
        field = self._fields.get(key)
        if field is None:
            field = self._fields[key] = make_field(name, value)
        return field

    def idf_of(self, feature: str) -> float:
        """Rarity of a feature. One that no entry has argues against a match: a Latin word at full
        weight; a Chinese bigram at half, since bigrams that straddle two words ("心跳超时" -> 跳超)
        are unknown for no fault of the query."""
        found = self.idf.get(feature)
        if found is not None:
            return found
        return self._max_idf * (0.5 if HAS_CJK.match(feature) else 1.0)

    def docs_of(self, entry: int) -> list[Doc]:
        return [self.docs[d] for d in self.entry_docs[entry]]

    def entries_for(self, numbers: Iterable[int]) -> list[Entry]:
        return [self.entries[n] for n in numbers]
