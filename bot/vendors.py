"""Vendor ids, display names and the words people use for them (INTERFACE.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Vendor:
    id: str
    display: str  # English display name
    display_zh: str
    words: tuple[str, ...]  # lowercase words that select this vendor in a query


VENDORS: dict[str, Vendor] = {
    v.id: v
    for v in (
        Vendor("agora", "Agora", "声网", ("agora", "声网", "shengwang", "agora.io")),
        Vendor("tencent", "Tencent Cloud", "腾讯云", ("tencent", "腾讯", "腾讯云", "qcloud", "tencentcloud", "tcloud", "trtc")),
        Vendor(
            "volcengine",
            "Volcengine (BytePlus)",
            "火山引擎",
            ("volcengine", "火山", "火山引擎", "byteplus", "volc", "volcano", "veRTC".lower()),
        ),
        Vendor("netease", "NetEase Yunxin", "网易云信", ("netease", "网易", "云信", "yunxin", "网易云信", "nim", "nertc")),
        Vendor("rtc-platform", "RTC platform (vendor unnamed)", "RTC 平台", ("rtc-platform",)),
    )
}

# word -> vendor id, for every vendor word (longest words first helps prefix scanning)
VENDOR_WORDS: dict[str, str] = {
    word: vendor.id for vendor in VENDORS.values() for word in sorted(vendor.words, key=len, reverse=True)
}


def vendor_display(vendor_id: str | None, lang: str | None = None) -> str:
    if not vendor_id:
        return "unknown vendor" if lang != "zh" else "未知厂商"
    vendor = VENDORS.get(vendor_id)
    if vendor is None:
        return vendor_id
    return vendor.display_zh if lang == "zh" else vendor.display


def vendor_for_word(word: str) -> str | None:
    """The vendor id a single word selects, or None. Case-insensitive."""
    return VENDOR_WORDS.get(word.strip().lower())
