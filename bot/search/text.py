"""Text normalisation shared by the index and the query parser.

Two kinds of keys come out of here:
- symbol keys (`fold_symbol`): case, `_`, `-`, spaces and quotes removed, dots kept, so
  `AuthFailure.SignatureExpire`, `authfailure.signature_expire` and `Auth Failure.Signature Expire`
  are one key, and `Connect_Failed` equals `connect failed`;
- text features (`features`): Chinese character bigrams (Chinese has no spaces, so whitespace
  tokens would be whole sentences) and light-stemmed Latin words, camelCase split.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# CJK ideographs (BMP blocks that appear in vendor docs and user queries).
CJK_CHAR = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK_CHAR}]+")
HAS_CJK = re.compile(f"[{CJK_CHAR}]")
_SYMBOL_DROP = re.compile(r"[\s_\-'\"`“”‘’]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")

# Words that carry no meaning for matching an error entry: every entry is an error.
EN_STOPWORDS = frozenset(
    """
    a an and are as at be been but by can could did do does doing error errors err code codes
    for from get gets got getting has have having help how i if in into is it its me mean means
    meaning my of on or our please so that the their them then there this to us was we were what
    whats when where which while why will with you your hi hey mean? explain about see seeing shows
    showing returned returns return says said tell
    """.split()
)
# Question and filler phrases users wrap around a Chinese query; removed before matching.
ZH_FILLERS = tuple(
    "是什么意思 什么意思 啥意思 是什么 是啥 怎么办 怎么解决 如何解决 怎么处理 如何处理 怎么回事 为什么 "
    "怎么 如何 错误码 错误代码 报错 请问 一下 提示 一直 总是 突然".split()
)
# Sentence particles: they glue to the word before them and make bigrams no entry has.
ZH_PARTICLES = re.compile("[了吗呢啊吧呀哦嘛么？！。，、]")


def nfkc(text: str) -> str:
    """NFKC (full-width digits and letters become ASCII) and trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def fold_symbol(text: str) -> str:
    """The symbol key: lowercase, no separators but dots; `Connect_Failed` -> `connectfailed`."""
    return _SYMBOL_DROP.sub("", nfkc(text).casefold()).strip(".")


def symbol_suffixes(key: str) -> list[str]:
    """`a.b.c` -> [`b.c`, `c`]: the forms a user types when the prefix is left out."""
    parts = key.split(".")
    return [".".join(parts[i:]) for i in range(1, len(parts)) if parts[i]]


def split_camel(text: str) -> str:
    """`AuthFailure.SignatureExpire` -> `Auth Failure Signature Expire` (for word features)."""
    spaced = text.replace(".", " ").replace("_", " ")
    if spaced == spaced.lower():  # no capital letter: no camelCase boundary to find
        return spaced
    return _CAMEL.sub(" ", spaced)


_SNOWBALL = None  # made on the first stem: a code's lookup needs none (the import costs ~30 ms of a start)
_SNOWBALL_LOCK = threading.Lock()  # a Snowball stemmer object keeps state between calls


@lru_cache(maxsize=8192)  # small: common words stay hot, a flood of new words cannot grow it much
def stem(word: str) -> str:
    """English Snowball (Porter 2) stem: expire/expired/expires/expiration -> expir."""
    if len(word) <= 3 or word.isdigit():
        return word
    global _SNOWBALL
    with _SNOWBALL_LOCK:
        if _SNOWBALL is None:
            import snowballstemmer

            _SNOWBALL = snowballstemmer.stemmer("english")
        return _SNOWBALL.stemWord(word)


def cjk_grams(text: str) -> list[str]:
    """Character bigrams of every Chinese run; a one-character run is kept as a unigram."""
    grams: list[str] = []
    for run in CJK_RUN.findall(text):
        if len(run) == 1:
            grams.append(run)
        else:
            grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def features(text: str) -> list[str]:
    """Matching features of `text`: Chinese bigrams (particles dropped) and stemmed Latin words."""
    return comparable_features(comparable(text))


# How users say what the documents say, in English. Both the documents' text and the query pass
# through these (in `comparable` and `comparable_features`), so either wording finds the other.
# Kept small and about RTC error talk; measured on tests/queries/lookup.yaml (english category).
_EN_PHRASES = [
    # doesn't, doesn t (the query parser splits at the apostrophe), dont, can't, cannot, won't
    (
        re.compile(
            r"\b(?:do|does|did|is|are|was|were|has|have|had|could|would|should|ca|wo)n(?:[’']\s?|\s)?t\b"
        ),
        "not",
    ),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"(?:^|(?<=\s))t(?=\s|$)"), "not"),  # "can't" once "can" was dropped as a stopword
    (re.compile(r"\btoo (?:many|much)\b"), "exceed number"),
    (re.compile(r"\btoo (?:big|large|huge)\b"), "exceed size"),
    (re.compile(r"\b(?:not enough|out of)\b"), "insufficient"),
    (re.compile(r"\btime[sd]? out\b"), "timeout"),
    (re.compile(r"\brate[- ]?limit(?:ed|ing|s)?\b"), "request limit exceeded frequency"),
    (re.compile(r"\bthrottl(?:e|ed|es|ing)\b"), "requests exceed the frequency limit"),  # "request throttled"
    (re.compile(r"\bexpiry\b"), "expired"),  # the stemmer keeps expiry (expiri) apart from expired (expir)
    (re.compile(r"\bnot (?:work(?:ing|s)?|function(?:ing)?)\b"), "failed"),  # "mic not working": it fails
    (re.compile(r"\b(secret|app|room|user|account|task|request)id\b"), r"\1 id"),
]
# Word -> the word the documents use (then stemmed like any word).
EN_SYNONYMS = {
    **dict.fromkeys(
        "camera cameras cam webcam microphone microphones mic mics speaker headset phone phones mobile".split(),
        "device",
    ),
    **dict.fromkeys("people person persons participants member members attendees".split(), "participant"),
    **dict.fromkeys("enough lack lacking".split(), "insufficient"),
    **dict.fromkeys("overload overloaded".split(), "load"),
    **dict.fromkeys("full".split(), "limit"),
    **dict.fromkeys("big large huge".split(), "size"),
    **dict.fromkeys("rate qps frequency throttle throttled throttling".split(), "frequency"),
    **dict.fromkeys("kicked booted".split(), "kick"),
    **dict.fromkeys("incorrect bad".split(), "wrong"),
    "found": "exist",  # "not found" / "does not exist" / "cannot be found"
    # the stemmer keeps the noun apart from the verb (failur / fail): "check failed" is an "MFA failure"
    **dict.fromkeys("failure failures".split(), "fail"),
    **dict.fromkeys("app apps".split(), "application"),
    # identifiers and quick notes shorten it ("paramErrorCode", "invalid params"); the documents spell it out
    **dict.fromkeys("param params".split(), "parameter"),
}
# Words that say something is wrong without saying what: they help a match, but an entry that
# lacks them is not a worse answer (weighted down in rank.text_hits).
EN_WEAK = frozenset({"wrong", "fail", "failur", "problem", "issu", "broken", "unabl", "not"})


