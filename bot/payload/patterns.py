"""Errors written as plain text: SDK exception strings, log lines, HTTP status lines.

Every regex here is linear (no nested quantifiers over the same characters) and works on a
capped paste. A number in plain text counts only in an error-ish context (`code=`, `errorCode:`,
`error 433`, `错误码 433`, a failed HTTP status line), and only if a catalog knows it; that check
is the caller's.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from itertools import islice

import ahocorasick

from bot.payload.shapes import Hit

# --- Tencent Cloud SDK exceptions -------------------------------------------------------------
# Python/PHP: [TencentCloudSDKException] code:X message:Y requestId:Z
# Java:       [TencentCloudSDKException]message:Y requestId:Z errorCode:X
# Go:         [TencentCloudSDKError] Code=X, Message=Y, RequestId=Z
# Node:       TencentCloudSDKHttpException [Error]: Y ... { requestId: 'Z', code: 'X' }
_TENCENT_MARK = re.compile(r"TencentCloudSDK(?:Http)?(?:Exception|Error)")
_T_CODE = re.compile(r"""(?<![A-Za-z])(?:errorCode|code|Code)\s{0,8}[:=]\s{0,8}['"]?([A-Za-z][\w.]{0,100})""")
_T_REQUEST = re.compile(r"""(?:requestId|RequestId|request_id)\s{0,8}[:=]\s{0,8}['"]?([\w-]{1,100})""")
_T_MESSAGE = re.compile(
    r"(?:message|Message)\s{0,8}[:=]\s{0,8}([^\n]{0,600}?)\s{0,8},?\s{0,8}(?=(?:requestId|RequestId|errorCode|code|Code)\s{0,8}[:=]|\n|$)"
)
_T_NODE_MESSAGE = re.compile(r"\A\s{0,8}(?:\[Error\])?\s{0,8}:\s{0,8}([^\n\[{]{1,600})")
_T_WINDOW = 1500
# a language's null literal as the code ("code=None" in the exception's own __init__) is no code
_NULL_LITERALS = frozenset({"None", "Null", "NULL", "Nil", "NaN", "Undefined"})
# the SDK's exception class defined, not raised: "class TencentCloudSDKException(Exception):",
# "public class TencentCloudSDKException extends Exception {"
_CLASS_KEYWORD = re.compile(r"(?<![\w.])class[ \t]{1,4}\Z")


def tencent_sdk(text: str) -> list[tuple[Hit, int]]:
    """Hits and the end of the text each one consumed."""
    hits = []
    marks = list(islice(_TENCENT_MARK.finditer(text), 50))
    for i, mark in enumerate(marks):
        if _CLASS_KEYWORD.search(text, max(0, mark.start() - 12), mark.start()):
            continue  # its definition: the fields it declares are no error's (a printed one is its own mark)
        stop = min(len(text), mark.end() + _T_WINDOW)
        if i + 1 < len(marks):
            stop = min(stop, marks[i + 1].start())
        window = text[mark.end() : stop]
        code = _T_CODE.search(window)
        if code is None or code.group(1).islower() or code.group(1) in _NULL_LITERALS:
            continue  # API 3.0 codes are CamelCase: "code:code", "code:xxx" is a placeholder (an SDK's test, docs)
        message = _T_MESSAGE.search(window)
        if message is None or message.start() > code.start() + 200:
            message = _T_NODE_MESSAGE.search(window)
        request = _T_REQUEST.search(window)
        hit = Hit(
            code.group(1).rstrip("."),
            "tencent-sdk",
            "tencent",
            (message.group(1).strip().rstrip(",") or None) if message else None,
            request.group(1) if request else None,
            pos=mark.start(),
            certain=True,
        )
        hits.append((hit, mark.end() + max(code.end(), request.end() if request else 0)))
    return hits


# --- log lines and chatter --------------------------------------------------------------------
# Whitespace runs are bounded (\s{0,8}, never \s*): two unbounded runs around an optional
# separator backtrack quadratically on a long run of spaces (a masked JSON block is one).
# Each regex opens with a lookahead on its possible first characters: re then skips quickly to
# candidate offsets instead of trying every alternative at every offset (5x faster on logs).
_CODE_VALUE = r"""['"]?(?P<code>-?\d{1,12}|[A-Za-z][A-Za-z0-9]{1,60}(?:[._][A-Za-z0-9]{1,60}){0,4})['"]?"""
# error-code keys that may be followed by a plain space ("error code 433", "错误码 433")
_ERROR_KEY = (
    r"(?:err(?:or)?[ _-]?code|errcode|err(?:or)?[ _-]?no|errno|ret[ _-]?code|result[ _-]?code"
    r"|reason[ _-]?code|sub[ _-]?code|server[ _-]?code|错误码|错误代码|错误号|错误编号|返回码|状态码|响应码)"
)
KEYED = re.compile(
    r"""(?=[EeRrSsCc错返状响"'])(?:(?<![A-Za-z0-9_])|(?=[错返状响]))["']?(?P<key>""" + _ERROR_KEY + r"""|code|result(?=["']?\s{0,8}[:=])|ret(?=["']?\s{0,8}[:=]))["']?"""
    # PHP's var_dump / print_r / var_export of an error array: ["errcode"] => int(102), [code] => 302
    r"""(?:\]?\s{0,8}=>\s{0,8}(?:int\()?|\s{0,8}[:=：]\s{0,8}|\s{0,8}(?:是|为|等于)\s{0,8}|(?<=[码号])\s{0,8}(?=\d)"""
    # "the error code equals 435", "errorcode 等于 Unauthorized": said to equal a value; "set the error
    # code to 504": set to a status (three digits or more: "the error code to 16 bits" is a width)
    r"""|\s{1,8}(?:is\s{1,8}equal\s{1,8}to\s{1,8}|equals?\s{1,8}(?:to\s{1,8})?|is\s{1,8}|was\s{1,8}|of\s{1,8}"""
    r"""|to\s{1,8}(?=['"]?\d{3}))?(?=['"]?[-\dA-Z]))""" + _CODE_VALUE,
    re.IGNORECASE,
)
# "error 433", "Error: 1003", "报错 433"
ERROR_NUMBER = re.compile(
    r"""(?=[EeFfOo报错])(?<![\w.-])(?:on[ _]?error|error|err|failed with|failure|报错|错误)\s{0,8}(?:code\s{0,8})?[:#：(=]?\s{0,8}"""
    r"""(-?\d{1,12})(?![\w.%]|[-:/]\d)""",
    re.IGNORECASE,
)
# "Failed to start recording: 432"; words between (not "Tests failed: 2", a count), none ending in a
# digit before the colon (a time), and no plain word after the number ("...: 2 retries")
FAILED_COLON = re.compile(
    r"""(?=[Ff失])(?<![\w.-])(?:fail(?:ed|ure|s)?(?:\s{1,8}\w|(?=[:：]))|失败)[^\n:：]{0,40}?(?<!\d)[:：]\s{0,8}(-?\d{1,12})(?![\w.%]|[-:/]\d)"""
    r"""(?!\s{1,8}[a-z]{3,})""",
    re.IGNORECASE,
)
# A person reporting an error in a sentence: "returns 404", "got a `400` error", "keeps failing with
# 435", "一直报 435", "返回登录超时 408", "404问题", "the 401 error: Unauthorized", '"435: No recorded files'.
_EN_CUE = (
    r"(?:returns?|returned|returning|got|get|getting|gets|receiv(?:e|es|ed|ing)|throws?|threw|thrown"
    r"|giv(?:e|es|ing)|gave|shows?|showed|showing|hit(?:s|ting)?|encounter(?:s|ed|ing)?|rais(?:e|es|ed|ing)"
    r"|report(?:s|ed|ing)?|yield(?:s|ed|ing)?|seeing|saw"
    r"|fail(?:s|ed|ing)?\s{1,8}with|respond(?:s|ed|ing)?(?:\s{1,8}with)?"
    r"|end(?:s|ed|ing)?\s{1,8}(?:up\s{1,8})?(?:in|with)|c(?:o|a)m(?:e|es|ing)\s{1,8}back\s{1,8}with"
    r"|error(?:s|ed|ing)?\s{1,8}out\s{1,8}with)"
)
# words that may follow a reported code; any other lowercase word makes it a count ("got 400 stars")
_AFTER_CODE = (
    r"(?:error|errors|code|status|response|http|when|on|for|from|after|while|if|because|but|and|with|in|at"
    r"|every|again|too|back|instead|sometimes|each|even|now|still|or|the|to|not|no|invalid|unauthorized"
    r"|forbidden|bad|internal|timeout|since|today|yesterday|randomly|intermittently|whenever|most|all|often"
    r"|occasionally|frequently|constantly|always|almost|only|though|during|before|then|so|which|that|until|also|any)\b"
)
# (an article may bring a word of how proper the status is: "now returns a proper 403", "an unexpected 500")
CUE_NUMBER = re.compile(
    r"""(?=[RrGgTtFfSsHhEeYyCc])(?<![\w.-])""" + _EN_CUE + r"""\s{1,8}(?:(?:an?|the)\s{1,8}"""
    r"""(?:(?:proper|correct|wrong|unexpected|different|generic|plain|valid|real|random|bare|empty)\s{1,8})?)?(?:(?:response|http)\s{1,8})?(?:error\s{1,8}|code\s{1,8}|status\s{1,8})?"""
    r"""['"]?(-?\d{2,12})(?:(?<=\d\d\d)s\b)?(?!\w|%|\.\d|[-:/]\d)(?!['"]?\s{1,8}(?!""" + _AFTER_CODE + r""")[a-z]{3,})""",
    re.IGNORECASE,
)
# "the server answered with 401" (its own regex: an "a" in CUE_NUMBER's first letters would try every "a")
ANSWER_NUMBER = re.compile(
    r"""(?=[Aa])(?<![\w.-])answer(?:s|ed|ing)?\s{1,8}with\s{1,8}(?:an?\s{1,8}|the\s{1,8})?(?:error\s{1,8}|code\s{1,8}|status\s{1,8})?"""
    r"""['"]?(-?\d{2,12})(?!\w|%|\.\d|[-:/]\d)(?!['"]?\s{1,8}(?!""" + _AFTER_CODE + r""")[a-z]{3,})""",
    re.IGNORECASE,
)
# ("408 状态码": a Chinese word for a code after it)
NUMBER_ERROR = re.compile(  # read from the word backwards (_number_before_word): words are rarer than digits
    r"""(?=[em错报问异状返响])(?:error(?!s)\b|errors?\s{0,3}code|means\s{1,8}(?:an?\s{1,8})?\w{0,20}\s{0,3}(?:error|unauthori[sz]ed|request|failure|invalid|timeout)|错误|报错|问题|异常"""
    r"""|状态码|返回码|响应码)""",
    re.IGNORECASE,
)
# An exception class named for the error, then its code: "com.android.volley.ServerError: 500",
# "HttpException: 404" (not a count: "ValueError: 500 rows expected")
# read from its "Error"/"Exception" (a literal: re skips ahead), then the class name before it is checked
# and its constructor with the code first: Flutter's "PlatformException(301, operationID[...], ...)"
CLASS_NUMBER = re.compile(
    r"""(?=[EH])(?:Error|Exception|HttpException)[ \t]{0,3}(?::|\((?=[ \t]{0,3}-?\d{3,12}[ \t]{0,3}[,)]))?[ \t]{0,3}(-?\d{3,12})"""
    r"""(?![\w.%]|[-:/]\d)(?![ \t]{1,8}(?!""" + _AFTER_CODE + r""")[a-z]{3,})"""
)
_CLASS_HEAD = re.compile(r"""(?<![\w])(?:[A-Z][a-z0-9]+|[A-Z]{2,8}(?=[A-Z][a-z])){0,5}(?:[A-Z][a-z0-9]+|[A-Z]{2,8})\Z""")


def _class_numbers(text: str, windows):
    """CLASS_NUMBER's matches whose word ends a class name ("ServerError: 500", not "Error: 500")."""
    for match in _in(windows, CLASS_NUMBER, text):
        if _CLASS_HEAD.search(text, max(0, match.start() - 60), match.start()):
            yield match


# "435 error", "the 408 HTTP error code", "收到110的错误"
_NUMBER_BEFORE = re.compile(r"""(?<![A-Za-z0-9_.#/-])['"]?(-?\d{2,12})['"]?\s{0,3}(?:(?:HTTP|http)\s{1,3}|的\s{0,2})?\Z""")
ZH_CUE_NUMBER = re.compile(
    r"""(?=[返报提出遇显收得抛回])(?:返回|报错?|提示|出现|遇到|显示|收到|得到|抛出|回调)(?:了|是|为|的)?\s{0,4}[\u4e00-\u9fff]{0,6}?\s{0,4}[:：]?\s{0,4}(-?\d{2,12})(?![A-Za-z0-9_]|%|\.\d|[-:/]\d)"""
)
# An SDK error constant with its number: ERR_INVALID_TOKEN(110), ERR_TOKEN_EXPIRED = 109 (claims.py
# then checks whether any entry of that number carries that name)
CONSTANT_NUMBER = re.compile(
    r"""(?=[A-Zk])(?<![\w.])(?:k?(?:[A-Z0-9]+_)*ERR(?:OR)?(?:_[A-Z0-9]+)+\s{0,3}(?:\(\s{0,3}|=\s{0,3}|:\s{0,3})"""
    r"""|[kK][A-Z][A-Za-z0-9]{0,40}(?:Err|Res(?=[A-Z]))[A-Za-z0-9]{0,60}\s{0,24}=\s{0,8}"""
    r"""|[A-Z][A-Za-z0-9]{1,40}Error(?:Code)?[A-Z][A-Za-z0-9]{0,60}\s{0,24}=\s{0,8})(-?\d{1,12})(?!\w|\.\d)"""
)
# An error enum's value as SDK reference pages render it: "RecorderErrorNoStream 2: 没有可录制的音视频流",
# "PlayerErrorOpenFailed 1: ..." (the name says it is an error's number: even one digit is a code)
ENUM_VALUE_DOC = re.compile(
    r"""(?=[A-Z])(?<![\w.])[A-Z][A-Za-z0-9]{1,40}Err(?:or)?[A-Z][A-Za-z0-9]{0,60}[ \t]{1,3}(-?\d{1,12})[ \t]{0,2}[:：][ \t]{0,3}(?=\S)"""
)
_ENUM_VALUE_END = re.compile(r"[。\n]|\s(?=[A-Z][A-Za-z0-9]{1,40}Err)")
# The number first, its constant after it in parentheses: NERtc's "403(#kNERtcErrChannelReservePermissionDenied)",
# "110 (ERR_INVALID_TOKEN)" (claims.py checks the constant's name against the entries)
_PAREN_CONSTANT = re.compile(  # read from its parenthesis (a literal), the number before it (_before)
    r"""\([ \t]{0,2}#?(?=k?[A-Z][A-Za-z0-9_]{0,40}(?:Err|ERR|Error|ERROR))k?[A-Z][A-Za-z0-9_]{2,80}[ \t]{0,2}\)"""
)
# A code variable compared with a number in source code: "if (code == 302 || code == 404)",
# "res_code == 408", "recordingStatus.code === 404", "statusCode === 403" (the variable's last word
# is code or status; "count == 404" is no code)
COMPARED_CODE = re.compile(r"""(?<![=!<>])={2,3}[ \t]{0,3}(-?\d{1,12})(?![\w.])""")  # read from "==" (a literal)
# (an SDK call's result is as often "res", "ret" or "result": "if (data.res == 414)", "ret === 417")
_COMPARED_NAME = re.compile(
    r"""(?:(?<![A-Za-z0-9])(?:code|status|CODE|STATUS|res|ret|result)|(?<=[a-z0-9])(?:Code|Status))_?[ \t]{0,3}\Z"""
)


def _compared_codes(text: str, windows):
    """COMPARED_CODE's matches whose left side is a code variable."""
    for match in _in(windows, COMPARED_CODE, text):
        if _COMPARED_NAME.search(text, max(0, match.start() - 12), match.start()):
            yield match


# A switch on a code variable and its case labels: "switch (error.code) { case 302: ... case 417: }",
# Go's "switch e.Code {" (the variable's last word is code or status, as for COMPARED_CODE); only the
# labels inside the switch's own braces, a string label ("case 'kicked':") is no number
SWITCH_HEAD = re.compile(  # read from "switch" (a literal)
    r"""(?<![\w.$])switch[ \t]{0,3}\(?[ \t]{0,3}(?:[A-Za-z_$][\w$]{0,40}\.){0,4}(?P<var>[A-Za-z_$][\w$]{0,40})[ \t]{0,3}\)?[ \t]{0,3}\{"""
)
CASE_LABEL = re.compile(r"""(?<![\w.$])case[ \t]{1,3}(-?\d{1,12})[ \t]{0,3}:""")
_BRACE = re.compile(r"[{}]")
_SWITCH_REACH = 4000  # a handler's switch body; its labels further on are not read
MAX_SWITCHES = 50


def _switch_cases(text: str):
    """CASE_LABEL's matches inside a switch on a code variable."""
    if "switch" not in text:
        return
    for head in islice(SWITCH_HEAD.finditer(text), MAX_SWITCHES):
        if not _COMPARED_NAME.search(head.group("var")) and head.group("var") not in ("Code", "Status"):  # Go's e.Code
            continue
        depth, end = 1, min(len(text), head.end() + _SWITCH_REACH)
        for brace in _BRACE.finditer(text, head.end(), end):
            depth += 1 if brace.group() == "{" else -1
            if depth == 0:
                end = brace.start()
                break
        yield from CASE_LABEL.finditer(text, head.end(), end)


# A code variable tested against a list of numbers: "status_code in [429, 408, 409]", or against a list
# named once and tested below ("retryable = (502, 408)" ... "r.status in retryable"); each number is a code
# (the variable's last word is code or status, as for COMPARED_CODE)
MEMBER_TEST = re.compile(  # read from "in" (a literal)
    r"""(?<![\w.])in[ \t]{1,3}(?:(?P<open>[\[({])|(?P<name>[A-Za-z_]\w{0,60})(?![\w.(\[]))"""
)
_LIST_NUMBER = re.compile(r"""[ \t]{0,3}(-?\d{3,12})[ \t]{0,3}(?:,|(?=[\])}]))""")
_LIST_CLOSE = re.compile(r"""[ \t]{0,3}[\])}]""")
MAX_MEMBER_TESTS = 20


def _list_numbers(text: str, pos: int) -> list[tuple[int, int, str]]:
    """The numbers of the literal list whose items start at `pos`, when every item is a number."""
    items = []
    while len(items) < MAX_LISTED:
        item = _LIST_NUMBER.match(text, pos)
        if item is None:
            break
        items.append((item.start(1), item.end(1), item.group(1)))
        pos = item.end()
    return items if items and _LIST_CLOSE.match(text, pos) else []


def _member_tests(text: str):
    """Each number of a list a code variable is tested against (quacks like re.Match for log_hits)."""
    if " in " not in text:
        return
    lists: dict[str, list] = {}  # a list's name -> its numbers (each name looked up once)
    for test in islice(MEMBER_TEST.finditer(text), MAX_MEMBER_TESTS):
        end = test.start()
        while end > test.start() - 8 and end > 0 and text[end - 1] in " \t'\"])":
            end -= 1  # body['code'] in (...)
        if not _COMPARED_NAME.search(text, max(0, end - 24), end):
            continue
        if test.group("open"):
            items = _list_numbers(text, test.end())
        elif test.group("name") in lists:
            items = lists[test.group("name")]
        else:
            named = re.search(r"(?<![\w.])" + re.escape(test.group("name")) + r"""[ \t]{0,3}(?::[^=\n]{0,40})?=[ \t]{0,3}[\[({]""", text)
            items = lists[test.group("name")] = _list_numbers(text, named.end()) if named else []
        if any(int(number) in _HTTP_SUCCESS for _, _, number in items):
            continue  # "status in (200, 201, 204)": the successes
        for start, end, number in items:
            yield _Found(MEMBER_TEST, start, end, number, end)


# A constant defined with its number in source code or an SDK reference page: Dart's "static const
# int channelRequestTimeOut = 408;", Rust's "pub const FORBIDDEN: u16 = 403;" (pages run it over
# lines), Java's "static final int requestTimedOut = 408;". A code where the name says an error
# (_SAYS_ERROR) and no quantity, or where an error-code enum is named just before it (NERtcErrorCode,
# NIMResultCode, status_codes); the vendor rules are the caller's.
CONST_DEFINITION = re.compile(
    r"""(?<![\w.])(?:const(?:expr)?|final)\s{1,4}(?:[A-Za-z_][\w<>:]{0,30}\s{1,4}){0,3}?(?P<name>[A-Za-z_]\w{0,80})\s{0,4}"""
    r"""(?::\s{0,4}[A-Za-z_]\w{0,20}\s{0,4})?=\s{0,4}(?P<code>-?\d{1,12})(?![\w.])"""
)
_NAME_WORD = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|\d+")  # kConnectTimeoutMs -> k Connect Timeout Ms
_QUANTITY_NAME_WORDS = frozenset(
    "ms millis msec sec secs second seconds minute minutes hour hours interval delay max min default duration"
    " period size count limit retry retries times len length port".split()
)
# A member of an object or enum of codes, one a line: "  NOT_FOUND: 404, // ...", "  Timeout = 408,"
# (a code only under an error-code map's name: _CODE_ENUM before it)
MEMBER_DEFINITION = re.compile(  # from the line's "\n" (a literal: re skips ahead)
    r"""\n[ \t]{0,12}(?P<name>[A-Za-z_]\w{0,60})[ \t]{0,3}[:=][ \t]{0,3}(?P<code>-?\d{1,12})[ \t]{0,3}(?=[,;]|//|#|\n|\Z)"""
)
_CODE_ENUM = re.compile(r"(?=[ers])(?:err(?:or)?|result|status|res)_?codes?\b", re.IGNORECASE)
_CONST_ENUM_REACH = 300
# a type named for codes ("enum class BatpCode {", "object LoginCode"): its members are codes where
# their own names say an error (FORBIDDEN, NOT_FOUND, PARAMETER_ERROR), not every member (KeyCode's ENTER)
_CODE_TYPE = re.compile(
    r"""(?<![\w.])(?:enum|class|object|struct|interface)[ \t]{1,4}(?:class[ \t]{1,4}|struct[ \t]{1,4})?[A-Za-z_]\w{0,60}(?<=Code)s?\b"""
)

# an exception class of the app's own for one vendor response carries its code as a constant:
# "class NotCreatedFileException extends \\RuntimeException { const AGORA_RESPONSE_CODE = 435; }",
# Python's "class NotFoundError(Exception):\n    STATUS_CODE = 404" (the name ends in "code")
_EXCEPTION_CLASS = re.compile(r"""(?<![\w.])class[ \t]{1,4}[A-Za-z_]\w{0,60}(?:Exception|Error)\b""")
_CODE_NAME = re.compile(r"""(?:\A|_)(?:CODE|code)\Z|[a-z0-9]Code\Z""")

_NUMBER_BEFORE_PAREN = re.compile(r"""(?<![\w.#-])(-?\d{1,12})[ \t]{0,2}\Z""")
_RES_CAPITAL = re.compile(r"Res[A-Z]")  # kNIMResFrequently: a C enum of result codes (no "err" to find)
# "435: No recorded files created" at the start of a line or a quote: a code and its message
# Chinese docs write "302:账号或密码错误" (no space after ":") and "1028：updateLayout 方法的…" (an API name
# after the full-width colon)
NUMBER_COLON_MESSAGE = re.compile(  # the number is read before the colon
    r"""(?::[ \t]{1,3}(?=[A-Z\u4e00-\u9fff])|:(?=[\u4e00-\u9fff])|：[ \t]{0,3}(?=[A-Za-z\u4e00-\u9fff]))"""
)
# a code span's backticks are spaces by now (normalize): "- `433`: ..." reads "-  433 : ..."
_NUMBER_AT_END = re.compile(r"""(?<![\w.])(\d{1,12})[ \t]?\Z""")  # 1-2 digits: a list item (see log_hits)
# A definition list as docs render it ("433\n: The resource ID has expired."): a code alone on its
# line (or right after a sentence's full stop) and its meaning on the next line after a colon
# (Chinese pages as stored run the colon into the meaning: "7\n:录制已经在进行中")
DEFINITION_COLON = re.compile(r"""\n[ \t]{0,8}:[ \t]{0,3}(?=[^\s:/])""")  # literal first: re skips ahead
_DEFINED_NUMBER = re.compile(r"""(?:(?<=\n)|(?<=\A)|(?<=[.。]))[ \t]{0,8}(-?\d{1,12})[ \t]{0,3}\Z""")


_BULLET = re.compile(r"""[ \t]{0,6}[-*•·][ \t]{1,3}""")  # "  • " / "- " before a list item's code


def _bulleted(text: str, at: int) -> bool:
    return _BULLET.fullmatch(text, text.rfind("\n", 0, at) + 1, at) is not None


class _Found:
    """A number read just before a word: quacks like the re.Match the loop reads."""

    def __init__(self, rx: re.Pattern, start: int, end: int, number: str, word_end: int):
        self.re, self._span, self._number, self._end = rx, (start, end), number, end
        self.word_end = word_end  # where the word read after the number ends

    def span(self, _group: int = 1) -> tuple[int, int]:
        return self._span

    def start(self, _group: int = 0) -> int:
        return self._span[0]

    def end(self) -> int:
        return self._end

    def group(self, _group: int = 1) -> str:
        return self._number


def _before(text: str, word: re.Pattern, number: re.Pattern, reach: int, pos: int = 0, endpos: int | None = None):
    """Numbers right before each `word` match ("435 error", "435: No recorded files")."""
    for match in word.finditer(text, pos, len(text) if endpos is None else endpos):
        lo = max(pos, match.start() - reach)
        found = number.search(text, lo, match.start())
        if found:
            yield _Found(word, found.start(1), found.end(1), found.group(1), match.end())


def _starts_line_or_quote(text: str, at: int) -> bool:
    """Only spaces (or a list item's bullet) between the line start and `at`, or a quote or bracket
    right before it ("- `433`: The resource ID has expired." is a docs' error list)."""
    if at > 0 and text[at - 1] in "\"'(":
        return True
    start = text.rfind("\n", 0, at) + 1
    # a list's bullet, or a source comment's leader ("/** 110: The token is invalid. */", "// 435: ...")
    return at - start <= 12 and not text[start:at].strip(" \t").lstrip("-*•/#").strip(" \t")

# words after a number that make it a count or a quantity, not a code
_QUANTITY = re.compile(
    r"\s{0,8}(?=[fitomsdurlbkgh%个次条秒分毫小天年月号人位名元块张页岁倍台份遍帧字行项])(?:files?|items?|times?|of\b|ms\b|s\b|sec|seconds?|min|minutes?|hours?|days?|users?|records?|rows?|lines?"
    r"|bytes?|[kmg]b\b|%|个|次|条|秒|分钟|毫秒|小时|天|年|月|号|人|位|名|元|块|张|页|岁|倍|台|份|遍|帧|字|行|项|分)",
    re.IGNORECASE,
)
# "exit code: 1", "status code 200" are not vendor error codes ("status code" is read as HTTP)
_NOT_ERROR_BEFORE = re.compile(r"(?=[erpzcaiqvsw])(?:exit(?:ed)?(?:\s{1,8}with)?|return(?:ed)?(?:\s{1,8}with)?|process|zip|postal|country|area|promo|invite|qr|verification|sms|where)\s{0,8}$",
                               re.IGNORECASE)
# HTTP status of a failed response (curl -i, OkHttp's "<-- 400", SDK "(400) Reason:", "status code 401")
HTTP_STATUS = re.compile(
    r"""(?=[HhSs(<])(?:<--\s{1,8}|\bHTTP/\d(?:\.\d)?\s{1,8}|\bHTTP\s{1,8}(?:status\s{1,8})?|(?<![A-Za-z0-9_])status[ _-]?code["']?\s{0,8}[:=]?\s{0,8}"""
    r"""|(?<![A-Za-z0-9_])status["']?\s{0,8}[:=]\s{0,8}|(?<![A-Za-z0-9_])status[ \t]{1,3}(?:(?:is|was)[ \t]{1,3})?(?=[45]\d\d\b)"""

    r"""|\(\s{0,8}(?=\d{3}\s{0,8}\)\s{0,8}\n?\s{0,8}Reason))"""
    r"""(?P<status>[1-5]\d\d)(?!\d)""",
    re.IGNORECASE,
)
# An HTTP server or client that could not take a message, then its status: Jetty's "badMessage: 400 No
# URI", "bad request: 400 Illegal character", "bad status: 503"; a reason or the line's end after it
# (not "bad requests: 500 today", a count)
BAD_MESSAGE_STATUS = re.compile(
    r"""(?=[Bb])(?<![A-Za-z])(?i:bad[ _-]?(?:message|request|response|status)s?)["']?[ \t]{0,3}[:=][ \t]{0,3}"""
    r"""(?P<status>[45]\d\d)(?!\d)(?=[ \t]{0,3}(?:$|\n|[A-Z(\[,;.]))""",
)
# "Server response: 500", "responseCode=403", Python requests' "<Response [401]>"
RESPONSE_STATUS = re.compile(
    r"""(?=[Rr])(?:\bresponse[ _-]?(?:code|status)?["']?[ \t]{0,3}[:=][ \t]{0,3}|\bResponse[ \t]\[(?=\d{3}\]))"""
    r"""(?P<status>[45]\d\d)(?!\d)(?-i:(?![ \t]{1,8}(?!""" + _AFTER_CODE + r""")[a-z]{3,}))""",  # not "404 pages"
    re.IGNORECASE,
)
_INTERIM_REASON = re.compile(r"[ \t(]{0,3}(?i:continue|switching|processing|early)")  # "101 Switching Protocols"
_HTTP_SUCCESS = frozenset({200, 201, 202, 204})  # success, whoever's API said it (bot.payload.entries._HTTP_OK)
# A failed status written with its own reason phrase (RFC 9110's, from the standard library):
# "408 Request Timeout", "service unavailable(503)"
_REASONS = {s.value: s.phrase.lower() for s in HTTPStatus if s.value >= 400}
# nginx and older servers write "Time-out" ("504 Gateway Time-out", "408 Request Time-out")
_SPELLINGS = {phrase.replace("timeout", "time-out"): phrase for phrase in _REASONS.values() if "timeout" in phrase}
# other names servers and the RFCs give the same statuses (old nginx's 401, RFC 9110's renames)
_SPELLINGS.update({
    "authorization required": _REASONS[401], "payload too large": _REASONS[413], "content too large": _REASONS[413],
    "request-uri too large": _REASONS[414], "uri too long": _REASONS[414], "range not satisfiable": _REASONS[416],
    "unprocessable content": _REASONS[422],
})
# stored pages that run a table's cells together drop the spaces too: "408Requesttimeout"
_SPELLINGS.update({p.replace(" ", ""): _SPELLINGS.get(p, p) for p in {*_REASONS.values(), *_SPELLINGS} if " " in p})
_PHRASES = "|".join(sorted((re.escape(p) for p in {*_REASONS.values(), *_SPELLINGS}), key=len, reverse=True))
HTTP_REASON = re.compile(
    # "408 Request Timeout", "404 (Not Found)" (a browser), "(403) Forbidden" (.NET), "403 Client Error:
    # Forbidden" (Python's requests)
    r"""(?<![\w.])(?:(?P<before>[45]\d\d)\)?[ \t]{0,3}(?:(?:Client|Server)[ \t]Error:[ \t])?[-:(]?[ \t]{0,3}"""
    r"""(?P<p1>""" + _PHRASES + r""")"""
    r"""|(?P<p2>""" + _PHRASES + r""")[ \t]{0,3}[(\[:]?[ \t]{0,3}(?P<after>[45]\d\d))(?![\w]|\.\w)""",
    re.IGNORECASE,
)
# A status whose cause is asked or given: "增加403原因", "502 的原因" (3xx-5xx only: "2023年原因" is a
# year, and a count has its measure word between); read from the word back (a literal: re skips ahead)
CAUSE_WORD = re.compile("原因")
_STATUS_BEFORE_CAUSE = re.compile(r"""(?<![A-Za-z0-9_.#/-])([345]\d\d)[ \t]{0,2}(?:的[ \t]{0,2})?\Z""")
# A status that keeps coming back, in Chinese: "还是会301（调用的 /login/status接口）", "一直会 404。" (an
# adverb of again and 会, 3xx-5xx, and the clause ends or a failure word follows; read from 会, a literal)
ZH_STILL_STATUS = re.compile(
    r"""会(?:(?<=还是会)|(?<=总是会)|(?<=一直会)|(?<=老是会)|(?<=依然会)|(?<=仍然会)|(?<=还会)|(?<=都会))[ \t]{0,2}"""
    r"""([345]\d\d)(?=[ \t]{0,2}(?:$|\n|[,.，。!！?？;；)）(（]|了|错误|报错|问题|异常|失败))"""
)
# A status said to be the right one, in Chinese: "这个值应该是401吧", "这里应该返回 404。" (4xx/5xx, then the
# clause ends or a particle; read from 应, a literal; "总数应该是400人" has its measure word after it)
ZH_SHOULD_STATUS = re.compile(
    r"""应(?:该|当)?(?:是|为|返回|报)[ \t]{0,2}([45]\d\d)(?=[ \t]{0,2}(?:$|\n|[,.，。!！?？;；)）]|吧|才对|才是|啊|呀|呢))"""
)
# A status that is what a sentence is about, with a modal after it: "the 408 should not answer", "the
# 500 shouldn't be cached" (4xx/5xx only; a count has its noun after it: "the 500 users should ...")
MODAL_STATUS = re.compile(
    r"""(?<![\w-])[Tt]he[ \t]{1,3}([45]\d\d)[ \t]{1,3}(?:should|shouldn't|must|mustn't|would|wouldn't|can't|cannot)\b"""
)
# A status named by the errors a quantifier counts: "a lot of 408 errors", "many 502 errors" (the
# quantifier is the count, so the number is the errors' status; "we fixed 408 errors" is a count)
QUANTIFIED_ERRORS = re.compile(
    r"""(?=[almsfoirt])(?<![\w-])(?:a[ \t]{1,4}lot[ \t]{1,4}of|lots[ \t]{1,4}of|many|several|frequent|occasional|sporadic|random"""
    r"""|intermittent|these|those|multiple|repeated)[ \t]{1,4}(?:http[ \t]{1,4})?([45]\d\d)[ \t]{1,3}errors\b""",
    re.IGNORECASE,
)
# A Chinese failure word right before a number: "登录超时408", "鉴权失败 401", and a member named
# for the failure in an enum or a map of codes ("参数错误 = 414,", "登录失败: 302")
ZH_ERROR_NUMBER = re.compile(
    r"""(?=[超失错异拒无过不未禁])(?:超时|失败|错误|异常|拒绝|无效|过期|超限|不存在|未授权|禁止)[ \t]{0,2}[:：(（=]?[ \t]{0,2}"""
    r"""(-?\d{2,12})(?![A-Za-z0-9_%]|\.\d|[-:/]\d)"""
)

# A number glued before a Chinese failure word: "408超时没有重试", "403错误"
NUMBER_ZH_FAILURE = re.compile(r"""(?<![\w.#/-])(\d{3,12})(?=超时|失败|错误|异常|报错|未授权|禁止|拒绝|无权限|不存在|无效)""")
# A log's bracketed code label: "[code 403] The access key Id ...", "(code 1003)"
BRACKET_CODE = re.compile(r"""(?=[\[(])[\[(]\s{0,3}(?:error\s{0,3})?code\s{0,3}[:=#]?\s{0,3}(-?\d{1,12})\s{0,3}[\])]""", re.IGNORECASE)
# A status in brackets after an error word, as a client library writes it: "http client error [405]"
# (three digits; an all-caps ERROR is a log level, and "ERROR [1234]" a process id)
ERROR_BRACKET_NUMBER = re.compile(r"""(?<![A-Za-z])(?:[Ee]rror)[ \t]{0,3}[\[(][ \t]{0,2}([1-9]\d\d)[ \t]{0,2}[\])]""")
# An SDK's numbered warning ("warning 104 log showing again and again", "Warning 106 while joining"):
# a code like an error's; three digits or more (a "warning 2" is a count as often as a code)
WARNING_NUMBER = re.compile(
    r"""(?=[Ww])(?<![\w.-])(?:on[ _]?)?warn(?:ing)?\s{0,8}(?:code\s{0,8})?[:#：(=]?\s{0,8}(-?\d{3,12})(?![\w.%]|[-:/]\d)""",
    re.IGNORECASE,
)
# What failed, then its status, in Chinese: "单机版登录接口302", "请求403", "登录一直 408" (3xx-5xx
# only, glued to it or after a verb or adverb, and nothing after it but the clause's end or a failure word)
ZH_SUBJECT_STATUS = re.compile(
    r"""(?=[接请调访登上下])(?:接口|请求|调用|访问|登录|登陆|上传|下载)(?:[ \t]{0,2}(?:一直|总是|老是|还是|都|又|返回|报|出现){1,2})?[ \t]{0,2}([345]\d\d)"""
    r"""(?=[ \t]{0,2}(?:$|\n|[,.，。!！?？;；)）]|了|错误|报错|问题|异常|失败))"""
)

_ZH_SUBJECTS = frozenset("接口 请求 调用 访问 登录 登陆 上传 下载".split())
# dotted CamelCase codes anywhere: AuthFailure.SignatureExpire, InvalidParameter.AccountIdMismatch
DOTTED = re.compile(
    r"(?=[A-Z])(?<![A-Za-z0-9_.])([A-Z][A-Za-z0-9]{2,60}(?:\.[A-Z][A-Za-z0-9]{1,60}){1,3})(?![A-Za-z0-9_.]|\.[A-Za-z])"
)

# A table row whose first cell is a number and whose next cell has words: "| 435 | No recorded files
# created. |" (a code span's backticks are spaces by now)
TABLE_ROW_NUMBER = re.compile(
    # (stored pages drop the outer pipes, "401 | Unauthorized", or separate the cells with tabs)
    # (each run of blanks has its own marker before it: no two runs compete for one line of spaces)
    r"""^[ \t]{0,8}(?:(?:\*|//|#)[ \t]{0,8})?(?:\|[ \t]{0,40})?(-?\d{1,12})(?:[ \t]{0,40}\||\t{1,4})"""
    r"""(?=[^|\n]{0,300}[A-Za-z\u4e00-\u9fff])""",
    re.MULTILINE,
)
# An XML error body's code element: WeChat Pay's <err_code>403</err_code>, S3/COS's <Code>AccessDenied</Code>,
# Tencent's XML <Error><Code>...</Code>; a bare <code> counts beside an error word or a message element
XML_CODE = re.compile(
    r"""<(?P<key>(?i:code|err_?code|error_?code|errno|ret_?code|result_?code|sub_?code))>[ \t\n]{0,8}"""
    r"""(?P<code>-?\d{1,12}|[A-Za-z][A-Za-z0-9]{1,60}(?:\.[A-Za-z0-9]{1,60}){0,4})[ \t\n]{0,8}</(?P=key)>"""
)
_XML_MESSAGE = re.compile(r"<(?i:message|msg|err_?msg|error_?message|err_code_des|return_msg)>")
# A stored page's table with one cell a line: a number alone on its line, its description on the next,
# under a header line that names a code column ("Status code\nDescription\n400\nBad request")
LINE_CELL_NUMBER = re.compile(r"""^[ \t]{0,8}(-?\d{1,12})[ \t]{0,3}\n[ \t]{0,8}(?=[A-Za-z\u4e00-\u9fff])([^\n]{1,300})""",
                              re.MULTILINE)
# the header word first (a literal: re skips ahead), then the line before it is checked
_CODE_HEADER_WORD = re.compile(r"""(?i:codes?)[ \t]{0,3}$|(?:错误码|返回码|状态码|错误代码)[ \t]{0,3}$""", re.MULTILINE)
# A stored page's table whose cells ran together: each row's number glued to its message, under a
# header whose column names ran together too ("HTTP 状态码错误码错误信息描述\n400The specified parameter...")
GLUED_ROW_NUMBER = re.compile(r"""^[ \t]{0,8}(\d{3,12})(?=[A-Z][a-z]|[\u4e00-\u9fff])([^\n]{1,300})""", re.MULTILINE)
_GLUED_HEADER = re.compile(r"""^[^\n\d]{0,80}(?:状态码|错误码|返回码|错误代码|(?i:status[ _]?codes?|error[ _]?codes?))[^\n\d]{0,80}$""",
                           re.MULTILINE)
# A fixed-width plain-text table as docstrings and READMEs write it: "    206        整个录制过程中没有用户发流…"
# (the number, a run of spaces to align the column, its meaning); a code only where its words say its
# entry's (pipeline: a list item's rule)
ALIGNED_ROW_NUMBER = re.compile(r"""^[ \t]{0,8}(\d{3,12})[ \t]{4,60}(?=[A-Za-z\u4e00-\u9fff])([^\n]{1,300})""", re.MULTILINE)
_ALIGNED_GAP = re.compile(r"""\d[ \t]{4}""")
_LONE_NUMBER_LINE = re.compile(r"""\n[ \t]{0,8}-?\d{1,12}[ \t]{0,3}\n""")
_HEADER_LEAD = re.compile(r"""[ \t]{0,8}(?:[A-Za-z]{1,12}[ \t])?""")


def _code_header_ends(text: str) -> list[int]:
    """Where each line that is only a code column's header ends ("Status code", "错误码")."""
    ends = []
    for match in islice(_CODE_HEADER_WORD.finditer(text), 200):
        start = text.rfind("\n", 0, match.start()) + 1
        if _HEADER_LEAD.fullmatch(text, start, match.start()):
            ends.append(match.end())
            if len(ends) >= 20:
                break
    return ends


MAX_CELL_LINES_BELOW_HEADER = 80
_TAB_CODE_HEADER = re.compile(r"""(?i:code)s?[ \t]{0,3}\t|\t[ \t]{0,3}(?i:code)s?\b|(?:错误码|返回码|状态码)[ \t]{0,3}\t""")
# a compound CamelCase or dotted code ("MissingParameter", "AuthFailure.X"), not a reason's one word ("Unauthorized")
_SYMBOL_LINE = re.compile(r"""[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+(?:\.[A-Za-z0-9]{1,60}){0,3}|[A-Z][A-Za-z0-9]{1,60}(?:\.[A-Za-z0-9]{1,60}){1,3}""")
# The same row in HTML ("<tr><td>401</td><td>access_token校验失败</td></tr>", a docs page as stored)
HTML_ROW_NUMBER = re.compile(
    r"""<tr[^<>]{0,200}>\s{0,40}<t[dh][^<>]{0,200}>\s{0,8}(-?\d{1,12})\s{0,8}</t[dh]>\s{0,40}"""
    r"""<t[dh][^<>]{0,200}>([^<>]{1,300}?)</t[dh]>""",
    re.IGNORECASE,
)
HTML_DT_NUMBER = re.compile(  # an HTML definition list: <dt>401</dt><dd>Unauthorized: ...</dd>
    r"""<dt[^<>]{0,200}>\s{0,8}(-?\d{1,12})\s{0,8}</dt>\s{0,40}<dd[^<>]{0,200}>([^<>]{1,300}?)</dd>""",
    re.IGNORECASE,
)
# the next cell is a code of its own ("| 403 | InvalidAuthorization | ..."): the number is its HTTP status
_SYMBOL_CELL = re.compile(r"""[ \t]{0,8}[A-Z][A-Za-z0-9]{2,60}(?:\.[A-Za-z0-9]{1,60}){0,3}[ \t]{0,8}(?:\||$)""")

# Codes listed together: "error codes such as [1000], [1014]", and a number joined to one already
# read as a code ("1013 and 1014"): they are one system's codes (pipeline weighs them together)
CODE_LIST = re.compile(
    r"""(?=[Ee错])(?<![\w-])(?:err(?:or)?[ _-]?codes?|错误码)\s{0,3}(?:such\s{1,3}as|like|including|e\.g\.|for\s{1,3}example|如|比如|[:：])\s{0,3}""",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"""[\[("'`]?[ \t]{0,2}(-?\d{2,12})[ \t]{0,2}[\])"'`]?(?![\w.%]|\.\d)""")
_LIST_SEP = re.compile(r"""[ \t]{0,3}(?:,|/|、|;|\band\b|\bor\b|&|和|或)[ \t]{0,3}""", re.IGNORECASE)
_PAIR = re.compile(
    r"""(?<![\w.#-])(\d{2,12})[ \t]{0,3}(?:\band\b|\bor\b|&|,|、|和|或)[ \t]{0,3}(\d{2,12})(?![\w.%]|\.\d)""",
    re.IGNORECASE,
)
MAX_LISTED = 20


def _listed(text: str, windows) -> list[list[tuple[str, int]]]:
    """Each "error codes such as ..." list (in the cue `windows`): its numbers and where each starts."""
    lists = []
    for cue in islice(_in(windows, CODE_LIST, text), 50):
        items: list[tuple[str, int]] = []
        pos = cue.end()
        while len(items) < MAX_LISTED:
            item = _LIST_ITEM.match(text, pos)
            if item is None:
                break
            items.append((item.group(1), item.start(1)))
            sep = _LIST_SEP.match(text, item.end())
            if sep is None:
                break
            pos = sep.end()
        if items:
            lists.append(items)
    return lists


def _group_codes(text: str, hits: list[Hit], free, room, taken: set[int], windows) -> None:
    """Mark codes listed together (and read the listed ones no other reading found)."""
    read = {h.code: h for h in hits if h.code.lstrip("-").isdigit()}
    for items in _listed(text, windows):
        group = tuple(dict.fromkeys(code for code, _ in items))
        for code, start in items:
            if code in read:
                read[code].group = read[code].group or group
            elif free(start, start + len(code)) and room(code):
                taken.update(range(start, start + len(code)))
                read[code] = Hit(code, "log", pos=start, group=group)
                hits.append(read[code])
    if not read:
        return
    # pairs only around the codes read (a log's timestamps and ids are digits everywhere)
    around = _merge([(max(0, h.pos - 40), min(len(text), h.pos + 160)) for h in read.values()], text)
    for pair in islice(_in(around, _PAIR, text), MAX_TEXT_HITS):
        (a, b), starts = pair.groups(), (pair.start(1), pair.start(2))
        if (a in read) == (b in read):
            if a in read and a != b:  # both read: they were said together
                for code in (a, b):
                    read[code].group = read[code].group or (a, b)
            continue
        new, start = (b, starts[1]) if a in read else (a, starts[0])
        if len(a) != len(b) or _QUANTITY.match(text, start + len(new)):
            continue  # "error 433 and 10 more", "433 and 2 minutes": a count beside a code
        if free(start, start + len(new)) and room(new):
            taken.update(range(start, start + len(new)))
            hit = Hit(new, "log", pos=start, group=(a, b))
            hits.append(hit)
            read[new] = hit
            known = read[a if new == b else b]
            known.group = known.group or (a, b)


_LINE_REQUEST = re.compile(r"""(?=[rx])(?:request[ _-]?id|x-request-id|reqid)["']?\s{0,8}[:=]\s{0,8}["']?([\w-]{6,100})""",
                           re.IGNORECASE)
_LINE_MESSAGE = re.compile(
    r"""(?=[merd])(?:message|msg|errmsg|reason|desc)["']?\s{0,8}[:=]\s{0,8}["']?([^"'\n,;}{]{1,300}?)"""
    r"""(?=\s{1,8}[\w-]{1,30}[=:]|["'\n,;}{]|$)""",  # up to the next key=value
    re.IGNORECASE,
)


_FAIL_CUE = re.compile(r"(?=[ef报失错异])(?:error|fail|exception|\berr\b|报错|失败|错误|异常)", re.IGNORECASE)
# a log's key list after a bare "code 435": its message key follows ("code 435, reason: ...", "msg=")
_MESSAGE_KEY_AFTER = re.compile(r"""['"]?[ \t]{0,3}[,;]?[ \t]{0,3}(?=[merd])(?:message|msg|errmsg|reason|desc)['"]?[ \t]{0,3}[:=]""",
                                re.IGNORECASE)


_CODE_HEADER = re.compile(r"(?=[c错返状])(?:\bcodes?\b|错误码|返回码|状态码|错误代码)", re.IGNORECASE)
MAX_HEADER_LINES = 40


def _under_code_header(text: str, row_start: int) -> bool:
    """A table row under a header that names a code column ("| Error code | Description |")."""
    end = row_start
    for _ in range(MAX_HEADER_LINES):
        if end <= 0:
            return False
        start = text.rfind("\n", 0, end - 1) + 1
        line = text[start:end].strip()
        if "|" not in line and "\t" not in line:
            return False
        if _CODE_HEADER.search(line) and not any(c.isdigit() for c in line):
            return True
        end = start
    return False


_REPORTED_BEFORE = re.compile(r"(?=[返报rg])(?:返回|报|returns?|returned|got|gives?|gave)[ \t]{0,3}\Z", re.IGNORECASE)  # "返回 code 401"


def _line_at(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


def _details(text: str, pos: int, hit: Hit) -> Hit:
    """Request id and message written on the same line as the code."""
    start, end = _line_at(text, pos)
    line = text[start : min(end, start + 2000)]
    if ":" not in line and "=" not in line:
        return hit  # both keys need their sign
    request = _LINE_REQUEST.search(line) if "q" in line or "Q" in line else None  # (no other character folds to q)
    if request:
        hit.request_id = request.group(1)
    message = _LINE_MESSAGE.search(line)
    if message:
        hit.message = message.group(1).strip() or None
    return hit


MAX_TEXT_HITS = 300  # candidate codes read from plain text per paste
MAX_SAME_CODE = 3  # a log repeating one code a thousand times is one finding


# Where each reading can match: every match of a cue regex holds one of its words (lowercased),
# at most _REACH_BEFORE characters after the match starts and _REACH_AFTER before it ends. One
# Aho-Corasick pass (pyahocorasick, in C) finds the words; the regexes then run only around them,
# never over the whole of a 40,000-character log (each full pass of a regex cost 1.5-3 ms there).
_CUE_WORDS = (
    "err", "exception", "code", "result", "ret=", "ret:", "ret =", "ret\"", "fail", "warn", "return", "got", "get", "receiv", "throw", "threw", "respond", "means",
    "giv", "gave", "show", "hit", "encounter", "rais", "report", "yield", "seeing", "saw", "back with",
    *(f"{end} {what}" for end in ("end", "ends", "ended", "ending") for what in ("in", "with", "up")),
    "错误", "返回", "回调", "报", "提示", "失败", "问题", "异常", "出现", "遇到", "显示", "收到", "得到", "抛出",
    "超时", "拒绝", "无效", "过期", "超限", "不存在", "未授权", "禁止", "状态码", "响应码", "返回码",
    "接口", "请求", "调用", "访问", "登录", "登陆", "上传", "下载",
)
_HTTP_WORDS = ("<--", "http", "status", "reason")
# words of the rarer readings (RARE_READINGS): windows of their own, so these readings skip the rest
_RARE_WORDS = ("bad", "answer", "response:", "response=", "response code", "responsecode", "response_code",
               "response status", "response [", "response\":")
_REACH_BEFORE = 64
_REACH_AFTER = 420
# (before, after) each kind of word's window reaches: a status line's number is right after its word
_REACH = {"cue": (_REACH_BEFORE, _REACH_AFTER), "http": (48, 64), "reason": (32, 16), "rare": (16, 120)}
_KINDS = ("cue", "http", "reason", "rare")


def _trigger_automaton() -> ahocorasick.Automaton:
    """Each word's value: (its kind's window list index, how far its window starts before the
    word's last character, how far it ends after it), so a hit costs one subtraction and one addition."""
    automaton = ahocorasick.Automaton()
    for kind, words in (("cue", _CUE_WORDS), ("http", _HTTP_WORDS), ("rare", _RARE_WORDS),
                        ("reason", {*_REASONS.values(), *_SPELLINGS})):
        before, after = _REACH[kind]
        for word in words:
            automaton.add_word(word, (_KINDS.index(kind), len(word) - 1 + before, 1 + after))
    automaton.make_automaton()
    return automaton


_TRIGGERS = _trigger_automaton()
_DOT_CAPITAL = re.compile(r"\.[A-Z]")  # a literal first: re's fast prefix scan
_SPACE = re.compile(r"\s")


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Overlapping windows joined; each window ends at a space, so `\\b` and lookaheads read as in
    the whole text."""
    merged: list[tuple[int, int]] = []
    n = len(text)
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1] and hi < merged[-1][1]:
            continue  # inside the window before: its space is at or before that window's end
        if hi < n:
            space = _SPACE.search(text, hi, hi + 200)
            hi = space.start() + 1 if space else hi
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def _windows(text: str) -> tuple[str, tuple[list, list, list, list, list]]:
    """The text lowered (same length), and its (cue, HTTP status line, HTTP reason phrase,
    dotted-code, rare-reading) windows."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    spans: tuple[list[tuple[int, int]], ...] = ([], [], [], [])  # by _KINDS
    n = len(text)
    for end_at, (kind, before, after) in _TRIGGERS.iter(lowered):
        lo, hi = end_at - before, end_at + after
        spans[kind].append((lo if lo > 0 else 0, hi if hi < n else n))
    dotted = [(max(0, m.start() - 64), min(n, m.end() + _REACH_AFTER)) for m in _DOT_CAPITAL.finditer(text)] if "." in text else []
    cue, http, reason, rare = (_merge(found, text) if found else [] for found in spans)
    return lowered, (cue, http, reason, _merge(dotted, text) if dotted else [], rare)


def _in(windows: list[tuple[int, int]], rx: re.Pattern, text: str):
    for lo, hi in windows:
        yield from rx.finditer(text, lo, hi)


def _before_in(windows, text: str, word: re.Pattern, number: re.Pattern, reach: int):
    for lo, hi in windows:
        yield from _before(text, word, number, reach, lo, hi)


_CLAUSE_REST = re.compile(r"""[ \t.。!！?？)\]'"`]*(?:\n|$)""")


def _ends_error_report(text: str, match) -> bool:
    """An error word's number with nothing after it on its line ("SDK Error 2"), and not an exit status."""
    if match.re is not ERROR_NUMBER or not _CLAUSE_REST.match(text, match.end(1)):
        return False
    return not _NOT_ERROR_BEFORE.search(text, max(0, match.start() - 24), match.start())


_CJK = re.compile(r"[\u4e00-\u9fff]")
# Words one of which every match of CUE_NUMBER holds (its cue verbs' stems), lowercased: an ASCII
# text without any of them is not searched (re's IGNORECASE folds "ı", "ſ" and "K" to i, s and k, so
# the test holds for ASCII texts only)
_CUE_NUMBER_WORDS = ("return", "got", "get", "receiv", "throw", "threw", "giv", "gave", "show", "hit", "encounter", "rais",
                     "report", "yield", "seeing", "saw", "fail", "respond", "end", "back", "out")
_KEY_SIGN = re.compile(r"[:=：]")


def log_hits(text: str) -> list[Hit]:
    """Code-like tokens in error-ish contexts, with their positions; unverified against catalogs."""
    hits: list[Hit] = []
    taken: set[int] = set()  # start offsets of code tokens already read (spans are short)
    per_code: dict[str, int] = {}
    failing_lines: dict[int, bool] = {}  # line start -> the line has an error word
    lowered, (cue_windows, http_windows, reason_windows, dotted_windows, rare_windows) = _windows(text)
    # A regex below runs only where a word every match of it holds is in the text (plain `in`
    # tests; most pastes hold few). IGNORECASE regexes' words are looked for lowercase in `lowered`
    # (_windows'), and hold no i or s: for any other ASCII letter, every character re's IGNORECASE
    # matches lowers to it (re also matches "ı" for i and "ſ" for s, which lower() keeps apart).
    zh = not text.isascii() and _CJK.search(text) is not None  # the Chinese regexes' words are all CJK
    err = "err" in lowered
    colon = ":" in text or "：" in text
    folds = not text.isascii()  # a lowered word test holds for ASCII texts (see _CUE_NUMBER_WORDS)
    cue_verb = folds or any(word in lowered for word in _CUE_NUMBER_WORDS)

    def free(start: int, end: int) -> bool:
        return taken.isdisjoint(range(start, end))

    def room(code: str) -> bool:
        seen = per_code.get(code, 0)
        per_code[code] = seen + 1
        return seen < MAX_SAME_CODE and len(hits) < MAX_TEXT_HITS

    for match in _in(http_windows, HTTP_STATUS, text):
        status = int(match.group("status"))
        if _QUANTITY.match(text, match.end()):
            continue  # "response: 500 ms": a duration
        if status >= 400 and room(str(status)):
            hit = Hit(str(status), "http", None, pos=match.start(), http_status=status, context="http")
            hits.append(hit)
        elif status < 200 and match.group(0)[:1] in "Ss" and not _INTERIM_REASON.match(text, match.end()):
            # "status code 103" in a report: HTTP's 1xx are interim responses no client reports as a
            # failure, so the number is some system's own status code (an RPC's, an SDK's)
            if room(str(status)):
                hits.append(Hit(str(status), "log", None, pos=match.start()))
        elif status >= 200 and status not in _HTTP_SUCCESS and room(str(status)):
            # a 2xx/3xx a vendor documents as a problem (Agora Cloud Recording's 206: no stream was
            # recorded): only with that vendor in sight, and never a success entry (the caller checks)
            hit = Hit(str(status), "http", None, pos=match.start(), http_status=status, context="http")
            hit.weak = True
            hits.append(hit)
        taken.update(range(*match.span("status")))
    for match in (*_in(rare_windows, BAD_MESSAGE_STATUS, text), *_in(rare_windows, RESPONSE_STATUS, text)):
        status = int(match.group("status"))
        if _QUANTITY.match(text, match.end()):
            continue  # "response: 500 ms": a duration
        if free(*match.span("status")) and room(str(status)):
            taken.update(range(*match.span("status")))
            hits.append(Hit(str(status), "http", None, pos=match.start(), http_status=status, context="http"))
    for match in _in(reason_windows, HTTP_REASON, text):
        group = "before" if match.group("before") else "after"
        status = int(match.group(group))
        phrase = (match.group("p1") or match.group("p2")).lower()
        phrase = _SPELLINGS.get(phrase, phrase)
        if _REASONS.get(status) != phrase or not free(*match.span(group)) or not room(str(status)):
            continue  # "404 Bad Request" is no status line
        taken.update(range(*match.span(group)))
        hits.append(Hit(str(status), "http", None, pos=match.start(), http_status=status, context="http"))
    keyed = zh or err or "code" in lowered or "ult" in lowered or "ret" in lowered  # its keys' words, or Chinese
    for match in _in(cue_windows, KEYED, text) if keyed else ():
        start = match.start()
        if _NOT_ERROR_BEFORE.search(text, max(0, start - 20), start):
            continue
        key = match.group("key").lower()
        if key == "code" and not _KEY_SIGN.search(match.group(0)):
            # "code 433" alone is too weak; "code: 433", "error code 433" and a failing SDK log line's
            # "join failed code 20111" count
            line_start, line_end = _line_at(text, start)
            cued = failing_lines.get(line_start)
            if cued is None:  # once per line: a long line of "code 1 code 1 ..." was scanned per match
                cued = failing_lines[line_start] = _FAIL_CUE.search(text, line_start, line_end) is not None
            if not cued and not _MESSAGE_KEY_AFTER.match(
                text, match.end(), line_end
            ) and not _REPORTED_BEFORE.search(text, max(line_start, start - 16), start):
                continue
        span = match.span("code")
        if not free(*span) or _QUANTITY.match(text, span[1]) or not room(match.group("code")):
            continue  # "ret=401 rows": a count
        taken.update(range(*span))
        context = "server_code" if key.replace("_", "").replace("-", "").replace(" ", "") == "servercode" else "code"
        hit = Hit(match.group("code"), "log", pos=start, context=context)
        # a bare "code 1" is every program's status ("npm ERR! code 1"): a digit needs a vendor in sight
        hit.weak = key == "code" and len(hit.code.lstrip("-")) == 1
        hits.append(_details(text, start, hit))
    for match in (
        *(_in(cue_windows, ERROR_NUMBER, text) if err or "fa" in lowered or (zh and ("报错" in text or "错误" in text)) else ()),
        *(_class_numbers(text, cue_windows) if "Error" in text or "Exception" in text else ()),
        *_before_in(cue_windows, text, _PAREN_CONSTANT, _NUMBER_BEFORE_PAREN, 16),
        *(_in(cue_windows, FAILED_COLON, text) if colon and (folds or "fail" in lowered) else ()),
        *(_in(cue_windows, CUE_NUMBER, text) if cue_verb else ()),
        *(_in(cue_windows, QUANTIFIED_ERRORS, text) if "errors" in lowered else ()),
        *_in(rare_windows, ANSWER_NUMBER, text),
        *(_before_in(cue_windows, text, NUMBER_ERROR, _NUMBER_BEFORE, 24) if zh or err or "mea" in lowered else ()),
        *(_in(cue_windows, ZH_CUE_NUMBER, text) if zh else ()),
        *(_before(text, CAUSE_WORD, _STATUS_BEFORE_CAUSE, 8) if zh and "原因" in text else ()),
        *(ZH_STILL_STATUS.finditer(text) if zh and "会" in text else ()),
        *(MODAL_STATUS.finditer(text) if "he " in lowered else ()),
        *(ZH_SHOULD_STATUS.finditer(text) if zh and "应" in text else ()),
        *(_in(cue_windows, ZH_ERROR_NUMBER, text) if zh else ()),
        *(_in(cue_windows, BRACKET_CODE, text) if "code" in lowered else ()),
        *(_in(cue_windows, ERROR_BRACKET_NUMBER, text) if "rror" in text else ()),
        *(_in(cue_windows, WARNING_NUMBER, text) if "warn" in lowered else ()),
        *(_in(cue_windows, ZH_SUBJECT_STATUS, text) if zh else ()),
        *(_in(cue_windows, NUMBER_ZH_FAILURE, text) if zh else ()),
        *(_compared_codes(text, cue_windows) if "==" in text else ()),
        *_switch_cases(text),
        *_member_tests(text),
        *(_in(cue_windows, ENUM_VALUE_DOC, text) if "Err" in text else ()),
        *(m for m in (_before(text, NUMBER_COLON_MESSAGE, _NUMBER_AT_END, 12) if colon else ())
          if _starts_line_or_quote(text, m.start(1))),
        *(_in(_merge(cue_windows + [(max(0, m.start() - _REACH_BEFORE), m.end() + 80) for m in _RES_CAPITAL.finditer(text)],
                     text), CONSTANT_NUMBER, text) if "ERR" in text or "Err" in text or "Res" in text else ()),
        *(_before(text, DEFINITION_COLON, _DEFINED_NUMBER, 16) if ":" in text else ()),
    ):
        span = match.span(1)
        if match.re is NUMBER_COLON_MESSAGE and span[1] - span[0] < 3 and not _bulleted(text, span[0]):
            continue  # "1: Install the SDK" is a step; "• 8: Errors in ..." may be an error list's item
        if not free(*span) or _QUANTITY.match(text, match.end()) or not room(match.group(1)):
            continue
        taken.update(range(*span))
        hit = Hit(match.group(1), "log", pos=match.start())
        if match.re is ENUM_VALUE_DOC:  # its name and its own words (to the next value) are its message
            words = _ENUM_VALUE_END.split(text[match.end() : match.end() + 300], 1)[0]
            hit.message = " ".join([*_NAME_WORD.findall(match.group(0).split()[0]), words.strip()])
            hit.defined = True
        if match.re is DEFINITION_COLON:  # the definition is the code's message
            line_end = text.find("\n", match.word_end)
            hit.message = text[match.word_end : line_end if line_end >= 0 else len(text)][:300].strip() or None
        # "ERROR 1": only with a vendor in sight; so are 2 digits read from a sentence. A digit that
        # ends what an error word says ("SDK Error 2", "failed with error 3.") is a code, not a count
        digits = len(match.group(1).lstrip("-"))
        hit.weak = match.re is not ENUM_VALUE_DOC and ((digits == 1 and not _ends_error_report(text, match)) or (
            digits == 2 and match.re not in (ERROR_NUMBER, FAILED_COLON)
        ))
        if match.re is ZH_SUBJECT_STATUS and text[match.start(1) - 1 : match.start(1)] in (" ", "\t") and (
            text[match.start() : match.start(1)].strip() in _ZH_SUBJECTS
        ):
            hit.weak = True  # "登录 416" with the vendor in sight; "每天上传 500。" is a count ("老是 404" is a report)
        if match.re is DEFINITION_COLON and digits < 3:
            # "7\n: 录制已经在进行中": the definition says what the number is; a short one is a code
            # where it says its entry's, in two words or more (pipeline), whoever's name is in sight
            hit.weak, hit.item = False, True
        if match.re is NUMBER_COLON_MESSAGE and digits < 3:
            # "• 8: Errors in the HTTP request header fields." in a vendor's error list, but "1: Install
            # the SDK" in its steps: a short number is a code only as a bulleted item whose words say
            # what its entry says (pipeline), with the vendor in sight
            hit.weak = hit.item = True
        hits.append(_details(text, match.start(), hit))
    definitions = (*islice(CONST_DEFINITION.finditer(text), MAX_TEXT_HITS),) if "const" in text or "final" in text else ()
    if "code" in lowered:  # a member counts under a code map's or code type's name, or as an exception's code
        definitions += (*islice(MEMBER_DEFINITION.finditer(text), MAX_TEXT_HITS),)
    if definitions:
        for match in definitions:
            name, span = match.group("name"), match.span("code")
            enum = _CODE_ENUM.search(text, max(0, match.start() - _CONST_ENUM_REACH), match.start())
            says_error = _SAYS_ERROR.search(name) is not None
            lo = max(0, match.start() - _CONST_ENUM_REACH)
            # an exception's code constant (AGORA_RESPONSE_CODE): its name says no meaning to check
            held = not enum and not says_error and bool(_CODE_NAME.search(name) and _EXCEPTION_CLASS.search(text, lo, match.start()))
            if any(w.lower() in _QUANTITY_NAME_WORDS for w in _NAME_WORD.findall(name)) or not (
                enum
                or (match.re is CONST_DEFINITION and says_error)
                or (says_error and _CODE_TYPE.search(text, lo, match.start()))
                or held
            ):
                continue
            if match.group("code") in per_code or not free(*span) or not room(match.group("code")):
                continue  # a code already read (its doc comment "/** 110: ... */") is not read again
            taken.update(range(*span))
            hit = Hit(match.group("code"), "log", pos=match.start("code"), defined=not held)
            hit.weak = len(hit.code.lstrip("-")) < 3
            if not held:
                hit.message = " ".join(_NAME_WORD.findall(name))  # "channel Request Time Out": what the code means
            hits.append(hit)
    if "|" in text or ("\t" in text and _TAB_CODE_HEADER.search(text)):
        for match in islice(TABLE_ROW_NUMBER.finditer(text), MAX_TEXT_HITS):
            span = match.span(1)
            if _SYMBOL_CELL.match(text, match.end()) or not free(*span) or not room(match.group(1)):
                continue
            taken.update(range(*span))
            line_end = text.find("\n", match.end())
            cells = text[match.end() : line_end if line_end >= 0 else len(text)][:300]
            hit = Hit(match.group(1), "log", pos=match.start(1), row=True)
            hit.error_row = bool(_FAIL_CUE.search(cells)) or _under_code_header(text, match.start())
            hit.message = " ".join(c.strip() for c in cells.split("|") if c.strip()) or None
            hits.append(hit)
    if "</" in text:
        for match in islice(XML_CODE.finditer(text), MAX_TEXT_HITS):
            span = match.span("code")
            around = text[max(0, match.start() - 300) : match.end() + 300]
            if match.group("key").lower() == "code" and not (_FAIL_CUE.search(around) or _XML_MESSAGE.search(around)):
                continue  # <item><code>403</code><name>...: a field named code, no error in sight
            if not free(*span) or not room(match.group("code")):
                continue
            taken.update(range(*span))
            hit = Hit(match.group("code"), "log", pos=match.start())
            hit.weak = len(hit.code.lstrip("-")) == 1
            hits.append(hit)
    # rows under a code header, read only when some row's shape is there (cheap, and rare in logs):
    # a number alone on its line, or a number glued to its message
    tables = []
    if _LONE_NUMBER_LINE.search(text):
        tables.append((LINE_CELL_NUMBER, _code_header_ends(text)))
    if ("码" in text or "code" in lowered) and GLUED_ROW_NUMBER.search(text):  # its header needs one
        tables.append((GLUED_ROW_NUMBER, [m.end() for m in islice(_GLUED_HEADER.finditer(text), 20)]))
    for rows, headers in tables:
        for match in islice(rows.finditer(text, headers[0]) if headers else (), MAX_TEXT_HITS):
            span = match.span(1)
            header = max((h for h in headers if h <= match.start()), default=None)
            if header is None or text.count("\n", header, match.start()) > MAX_CELL_LINES_BELOW_HEADER:
                continue
            if rows is LINE_CELL_NUMBER and _SYMBOL_LINE.fullmatch(match.group(2).strip()):
                continue  # "400\nMissingParameter": the next cell is the code, the number its HTTP status
            if not free(*span) or not room(match.group(1)):
                continue
            taken.update(range(*span))
            hit = Hit(match.group(1), "log", pos=match.start(1), row=True, message=match.group(2).strip() or None)
            hit.error_row = True  # under a header that names a code column
            hits.append(hit)
    if ("\t" in text or "    " in text) and _ALIGNED_GAP.search(text):
        for match in islice(ALIGNED_ROW_NUMBER.finditer(text), MAX_TEXT_HITS):
            span = match.span(1)
            if _QUANTITY.match(text, span[1]) or not free(*span) or not room(match.group(1)):
                continue
            taken.update(range(*span))
            hit = Hit(match.group(1), "log", pos=match.start(1), row=True, message=match.group(2).strip() or None)
            hit.item = True  # its words must say what its entry says
            hits.append(hit)
    if "<t" in text or "<dt" in text:
        rows = (*islice(HTML_ROW_NUMBER.finditer(text), MAX_TEXT_HITS), *islice(HTML_DT_NUMBER.finditer(text), MAX_TEXT_HITS))
        for match in rows:
            span = match.span(1)
            if not free(*span) or not room(match.group(1)):
                continue
            taken.update(range(*span))
            hit = Hit(match.group(1), "log", pos=match.start(1), row=True, message=match.group(2).strip() or None)
            hit.error_row = bool(_FAIL_CUE.search(match.group(2)))
            hits.append(hit)
    # CODE_LIST's words: an error code (no character but c, o, d, e folds to theirs) or 错误码
    _group_codes(text, hits, free, room, taken, cue_windows if (err and "code" in lowered) or "错误码" in text else [])
    for match in _in(dotted_windows, DOTTED, text):
        if not free(*match.span(1)) or not room(match.group(1)):
            continue
        taken.update(range(*match.span(1)))
        hits.append(_details(text, match.start(), Hit(match.group(1), "log", pos=match.start())))
    return hits


# A short title that names a product and a code ("NIM 302", "cloud recording 433", "云信 417"): the
# caller reads it only when the title names a covered vendor or product. Not a version, a platform's
# number, an issue number, a count or a quantity ("iOS 17", "#433", "for 435 rooms", "302 users").
TITLE_MAX_CHARS = 80
_TITLE_NUMBER = re.compile(
    r"""(?<![\w.#/:@-])(-?\d{3,12})(?![\w.%]|[-:/.]\d)(?![ \t]{1,8}(?!""" + _AFTER_CODE + r""")[a-z]{3,})"""
)
_TITLE_NOT_AFTER = re.compile(
    r"(?:\b(?:v|version|ios|android|api|level|node|python|java|sdk|pr|issue|room|channel|uid|user|id|port|build"
    r"|top|for|with|of|in|at|by|to|over|under|about|than)|#)[ \t]{0,3}$",
    re.IGNORECASE,
)


_ISSUE_REF = re.compile(r"#\d")
_CJK_AFTER = re.compile(r"[ \t]{0,3}[\u4e00-\u9fff]")
_ZH_ERROR_AFTER = re.compile(r"[ \t]{0,3}(?:[\u4e00-\u9fff]{0,4}(?:错误|失败|报错|异常)|问题|怎么|如何|是什么|什么)")


def title_hits(text: str) -> list[Hit]:
    """Numbers of 3+ digits in a one-line title (the caller checks that it names a product)."""
    if len(text) > TITLE_MAX_CHARS or "\n" in text.strip() or _ISSUE_REF.search(text):
        return []  # a paragraph, or a PR title that cites an issue ("... #433 merged")
    hits = []
    for match in islice(_TITLE_NUMBER.finditer(text), 5):
        if _QUANTITY.match(text, match.end()) or _TITLE_NOT_AFTER.search(text, 0, match.start()):
            continue
        if _CJK_AFTER.match(text, match.end()) and not _ZH_ERROR_AFTER.match(text, match.end()):
            continue  # "修复 302 重定向问题": Chinese after the number says what it is, unless a failure
        hits.append(Hit(match.group(1), "log", pos=match.start()))
    return hits


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower to two ("İ"): keep the text's offsets
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return lowered


def _is_word_char(char: str) -> bool:
    """An ASCII identifier character: an ASCII code glued to Chinese ("提示InvalidParameter") is still a word."""
    return char.isascii() and (char.isalnum() or char == "_")


def word_automaton(words) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton of `words`, lowercased (phrase codes, catalog symbols)."""
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word.lower(), len(word))
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def _occurrences(text: str, lowered: str, automaton) -> list[tuple[int, int]]:
    """Leftmost-longest, non-overlapping (start, end) of the automaton's words with \\w boundaries."""
    found = []
    n = len(text)
    for end_at, size in automaton.iter(lowered):
        at, end = end_at + 1 - size, end_at + 1
        if (at == 0 or not _is_word_char(text[at - 1])) and (end >= n or not _is_word_char(text[end])):
            found.append((at, -end))
    found.sort()
    kept: list[tuple[int, int]] = []
    for at, neg_end in found:
        if kept and at < kept[-1][1]:
            continue
        kept.append((at, -neg_end))
    return kept


def phrase_hits(text: str, phrases) -> list[Hit]:
    """String-coded catalog entries quoted in text: "invalid appid", 'Connect_Failed'."""
    if phrases is None:
        return []
    hits: list[Hit] = []
    per_code: dict[str, int] = {}
    for at, end in _occurrences(text, _lower_same_length(text), phrases):
        word = text[at:end]
        code = word.lower()
        per_code[code] = per_code.get(code, 0) + 1
        if per_code[code] > MAX_SAME_CODE:
            continue
        hits.append(_details(text, at, Hit(word, "log", pos=at, message=word)))
        if len(hits) >= MAX_TEXT_HITS:
            break
    return hits


# A catalog's symbolic code or name written bare in a log line or in quotes: "translate fail:
# RequestLimitExceeded", "... GateWayServerError", state "serviceAbnormal". Compound CamelCase or
# camelCase only (a one-word code such as "Unauthorized" is an everyday word), and only in a line
# that says something failed, or quoted.
_SYMBOL_WORD = re.compile(r"(?<![\w.])([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[a-z]+(?:[A-Z][a-z0-9]*)+)(?![\w]|\.[A-Za-z])")
_LINE_CUE = re.compile(
    r"(?=[efcshgrty报失错异返状遇出提显收得抛])(?:error|fail|exception|err\b|code|stuck|\bhit(?:s|ting)?\b|\bgot\b|\bget(?:s|ting)?\b|return|throw|threw"
    r"|\bgiv(?:e|es|ing)\b|\bgave\b|\bshow(?:s|ed|ing)?\b|encounter|\brais(?:e|es|ed|ing)\b|\breport|receiv|respond"
    r"|\bsee(?:s|ing)?\b|\bsaw\b|\byield"
    r"|报|失败|错误|异常|返回|状态|遇到|出现|提示|显示|收到|得到|抛出|state|status)",
    re.IGNORECASE,
)


# a symbol that is an error report by its own words ("RequestLimitExceeded", "MissingParameter",
# "ResourceNotFound"): it needs no other error word on its line
_SAYS_ERROR = re.compile(
    r"(?=[efindmutaor])(?:error|fail|invalid|exceed|notfound|notexist|denied|missing|unknown|unsupported|unauthori|insufficient"
    r"|timeout|timedout|illegal|forbidden|abnormal|overlimit|expired?(?![a-z])|mismatch|refused)",
    re.IGNORECASE,
)


def _under_cue(text: str, start: int, line_end: int, at: int, end: int) -> bool:
    """A symbol alone on its line, right under a line that says error ("Error\\nInvalidParameterValue")."""
    if text[start:at].strip() or text[end:line_end].strip() or start == 0:
        return False
    above = text.rfind("\n", 0, start - 1) + 1
    return bool(_LINE_CUE.search(text, above, start - 1))


_MESSAGE_AFTER = re.compile(r"[ \t]{0,3}:[ \t]{1,3}[A-Z\u4e00-\u9fff]")


def _leads_its_line(text: str, start: int, line_end: int, at: int, end: int) -> bool:
    """A symbol that opens its line with its message after a colon ("UnsupportedOperation: The
    functionality ...", an SDK's error string), or the first cell of a table row ("| DryRunOperation | ...")."""
    before = text[start:at].strip()
    if before in ("", "-", "*") and _MESSAGE_AFTER.match(text, end, line_end):
        return True
    return before == "|" and text[end:line_end].lstrip(" \t`").startswith("|")


def symbol_hits(text: str, known: frozenset[str], automaton=None) -> list[Hit]:
    """Known symbols (`known`: codes and names exactly as catalogs write them) in plain text;
    `automaton` (word_automaton(known)) finds them in one pass."""
    if not known:
        return []
    if automaton is None:
        automaton = word_automaton(known)
    hits: list[Hit] = []
    per_code: dict[str, int] = {}
    for at, end in _occurrences(text, _lower_same_length(text), automaton):
        word = text[at:end]
        if word not in known or not _SYMBOL_WORD.fullmatch(word):
            continue
        if text[at - 1 : at] == "." or (text[end : end + 1] == "." and text[end + 1 : end + 2].isascii()
                                         and text[end + 1 : end + 2].isalpha()):
            continue  # part of a dotted code or a host name
        start, line_end = _line_at(text, at)
        quoted = text[at - 1 : at] in ("'", '"') and text[end : end + 1] in ("'", '"')
        if (
            not quoted
            and not _SAYS_ERROR.search(word)
            and not _LINE_CUE.search(text, start, line_end)
            and not _under_cue(text, start, line_end, at, end)
            and not _leads_its_line(text, start, line_end, at, end)
        ):
            continue
        per_code[word] = per_code.get(word, 0) + 1
        if per_code[word] > MAX_SAME_CODE:
            continue
        hits.append(_details(text, at, Hit(word, "log", pos=at)))
        if len(hits) >= MAX_TEXT_HITS:
            break
    return hits
