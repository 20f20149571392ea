"""Every word errcode says to a person, in Chinese and in English, in one table.

Labels, kinds, the search's notes, usage, help, the App Home, errors and the command line's
own lines: an answer is drawn in one language from here, so a Chinese answer has no English
label and an English one no Chinese section name. Codes, commands, vendor and product names and
the vendors' own words (a catalog's meaning, handling, title) are not words of ours and are
not here. `tests/test_words.py` checks both tables carry the same keys and placeholders.
"""

from __future__ import annotations

from bot.results import Hint, hints_of

LANGS = ("en", "zh")

_EN: dict[str, str] = {
    # -- an entry
    "meaning": "Meaning",
    "handling": "Handling",
    "context": "When",
    "note": "Reviewer's note",
    "source": "Source",
    "colon": ":",
    "quoted": "'{q}'",
    "no_address": "no public address known",
    "kind.http_status": "HTTP status",
    "kind.service_status": "service status",
    "kind.server_code": "server code",
    "kind.success": "success",
    # -- a lookup
    "no_match": "Nothing in the catalogs matches {q}.",
    "did_you_mean": "Did you mean {s}?",
    "n_matches": "{n} matches for {q}, best first.",
    "narrow_to": "{vendor} only",
    "more": "{n} more",
    "more_hidden": "{n} more not shown; narrow the query.",
    "translated_from": "Translated from the vendor's {language} document; the original: {x}",
    "lang.zh": "Chinese",
    "lang.en": "English",
    # -- what reading a paste left out (bot.results.skip)
    "skip.truncated": "input truncated: only the first {read:,} of {total:,} characters were read",
    "skip.blocks": "only the first {max} JSON blocks were parsed",
    "skip.too_deep": "{n} JSON block(s) nested deeper than {depth} levels were not parsed",
    "skip.repair_cut": "{n} large damaged JSON block(s): only the first {prefix:,} characters were repaired",
    "skip.repair_budget": "{n} damaged JSON block(s) were not repaired (repair budget spent)",
    "skip.nodes": "only the first {max:,} JSON values were examined",
    "skip.findings": "only the first {max} findings are reported",
    # -- the search's notes
    "note.fallback": "{asked} is not listed; showing its parent {code}.",
    "note.fuzzy": "No exact match; closest spelling: {x}.",
    "note.prefix": "{x} alone is not a code here; these are {family} codes, type the full name to pick one.",
    "note.vendors": "{code} is documented by {vendors}; add a vendor to narrow it, e.g. {example}.",
    "note.names": "{code} stands for {n} {vendor} entries ({names}); add the name or a few words to pick one.",
    "note.outside": "No {vendors} entry matches; these come from other vendors.",
    "note.unknown_numbers": "{codes}: not in any loaded catalog (numbers are matched exactly, never approximately).",
    "note.vendor_only": "Add a code or a few words to the vendor, e.g. {example}.",
    "note.vendor_only_bare": "Add a code or a few words to the vendor.",
    "note.uncovered": "Looks like a {x} error; errcode has no {x} catalog.",
    # -- a pasted error
    "found": "Found {code}",
    "vendor_unknown": "vendor unknown",
    "message": "Message",
    "request_id": "Request ID",
    "no_entry": "No catalog entry for this code.",
    "uncovered": "Looks like a {x} error; errcode has no {x} catalog.",
    "not_in_catalogs": "{x} is not in the catalogs.",
    "ambiguous": "No vendor in sight: these are every catalog's entries for this code.",
    "http_status": "HTTP status {x}",
    "fallback": "{x} is not listed; showing its parent code",
    "server_code": "serverCode {x}: {m}",
    "more_findings": "…and {n} more errors in the text.",
    "no_findings": "No error code found in the text.",
    # -- buttons and Slack
    "share": "Share in channel",
    "shared": "{user} shared {cmd}",
    "to_original": "原文 / Original",
    "to_english": "English",
    "to_chinese": "中文 / Chinese",
    "notify_none": "Nothing in the catalogs matches {q}.",
    "greeting": "Hi! Send me an error code, a log line or a pasted error and I'll say what it means. Type `help` for more.",
    "too_slow": "That took too long to look up; try a shorter query or paste.",
    "busy": "errcode is busy right now and could not look that up; please try again in a minute.",
    "broken": "Something went wrong looking that up; the error is logged. Please try again.",
    "help_title": "How to use errcode",
    "usage_title": "Give {cmd} something to look up, e.g. {cmd} 433",
    # -- usage, help, catalogs, App Home
    "usage": "Try a code ({cmd} 433), a symbolic name ({cmd} AuthFailure.SignatureExpire) or words "
    "({cmd} signature expired); add a vendor to narrow ({cmd} agora 433).",
    "usage_more": "{cmd} vendors lists the catalogs, {cmd} help explains more.",
    "usage_empty": "Give {cmd} something to look up.",
    "help_intro": "errcode tells you what an RTC vendor's error code means and what to do about it.",
    "help_lookup": "{examples}: look something up (only you see the answer; {share} posts it).",
    "help_vendors": "{cmd}: the catalogs errcode knows.",
    "help_lang": "Answers come in your Slack language (a query in Chinese gets Chinese); {zh} or {en} in a "
    "query picks one, and the {toggle} button shows the vendor's own words.",
    "help_paste": "Paste an error (JSON, a log line, an SDK exception) in a channel I'm in, in a direct "
    "message, or mention me: I answer it. Ask a follow-up in the thread ({example}) and I keep the vendor.",
    "follow_up_example": "and 435?",
    "catalogs_title": "Catalogs",
    "catalog_line": "{vendor} · {product} ({id}): {n} entries",
    "catalogs_total": "{n} catalogs, {total} entries.",
    "no_catalogs": "No catalogs are loaded.",
    # -- the command line's own lines
    "cli_lookup_usage": "give a code, a name or some words, e.g. {x}",
    "cli_waiting_paste": "Paste the error text, then press Ctrl-D (Ctrl-Z and Enter on Windows) to finish.",
    "cli_waiting_lookup": "Type a code, a name or some words, then press Ctrl-D (Ctrl-Z and Enter on Windows).",
    "cli_building": "Building the search index of the catalogs (first run, a few seconds)…",
    "cli_no_such_list": "no vendor or catalog named {x}; known: {known}",
    "cli_no_file": "cannot read {x}: {why}",
    "cli_bad_catalogs": "the bundled catalogs are invalid:",
    "cli_team_catalog_skipped": "team catalog skipped: {x}",
    "cli_limit_too_small": "--limit must be at least 1",
    # -- the command line's help (argparse's own headings included)
    "cli.usage": "usage: ",
    "cli.error": "error",
    "cli.positionals": "arguments",
    "cli.options": "options",
    "cli.commands": "commands",
    "cli.help": "show this help and exit",
    "cli.version": "show the version and exit",
    "cli.description": "What an RTC vendor's error code means and what to do about it.",
    "cli.epilog": "e.g. errcode lookup 433 · errcode lookup agora 404 · errcode paste error.log · errcode list agora",
    "cli.json": "print the JSON result",
    "cli.lang": "answer language",
    "cli.verbose": "also the catalog reviewers' notes",
    "cli.lookup": "look up a code, a name or words across every catalog",
    "cli.lookup_query": "e.g. {examples}; - or none: standard input",
    "cli.limit": "most matches to show (default 5)",
    "cli.oneline": "one line a match: vendor code: meaning",
    "cli.paste": "explain every error in a text (a file, or standard input)",
    "cli.paste_file": "a file holding the text; - or none: standard input",
    "cli.list": "the catalogs, or every code of a vendor or a catalog",
    "cli.list_which": "e.g. agora, 声网, tencent-live",
    "cli.serve": "run the Slack bot (HTTP, or Socket Mode with SLACK_APP_TOKEN)",
    "cli.serve_description": "Run the Slack bot. It is configured by its environment.",
    "cli.environment": "environment",
    "cli.env.slack": "HTTP mode: POST /slack/events on PORT (default 3000)",
    "cli.env.app_token": "Socket Mode instead of HTTP",
    "cli.env.api_url": "Slack Web API base URL (default https://slack.com/api/)",
    "cli.env.oauth": "several workspaces (OAuth: /slack/install)",
    "cli.env.catalogs": "more catalog files or folders, separated by ':'",
    "cli.env.lang": "default answer language, zh or en",
    "cli.env.data_dir": "where errcode keeps its files (default ./.errcode)",
    "cli.env.database": "installations, feedback (SQLAlchemy URL)",
    "cli.env.redis": "state shared by several instances",
    "cli.env.host": "address to bind; /metrics on its own port",
    "cli.env.drain": "on SIGTERM, how long answers may still finish (default 8)",
    "cli.catalogs": "list, check or import catalogs",
    "cli.catalogs_list": "catalogs with entry counts per kind",
    "cli.catalogs_check": "validate every catalog; problems with file and line",
    "cli.catalogs_verbose": "also each entry's reviewer note",
    "cli.import": "turn a vendor's error-code page (file or URL) into a draft catalog",
    "cli.import_document": "the page: markdown/MDX, HTML, reStructuredText, an SDK source, or an http(s) URL",
    "cli.import_id": "catalog id, e.g. agora-cloud-recording (required unless --update)",
    "cli.import_vendor": "vendor id, e.g. agora (required unless --update)",
    "cli.import_product": "product name",
    "cli.import_language": "the page's language (default zh)",
    "cli.import_url": "public page of the document",
    "cli.import_output": "write here instead of standard output",
    "cli.import_update": "re-import into this reviewed catalog (written in place unless -o): lists added/removed/changed",
    "cli.import_format": "the page's format (default: from its name)",
    "cli.stats": "what Slack asked that no catalog holds, top codes, 👎'd answers",
    "cli.stats_since": "the window: 7d (default), 24h, 2w",
    "cli.stats_team": "one workspace (its Slack team id); default: each in turn",
    "cli.stats_lang": "language of the text output",
    "cli.stats_limit": "most rows per section (default 10)",
}

