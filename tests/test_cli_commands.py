"""The command line as a person and a script use it: browse, one line a match, files and
standard input, help on a bare `errcode`, the environment in `serve --help`, and what an
interactive `paste` says while it waits. Exit statuses as INTERFACE.md says."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time


def run(*args: str, stdin: str | None = "", lang: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("ERRCODE_LANG", "ERRCODE_CATALOGS")}
    if lang:
        env["ERRCODE_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, input=stdin, env=env, timeout=60
    )


def test_a_bare_errcode_prints_help_not_an_argparse_error():
    proc = run()
    assert proc.returncode == 0 and proc.stderr == ""
    for command in ("lookup", "paste", "list", "serve", "catalogs"):
        assert command in proc.stdout


def test_serve_help_lists_the_environment():
    proc = run("serve", "--help")
    assert proc.returncode == 0
    for variable in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "ERRCODE_CATALOGS", "ERRCODE_LANG"):
        assert variable in proc.stdout


def test_help_speaks_the_language_asked_for_headings_included():
    english = run("lookup", "--help")
    assert english.stdout.startswith("usage: errcode lookup") and "show this help and exit" in english.stdout
    for chinese in (run("lookup", "--help", lang="zh"), run("lookup", "--lang", "zh", "--help")):
        assert chinese.returncode == 0
        assert chinese.stdout.startswith("用法：errcode lookup")
        assert "选项" in chinese.stdout and "最多显示几条匹配" in chinese.stdout
        assert "show this help" not in chinese.stdout and "options" not in chinese.stdout
    serve = run("serve", "--help", lang="zh").stdout
    assert "环境变量" in serve and "多个实例共享的状态" in serve and "REDIS_URL" in serve
    # argparse's own error line, in the asker's language
    wrong = run("lookup", "--limit", "x", lang="zh")
    assert wrong.returncode == 2 and "errcode lookup: 错误:" in wrong.stderr


def test_list_shows_the_catalogs_and_every_code_of_a_vendor_or_catalog():
    catalogs = run("list")
    assert catalogs.returncode == 0 and "(agora-cloud-recording): 36 entries" in catalogs.stdout
    agora = run("list", "声网").stdout.splitlines()
    assert len(agora) == 36 and agora[0] == "agora 2: Invalid parameter."
    assert run("list", "tencent-live").stdout.count("\n") == 62
    assert len(json.loads(run("list", "--json", "netease").stdout)["matches"]) == 93
    unknown = run("list", "livekit")
    assert unknown.returncode == 2 and "livekit" in unknown.stderr and unknown.stdout == ""


def test_oneline_gives_one_line_a_match():
    proc = run("lookup", "--oneline", "404")
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [
        "netease 404 (RoomServerErrChannelNotExist): The room does not exist.",
        "netease 404 (VideoRecordInvalid): The call does not exist.",
        "netease 404: The object (user/group/chat room) does not exist.",
        "agora 404: The server cannot find the resource (web page) for the request.",
    ]


def test_lookup_reads_standard_input_when_no_query_is_given():
    for args in (("lookup",), ("lookup", "-")):
        proc = run(*args, stdin="433\n")
        assert proc.returncode == 0 and "The resource ID has expired." in proc.stdout
    empty = run("lookup", stdin="")
    assert empty.returncode == 2 and "errcode lookup 433" in empty.stderr


def test_lookup_says_how_many_more_there_are_beyond_the_limit():
    proc = run("lookup", "AuthFailure")
    assert "2 more: errcode lookup --limit 7 AuthFailure" in proc.stdout
    assert proc.stdout.count("  AuthFailure.") == 5
    assert run("lookup", "--limit", "7", "AuthFailure").stdout.count("  AuthFailure.") == 7


def test_paste_reads_a_file_or_standard_input(tmp_path):
    log = tmp_path / "error.log"
    log.write_text('2026-12-01 ERROR start failed: {"code":433,"reason":"resource expired"} agora\n', encoding="utf-8")
    from_file = run("paste", str(log))
    assert from_file.returncode == 0 and "The resource ID has expired." in from_file.stdout
    assert f"errcode paste --lang zh {log}" in from_file.stdout  # the original, one command away
    same = from_file.stdout.replace(f" {log}", "")
    assert run("paste", "-", stdin=log.read_text()).stdout == same
    assert run("paste", stdin=log.read_text()).stdout == same
    missing = run("paste", str(tmp_path / "nope.log"))
    assert missing.returncode == 2 and "nope.log" in missing.stderr


def test_notes_for_reviewers_only_with_verbose():
    note = "the name tells them apart"
    assert note not in run("lookup", "netease 404").stdout
    assert note in run("lookup", "--verbose", "netease 404").stdout
    assert note in run("catalogs", "check", "--verbose").stdout and note not in run("catalogs", "check").stdout


def _at_a_terminal(*args: str) -> bytes:
    """What `errcode ARGS` prints at a terminal (a pty), standard error included."""
    env = {k: v for k, v in os.environ.items() if k != "ERRCODE_LANG"}
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(sys.executable, [sys.executable, "-m", "bot", *args], env)
    seen = b""
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(fd)
        os.waitpid(pid, 0)
    return seen


def test_the_first_index_build_says_so_at_a_terminal():
    seen = _at_a_terminal("lookup", "433")
    assert b"Building the search index" in seen and b"The resource ID has expired." in seen
    assert b"Building" not in run("lookup", "433").stderr.encode()  # a script's output stays clean


def test_an_interactive_paste_says_what_it_waits_for():
    env = {k: v for k, v in os.environ.items() if k != "ERRCODE_LANG"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: errcode at a terminal
        os.execve(sys.executable, [sys.executable, "-m", "bot", "paste"], env)
    seen = b""
    deadline = time.monotonic() + 30
    while b"Ctrl-D" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if ready:
            seen += os.read(fd, 4096)
    try:
        assert b"Paste the error text, then press Ctrl-D" in seen
        os.write(fd, b'{"code":433} agora\n\x04')  # the text, then end of input
        while b"resource ID" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1.0)
            if ready:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    break
        assert b"The resource ID has expired." in seen
    finally:
        os.close(fd)
        os.waitpid(pid, 0)


def test_chinese_cli_answers_line_up_and_speak_chinese():
    proc = run("lookup", "433", lang="zh")
    assert "    含义：    resource ID 过期。" in proc.stdout
    assert "    处理方法：获得 resource ID" in proc.stdout
    assert "来源：云端录制 RESTful API 常见错误码和状态码，https://docs.agora.io/" in proc.stdout
