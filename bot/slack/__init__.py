"""The Slack layer: a thin bolt-python AsyncApp over bot.api (lookup, explain, knowledge).

settings.py reads the environment, app.py builds the app, listeners/ holds what it answers,
http.py is the aiohttp application, runners.py the HTTP and Socket Mode loops, serve.py
`errcode serve` itself.
"""
