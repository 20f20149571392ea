"""Query understanding: what a person typed after `/errcode`, taken apart.

- vendor words in any position (ids, Chinese names, product names, catalog ids), also glued
  to Chinese or digits ("声网433");
- code-like tokens inside sentences: numbers, dotted symbols, camelCase and snake_case names,
  quoted strings ("error 65 on start", "what is AuthFailure.SignatureFailure?");
- the rest is free text, with question words and fillers removed.
Times, dates, versions and URLs are not codes ("lunch at 12:30", "v1.2.3").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bot.codes import CAMEL_OR_SNAKE, DOTTED
from bot.codes import shape as code_shape
from bot.search.text import CJK_CHAR, CJK_RUN, EN_STOPWORDS, HAS_CJK, fold_symbol, nfkc, strip_zh_fillers

MAX_QUERY_CHARS = 500  # longer input is cut: a lookup is a few words, not a document
MAX_CODES = 8  # code-like tokens looked up per query; the rest of a pasted wall of text is ignored
PHRASE_WORDS_MAX = 4  # consecutive plain words read as one symbol at most ("signature expire")

_QUOTES = ('"', "“", "`", "'")  # what every _QUOTED alternative starts with
_ANY_QUOTE = re.compile("[" + re.escape("".join(_QUOTES)) + "]")
_QUOTED = re.compile(r"\"([^\"\n]{1,80})\"|“([^”\n]{1,80})”|`([^`\n]{1,80})`|'([^'\n]{2,80})'")
# What is never a code. Each alternative written as it means; _NOT_CODES is the same pattern, made
# fast: every match starts with a digit, `+`, or a letter some alternative starts with (the lookahead
# rejects most positions of a sentence at once), and every alternative but the URL starts where no
# word character is before it (its \b before a word character, or its own (?<![\w+])).
_URL_PATTERN = r"https?://\S+"
_NOT_CODE_PATTERNS = (
    r"\b\d{1,2}:\d{2}(?::\d{2})?\b"  # times
    r"|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"  # dates
    r"|\bv?\d+(?:\.\d+){1,3}\b"  # versions, decimals
    r"|\b\d+(?:%|ms|kb|mb|gb|px|k|am|pm)\b|\b\d{1,2}[smh]\b"  # quantities, clock times ("500s" stays)
    r"|(?<![\w+])\+\d+\b"  # "+1" is a vote, not a code
    r"|\b(?:at|in|by|before|after|until|till|around|about|since)\s+\d{1,2}\b(?![:.]\d)"  # "meeting at 3"
    r"|\b\d{1,3}\s*(?:min|mins|minutes?|hours?|hrs?|days?|weeks?|people|persons?|times|x)\b"  # amounts
)
_NOT_CODES_PLAIN = re.compile(f"{_URL_PATTERN}|{_NOT_CODE_PATTERNS}", re.IGNORECASE)  # (tests compare)
_NOT_CODES = re.compile(f"(?=[\\d+hvaibuts])(?:{_URL_PATTERN}|(?<!\\w)(?:{_NOT_CODE_PATTERNS}))", re.IGNORECASE)
# Every _NOT_CODES alternative but a URL holds a digit: text with neither skips that long pattern.
_MAY_HOLD_NOT_CODES = re.compile(r"\d|https?://", re.IGNORECASE)
_TOKEN = r"[A-Za-z0-9_][A-Za-z0-9_.\-]*"
_PIECE = re.compile(f"[{CJK_CHAR}]+|{_TOKEN}")
_ONE_TOKEN = re.compile(_TOKEN)  # a query that is one Latin piece of _PIECE, whole
# Words that say "this number is an error code" even in a longer sentence.
_ERROR_CUES = frozenset(
    "error errors err code failed fail fails failing failure errcode status mean means meaning return returns "
    "returned got get getting gets throw throws threw thrown give gives gave hit hitting "
    "fix fixing solve resolve handle debug troubleshoot explain".split()
)
_ZH_ERROR_CUES = ("错误", "报错", "失败", "异常", "码", "解决", "处理", "报")


class _FoldedOnce:
    """CodeToken.key: folded the first time it is read and kept on the token (functools'
    cached_property takes a lock per first read on Python 3.11: a token is read in one thread)."""

    def __get__(self, token, owner=None):
        if token is None:
            return self
        key = token.__dict__["key"] = fold_symbol(token.text)
        return key


@dataclass(frozen=True)
class CodeToken:
    text: str  # as typed (quotes removed)
    kind: str  # number | symbol | quoted | word

    key = _FoldedOnce()  # folded once: the exact, prefix, typo and fallback stages all ask


@dataclass
class ParsedQuery:
    raw: str
    vendors: list[str] = field(default_factory=list)  # vendor ids, in order of appearance
    catalogs: list[str] = field(default_factory=list)  # catalog ids named outright
    codes: list[CodeToken] = field(default_factory=list)  # numbers, symbols, quoted strings
    words: list[str] = field(default_factory=list)  # plain Latin words, as typed, stopwords kept
    cjk: list[str] = field(default_factory=list)  # Chinese runs, fillers and vendor words removed
    pieces: list[str] = field(default_factory=list)  # Chinese runs and plain words, in typed order

    @property
    def content_words(self) -> list[str]:
        return [w for w in self.words if w.lower() not in EN_STOPWORDS]

    @property
    def free_text(self) -> str:
        """What is left for text search, in typed order: Chinese runs and content words."""
        return " ".join(p for p in self.pieces if p.lower() not in EN_STOPWORDS)

    def phrase_keys(self, max_words: int = PHRASE_WORDS_MAX, min_share: float = 0.6) -> list[tuple[str, int]]:
        """(symbol key, word count) of consecutive plain words, longest first:
        "signature expire" -> ("signatureexpire", 2), ("signature", 1), ("expire", 1).

        A phrase must hold at least `min_share` of the query's content words, so "service
        started" inside "the service started fine after the restart" is not a symbol lookup.
        """
        words = self.words
        lowered = [w.lower() for w in words]
        stops = [0]  # stops[i]: stopwords among the first i words
        for word in lowered:
            stops.append(stops[-1] + (word in EN_STOPWORDS))
        content = len(words) - stops[-1]  # len(self.content_words)
        keys: list[tuple[str, int]] = []
        # ASCII words without edge dots fold one by one to what their joined phrase folds to (for
        # these, fold_symbol is: lowercase, `_` dropped, edge dots stripped)
        folded = None
        if all(_FOLDS_ALONE.fullmatch(w) for w in words):
            folded = [w.replace("_", "").strip(".") for w in lowered]
        for size in range(min(max_words, len(words)), 0, -1):
            if content and size < min_share * content:
                break  # a phrase holds at most `size` content words: no shorter one holds enough
            for start in range(len(words) - size + 1):
                held = size - (stops[start + size] - stops[start])
                if content and held < min_share * content:
                    continue
                if folded is not None:
                    key = "".join(folded[start : start + size]).strip(".")
                else:
                    key = fold_symbol("".join(words[start : start + size]))
                keys.append((key, size))
        return keys


    def phrase_keys_among(self, windows: list[tuple[int, int, str]], min_share: float = 0.6) -> list[tuple[str, int]]:
        """phrase_keys() of the runs of words given as (first word, words, key), the others left out,
        in its order (longest first, then leftmost) and with its share rule: the same (key, words)
        pairs when the windows are the runs whose keys matter (SearchIndex._key_windows)."""
        stops = [0]  # stops[i]: stopwords among the first i words
        for word in self.words:
            stops.append(stops[-1] + (word.lower() in EN_STOPWORDS))
        content = len(self.words) - stops[-1]
        least = min_share * content
        out: list[tuple[str, int]] = []
        for start, size, key in sorted(windows, key=_LONGEST_LEFTMOST):
            # phrase_keys stops at the first size holding too few content words, and skips a run
            # holding too few: both rules ask the same of a run's size, then of what it holds
            if content and (size < least or size - (stops[start + size] - stops[start]) < least):
                continue
            out.append((key, size))
        return out


def _longest_leftmost(window: tuple[int, int, str]) -> tuple[int, int]:
    return -window[1], window[0]


_LONGEST_LEFTMOST = _longest_leftmost
_FOLDS_ALONE = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
_PLURAL_NUMBER = re.compile(r"(\d{3,})s")  # "getting 404s"
_GLUED_VENDOR = re.compile(r"([A-Za-z]+)(\d+)")  # "agora433", when the letters are a vendor word


class VendorWords(list):
    """(word, vendor) pairs, longest first, and `any`: a pattern that finds one of the words when the
    text holds any (one C scan instead of a `word in text` a word, when most texts hold none)."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.any = re.compile("|".join(re.escape(word) for word, _ in self) or "(?!)")

    def __reduce__(self):  # pickled as the pairs (an index sent back by the reload worker)
        return VendorWords, (list(self),)


