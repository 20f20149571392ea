"""A short report: an issue title, a sentence or a short issue body that reports a number as an error.

People title an issue "Login failed 1003", "Getting 401 Authorized", "Retry on 408 errors", "An
authentication error occurred: (403) ...", write "1003 是因为……" or post a PR titled only "408".
One reading covers them, instead of one regex per way of saying it: in a short text, a number of
three digits or more is a reported code when an error word is right beside it, in either order —

- before it, with at most one plain word between, articles aside ("failed 1003", "error occurred:
  (403)", "报错 start context failed 1003"), or further back in its clause after "with" ("fails on
  iOS with 403"); a reporting verb ("getting", "returns", "返回") counts as an error word only before
  a 4xx/5xx status ("Getting 401 Authorized", "returns random 404", "getting the same 401");
- after it: an error word ("403 forbidden", "1003 error", "408 errors" — not after a word that
  counts them: "fixed 408 errors"), or a cause given or asked ("1003 是因为", "403原因", "500 means");
- a 4xx/5xx status opening its clause with a circumstance after it ("404 when opening settings",
  "always 401 after login");
- or the text is that number alone (a title "408").

Chatter stays quiet: a number glued to an identifier, a version, a path, a port or a price (`#403`,
`v4.0.8`, `:8080`, `/api/404`, `$500`), a date or a time, one after an id or quantity word (room,
user, line, port, version, issue, PR, "after", "over", "第"), one with a count noun or a unit after it
("403 links", "500 users", "300 ms", "80次"), and numbers in texts that are not short. Whose error it
is stays the claim's business (bot.payload.claims): a bare HTTP-like number is an ambiguous list.
"""

from __future__ import annotations

import re
from itertools import islice

from bot.payload.patterns import _AFTER_CODE, _PHRASES, _QUANTITY, _REASONS, _SPELLINGS
from bot.payload.shapes import Hit

REPORT_MAX_CHARS = 1000  # a title, a sentence or a short issue body; longer texts have their own readings
REPORT_MAX_LINES = 12
MAX_REPORT_NUMBERS = 30

# a number standing alone: not glued to an identifier, a path, a version, a port, a price, a date or
# a time (3-12 digits: one or two are every list's and every count's)
_NUMBER = re.compile(r"""(?<![A-Za-z0-9_.#/:@$¥￥€£%&+=~^\\-])(\d{3,12})(?![A-Za-z0-9_%]|[.:/,-]\d)""")  # CJK may touch it
_YEAR = re.compile(r"(?:19|20)\d\d")

# words that report an error themselves, in English and Chinese
_EN_ERROR = (
    "error", "errors", "err", "errored", "fail", "fails", "failed", "failing", "failure", "exception",
    "denied", "forbidden", "unauthorized", "unauthorised", "refused", "rejected", "crash", "crashed", "crashes",
    "broken", "breaks", "broke", "stops", "stopped", "aborts", "aborted", "dies", "died", "invalid", "timed",
)
_ZH_ERROR = ("报错", "错误", "出错", "失败", "异常", "拒绝", "未授权", "无权限", "禁止", "报")
# words that report what came back: an error word only before a failed HTTP status
_EN_REPORTING = (
    "return", "returns", "returned", "returning", "got", "get", "gets", "getting", "receive", "receives",
    "received", "receiving", "respond", "responds", "responded", "responding", "throw", "throws", "threw",
    "thrown", "gives", "gave", "giving", "shows", "showing", "hit", "hits", "hitting", "encounter",
    "encountered", "encountering", "occurred", "occurs", "happened", "happens", "answer", "answers", "answered",
    "answering", "send", "sends", "sent", "sending", "emits", "emitted", "yields", "produces", "says", "said",
    "reply", "replies", "replied", "replying",
)
_ZH_REPORTING = ("返回", "收到", "出现", "提示", "遇到", "得到", "显示", "抛出")
# a word before the number that makes it an id, a position, a version or a quantity
_EN_NOT_BEFORE = frozenset(
    "v ver version versions release build ios android api level node python java sdk pr issue issues pull ticket"
    " room channel uid user userid id port line lines page step row column col chapter part section item order"
    " task job pid thread case test tests attempt try round day days week year years top for of in at by to over"
    " under about around than within after before every each per since until from nearly almost only just"
    " first last next no number num size limit max min count total timeout delay interval wait waited up"
    " fixed fix fixes fixing found".split()
)
_ZH_NOT_BEFORE = ("第", "房间", "频道", "用户", "版本", "行", "端口", "共", "约", "超过", "大于", "小于", "前", "后",
                  "次数", "率", "数", "时间", "号")