_ZH: dict[str, str] = {
    "meaning": "含义",
    "handling": "处理方法",
    "context": "出现场景",
    "note": "审校备注",
    "source": "来源",
    "colon": "：",
    "quoted": "“{q}”",
    "no_address": "未知公开地址",
    "kind.http_status": "HTTP 状态码",
    "kind.service_status": "服务状态",
    "kind.server_code": "服务端错误码",
    "kind.success": "成功",
    "no_match": "目录里没有与 {q} 匹配的条目。",
    "did_you_mean": "你要找的是不是 {s}？",
    "n_matches": "{q} 有 {n} 条结果，最相关的在前。",
    "narrow_to": "只看{vendor}",
    "more": "另外 {n} 条",
    "more_hidden": "另有 {n} 条未显示；请缩小查询范围。",
    "translated_from": "以上为厂商{language}文档的译文；原文：{x}",
    "lang.zh": "中文",
    "lang.en": "英文",
    "skip.truncated": "输入过长：只读了前 {read:,} 个字符（共 {total:,} 个）",
    "skip.blocks": "只解析了前 {max} 个 JSON 块",
    "skip.too_deep": "{n} 个 JSON 块嵌套超过 {depth} 层，未解析",
    "skip.repair_cut": "{n} 个损坏的大 JSON 块只修复了前 {prefix:,} 个字符",
    "skip.repair_budget": "{n} 个损坏的 JSON 块未修复（修复时间已用完）",
    "skip.nodes": "只检查了前 {max:,} 个 JSON 值",
    "skip.findings": "只报告前 {max} 个发现",
    "note.fallback": "目录未列出 {asked}，以下是其上级错误码 {code}。",
    "note.fuzzy": "没有完全匹配的条目；最接近的写法：{x}。",
    "note.prefix": "{x} 本身不是错误码；以下是 {family} 错误码，输入完整名称可选定一个。",
    "note.vendors": "{vendors} 的文档里都有 {code}；加上厂商可缩小范围，例如 {example}。",
    "note.names": "{code} 在 {vendor} 有 {n} 个条目（{names}）；加上名称或几个词可选定一个。",
    "note.outside": "{vendors} 没有匹配的条目；以下来自其他厂商。",
    "note.unknown_numbers": "{codes}：已加载的目录里都没有（数字只做精确匹配，不做近似匹配）。",
    "note.vendor_only": "请在厂商后加上错误码或几个词，例如 {example}。",
    "note.vendor_only_bare": "请在厂商后加上错误码或几个词。",
    "note.uncovered": "看起来是 {x} 的错误；errcode 没有 {x} 的目录。",
    "found": "发现 {code}",
    "vendor_unknown": "厂商未知",
    "message": "消息",
    "request_id": "请求 ID",
    "no_entry": "目录里没有这个错误码。",
    "uncovered": "看起来是 {x} 的错误；errcode 没有 {x} 的目录。",
    "not_in_catalogs": "目录里没有 {x}。",
    "ambiguous": "看不出是哪家厂商的错误：以下是各目录里这个错误码的条目。",
    "http_status": "HTTP 状态码 {x}",
    "fallback": "目录未列出 {x}，以下是其上级错误码",
    "server_code": "serverCode {x}：{m}",
    "more_findings": "……文本里还有 {n} 个错误。",
    "no_findings": "文本里没有找到错误码。",
    "share": "分享到频道",
    "shared": "{user} 分享了 {cmd}",
    "to_original": "原文 / Original",
    "to_english": "English",
    "to_chinese": "中文 / Chinese",
    "notify_none": "目录里没有与 {q} 匹配的条目。",
    "greeting": "你好！发给我一个错误码、一行日志或一段报错，我来说明它的含义。输入 `帮助` 查看更多。",
    "too_slow": "查询超时；请换一个短一些的查询或文本。",
    "busy": "errcode 现在太忙，没能查询；请过一分钟再试。",
    "broken": "查询时出错了，错误已记录。请再试一次。",
    "help_title": "errcode 使用说明",
    "usage_title": "请给 {cmd} 一个要查的内容，例如 {cmd} 433",
    "usage": "可以查错误码（{cmd} 433）、符号名（{cmd} AuthFailure.SignatureExpire）或几个词"
    "（{cmd} 签名过期）；加上厂商可缩小范围（{cmd} agora 433）。",
    "usage_more": "{cmd} 目录 列出所有目录，{cmd} 帮助 查看更多说明。",
    "usage_empty": "请给 {cmd} 一个要查的内容。",
    "help_intro": "errcode 告诉你 RTC 厂商的错误码是什么意思、该怎么处理。",
    "help_lookup": "{examples}：查询（只有你能看到回答；{share} 可发到频道）。",
    "help_vendors": "{cmd}：errcode 收录的目录。",
    "help_lang": "回答使用你的 Slack 语言（中文查询得到中文回答）；查询里写 {zh} 或 {en} 可指定语言，"
    "{toggle} 按钮显示英文译文。",
    "help_paste": "在我所在的频道、私信里贴出报错（JSON、日志行、SDK 异常），或 @ 我：我会回答。"
    "在同一话题里追问（{example}），我会沿用同一厂商。",
    "follow_up_example": "那 435 呢？",
    "catalogs_title": "目录",
    "catalog_line": "{vendor} · {product}（{id}）：{n} 条",
    "catalogs_total": "共 {n} 个目录，{total} 条。",
    "no_catalogs": "没有加载任何目录。",
    "cli_lookup_usage": "请给出错误码、名称或几个词，例如 {x}",
    "cli_waiting_paste": "请粘贴报错文本，然后按 Ctrl-D（Windows 上按 Ctrl-Z 再回车）结束。",
    "cli_waiting_lookup": "请输入错误码、名称或几个词，然后按 Ctrl-D（Windows 上按 Ctrl-Z 再回车）。",
    "cli_building": "首次运行，正在为目录建立搜索索引（几秒钟）……",
    "cli_no_such_list": "没有名为 {x} 的厂商或目录；已有：{known}",
    "cli_no_file": "无法读取 {x}：{why}",
    "cli_bad_catalogs": "内置目录无效：",
    "cli_team_catalog_skipped": "已跳过团队目录：{x}",
    "cli_limit_too_small": "--limit 至少为 1",
    "cli.usage": "用法：",
    "cli.error": "错误",
    "cli.positionals": "参数",
    "cli.options": "选项",
    "cli.commands": "命令",
    "cli.help": "显示本帮助并退出",
    "cli.version": "显示版本号并退出",
    "cli.description": "RTC 厂商错误码的含义与处理方法。",
    "cli.epilog": "例如 errcode lookup 433 · errcode lookup agora 404 · errcode paste error.log · errcode list agora",
    "cli.json": "输出 JSON 结果",
    "cli.lang": "回答语言",
    "cli.verbose": "同时显示目录审校者的备注",
    "cli.lookup": "在所有目录中查找错误码、名称或关键词",
    "cli.lookup_query": "例如 {examples}；- 或不给：读标准输入",
    "cli.limit": "最多显示几条匹配（默认 5）",
    "cli.oneline": "每条匹配一行：厂商 错误码: 含义",
    "cli.paste": "解释一段文本（文件或标准输入）中的每个报错",
    "cli.paste_file": "存放文本的文件；- 或不给：读标准输入",
    "cli.list": "列出目录，或某个厂商、某个目录的全部错误码",
    "cli.list_which": "例如 agora、声网、tencent-live",
    "cli.serve": "运行 Slack 机器人（HTTP；设置 SLACK_APP_TOKEN 时用 Socket Mode）",
    "cli.serve_description": "运行 Slack 机器人，配置来自环境变量。",
    "cli.environment": "环境变量",
    "cli.env.slack": "HTTP 模式：在 PORT（默认 3000）上接收 POST /slack/events",
    "cli.env.app_token": "改用 Socket Mode，而非 HTTP",
    "cli.env.api_url": "Slack Web API 地址（默认 https://slack.com/api/）",
    "cli.env.oauth": "安装到多个工作区（OAuth：/slack/install）",
    "cli.env.catalogs": "更多目录文件或文件夹，以 ':' 分隔",
    "cli.env.lang": "默认回答语言，zh 或 en",
    "cli.env.data_dir": "errcode 存放文件的位置（默认 ./.errcode）",
    "cli.env.database": "安装信息与反馈（SQLAlchemy URL）",
    "cli.env.redis": "多个实例共享的状态",
    "cli.env.host": "绑定的地址；/metrics 使用单独端口",
    "cli.env.drain": "收到 SIGTERM 后，回答还可完成的秒数（默认 8）",
    "cli.catalogs": "列出、检查或导入目录",
    "cli.catalogs_list": "目录及各类条目数",
    "cli.catalogs_check": "校验每个目录；问题附文件与行号",
    "cli.catalogs_verbose": "同时显示每条的审校备注",
    "cli.import": "把厂商的错误码页面（文件或 URL）转成目录草稿",
    "cli.import_document": "页面：markdown/MDX、HTML、reStructuredText、SDK 源码，或 http(s) URL",
    "cli.import_id": "目录 id，例如 agora-cloud-recording（未用 --update 时必填）",
    "cli.import_vendor": "厂商 id，例如 agora（未用 --update 时必填）",
    "cli.import_product": "产品名称",
    "cli.import_language": "页面的语言（默认 zh）",
    "cli.import_url": "该文档的公开地址",
    "cli.import_output": "写入此文件，而非标准输出",
    "cli.import_update": "重新导入到这个已审校的目录（未给 -o 时原地写入）：列出新增、删除、改动",
    "cli.import_format": "页面格式（默认按文件名判断）",
    "cli.stats": "Slack 里问到而目录没有的错误码、最常查的错误码、被点 👎 的回答",
    "cli.stats_since": "时间范围：7d（默认）、24h、2w",
    "cli.stats_team": "只看一个工作区（其 Slack team id）；默认逐个列出",
    "cli.stats_lang": "文本输出的语言",
    "cli.stats_limit": "每部分最多几行（默认 10）",
}