_HAS_LATIN = re.compile("[a-z]")  # every phrase above needs a Latin letter (text is lowercase here)


# What each of _EN_PHRASES needs to match, checked before its pass (again after the passes before it:
# one rewrite can make text for a later one), so most text skips most of the nine passes.
_NEGATION_STEM = re.compile(r"(?:do|does|did|is|are|was|were|has|have|had|could|would|should|ca|wo)n")
_EN_PHRASE_GATES: tuple[Callable[[str], bool], ...] = (
    lambda t: "n" in t and _NEGATION_STEM.search(t) is not None,
    lambda t: "cannot" in t,
    lambda t: "t" in t.split(),  # a lone "t" between whitespace, as the pattern has it
    lambda t: "too " in t,
    lambda t: "too " in t,
    lambda t: "not enough" in t or "out of" in t,
    lambda t: "d out" in t or "e out" in t or "s out" in t,  # time, timed, times then " out"
    lambda t: "rate" in t,
    lambda t: "throttl" in t,
    lambda t: "expiry" in t,
    lambda t: "not work" in t or "not function" in t,
    # secretid, appid, roomid, userid, accountid, taskid, requestid: "id" after t, p, m, r or k
    lambda t: "id" in t and ("tid" in t or "pid" in t or "mid" in t or "rid" in t or "kid" in t),
)


def _english_phrases(text: str) -> str:
    if not _HAS_LATIN.search(text):  # Chinese-only text: nothing to rewrite
        return text
    for (pattern, replacement), may_match in zip(_EN_PHRASES, _EN_PHRASE_GATES, strict=True):
        if may_match(text):
            text = pattern.sub(replacement, text)
    return text


_LOWER_WORD = re.compile(r"[a-z][a-z0-9]*|[0-9]+")


def comparable_features(text: str) -> list[str]:
    """`features` for text already in `comparable` form (camelCase split, lowercase): faster."""
    grams = [] if text.isascii() else cjk_grams(ZH_PARTICLES.sub(" ", text))  # no Chinese in ASCII
    return grams + [stem(EN_SYNONYMS.get(w, w)) for w in _LOWER_WORD.findall(text) if w not in EN_STOPWORDS]


_ANY_FILLER = re.compile("|".join(map(re.escape, ZH_FILLERS)))  # one scan: most queries hold no filler


def strip_zh_fillers(text: str) -> str:
    if _ANY_FILLER.search(text):  # else the loop would replace nothing
        for filler in ZH_FILLERS:
            if filler in text:
                text = text.replace(filler, " ")
    return ZH_PARTICLES.sub(" ", text)


_URL = re.compile(r"\(?https?://[^\s)）]+\)?")


# How users say what the documents say, in Chinese: applied to both sides, like _EN_PHRASES.
_ZH_PHRASES = [
    (re.compile("超限"), "超过限制"),  # "房间人数超限" / "超过频道最多互动者人数限制"
    (re.compile("踢出"), "提出"),  # NetEase's document writes 提出房间 for 踢出房间
    (re.compile("频道"), "房间"),  # channel and room are one thing in RTC talk
]


# Each pattern is a plain word, each replacement plain text: str.replace does what its sub does.
_ZH_WORDS = tuple((pattern.pattern, replacement) for pattern, replacement in _ZH_PHRASES)


def _chinese_phrases(text: str) -> str:
    for word, _ in _ZH_WORDS:  # (`in` per word: faster than one regex scan over long catalog text)
        if word in text:
            break
    else:
        return text
    for word, replacement in _ZH_WORDS:
        text = text.replace(word, replacement)
    return text


def comparable(text: str) -> str:
    """The form fed to rapidfuzz scorers: NFKC, no URLs or backticks, camelCase split, lowercase."""
    normal = nfkc(text)
    if "http" in normal:  # every URL the pattern takes starts so
        normal = _URL.sub(" ", normal)
    lowered = split_camel(normal.replace("`", "")).lower()
    return " ".join(_chinese_phrases(_english_phrases(lowered)).split())
