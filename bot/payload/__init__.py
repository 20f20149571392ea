"""Explain pasted payloads: find every error in a paste, say whose it is, stay silent otherwise.

The face only re-exports. pipeline.py runs normalize -> parse -> shapes + patterns -> claims ->
catalogs; entries.py looks a paste's codes up; phrases.py holds the words a paste is searched for.
"""

from bot.payload.pipeline import explain

__all__ = ["explain"]