# Feedback (👍/👎 and its modal), sharing, the App Home and `errcode stats`: nested where a
# fixed set of values each has its words (reasons, why a share failed, kinds of unknown code).
_FEEDBACK_AND_HOME: dict[str, dict] = {
    "en": {
        "helpful": "👍 Helpful",
        "not_helpful": "👎 Not helpful",
        "thanks": "Thanks, noted: the team sees it in `errcode stats` and on errcode's Home.",
        "not_kept": "Thanks, but your vote could not be kept just now (errcode's database is in trouble).",
        "modal_title": "What was wrong?",
        "modal_submit": "Send",
        "modal_cancel": "Skip",
        "modal_question": "What was wrong with this answer?",
        "reasons": {
            "wrong_entry": "The wrong error",
            "wrong_vendor": "The wrong vendor",
            "outdated": "Outdated",
            "not_helpful": "Right error, advice didn't help",
            "other": "Something else",
        },
        "shared_answer": "{user} shared errcode's answer",
        "share_failed": "I could not post this in <#{channel}>: {why}",
        "why": {
            "not_in_channel": "it is private and I am not a member. Invite me (`/invite @errcode`) and press Share again.",
            "channel_not_found": "I can't see that conversation (private, or a DM I'm not in).",
            "is_archived": "the channel is archived.",
            "restricted_action": "this workspace restricts who may post there.",
            "missing_scope": "the app lacks the `chat:write.public` scope; reinstall it to grant it.",
            "": "Slack did not take it; please try again.",
        },
        "home_title": "errcode",
        "home_intro": "Look up an RTC vendor's error code, or paste an error: answers come here. "
        "On any message, *⋯ → Explain this error* answers you privately.",
        "search_label": "Look up a code or paste an error",
        "search_hint": "433, agora 433, AuthFailure.SignatureExpire, 签名过期, or a JSON error",
        "search_result": "Answer to your search",
        "catalogs": "Catalogs in this workspace",
        "entries": "{n} entries",
        "bundled": "bundled",
        "own": "this workspace's own",
        "top_codes": "Top codes this week",
        "unknown": "Asked this week, not in any catalog",
        "downvoted": "Answers marked 👎 this week",
        "nothing_yet": "Nothing yet.",
        "times": "{n}×",
        "vendor_unknown": "vendor not said",
        "import_hint": "Add the vendor's page: {cmd}",
        "stats_title": "errcode stats since {since} (UTC)",
        "stats_top": "Top codes",
        "stats_unknown": "Asked, not in any catalog",
        "stats_down": "Answers marked 👎",
        "votes": "Feedback: {up} 👍, {down} 👎",
        "kinds": {
            "no_match": "no match",
            "no_entry": "found in a paste, no entry",
            "uncovered_vendor": "vendor not covered",
        },
    },
    "zh": {
        "helpful": "👍 有帮助",
        "not_helpful": "👎 没帮助",
        "thanks": "谢谢，已记录：团队可在 `errcode stats` 和 errcode 的主页看到。",
        "not_kept": "谢谢，但暂时无法记录你的反馈（errcode 的数据库出了问题）。",
        "modal_title": "哪里不对？",
        "modal_submit": "提交",
        "modal_cancel": "跳过",
        "modal_question": "这个回答哪里不对？",
        "reasons": {
            "wrong_entry": "不是这个错误",
            "wrong_vendor": "厂商不对",
            "outdated": "内容过时",
            "not_helpful": "错误对，但处理方法没用",
            "other": "其他",
        },
        "shared_answer": "{user} 分享了 errcode 的回答",
        "share_failed": "无法发到 <#{channel}>：{why}",
        "why": {
            "not_in_channel": "这是私有频道，我不是成员。请先邀请我（`/invite @errcode`）再点分享。",
            "channel_not_found": "我看不到这个会话（私有频道，或我不在的私信）。",
            "is_archived": "频道已归档。",
            "restricted_action": "这个工作区限制了谁能在那里发消息。",
            "missing_scope": "应用缺少 `chat:write.public` 权限，请重新安装以授予。",
            "": "Slack 没有接受，请再试一次。",
        },
        "home_title": "errcode",
        "home_intro": "查询 RTC 厂商的错误码，或粘贴一段报错：答案显示在这里。"
        "在任意消息上点 *⋯ → Explain this error*，答案只发给你。",
        "search_label": "查错误码或粘贴报错",
        "search_hint": "433、agora 433、AuthFailure.SignatureExpire、签名过期，或一段 JSON 报错",
        "search_result": "查询结果",
        "catalogs": "本工作区的错误码目录",
        "entries": "{n} 条",
        "bundled": "内置",
        "own": "本工作区自有",
        "top_codes": "本周查询最多的错误码",
        "unknown": "本周被问到、目录里没有的错误码",
        "downvoted": "本周被点 👎 的回答",
        "nothing_yet": "暂无。",
        "times": "{n} 次",
        "vendor_unknown": "未说明厂商",
        "import_hint": "导入厂商文档：{cmd}",
        "stats_title": "errcode 统计，自 {since} (UTC) 起",
        "stats_top": "查询最多的错误码",
        "stats_unknown": "被问到、目录里没有的错误码",
        "stats_down": "被点 👎 的回答",
        "votes": "反馈：{up} 👍，{down} 👎",
        "kinds": {
            "no_match": "无匹配",
            "no_entry": "粘贴中发现，目录无条目",
            "uncovered_vendor": "厂商未收录",
        },
    },
}

