"""A generated catalog of any size, for timing: realistic codes and text, written as JSON.

Codes mix numbers and dotted/camelCase symbols; meanings are Chinese phrases recombined from the
five seed documents' vocabulary, and every other entry carries an English translation, so every
index path (exact, symbol, typo, Chinese bigrams, English words) is exercised at scale.
JSON by default (the json module parses fastest); `fmt="yaml"` writes the same documents as YAML,
the format teams write by hand, for the spawn-to-first-answer benchmark.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ZH_SUBJECTS = (
    "录制任务 房间 用户 频道 推流地址 签名 密钥 证书 水印 网关 设备 音频流 视频流 转码模板 回调 "
    "令牌 应用 账号 服务器 数据库 消息 屏幕共享 伴音 画布容器 布局 域名 配置 规则 会话 连接 心跳 分片"
).split()
ZH_PREDICATES = (
    "不存在 已存在 已过期 不合法 超过限制 连接超时 初始化失败 未开通 格式错误 解析失败 被占用 已禁用 "
    "获取失败 加载失败 数量超过上限 重复操作 未登录 鉴权失败 参数错误 读写失败 不支持 已停止 返回超时"
).split()
ZH_HANDLING = (
    "请检查参数后重试 请联系技术支持 请勿重复请求 请在控制台开通服务 请稍后重新发起请求 "
    "请确认配置是否正确 请更换正确的凭证 请减小请求频率"
).split()
EN_SUBJECTS = (
    "recording task room user channel push address signature secret key certificate watermark gateway "
    "device audio stream video stream template callback token application account server database "
    "message screen share canvas layout domain config rule session connection heartbeat"
).split(" ")
EN_PREDICATES = (
    "does not exist|already exists|has expired|is invalid|exceeds the limit|timed out|failed to initialize|"
    "is not enabled|has a bad format|could not be parsed|is in use|is disabled|could not be fetched|"
    "failed to load|exceeds the quota|was repeated|is not logged in|failed authentication|has a bad parameter|"
    "failed to read or write|is not supported|has stopped|answered too late"
).split("|")
SYMBOL_PREFIXES = (
    "InvalidParameter InternalError ResourceNotFound FailedOperation AuthFailure LimitExceeded "
    "UnsupportedOperation AccessDenied MissingParameter UpdateError"
).split()
SYMBOL_WORDS = (
    "Task Room User Channel Stream Record Signature Secret Token Cert Watermark Gateway Device Audio Video "
    "Template Callback App Account Server Db Message Screen Layout Domain Config Rule Session Connection "
    "Heartbeat Slice Not Already Exists Expired Illegal Over Limit Timeout Init Fail Disabled Fetch Load "
    "Quota Repeat Login Auth Param Read Write Unsupported Stopped Busy"
).split()


def _symbol(rng: random.Random) -> str:
    words = "".join(rng.choice(SYMBOL_WORDS) for _ in range(rng.randint(2, 4)))
    return f"{rng.choice(SYMBOL_PREFIXES)}.{words}" if rng.random() < 0.7 else words


def generate_catalogs(
    folder: Path, entries: int, *, catalogs: int = 10, seed: int = 7, fmt: str = "json"
) -> list[Path]:
    """Write `catalogs` catalogs (JSON, or YAML with fmt="yaml") holding `entries` entries in all;
    return their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    paths = []
    per_catalog = -(-entries // catalogs)
    made = 0
    for number in range(catalogs):
        items = []
        while len(items) < per_catalog and made < entries:
            code = str(rng.randint(10_000, 999_999_999)) if rng.random() < 0.5 else _symbol(rng)
            if code.lower() in seen:
                continue
            seen.add(code.lower())
            subject, predicate = rng.randrange(len(ZH_SUBJECTS)), rng.randrange(len(ZH_PREDICATES))
            item = {
                "code": code,
                "kind": "error",
                "name": _symbol(rng).split(".")[-1] if code.isdigit() and rng.random() < 0.3 else None,
                "meaning": ZH_SUBJECTS[subject] + ZH_PREDICATES[predicate],
                "handling": rng.choice(ZH_HANDLING),
            }
            if rng.random() < 0.5:
                item["en"] = {
                    "meaning": f"{EN_SUBJECTS[subject % len(EN_SUBJECTS)]} {EN_PREDICATES[predicate]}",
                    "translated": True,
                }
            items.append(item)
            made += 1
        document = {
            "id": f"gen-{number:02d}",
            "vendor": f"genvendor{number:02d}",
            "product": f"Generated product {number}",
            "language": "zh",
            "source": "bench/generate.py",
            "entries": items,
        }
        path = folder / f"gen-{number:02d}.{fmt}"
        path.write_text(_dump(document, fmt), encoding="utf-8")
        paths.append(path)
    return paths


def _dump(document: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False)
    if fmt == "yaml":
        import yaml

        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        return yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False, width=200)
    raise ValueError(f"unknown catalog format {fmt!r}")


def absent_symbol(rng: random.Random, known: set[str]) -> str:
    """A symbol shaped like the generated ones that no generated catalog lists."""
    while True:
        symbol = _symbol(rng)
        if symbol.lower() not in known:
            return symbol
