"""Vendor error shapes in parsed JSON, recognised by structure.

The walk is iterative (no recursion on user data) and capped in depth and nodes. Each dict is
classified once; a recognised error or success object is not descended into, so one error
object gives one finding and a success envelope's data never raises an alarm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.payload import parse
from bot.results import Hint, skip

MAX_WALK_DEPTH = 64
MAX_NODES = 20_000
MAX_EMBEDDED = 8  # JSON documents inside string values, per paste

SUCCESS_CODES = {"0", "ok", "success", "succeed", "succeeded", "200"}


@dataclass
class Hit:
    """A possible finding, before the catalogs are consulted."""

    code: str
    shape: str
    vendor: str | None = None
    message: str | None = None
    request_id: str | None = None
    name: str | None = None
    server_code: str | None = None
    http_status: int | None = None
    pos: int = 0
    order: int = 0
    certain: bool = False  # the shape says it is an error even if no catalog knows the code
    context: str = "code"  # code | http | server_code
    truncated: bool = False
    weak: bool = False  # a loose plain-text reading that needs a vendor in sight to count
    product: str | None = None  # the product the payload itself names (Volcengine's ResponseMetadata.Service)
    row: bool = False  # the first cell of a table row: a code only where the row says what its entry says
    error_row: bool = False  # a row of an error table (its cells say error/fail, or its header names a code column)
    item: bool = False  # a short number opening a list item ("• 8: ..."): as a row, even with the product named
    defined: bool = False  # a constant defined with it ("static const int channelRequestTimeOut = 408;"): its name is its message
    group: tuple[str, ...] = ()  # the codes listed with it ("error codes such as 1000, 1014", "1013 and 1014")
    # catalogs the shape suggests without naming a vendor ({code, reason} is Agora Cloud Recording's
    # body, and many other APIs' too): they lead an ambiguous list and agree with a code only they hold
    hinted: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)
    # the HTTP status line this body's error came with: answered instead when no catalog has the body's code
    status_line: Hit | None = None


_KEYS: dict[str, str] = {}  # each key name as _key reads it (a paste's objects repeat a few names)
_KEYS_MAX = 4096


def _key(name: object) -> str:
    if not isinstance(name, str):
        return ""
    key = _KEYS.get(name)
    if key is None:
        if len(_KEYS) >= _KEYS_MAX:
            _KEYS.clear()
        key = _KEYS[name] = name.lower().replace("_", "").replace("-", "")
    return key


CODE_KEYS = {"code", "errcode", "errorcode", "errno", "errorno", "retcode", "resultcode", "subcode"}
MESSAGE_KEYS = ("message", "msg", "errmsg", "errormessage", "errormsg", "reason", "desc", "description", "detail")
REQUEST_ID_KEYS = {"requestid", "reqid", "xrequestid", "traceid"}


def _scalar(value: object) -> str | None:
    """A code value as a string: ints and short strings only."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        value = value.strip()
        if 0 < len(value) <= 80 and "\n" not in value:
            return value
    return None


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()[:500]
    return None


def _lookup(node: dict, wanted: set[str] | tuple[str, ...]) -> object:
    for key, value in node.items():
        if _key(key) in wanted:
            return value
    return None


def _message(node: dict) -> str | None:
    keyed = {_key(k): v for k, v in node.items()}
    for key in MESSAGE_KEYS:
        text = _text(keyed.get(key))
        if text:
            return text
    return None


MAX_QUOTED_MESSAGES = 20  # messages of one body read as text (a body of a thousand objects is not a thousand)


def quoted_messages(value: object) -> list[str]:
    """The message strings of a body that held no code of its own, where it quotes an error it met
    downstream ({"Message": "... error [http client error [405]]"}): each is read as plain text."""
    found: list[str] = []
    stack, seen = [value], 0
    while stack and len(found) < MAX_QUOTED_MESSAGES and seen < 2_000:
        node = stack.pop()
        seen += 1
        if isinstance(node, dict):
            text = _message(node)
            if text and any(c.isdigit() for c in text):
                found.append(text)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return found


def _is_success(code: str) -> bool:
    return code.lower() in SUCCESS_CODES


SUCCESS_MESSAGES = {"ok", "success", "succeed", "succeeded", "successful", "成功", "请求成功", "操作成功"}