# a word before "N errors" that counts them ("fixed 408 errors", "over 500 errors")
_COUNTING = frozenset(
    "fix fixed fixes fixing found find finds resolved resolve solved solve removed remove reduced reduce had has"
    " have having with are were there over about around nearly almost than total only just more less fewer"
    " another of from to by all some few top first last got get see saw seen".split()
)
# words after a number that say it is an error's (beside _AFTER_CODE's): HTTP reasons' own words,
# and the words of access refused ("Getting 401 Authorized" is what a title makes of Unauthorized)
_REASON_WORDS = frozenset(
    w for phrase in _REASONS.values() for w in re.findall(r"[a-z]+", phrase)
    if len(w) >= 3 and w not in ("too", "the", "fields", "content", "length", "media", "range", "version", "network",
                                 "storage", "header", "large", "long", "early", "many", "loop", "extended", "space")
) | frozenset("authorized authorization authentication auth access permission denied rejected refused failure"
              " exception issue problem once twice".split())
_AFTER_OK = re.compile(r"(?i:" + _AFTER_CODE + r")")
# after the number: a cause given or asked ("1003 是因为", "403原因", "500 means"), or a Chinese error word
_ZH_AFTER = re.compile(r"[ \t]{0,2}(?:的)?(?:错误|报错|出错|异常|是因为|是由于|原因|问题是)")
_EN_CAUSE_AFTER = re.compile(r"[ \t]{1,3}(?:means|meant|is[ \t]{1,3}caused|occurs[ \t]{1,3}when|happens[ \t]{1,3}when)\b", re.IGNORECASE)
# what may stand between the error word and the number: plain words, quotes, a colon, an opening bracket
_GAP = re.compile(r"""[ \t"'`:：(（\[]*""")
_CLAUSE_BREAK = re.compile(r"[.。!！?？;；,，\n|]")
_LONE_NUMBER = re.compile(r"""[ \t"'`]{0,3}(\d{3,12})[ \t"'`.。!?]{0,3}""")


def short_report(text: str) -> bool:
    """A text short enough to be one report: a title, a sentence or a short issue body."""
    stripped = text.strip()
    return 0 < len(stripped) <= REPORT_MAX_CHARS and stripped.count("\n") < REPORT_MAX_LINES


def _http_failure(number: str) -> bool:
    return len(number) == 3 and number[0] in "45"


_PIECE = re.compile(r"[A-Za-z][A-Za-z0-9_'-]{0,60}|[\u4e00-\u9fff]{1,20}|\d+|_+|[^\sA-Za-z\u4e00-\u9fff\d_]+")


def _words_before(text: str, start: int) -> list[str]:
    """The clause's tokens before `start`, nearest first (ASCII words lowercased, Chinese runs as
    they are); stops at a clause break or another number."""
    lo = max(0, start - 80)
    clause = text[lo:start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(clause)), default=0)
    clause = clause[cut:]
    tokens: list[str] = []
    for piece in reversed(_PIECE.findall(clause)):
        if piece[0].isdigit() or "_" in piece or any(c.isdigit() for c in piece):
            break  # another number, or an identifier ("INTERNAL_SERVER_ERROR: 500" is source code's)
        if piece[0].isascii() and not piece[0].isalpha():
            if _GAP.fullmatch(piece):
                continue  # quotes, a colon, an opening bracket
            break
        if piece.lower() in _ARTICLES:
            continue  # "getting the same 401", "returns a proper 403"
        tokens.append(piece.lower() if piece.isascii() else piece)
        if len(tokens) >= MAX_WORDS_BEFORE:
            break
    return tokens


def _id_before(tokens: list[str]) -> bool:
    """The nearest word before the number makes it an id, a position, a version or a quantity."""
    if not tokens:
        return False
    nearest = tokens[0]
    return nearest in _EN_NOT_BEFORE if nearest.isascii() else any(nearest.endswith(w) for w in _ZH_NOT_BEFORE)