def chinese_vendor_words(vendor_words: dict[str, str]) -> VendorWords:
    """The Chinese vendor words, longest first (the index keeps this list: sorted once, not per query)."""
    return VendorWords(sorted(((w, v) for w, v in vendor_words.items() if CJK_RUN.search(w)), key=lambda kv: -len(kv[0])))


def _bare_number(query: str, text: str, vendor_words: dict[str, str]) -> ParsedQuery | None:
    """A bare number, the commonest lookup, read directly as the full reading in `parse` reads it
    (no quote, time, version, vendor, filler or plural can be in ASCII digits alone)."""
    if text.isascii() and text.isdigit() and text not in vendor_words:
        return ParsedQuery(raw=query, codes=[CodeToken(text, "number")])
    return None


# One token of letters, `_` and `.` (what most symbol lookups are): no digit, so no time, version,
# plural or glued vendor; no hyphen, quote, space or Chinese. `_one_word` reads it as `parse` does.
_LETTERS_TOKEN = re.compile(r"[A-Za-z_][A-Za-z_.]*")


def _one_word(query: str, text: str, vendor_words: dict[str, str], catalog_ids: frozenset[str],
              known_code: Callable[[str], bool]) -> ParsedQuery:  # fmt: skip
    parsed = ParsedQuery(raw=query)
    token = text.strip("._")
    if not token:
        return parsed
    lower = token.lower()
    if lower in vendor_words:
        parsed.vendors.append(vendor_words[lower])
        if lower in catalog_ids:
            parsed.catalogs.append(lower)
    elif token.isalpha():
        if not token.islower() and CAMEL_OR_SNAKE.match(token):
            parsed.codes.append(CodeToken(token, "symbol"))
        else:
            parsed.words.append(token)
            parsed.pieces.append(token)
    elif "." in token and known_code(token):  # a catalog's own code, as written
        parsed.codes.append(CodeToken(token, "quoted"))
    elif DOTTED.match(token) or CAMEL_OR_SNAKE.match(token):
        parsed.codes.append(CodeToken(token, "symbol"))
    else:
        parsed.words.append(token)
        parsed.pieces.append(token)
    return parsed