TABLES = {"en": _EN, "zh": _ZH}
HELP_WORDS = frozenset({"help", "-h", "--help", "?", "？", "帮助", "说明", "使用说明"})
GREETINGS = frozenset({"hi", "hello", "hey", "yo", "hola", "你好", "您好", "嗨", "哈喽", "在吗", "在么"})


def language(lang: str | None) -> str:
    return lang if lang in TABLES else "en"


def word(lang: str | None, key: str, **values: object) -> str:
    """The sentence `key` in `lang` (English when unknown), with its {placeholders} filled."""
    text = (_ZH if lang == "zh" else _EN)[key]  # (language(lang), said once per call)
    return text.format(**values) if values else text


def kind_label(kind: str, lang: str | None) -> str | None:
    """"HTTP status", "服务端错误码"...; None for a plain error (no label needed)."""
    return TABLES[language(lang)].get(f"kind.{kind}")


def language_name(code: str, lang: str | None) -> str:
    return TABLES[language(lang)].get(f"lang.{code}", code)


def toggle_label(target: str, source_lang: str | None) -> str:
    """The language button's label: to the vendor's own words, or to English / Chinese."""
    if target == source_lang:
        return word(None, "to_original")
    return word(None, "to_english") if target == "en" else word(None, "to_chinese")


