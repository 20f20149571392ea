"""Recall where a person clearly reports an error (bot/payload/patterns.py), and silence for chatter."""

from __future__ import annotations

from bot.payload import explain
from tests.payload.corpus import bundled_index


def _codes(text: str) -> list[tuple[str, str | None, bool]]:
    return [(f["code"], (f["matches"] or [{}])[0].get("catalog"), bool(f.get("ambiguous")))
            for f in explain(bundled_index(), text)["findings"]]


def test_a_code_keyed_in_a_log_line_with_its_message_key_is_read():
    # "code 435, reason: ..." is a log's key list: the code and its message
    assert _codes("agora cloud recording, code 435, reason: no recorded files") == [("435", "agora-cloud-recording", False)]
    assert _codes("云信 code 302 msg=登录失败") == [("302", "netease-webrtc", False)]
    # a "code" with a number and no message key or failure word is still nothing
    for quiet in ("agora cloud recording sample code 435 lines", "see the code 302 times"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_a_symbol_that_says_error_itself_needs_no_other_error_word():
    assert _codes("tencent cloud RequestLimitExceeded when calling DescribeLiveStreamOnlineList") == [
        ("RequestLimitExceeded", "tencent-live", False)]
    assert _codes("腾讯云直播 MissingParameter 怎么办") == [("MissingParameter", "tencent-live", False)]
    # without the vendor it is a shared word: an ambiguous list, never a claim
    [(code, _catalog, ambiguous)] = _codes("calling DescribeLiveStreamOnlineList gives me RequestLimitExceeded sometimes")
    assert code == "RequestLimitExceeded" and ambiguous
    # a symbol that does not say error (a state, a name) still needs an error word or quotes
    assert explain(bundled_index(), "the docs list serviceReady and GateWayServer as examples")["findings"] == []


def test_a_code_a_call_ends_in_or_comes_back_with_is_read():
    for text in ("Agora cloud recording acquire always ends in 433, any idea?",
                 "agora cloud recording stop ended with 435 again",
                 "agora cloud recording query comes back with 404 after stop",
                 "agora cloud recording start errors out with 433"):
        [(code, catalog, ambiguous)] = _codes(text)
        assert catalog == "agora-cloud-recording" and not ambiguous, text
    for quiet in ("agora cloud recording: the meeting ends in 30 minutes", "the trial ends in 2 days",
                  "ended with 435 participants in the room"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_a_success_range_status_a_vendor_documents_as_a_problem_is_read_with_the_vendor_in_sight():
    # Agora Cloud Recording documents HTTP 206: no user sent a stream, or files were not uploaded
    for text in ('HTTP/1.1 206 Partial Content\n{"resourceId":"abc","sid":"def","serverResponse":{"fileList":[]}}',
                 "agora cloud recording stop: HTTP 206",
                 "status code 206 when I stop agora cloud recording"):
        assert _codes(text) == [("206", "agora-cloud-recording", False)], text
    # with no vendor in sight a 206 is any web server's partial content; a 200 is success
    for quiet in ("HTTP/1.1 206 Partial Content", 'HTTP/1.1 200 OK\n{"resourceId":"a"}',
                  "agora cloud recording start: HTTP 200", "云信 登录页 HTTP/1.1 302 Found"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_a_table_rows_first_cell_is_a_code_where_the_row_says_what_its_entry_says():
    assert _codes("| 435 | No recorded files created. |") == [("435", "agora-cloud-recording", False)]
    assert _codes("| Code | Meaning |\n|---|---|\n|  433  | The resource ID has expired. |") == [
        ("433", "agora-cloud-recording", False)]
    # a table of numbers that says something else is no error table
    for quiet in ("| 435 | Alice | Beijing |", "| 2 | rooms booked |", "| 1001 | 15 | 20 |"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_codes_listed_together_are_read_and_one_a_catalog_holds_beside_unknown_ones_is_no_ones():
    # "error codes such as 1000, 1014": a list of codes; "1013 and 1014" names 1014 again with a sibling
    text = "Info about error codes such as [1000], [1014]. etc. are nowhere in the docs.\nPlease do 1013 and 1014 too"
    [(code, _catalog, ambiguous)] = _codes(text)
    assert code == "1013" and ambiguous
    finding = explain(bundled_index(), text)["findings"][0]
    assert any(e["kind"] == "listed_with" for e in finding["evidence"])
    # a list of codes one catalog holds all of is still their vendor's
    [(a, ca, amb_a), (b, cb, amb_b)] = _codes("error codes like 433, 435 keep coming back")
    assert (a, b) == ("433", "435") and ca == cb == "agora-cloud-recording"
    # numbers joined by "and" with no code among them are chatter
    assert explain(bundled_index(), "we moved 1013 and 1014 to the new rack")["findings"] == []
    assert [c for c, _, _ in _codes("agora cloud recording error 433 and 10 more after that")] == ["433"]


def test_a_chinese_subject_then_a_spaced_status_is_read():
    assert _codes("网易云信 IM 登录 416") == [("416", "netease-webrtc", False)]
    for quiet in ("登录 300 次之后就好了", "上传 500 张图片"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_a_shared_live_streaming_word_picks_the_named_vendors_live_product():
    [finding] = explain(bundled_index(), "火山引擎 视频直播 报错 InvalidParameter")["findings"]
    assert finding["matches"] == [] and finding["uncovered"]["product"] == "volcengine/live"


def test_a_code_a_chinese_callback_reports_is_read():
    assert _codes("云信 sdk 版本 8.9.0，Android 11 上 login 回调 408") == [("408", "netease-webrtc", False)]
    assert explain(bundled_index(), "回调 30 次以后就好了")["findings"] == []


def test_a_code_and_its_chinese_meaning_after_a_full_width_colon_is_read():
    assert _codes("435：没有录制文件产生") == [("435", "agora-cloud-recording", False)]
    assert explain(bundled_index(), "房间 1001：我们开会")["findings"] == []  # not where a line starts


def test_a_short_title_naming_the_product_and_a_code_its_catalog_holds_is_read():
    # how people title an issue: the product, then the code
    for text, catalog in (("NIM 302", "netease-webrtc"), ("云信 417", "netease-webrtc"), ("Agora 1013", "agora-cloud-recording"),
                          ("cloud recording 433", "agora-cloud-recording"), ("云录制 435", "agora-cloud-recording"),
                          ("Cloud Recording: 435", "agora-cloud-recording"),
                          ("[Cloud Recording] 1001 when query", "agora-cloud-recording"),
                          ("云信 302 登录失败", "netease-webrtc")):
        assert _codes(text) == [(text.split()[-1] if text[-1].isdigit() else
                                 next(w for w in text.replace("]", " ").split() if w.isdigit()), catalog, False)], text
    # titles with versions, platforms, counts, issue numbers stay quiet
    for quiet in ("Agora SDK 4.2.0 crash on iOS 17", "NIM 302 users online", "Agora 1013 #433 merged",
                  "cloud recording for 435 rooms", "云信 2023 年会", "Agora Cloud Recording v1.3.5",
                  "cloud recording takes 404 seconds", "云信 SDK 9.2.0 更新：修复 302 重定向问题"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_cloud_transcoder_names_its_product():
    [finding] = explain(bundled_index(), 'services.cloudTranscoder.status: "serviceValidationFailed"')["findings"]
    assert finding["matches"] == [] and finding["uncovered"]["vendor"] == "agora"


def test_a_commented_table_row_is_a_row_and_a_status_beside_a_symbolic_code_is_that_codes_status():
    row = "   * | 403            | netcall.g2 unsafe mode is closed | 安全模式下未设置 Token。请通过服务端 getToken 接口获取 NERTC Token |"
    assert _codes(row) == [("403", "netease-webrtc", False)]
    # another cloud's table: the number is the HTTP status of the symbolic code beside it
    other = "| 403 | InvalidAuthorization | Permission denied | 没有权限。 |"
    assert all(c != "403" or amb for c, _, amb in _codes(other))


def test_chinese_and_nginx_spellings_of_a_failed_status_are_read():
    for text, code in (("最近遇到一个问题，就是当后台返回408时，默认重发20遍请求", "408"), ("408超时没有重试", "408"),
                       ("504 Gateway Time-out", "504"), ("408 Request Time-out", "408")):
        found = _codes(text)
        assert [c for c, _, _ in found] == [code] and found[0][2], text
    for quiet in ("接口返回100条数据", "返回200时正常", "大约 500 失败率很低的样本"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_a_one_or_two_digit_code_in_a_docs_error_list_is_read_where_its_words_say_the_entry():
    # a vendor's error list rendered as bullets: "• 8: Errors in the HTTP request header fields."
    text = ("Agora cloud recording common errors:\n"
            "  • 8: Errors in the HTTP request header fields. Possible reasons:\n"
            "    • cloud_recording is missing in the request URL.\n")
    assert _codes(text) == [("8", "agora-cloud-recording", False)]
    # a numbered list of steps in the same docs is no error list: its words say no entry's meaning
    for steps in ("Agora cloud recording quick start:\n1: Install the SDK\n2: Create a channel\n",
                  "Agora cloud recording quick start:\n- 1: Install the SDK\n- 2: Create a channel\n",
                  "Agora cloud recording errors\n8: Errors in the HTTP request header fields.\n"):  # no bullet
        assert explain(bundled_index(), steps)["findings"] == [], steps
    # and without a vendor in sight a short number is nobody's code
    assert explain(bundled_index(), "  • 8: Errors in the HTTP request header fields.")["findings"] == []


def test_an_http_servers_bad_message_status_is_an_http_status():
    # Jetty's HttpParser, Netty and Go's clients say an HTTP status after "bad message/request/status"
    for text in ("2018-05-25 13:46:06.314:WARN:oejh.HttpParser:qtp466577384-35: badMessage: 400 No URI for HttpChannelOverHttp@12e77853",
                 "netty: bad request: 400 Illegal character in path",
                 "client error: bad status: 503"):
        [finding] = explain(bundled_index(), text)["findings"]
        assert finding["ambiguous"] is True and finding.get("http_status") in (400, 503), text
    # a bad thing counted is no status
    for quiet in ("bad message: 400 characters at most", "bad requests: 500 today, fixed since"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_http_statuses_in_the_formats_http_libraries_print_are_ambiguous_lists():
    for text in (
        "requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://example.com/api",  # Python requests
        "requests.exceptions.HTTPError: 500 Server Error: Internal Server Error for url: https://example.com",
        "GET https://example.com/api 404 (Not Found)",  # a browser console
        "Failed to load resource: the server responded with a status of 404 (Not Found)",
        "System.Net.WebException: The remote server returned an error: (403) Forbidden.",  # .NET
        "com.android.volley.ServerError: 500",  # an exception class named for the error, then the status
    ):
        [finding] = explain(bundled_index(), text)["findings"]
        assert finding["ambiguous"] is True and finding["vendor"] is None, text
    # not a status: a reason phrase after the wrong number, a count after an error class
    for quiet in ("Ran 404 tests, Forbidden words: 0", "ValueError: 500 rows expected, got 20",
                  "we sent 403 client error reports this week"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_an_error_body_with_an_http_status_and_its_reason_is_an_http_status():
    # Spring Boot's and many web frameworks' error body: {"status": 404, "error": "Not Found", ...}
    body = '{"timestamp":"2024-05-01T10:00:00.000+00:00","status":404,"error":"Not Found","path":"/v1/apps/x/cloud_recording"}'
    [finding] = explain(bundled_index(), body)["findings"]
    assert finding["code"] == "404" and finding.get("http_status") == 404
    [finding] = explain(bundled_index(), '{"status": 500, "error": "Internal Server Error"}')["findings"]
    assert finding["ambiguous"] is True
    # a status that is a count or a success, or a body without an error, is nothing
    for quiet in ('{"status": 200, "error": null}', '{"status": 404, "count": 3}', '{"status": "ok", "error": ""}'):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_php_dumps_of_an_error_array_are_read():
    # var_dump, print_r and var_export of a decoded error body, as PHP users paste them
    dump = 'array(3) {\n  ["code"] => int(-1)\n  ["errcode"] => int(102)\n  ["msg"] => string(20) "应用appid不存在"\n}'
    [finding] = explain(bundled_index(), dump)["findings"]
    assert finding["code"] == "102" and finding["ambiguous"] is True
    assert _codes("云信 返回 Array\n(\n    [code] => 302\n    [msg] => 登录失败\n)") == [("302", "netease-webrtc", False)]
    assert _codes("云信 login: array (\n  'code' => 302,\n  'msg' => 'x',\n)") == [("302", "netease-webrtc", False)]
    # an array of counts is nothing
    assert explain(bundled_index(), 'array(1) {\n  ["rooms"] => int(102)\n}')["findings"] == []


def test_an_html_tables_rows_are_read_like_a_markdown_tables():
    html = ('<tr>\n<td style="text-align: left;">401</td>\n<td>access_token校验失败</td>\n</tr>\n'
            '<tr>\n<td style="text-align: left;">402</td>\n<td>access_token为空</td>\n</tr>')
    [finding] = explain(bundled_index(), html)["findings"]
    assert finding["code"] == "401" and finding["ambiguous"] is True
    assert _codes("<table><tr><td>435</td><td>No recorded files were created.</td></tr></table>") == [
        ("435", "agora-cloud-recording", False)]
    # a table of counts is nothing
    assert explain(bundled_index(), "<tr><td>401</td><td>orders shipped to Berlin</td></tr>")["findings"] == []


def test_bare_http_statuses_as_people_and_tools_write_them_are_ambiguous_lists():
    for text in (
        "The API responds 403", "the server answered with 401",  # verbs
        "Server response: 500", "responseCode=403", "response status is 403", "ret=401",  # keys
        "http状态码401",  # a Chinese key glued to "http"
        "401 Authorization Required", "414 Request-URI Too Large", "422 Unprocessable Content",  # other servers, RFC 9110
        "HTTPError 404",  # an exception class named for the error
        "<Response [401]>", "r = <Response [403]>",  # Python requests' Response
    ):
        findings = explain(bundled_index(), text)["findings"]
        assert findings and all(f["ambiguous"] or not f["matches"] for f in findings), text
        assert findings[0]["code"] in ("401", "403", "404", "500", "414", "422"), text
    for quiet in ("Server response: 500 ms on average", "ret=401 rows", "the API responds 403 times a day",
                  "the response: 404 pages were crawled",
                  "<Response [200]>"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_error_bodies_keyed_ret_result_or_state_with_a_message_are_read():
    for body in ('{"ret":404,"msg":"not found"}', '{"result":401,"desc":"鉴权失败"}',
                 '{"state":401,"message":"未登录"}', '{"ret": 2, "msg": "参数错误"}'):
        findings = explain(bundled_index(), body)["findings"]
        assert len(findings) == 1 and findings[0]["ambiguous"], body
    # a state or a result that is no error is nothing
    for quiet in ('{"state": 1, "message": "running"}', '{"result": 200, "msg": "ok"}', '{"ret": 0, "msg": "成功"}',
                  '{"result": 404, "items": 3}', '{"status": 2, "message": "queued"}',
                  '{"status": 500, "message": "processing"}'):  # a job's status beside a message that says no failure
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_xml_error_bodies_are_read():
    [finding] = explain(bundled_index(), "<xml><return_code>FAIL</return_code><err_code>403</err_code></xml>")["findings"]
    assert finding["code"] == "403" and finding["ambiguous"] is True
    assert _codes("腾讯云直播 <Response><Error><Code>AuthFailure.SignatureExpire</Code></Error></Response>") == [
        ("AuthFailure.SignatureExpire", "tencent-live", False)]
    assert explain(bundled_index(), "<item><code>403</code><name>room 403</name></item>")["findings"] == []


def test_chinese_reports_of_a_status_are_read():
    for text in ("401未授权", "403禁止访问", "调接口老是 404", "返回 code 401", "访问被拒绝(403)", "鉴权失败（401）"):
        findings = explain(bundled_index(), text)["findings"]
        assert findings and findings[0]["code"] in ("401", "403", "404") and findings[0]["ambiguous"], text
    for quiet in ("登录 416 次", "每天上传 500。", "房间 401 号", "code 401 行"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_codes_listed_in_source_comments_are_read():
    enum = ("enum ErrorCode {\n  /** 110: The token is invalid. */\n  InvalidToken = 110,\n"
            "  /** 1013: Audio device module: An error occurs in stopping the recording device. */\n}")
    assert [f["code"] for f in explain(bundled_index(), enum)["findings"]] == ["110", "1013"]
    assert [f["code"] for f in explain(bundled_index(), "// 435: No recorded files.\n# 433: The resource ID expired.")[
        "findings"]] == ["435", "433"]


def test_a_stored_pages_table_with_one_cell_a_line_is_read_under_its_code_header():
    page = "Status code\nDescription\n200\nSuccessful request\n400\nBad request\n401\nAuthorization error\n404\nThe item was not found"
    codes = [f["code"] for f in explain(bundled_index(), page)["findings"]]
    assert codes == ["400", "401", "404"]
    assert all(f["ambiguous"] for f in explain(bundled_index(), page)["findings"])
    # numbers one a line with no code header are no table of codes
    assert explain(bundled_index(), "Rooms\nDescription\n400\nBig hall\n401\nSmall hall")["findings"] == []
    # the number before a symbolic code's line is that code's HTTP status
    statuses = "状态码\n错误码\n错误信息\n400\nMissingParameter\n\nThe required parameter %s is missing."
    assert [f["code"] for f in explain(bundled_index(), statuses)["findings"]] == ["MissingParameter"]


def test_more_table_layouts_of_http_statuses_are_read():
    for page in ("Response codes\n401\nUnauthorized\n404\nNot found",  # one cell a line; a one-word reason
                 "HTTP Status Code | Description\n401 | Unauthorized: authentication failed.\n404 | Not Found",  # no outer pipes
                 "Status code\tDescription\n401\tUnauthorized\n404\tNot found",  # tab-separated
                 "<dl><dt>401</dt><dd>Unauthorized: the access token is invalid.</dd><dt>404</dt><dd>Not found</dd></dl>"):
        findings = explain(bundled_index(), page)["findings"]
        assert [f["code"] for f in findings] == ["401", "404"] and all(f["ambiguous"] for f in findings), page
    for quiet in ("Year | Rooms\n2019 | 401 rooms\n2020 | 404 rooms", "Floor\tRoom\n4\t401\n4\t404"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_a_status_in_brackets_after_an_error_word_is_read():
    [(code, _catalog, ambiguous)] = _codes("upload failed: http client error [405] from the origin")
    assert code == "405" and ambiguous  # no vendor in sight: a list of candidates
    # a log level's process id, a count in brackets: nothing
    for quiet in ("ERROR [1234] worker exited", "retry error [3] of 5", "error [12] lines skipped"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_a_body_that_holds_no_code_is_read_for_the_error_its_message_quotes():
    body = '{"Type": "Failed to Write to Output", "Message": "Failed to push segment, error [http client error [405]]"}'
    [(code, _catalog, ambiguous)] = _codes(body)
    assert code == "405" and ambiguous
    # a body with its own code is read for that code alone; a message without an error word is nothing
    assert [c for c, _, _ in _codes('{"code": 435, "message": "got http client error [405] upstream"}')] == ["435"]
    assert explain(bundled_index(), '{"Message": "uploaded 405 files in 3 batches"}')["findings"] == []


def test_an_http_reason_run_together_with_its_status_is_read():
    # stored pages that run a table's cells together drop the spaces: "408Requesttimeout"
    [(code, _catalog, ambiguous)] = _codes("SIP 状态码: 19) 408Requesttimeout 在timeout时间过期前,server不能产生响应")
    assert code == "408" and ambiguous
    assert explain(bundled_index(), "we booked room 408 for the request timeout review")["findings"] == []


def test_a_markdown_table_stored_on_one_line_is_read_as_its_rows():
    # a page stored without its line breaks: header, separator and rows on one line
    page = ("## Errors | Code | Cause | Fix | |------|-------|-----| | 435 | No recorded files | Check the streams | "
            "| 404 | Resource expired | Acquire again |")
    found = explain(bundled_index(), "Agora cloud recording " + page)["findings"]
    assert [f["code"] for f in found] == ["435", "404"]
    # the same table without the vendor: 435 is only cloud recording's, 404 a bare HTTP-like number
    assert [(c, amb) for c, _cat, amb in _codes(page)] == [("435", False), ("404", True)]
    # the rows are put back where they were: one character for one
    from bot.payload.normalize import clean
    assert len(clean(page, [])) == len(page) and clean(page, []).count("\n") == 3
    # a table already on its lines, and a one-line table of counts, stay as they are / quiet
    assert clean("| a | b |\n|---|---|\n| 1 | 2 |\n", []) == "| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert explain(bundled_index(), "| Year | Rooms | |---|---| | 2019 | 401 | | 2020 | 404 |")["findings"] == []


def test_a_table_whose_cells_ran_together_is_read_under_its_code_header():
    page = "HTTP 状态码错误码错误信息描述\n400The specified parameter is not valid.请求参数不合法\n403User not authorized.该用户未被授权"
    found = explain(bundled_index(), page)["findings"]
    assert [f["code"] for f in found] == ["400", "403"] and all(f["ambiguous"] for f in found)
    # no code header: a year glued to a word is no row of codes
    assert explain(bundled_index(), "年度报告\n2019Annual report of the 403 club")["findings"] == []
