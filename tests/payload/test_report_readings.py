"""One reading of a short report (bot/payload/reports.py): an issue title or a one-line sentence
that reports a number as an error, whichever way it is phrased, and silence for the chatter
titles are full of (issue numbers, versions, ports, counts, dates, prices, ids). Made-up texts,
both ways; the vendor rules are the claim's (a bare HTTP-like number is an ambiguous list)."""

from __future__ import annotations

import time

import pytest

from bot.payload.reports import REPORT_MAX_CHARS, report_hits
from tests.payload.corpus import findings

# (text, the code it reports): a bare HTTP-like number, no vendor in sight, so each is an ambiguous
# list (or an uncovered vendor's); never one vendor's entry
REPORTS = [
    ("Upload fails 500 on iOS", "500"),
    ("Request failed 401 after token refresh", "401"),
    ("Sync errored 503 twice", "503"),
    ("An authentication error occurred: (403) Invalid issuer", "403"),
    ("An error occurred: 404", "404"),
    ("Error happened (500) when saving", "500"),
    ("Getting 401 Authorized", "401"),
    ("Getting 401 Authorization Required", "401"),
    ("getting random 404 on refresh", "404"),
    ("Server returns unexpected 500", "500"),
    ("returned 403 Access Denied for admin", "403"),
    ("Got 408 Request Timeout", "408"),
    ("Retry on 408 errors", "408"),
    ("Handle 503 errors gracefully", "503"),
    ("Seeing lots of 503 errors", "503"),
    ("a bunch of 404 errors after deploy", "404"),
    ("Ignore 404 errors from the CDN", "404"),
    ("Catch 500 errors in middleware", "500"),
    ("Login 403 forbidden", "403"),
    ("upload 401 unauthorized", "401"),
    ("403 是由于签名过期", "403"),
    ("登录一直 408 报错", "408"),
    ("增加403原因", "403"),
    ("调用接口一直报错404", "404"),
    ("上传返回403了", "403"),
    ("接口返回 404", "404"),
    ("调用上传接口出现 500 错误", "500"),
    ("408", "408"),
    ("'404'", "404"),
    ("Permission denied (403) on upload", "403"),
    ("Connection refused 503 from the proxy", "503"),
    ("Always getting the same 401", "401"),
    ("Login fails on iOS with 403", "403"),
    ("[Bug] 404 when opening settings", "404"),
    ("always 401 after login", "401"),
    ("401 after login", "401"),
    # a blind check written after the reading (tests/payload: not tuned on before it was run): 14 of 20
    # were read, then the verbs of breaking and of answering, and "408 timeout", were added
    ("Webhook delivery failed 500", "500"),
    ("Sign in broken: 403 from /auth/callback", "403"),
    ("Reconnect loop after 408 timeout", "408"),
    ("Gateway keeps answering 503", "503"),
    ("The server sends 404 for deleted users", "404"),
    ("Health check sees 503 errors", "503"),
    ("推流一直失败 403", "403"),
    ("一调用就 500 错误", "500"),
    # a second blind check (13 of 20 read before, 18 after): "says", "replied", "invalid", "timed out",
    # and a status's message after a colon that says an error ("403: permission denied")
    ("iOS app crashes then API says 401", "401"),
    ("The recording API replied 404 for an active session", "404"),
    ("Deploy: Invalid response 500 from backend", "500"),
    ("Request timed out with 504", "504"),
    ("403: permission denied on bucket", "403"),
    ("404: not found on refresh", "404"),
    ("获取 token 时报 401 错误", "401"),
    ("进房失败，提示 403", "403"),
]

# a number one catalog alone holds (1003 is only Agora Cloud Recording's): found by the same reading;
# the claim then weighs the words (a unique long number is a likely answer unless they say otherwise)
UNIQUE_REPORTS = [
    "Login failed 1003",
    "start context failed 1003 on Android",
    "Android 登录报错 connect failed 1003",
    "1003 error when joining",
    "1003 是因为对象已经处于某种状态",
    "1003 means the object is already in that state",
    "  1003  ",
]