_VENDOR_TOKEN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")  # one whole _PIECE token (a vendor word, a number)


def _vendor_and_number(query: str, text: str, vendor_words: dict[str, str], catalog_ids: frozenset[str]):
    """A Latin vendor word and a number, either way round ("agora 433", "433 tencent"): the second
    commonest lookup, read as the full reading in `parse` reads it (None for any other text). Only
    ASCII words and digits split by whitespace, nothing the not-a-code pattern takes ("433 x" where
    "x" is a vendor word is an amount, "at 12" a time), no quote; the number no vendor word itself."""
    parts = text.split()
    if len(parts) != 2 or not text.isascii():
        return None
    first, second = parts
    number, word = (first, second) if first.isdigit() else (second, first)
    if not number.isdigit() or not _VENDOR_TOKEN.fullmatch(word) or number in vendor_words:
        return None
    token = word.strip(".-_")
    lower = token.lower()
    if not token or lower not in vendor_words:
        return None
    # _NOT_CODES (a long scan) can take nothing of a digit-free word and a number split by whitespace
    # but "at 12" (a word then at most two digits) and "433 x" (at most three digits then a word)
    if (not word.isalpha() and any(c.isdigit() for c in word)) or (
        len(number) <= (3 if number is first else 2)
    ):
        if _NOT_CODES.search(text):
            return None
    parsed = ParsedQuery(raw=query, vendors=[vendor_words[lower]], codes=[CodeToken(number, "number")])
    if lower in catalog_ids:
        parsed.catalogs.append(lower)
    return parsed  # (no small number dropped: no word around it)


def _plain_lowercase_words(pieces: Sequence[str], vendor_words: dict[str, str]) -> bool:
    """Whether every piece is lowercase ASCII letters and no vendor's word (most sentences): each is
    then a plain word, nothing in it to strip, fold or read as a code or a vendor."""
    joined = "".join(pieces)
    return joined.isascii() and joined.isalpha() and joined.islower() and vendor_words.keys().isdisjoint(pieces)