def is_help(text: str) -> bool:
    return text.strip().lower().rstrip("!！.。") in HELP_WORDS


def is_greeting(text: str) -> bool:
    return text.strip().lower().rstrip("!！.。~～ ") in GREETINGS


def _vendor_names(ids: list, lang: str | None) -> str:
    from bot.vendors import vendor_display

    return ("、" if lang == "zh" else ", ").join(vendor_display(v, lang) for v in ids)


def hint_sentence(hint: Hint, lang: str | None) -> str | None:
    """One of the search's hints said in `lang`, for the CLI, Slack and the JSON's `hint` alike;
    None for a kind this table does not know."""
    from bot.vendors import product_display, vendor_display

    kind, note, q = hint.kind, hint.values, (lambda s: f"`{s}`")
    if kind == "fallback":
        return word(lang, "note.fallback", asked=q(note["asked"]), code=q(note["code"]))
    if kind == "fuzzy":
        return word(lang, "note.fuzzy", x=q(note["closest"]))
    if kind == "prefix":
        return word(lang, "note.prefix", x=q(note["family"]), family=q(note["family"] + ".*"))
    if kind == "vendors":
        return word(
            lang, "note.vendors", code=q(note["code"]), vendors=_vendor_names(note["vendors"], lang),
            example=q(note["example"]),
        )
    if kind == "names":
        names = ", ".join(note.get("names") or []) or "—"
        return word(
            lang, "note.names", code=q(note["code"]), n=note["count"],
            vendor=vendor_display(note["vendor"], lang), names=names,
        )
    if kind == "outside":
        return word(lang, "note.outside", vendors=_vendor_names(note["vendors"], lang))
    if kind == "unknown_numbers":
        return word(lang, "note.unknown_numbers", codes=", ".join(q(c) for c in note["codes"]))
    if kind == "vendor_only":
        if note.get("example"):
            return word(lang, "note.vendor_only", example=q(note["example"]))
        return word(lang, "note.vendor_only_bare")
    if kind == "uncovered":
        name = product_display(note.get("product"), lang) or vendor_display(note.get("vendor"), lang)
        return word(lang, "note.uncovered", x=name)
    return None


def note_sentence(note: dict, lang: str | None) -> str | None:
    """A hint in its JSON form ({"kind": ..., ...}) said in `lang`."""
    return hint_sentence(Hint.from_dict(note), lang) if isinstance(note, dict) else None


def hints_text(hints, lang: str | None) -> str | None:
    """The hints as one string in `lang` (the JSON result's `hint`)."""
    said = [s for s in (hint_sentence(h, lang) for h in hints) if s]
    return ("" if lang == "zh" else " ").join(said) or None


def skips_text(skips, lang: str | None) -> str | None:
    """What reading a paste left out, as one string in `lang` (the JSON result's `skipped`)."""
    said = [word(lang, f"skip.{s.kind}", **s.values) for s in skips if f"skip.{s.kind}" in TABLES["en"]]
    return ("；" if language(lang) == "zh" else "; ").join(said) or None


def note_text(notes: list, lang: str | None) -> str | None:
    """The hints in their JSON form as one string in `lang`."""
    return hints_text(hints_of(notes), lang)


def feedback_words(lang: str | None) -> dict:
    """The feedback, sharing, App Home and stats words in `lang` (bot/render/insights.py draws them)."""
    return _FEEDBACK_AND_HOME[language(lang)]