def _says_success(node: dict) -> bool:
    """{"code": 1, "msg": "success"}: some APIs number success; the words say what happened."""
    message = _message(node)
    return message is not None and message.strip().strip(".!").lower() in SUCCESS_MESSAGES


def _error_dict(node: dict) -> dict | None:
    error = node.get("Error")
    return error if isinstance(error, dict) else None


WEAK_CODE_KEYS = {"ret", "result", "rc", "state", "status", "res"}
_FAILURE = re.compile(
    r"(?=[efidutnx错失无异超拒不未禁过非])(?:error|fail|invalid|denied|forbidden|unauthori|timeout|timed out|not found|exceed|illegal|expired"
    r"|错误|失败|无效|异常|超时|拒绝|不存在|未授权|禁止|过期|非法|超限|未登录)",
    re.IGNORECASE,
)
STATE_KEYS = {"status", "state", "servicestatus", "servicestate", "substatus"}


def _volcengine_product(service: str | None) -> str | None:
    """Every Volcengine OpenAPI answers with ResponseMetadata and names itself in `Service`; errcode's
    catalog is the RTC service's ("rtc"), so another service's error is another product's."""
    if not service:
        return None
    return "volcengine/rtc-openapi" if service.lower() == "rtc" else "volcengine/openapi-other"


def classify(node: dict, known_message, known_state=None) -> tuple[Hit | None, bool]:
    """(hit, descend): what this dict is, and whether its children may hold more errors."""
    # Tencent Cloud API 3.0: {"Response": {"Error": {"Code", "Message"}, "RequestId"}}
    response = node.get("Response")
    if isinstance(response, dict):
        error = _error_dict(response)
        if error is None:
            return None, False  # a successful Tencent response
        code = _scalar(error.get("Code"))
        if code is None:
            return None, False
        return Hit(code, "tencent-api", "tencent", _text(error.get("Message")),
                   _scalar(response.get("RequestId")), certain=True), False

    # Volcengine / BytePlus: {"ResponseMetadata": {..., "Error": {"Code", "Message"}}, "Result": ...}
    meta = node.get("ResponseMetadata")
    if isinstance(meta, dict):
        error = _error_dict(meta)
        if error is None:
            return None, False
        code = _scalar(error.get("Code")) or _scalar(error.get("CodeN"))
        if code is None:
            return None, False
        return Hit(code, "volcengine", "volcengine", _text(error.get("Message")),
                   _scalar(meta.get("RequestId")), certain=True,
                   product=_volcengine_product(_scalar(meta.get("Service")))), False

    # The inner object of either, pasted alone: {"Error": {"Code", "Message"}, "RequestId"}
    error = _error_dict(node)
    if error is not None and "Code" in error:
        code = _scalar(error.get("Code"))
        if code and not _is_success(code):
            return Hit(code, "tencent-api", None, _text(error.get("Message")),
                       _scalar(_lookup(node, REQUEST_ID_KEYS)), certain=True), False

    keys = {_key(k) for k in node}
    code_value = _lookup(node, CODE_KEYS)
    code = _scalar(code_value) if code_value is not None else None
    request_id = _scalar(_lookup(node, REQUEST_ID_KEYS))

    if code is not None and (_is_success(code) or _says_success(node)):
        return None, False

    # NetEase Yunxin WebRTC SDK error objects: {code, desc, name, serverCode, reason}
    # (every such object has a name; `desc` alone is just a generic message key)
    if code is not None and ("name" in keys or "servercode" in keys):
        server = _scalar(_lookup(node, {"servercode"}))
        revealed = "servercode" in keys or ("desc" in keys and "name" in keys)
        hit = Hit(code, "netease", "netease" if revealed else None,
                  _text(node.get("desc")) or _message(node), request_id,
                  name=_scalar(node.get("name")), certain=revealed)
        if server is not None and not _is_success(server):
            hit.server_code = server
        reason = _text(node.get("reason"))
        if reason and reason != hit.message:
            hit.extra["reason"] = reason
        return hit, False

    # Agora Cloud Recording: {"resourceId", "sid", "code"} and {"code": N, "reason": ...}
    if code is not None and ("resourceid" in keys or "sid" in keys):
        return Hit(code, "agora", "agora", _message(node), request_id, certain=True), False
    if code is not None and "reason" in keys and keys <= {"code", "reason", "requestid", "cname", "uid"}:
        # {code, reason} alone: Agora Cloud Recording writes it, and so do many web APIs
        # (Kubernetes' Status, Spring's error bodies): a hint, not the vendor; cname/uid are Agora's
        vendor = "agora" if keys & {"cname", "uid"} else None
        return Hit(code, "agora", vendor, _text(node.get("reason")), request_id,
                   hinted=() if vendor else ("agora-cloud-recording",)), False

    # HTTP-style error bodies: {"statusCode": 404, "message": ...}
    status = _scalar(_lookup(node, {"statuscode", "httpstatus", "httpcode"}))
    if status is None and "error" in keys and _text(_lookup(node, {"error"})):
        # Spring Boot's and other frameworks' {"status": 404, "error": "Not Found", "path": ...}
        plain = _lookup(node, {"status"})
        status = str(plain) if isinstance(plain, int) and not isinstance(plain, bool) else None
    if code is None and status and status.isdigit() and int(status) >= 400:
        return Hit(status, "generic", None, _message(node), request_id, http_status=int(status),
                   context="http"), False

    # Generic: code / errCode / error_code / errcode / err_code with message / msg / reason / desc
    if code is not None:
        return Hit(code, "generic", None, _message(node), request_id), False

    # {"ret": 404, "msg": "not found"}, {"result": 401, "desc": "鉴权失败"}: a number under a key that
    # is also a result or a state, beside a message: an error's code where it has three digits or more
    # or the message says a failure ({"state": 1, "message": "running"} is a state)
    message = _message(node)
    weak = _scalar(_lookup(node, WEAK_CODE_KEYS)) if message else None
    if weak is not None and weak.lstrip("-").isdigit() and not _is_success(weak) and not _says_success(node):
        # a status or state is a job's as often as an error's: only a message that says a failure tells
        stateful = keys & {"state", "status"} and not keys & {"ret", "result", "rc", "res"}
        if (len(weak.lstrip("-")) >= 3 and not stateful) or _FAILURE.search(message):
            return Hit(weak, "generic", None, message, request_id), False

    # A catalog's state that reports a problem, as a status value: Agora's {"state": "serviceAbnormal"}
    if known_state is not None:
        for key, value in node.items():
            if _key(key) in STATE_KEYS and isinstance(value, str) and known_state(value.strip()):
                return Hit(value.strip(), "generic", None, _message(node), request_id), False

    # String-coded entries: {"message": "Invalid authentication credentials"}, {"error": "invalid appid"}
    for key in ("message", "msg", "error", "reason", "errmsg"):
        text = _text(_lookup(node, {key}))
        if text and known_message(text):
            return Hit(text, "agora" if "resourceid" in keys else "generic", None, text, request_id), False
    return None, True