def parse(
    query: str,
    vendor_words: dict[str, str],
    catalog_ids: frozenset[str] = frozenset(),
    known_code: Callable[[str], bool] = lambda _: False,
    chinese_words: list[tuple[str, str]] | None = None,
) -> ParsedQuery:
    """Take a query apart. `vendor_words` maps lowercase words (Latin or Chinese) to vendor ids;
    `known_code` says whether a token with `-` or `.` is some catalog's code as written;
    `chinese_words`: `chinese_vendor_words(vendor_words)`, when the caller keeps it."""
    text = nfkc(query)[:MAX_QUERY_CHARS]
    bare = _bare_number(query, text, vendor_words)
    if bare is not None:
        return bare
    if text.isascii() and _LETTERS_TOKEN.fullmatch(text):
        return _one_word(query, text, vendor_words, catalog_ids, known_code)
    if " " in text:
        both = _vendor_and_number(query, text, vendor_words, catalog_ids)
        if both is not None:
            return both
    parsed = ParsedQuery(raw=query)

    def add_vendor(vendor: str) -> None:
        if vendor not in parsed.vendors:
            parsed.vendors.append(vendor)

    def take_quoted(match: re.Match) -> str:
        inner = next(g for g in match.groups() if g is not None).strip()
        if inner.lower() in vendor_words:
            add_vendor(vendor_words[inner.lower()])
        elif inner:
            parsed.codes.append(CodeToken(inner, "quoted"))
        return " "

    if _ONE_TOKEN.fullmatch(text) and not (_MAY_HOLD_NOT_CODES.search(text) and _NOT_CODES.search(text)):
        # one ASCII token, no time or version in it: nothing quoted, no Chinese, the piece is the text
        pieces: Iterable[str] = (text,)
    else:
        if _ANY_QUOTE.search(text):
            text = _QUOTED.sub(take_quoted, text)
        if _MAY_HOLD_NOT_CODES.search(text):
            text = _NOT_CODES.sub(" ", text)

        # Chinese vendor words may be glued to anything ("声网433", "腾讯云的错误"): take them out first.
        if HAS_CJK.search(text):
            words = chinese_words if chinese_words is not None else chinese_vendor_words(vendor_words)
            # none of the words in the text: the loop below would replace nothing (one replaced puts a space)
            if not isinstance(words, VendorWords) or words.any.search(text):
                for word, vendor in words:
                    if word in text:
                        add_vendor(vendor)
                        text = text.replace(word, " ")

        # Chinese fillers and particles are not ASCII: an ASCII query has none to strip
        pieces = _PIECE.findall(text if text.isascii() else strip_zh_fillers(text))
    may_be_chinese = not text.isascii()
    if not may_be_chinese and _plain_lowercase_words(pieces, vendor_words):
        parsed.words = list(pieces)  # what the loop below makes of each: a plain word
        parsed.pieces = list(pieces)
        pieces = ()
    for piece in pieces:
        if may_be_chinese and CJK_RUN.match(piece):
            parsed.cjk.append(piece)
            parsed.pieces.append(piece)
            continue
        token = piece.strip(".-_")
        lower = token.lower()
        if not token:
            continue
        if lower in vendor_words:
            add_vendor(vendor_words[lower])
            if lower in catalog_ids:
                parsed.catalogs.append(lower)
            continue
        if token.isascii() and (token.isalpha() or token.isdigit()):  # a plain word or number: no
            # hyphen, dot, glued vendor or plural to read, so what the general reading below makes of it
            if token.isdigit():
                parsed.codes.append(CodeToken(token, "number"))
            elif not token.islower() and CAMEL_OR_SNAKE.match(token):
                parsed.codes.append(CodeToken(token, "symbol"))
            else:
                parsed.words.append(token)
                parsed.pieces.append(token)
            continue
        if ("-" in token or "." in token) and known_code(token):  # a catalog's own code: "ACME-1"
            parsed.codes.append(CodeToken(token, "quoted"))
            continue
        hyphenated = "-" in token and not DOTTED.match(token)
        parts = token.split("-") if hyphenated else [token]
        glued = _GLUED_VENDOR.fullmatch(token)  # "agora433"
        if glued and glued.group(1).lower() in vendor_words:
            parts = [glued.group(1), glued.group(2)]
        if any(p.lower() in vendor_words for p in parts):
            hyphenated = False  # a vendor word next to the number makes it a code: "agora-433"
        for part in parts:
            part = part.strip("._")
            if not part:
                continue
            if part.lower() in vendor_words:
                add_vendor(vendor_words[part.lower()])
                continue
            plural = _PLURAL_NUMBER.fullmatch(part)
            if plural:
                part = plural.group(1)
            kind = code_shape(part)
            if kind == "number" and hyphenated:  # "JIRA-4521", "ACME-1": an id, not error code 1
                kind = None
            if kind:
                parsed.codes.append(CodeToken(part, kind))
            else:
                parsed.words.append(part)
                parsed.pieces.append(part)
    _drop_incidental_numbers(parsed, text)
    del parsed.codes[MAX_CODES:]
    return parsed


def _drop_incidental_numbers(parsed: ParsedQuery, text: str) -> None:
    """A small number in a longer sentence with no word about errors is not a code.

    "I have 2 questions" is chatter; "error 2", "2 是什么意思" and a bare "2" are lookups.
    """
    if not parsed.codes:
        return
    numbers = [c for c in parsed.codes if c.kind == "number" and len(c.text) <= 2]
    if not numbers:
        return
    content = len(parsed.words) + sum(len(run) for run in parsed.cjk) // 2
    cue = any(w.lower() in _ERROR_CUES for w in parsed.words) or any(c in text for c in _ZH_ERROR_CUES)
    if content >= 3 and not cue and len(parsed.codes) == len(numbers):
        parsed.codes = [c for c in parsed.codes if c not in numbers]
