"""What a code looks like: the one token grammar that lookups (bot.search.query), thread
follow-ups (bot.search.follow_up) and the workspace's stats (bot.insights) read codes with.

A code is a number or a symbol. Symbols are dotted (AuthFailure.SignatureExpire), snake_case
(Connect_Failed), camelCase (serviceIdle) or PascalCase of two humps or more (SignatureFailure);
one plain word (timeout, Error) is a word, not a code. A paste's codes are found by bot.payload
from where they stand (a JSON key, a log field, an error word beside them) and are then looked up
as these same two kinds.
"""

from __future__ import annotations

import re

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
DOTTED = re.compile(rf"^{IDENT}(?:\.{IDENT})+$")
CAMEL_OR_SNAKE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[a-z0-9][A-Z]|_)[A-Za-z0-9_]*$")

# The same shapes inside running text. ASCII boundaries, so Chinese may touch a code ("那435呢？",
# "即构的1002"); a sentence's full stop may follow one ("it says 435."); numbers of 1–6 digits
# (longer ones are ids, phone numbers, timestamps). Dotted parts start with a letter: "v1.2" is a
# version, not a code.
CODE_TOKEN = re.compile(
    rf"(?<![A-Za-z0-9_.])(?:\d{{1,6}}|[A-Za-z][A-Za-z0-9_]*(?:\.{IDENT})+|[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+"
    r"|[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+)(?![A-Za-z0-9_]|\.[A-Za-z0-9])"
)
CODE_MAX = 64  # a longer "code" is not a code
SCANNED_CHARS = 2000  # running text is read for codes this far: a wall of text is not a question


def shape(token: str) -> str | None:
    """"number", "symbol" or None: what one token (a query's piece) is, read alone."""
    if token.isdigit():
        return "number"
    if DOTTED.match(token) or CAMEL_OR_SNAKE.match(token):
        return "symbol"
    return None


def has_code(text: str) -> bool:
    """Whether running text names anything code-shaped."""
    return CODE_TOKEN.search(text) is not None


def code_tokens(text: str) -> list[str]:
    """The code-shaped tokens of running text, first mention first, each once."""
    return [t for t in dict.fromkeys(CODE_TOKEN.findall(text[:SCANNED_CHARS])) if len(t) <= CODE_MAX]