# chatter: numbers beside error words that are no error's code
CHATTER = [
    "#403 fix error handling",
    "Fix error in v4.0.8",
    "Error on port 8080",
    "error at localhost:8080",
    "Failed to upload 300 files",
    "Failed to upload 404 images",
    "error rate 500 per second",
    "Error in 2023 release",
    "fix 403 links",
    "Fix 404 errors",
    "We fixed 408 errors in the logs.",
    "fixed over 500 errors this week",
    "one of 500 errors logged",
    "out of 404 errors only 3 matter",
    "Error for user 1003",
    "uid 1003 login failed",
    "failed on line 404",
    "Error since version 1003",
    "timeout after 500 ms",
    "timeout 408 seconds",
    "failed after 300 retries",
    "500 tests failed",
    "1003 failed, 20 passed",
    "error budget $500",
    "error 2023-10-12 04:08",
    "Error (see issue 403)",
    "PR 1003: fix the error",
    "失败次数 500",
    "错误率 404",
    "第 1003 次失败",
    "共 500 个错误",
    "报错 500 次",
    "失败了 500 多次",
    "报错 300余次",
    "Allow 500 MB uploads",
    "Show 403 users in the admin list",
    "Timeout increased from 300 to 500",
    "Error boundary for 1003 components",
    "修复了 404 个拼写错误",
    "新增 500 条错误码翻译",
    "版本 1.0.403 报错",
    "价格 500 元，支付失败",
    "stops after 500 ms",
    "timeout 408 times",
    "Chapter 404: handling errors",
    "Issue 1003: error handling docs",
    "404: notes on the design",
    "Invalid 500 users removed",
    "Limit to 408 characters",
    "端口 1003 连接失败",
    "超时时间设置为 500",
    "一共失败 404 次",
    "the docs say 404 Bad Request",  # another status's reason phrase: no status line
    "SELECT * FROM errors WHERE code = 433;",
    "Error loading 1003 records",
    "Errors: 0, Warnings: 300",
    "Bump error-reporter to 4.0.8 (#1003)",
    "The 1003 users got an error",
    "error/404.html missing",
    "error_404 page styling",
    "Error messages compatible with 1003 users",
    "Fix error with 500 rows",
    "error rate is 500",
    "the error count is 500",
    "404 on the list of todo",
    "500 on sale",
    "Top 500 when sorted",
    "Only 500 when filtering",
    "Returns the first 500 rows",
    "Got a 403 vote",
    "#404 when merged",
    "404.html when missing",
]


@pytest.mark.parametrize(("text", "code"), REPORTS)
def test_a_short_report_of_a_number_beside_an_error_word_is_read(text, code):
    found = [f for f in findings(text) if f["code"] == code]
    assert found, (text, findings(text))
    assert all(f["ambiguous"] or f.get("uncovered") for f in found), (text, found)


@pytest.mark.parametrize("text", UNIQUE_REPORTS)
def test_a_short_report_of_a_unique_number_is_read(text):
    assert [f["code"] for f in findings(text)] == ["1003"], (text, findings(text))


def test_a_verb_of_stopping_with_a_number_is_a_report():
    # (435 is only Cloud Recording's, and "Recording" says its meaning: the claim's rules make it the entry)
    assert [f["code"] for f in findings("Recording stops with 435 sometimes")] == ["435"]
    assert findings("Recording stops with 435 users") == []


def test_a_unique_number_whose_sentence_says_another_meaning_is_no_claim():
    # the number ends its sentence: the words before it are what the sentence says of it, and these
    # say something else than Agora's 1001 (a resource ID that could not be decrypted)
    [finding] = findings("你因 登录需要验证码 原因而登录失败，错误代码为 1001。")
    assert finding["code"] == "1001" and finding["ambiguous"]
    [finding] = findings("1003 是因为对象已经处于某种状态，再去做进入这种状态的操作时会产生这个错误")
    assert finding["ambiguous"]
    # words before it that say the entry's meaning keep the claim
    [finding] = findings("resource ID 解密失败，错误代码为 1001。")
    assert not finding["ambiguous"] and finding["matches"][0]["catalog"] == "agora-cloud-recording"


