"""Benchmarks for errcode (`python -m bench`). Not shipped with the bot."""
