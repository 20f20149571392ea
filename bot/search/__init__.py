"""Search across every catalog: whatever follows `/errcode`, the right entry first, chatter nothing.

The face only re-exports. engine.py holds the staged lookup (SearchIndex), query.py reads a query,
index.py holds the keys and postings, rank.py scores, text.py normalises words.
"""

from bot.search.engine import SearchIndex, match_dict
from bot.search.rank import MIN_SCORE

__all__ = ["MIN_SCORE", "SearchIndex", "match_dict"]
