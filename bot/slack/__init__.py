"""The Slack layer: a thin bolt-python AsyncApp over bot.api (lookup, explain, knowledge).

app.py builds the app, listeners/ holds what it answers, server.py runs it (`errcode serve`).
"""
