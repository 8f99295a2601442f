"""A Slack workspace on this machine, shared by the tests, `kindred demo` and `kindred playground`.

The Web API stand-in, requests signed as Slack signs them, and a real `kindred serve`.
"""