def _zh_ends_with(run: str, words: tuple[str, ...]) -> bool:
    run = run.rstrip("了是为的")
    return any(run.endswith(w) for w in words)


def _cue_before(tokens: list[str], number: str) -> bool:
    """An error word among the two tokens before the number (the nearest one not an id or
    quantity word)."""
    if not tokens:
        return False
    nearest = tokens[0]
    if _id_before(tokens):
        return False
    http = _http_failure(number)
    # one word may stand between; after "with" the clause's verb may be further ("fails on iOS with 403")
    reach = MAX_WORDS_BEFORE if nearest == "with" else 2
    for i, token in enumerate(tokens[:reach]):
        if token.isascii():
            if token in _EN_ERROR or (http and token in _EN_REPORTING):
                return True
            if i and token in _QUANTITY_SUBJECTS:
                return False  # "error rate is 500": the number is the rate's
        elif i == 0 and (_zh_ends_with(token, _ZH_ERROR) or (http and _zh_ends_with(token, _ZH_REPORTING))):
            return True  # a Chinese run only right before the number ("登录报错 1003", "返回 404")
        elif not token.isascii():
            return False  # Chinese between says something else of the number
    return False


def _status_opening(text: str, end: int, number: str, tokens: list[str]) -> bool:
    """A failed HTTP status that opens its clause (an adverb at most before it) and a circumstance
    after it: "404 when opening settings", "always 401 after login" (what happens, and when)."""
    if not _http_failure(number) or any(t not in _ADVERBS for t in tokens):
        return False
    return _CIRCUMSTANCE_AFTER.match(text, end) is not None


_ARTICLES = frozenset(("a", "an", "the"))
_QUANTIFIERS = frozenset("lot lots plenty bunch tons kinds types sorts couple number".split())
MAX_WORDS_BEFORE = 6
# nouns of a quantity: a number said of them is the quantity ("error rate is 500")
_QUANTITY_SUBJECTS = frozenset("rate rates count counts number total size limit budget ratio duration length".split())
_ADVERBS = frozenset("always still sometimes constantly randomly occasionally often frequently again now suddenly".split())
_CIRCUMSTANCE_AFTER = re.compile(r"[ \t]{1,3}(?:when|whenever|after|while|during|upon)[ \t]{1,3}[A-Za-z]", re.IGNORECASE)


# "500 多次", "300余个", "1003 以上": a Chinese approximation after the number makes it a count
_ZH_ABOUT = re.compile(r"[ \t]{0,2}(?:多|余|左右|上下|以上|以下|来[个次条])")


def _count_after(text: str, end: int) -> bool:
    """A unit, a count noun or any other plain word after the number: a quantity, not a code."""
    unit = _QUANTITY.match(text, end)
    after = text[unit.end() : unit.end() + 1] if unit else ""
    if unit and not (after.isascii() and after.isalpha()) or _ZH_ABOUT.match(text, end):
        return True  # (a unit that is a word's start is no unit: "408 timeout" is not "408 times")
    if _EN_CAUSE_AFTER.match(text, end):
        return False  # "1003 means ...": the number is what is explained
    word = re.match(r"""['"`)\]]?[ \t]{1,3}([A-Za-z][A-Za-z'-]{1,30})""", text[end : end + 40])
    if word is None:
        return False
    said = word.group(1).lower()
    return not (_AFTER_OK.fullmatch(said) or said in _REASON_WORDS or said in _EN_ERROR)


_COLON_MESSAGE = re.compile(r"[ \t]{0,2}[:：][ \t]{0,3}([A-Za-z]{2,20})(?:[ \t]{1,3}([A-Za-z]{2,20}))?")
_SINGULAR_AFTER = frozenset(("error", "err", "exception", "denied", "forbidden", "unauthorized", "unauthorised",
                             "refused", "rejected"))
# words before the number that make it a quantity, unless one error of that number follows it ("fails
# after 408 timeout", "error over 500 error"? no count says "N error")
_QUANTITY_BEFORE = frozenset("for of in at by to over under about around than within after before every each per"
                             " since until from nearly almost only just up".split())


def _singular_error_after(text: str, end: int, number: str) -> bool:
    word = re.match(r"[ \t]{1,3}([A-Za-z]{3,20})\b", text[end : end + 30])
    if word is None:
        return False
    said = word.group(1).lower()
    return said in _SINGULAR_AFTER or (said == "timeout" and _http_failure(number))