def hits_in(value: object, known_message, notes: list[Hint], state: dict, known_state=None) -> list[Hit]:
    """Every error object in a parsed block, in document order."""
    hits: list[Hit] = []
    stack: list[tuple[object, int]] = [(value, 0)]
    deep = False
    while stack:
        node, depth = stack.pop()
        state["nodes"] = state.get("nodes", 0) + 1
        if state["nodes"] > MAX_NODES:
            notes.append(skip("nodes", max=MAX_NODES))
            break
        if isinstance(node, dict):
            hit, descend = classify(node, known_message, known_state)
            if hit is not None:
                hit.order = len(hits)
                hits.append(hit)
            if not descend:
                state["verdicts"] = state.get("verdicts", 0) + 1  # an error or a success object
            children = list(node.values()) if descend else []
        elif isinstance(node, list):
            children = node
        elif isinstance(node, str) and node[:1] in "{[" and len(node) > 10:
            if state.get("embedded", 0) >= MAX_EMBEDDED:
                continue
            state["embedded"] = state.get("embedded", 0) + 1
            inner = parse.load_embedded(node)
            children = [inner] if inner is not None else []
        else:
            continue
        if children and depth >= MAX_WALK_DEPTH:
            deep = True
            continue
        stack.extend((child, depth + 1) for child in reversed(children))
    if deep:
        notes.append(f"JSON below {MAX_WALK_DEPTH} levels of nesting was not examined")
    return hits