def test_a_short_number_needs_words_of_its_entrys_meaning_not_of_its_docs():
    # "APP" shares a stem with the "application/json" of Cloud Recording 8's docs, not with what 8
    # means (an HTTP request header field error): a recording app's save error 8 is no claim
    [finding] = findings("录制视频完成后保存，后面就一直保存失败返回错误码8，重启APP后就可以一直保存成功")
    assert finding["code"] == "8" and finding["ambiguous"]
    # the words of its meaning still make it the entry
    [finding] = findings("录制失败返回错误码8，HTTP 请求头部字段错误")
    assert not finding["ambiguous"] and finding["matches"][0]["catalog"] == "agora-cloud-recording"


@pytest.mark.parametrize("text", CHATTER)
def test_chatter_beside_an_error_word_stays_quiet(text):
    assert findings(text) == [], text


def test_an_id_before_a_number_silences_every_reading_of_it():
    # a room id, a test count or a price before an error word: neither this reading nor the older
    # ones ("1003 error", "1003报错", "Failed ...: 1003") answer a number an id noun names
    for text in ("房间1003报错", "房间 1003 报错", "价格¥500报错", "Room 1003 error", "Failed tests: 1003",
                 "user 1001 error", "频道 404 错误", "line 500 error", "PR 1003 error fix", "报错率 404",
                 "error count 500", "错误总数 1003"):
        assert report_hits(text) == [], text
        assert findings(text) == [], text
    # the same numbers without the id noun are still read
    assert [f["code"] for f in findings("1003 error")] == ["1003"]
    assert [f["code"] for f in findings("频道报 404 错误")] == ["404"]
    # a code map's member is source code, not prose: the code-map readings weigh it (with its vendor rules)
    for text in ("  INTERNAL_SERVER_ERROR: 500, // Internal server error.", "  ERR_2_FAILED = 404;"):
        assert report_hits(text) == [], text


def test_a_named_vendor_makes_the_report_its_entry():
    # the same reading with the vendor named: the vendor's own entry, not a list
    finding = [f for f in findings("NERtc join failed 403 after token refresh") if f["code"] == "403"][0]
    assert not finding["ambiguous"] and finding["matches"][0]["catalog"] == "netease-webrtc"
    finding = [f for f in findings("Agora cloud recording acquire failed 1001") if f["code"] == "1001"][0]
    assert not finding["ambiguous"] and finding["matches"][0]["catalog"] == "agora-cloud-recording"
    # an uncovered vendor named: no entry, whose it looks like said
    finding = [f for f in findings("LiveKit connect failed 401 on reconnect") if f["code"] == "401"][0]
    assert finding.get("uncovered") and not finding["matches"]


def test_only_short_texts_are_read_this_way():
    # a long paragraph's numbers beside error words are the other readings' business
    long = "We saw an error occurred: (403) once. " + "Nothing else happened that day, all good. " * 30
    assert len(long) > REPORT_MAX_CHARS
    assert not report_hits(long)
    assert [h.code for h in report_hits("We saw an error occurred: (403) once.")] == ["403"]


def test_a_short_issue_body_is_read_the_same_way():
    # a few lines of an issue: what was done, then the error as the app printed it
    text = (
        "I made a new LiveKit project, cloned the sample and put my api key and secret in .env, then\n"
        "npm install and npm start. When I open localhost:8080/token I get this error\n"
        "`\n  \"error\": \"createToken error: An authentication error occurred: (401) invalid key\"\n`\n"
    )
    [finding] = findings(text)
    assert finding["code"] == "401" and finding.get("uncovered") and not finding["matches"]
    # the same body without the vendor: an ambiguous list; its port and its counts stay quiet
    [finding] = findings(text.replace("LiveKit ", ""))
    assert finding["code"] == "401" and finding["ambiguous"]


def test_the_reading_is_cheap_on_a_long_paste_of_its_own_triggers():
    for paste in ("error 403 " * 4000, "failed (" * 5000 + "403", "1" * 40000, "报错 " * 10000 + "1003"):
        start = time.process_time()
        report_hits(paste)
        assert time.process_time() - start < 0.1