_REASON_AFTER = re.compile(r"(" + _PHRASES + r")(?![A-Za-z])", re.IGNORECASE)  # after the number's spaces


def _other_reason(text: str, end: int, number: str) -> bool:
    """Another status's reason phrase after the number ("404 Bad Request" is 400's): no status line."""
    at = end
    while at < len(text) and at < end + 3 and text[at] in " \t":
        at += 1
    phrase = _REASON_AFTER.match(text, at) if at > end else None
    if phrase is None:
        return False
    said = phrase.group(1).lower()
    return _REASONS.get(int(number)) != _SPELLINGS.get(said, said)


def _quantified(before: list[str]) -> bool:
    """"a lot of 408 errors": the quantifier before "of" counts the errors, the number names them."""
    return len(before) > 1 and before[0] == "of" and before[1] in _QUANTIFIERS


def _cue_after(text: str, start: int, end: int, number: str, before: list[str]) -> bool:
    """An error word or a cause right after the number ("403 forbidden", "1003 是因为"), or its
    message after a colon that says an error in its first two words ("403: permission denied")."""
    if _ZH_AFTER.match(text, end) or _EN_CAUSE_AFTER.match(text, end):
        return True
    message = _COLON_MESSAGE.match(text, end)
    if message is not None:
        said = [w.lower() for w in message.groups() if w]
        return any(w in _EN_ERROR for w in said) or said == ["not", "found"]
    word = re.match(r"[ \t]{1,3}([A-Za-z]{3,20})\b", text[end : end + 30])
    if word is None:
        return False
    said = word.group(1).lower()
    if said in ("errors", "failures"):
        # "Retry on 408 errors" names the status; "fixed 408 errors" counts them
        return _http_failure(number) and not (before and before[0] in _COUNTING and not _quantified(before))
    if said in ("timeout", "timed"):
        return _http_failure(number)  # "after 408 timeout"; "500 timeout" of no status is a duration
    return said in _SINGULAR_AFTER


def report_hits(text: str) -> list[Hit]:
    """The numbers a short text reports as errors (unverified against catalogs: the caller's)."""
    if not short_report(text):
        return []
    stripped = text.strip()
    lone = _LONE_NUMBER.fullmatch(stripped)
    if lone is not None:  # a title that is the number alone
        if _YEAR.fullmatch(lone.group(1)):
            return []
        return [Hit(lone.group(1), "log", pos=text.find(lone.group(1)))]
    hits: list[Hit] = []
    for match in islice(_NUMBER.finditer(text), MAX_REPORT_NUMBERS):
        number, start, end = match.group(1), match.start(1), match.end(1)
        if _YEAR.fullmatch(number) or _count_after(text, end) or _other_reason(text, end, number):
            continue
        before = _words_before(text, start)
        if _cue_before(before, number) or _cue_after(text, start, end, number, before) or _status_opening(
            text, end, number, before
        ):
            if not _id_before(before) or _quantified(before) or (
                before[0] in _QUANTITY_BEFORE and _singular_error_after(text, end, number)
            ):
                hits.append(Hit(number, "log", pos=start))
    return hits


# (every reading's number, not only this one's: pipeline drops a plain-text number read right after one)
_ID_NOUNS = frozenset("room channel uid user userid id port line step row column col version build issue pr pull"
                      " ticket order item task job pid thread test tests rate count total".split())
_ZH_ID_NOUNS = ("房间", "房间号", "频道", "用户", "第", "版本", "端口", "行", "率", "次数", "数量", "总数")


def id_before(text: str, code: str, pos: int) -> bool:
    """The number `code` (read at or after `pos`) right after an id noun, a quantity's noun or a currency
    sign ("Room 1003 error", "房间1003报错", "报错率 404", "¥500报错")."""
    at = text.find(code, pos, pos + 400)
    if at < 0:
        return False
    if at and text[at - 1] in "$¥￥€£":
        return True
    tokens = _words_before(text, at)
    if not tokens:
        return False
    nearest = tokens[0]
    return nearest in _ID_NOUNS if nearest.isascii() else any(nearest.endswith(w) for w in _ZH_ID_NOUNS)
