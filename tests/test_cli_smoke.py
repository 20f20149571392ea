import subprocess
import sys


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, input=stdin)


def test_usage_error_exits_2_with_reason():
    proc = run("lookup", "--limit", "0", "433")
    assert proc.returncode == 2
    assert "limit" in proc.stderr


def test_unknown_subcommand_exits_2():
    proc = run("frobnicate")
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr
