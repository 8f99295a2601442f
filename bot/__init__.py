"""Kindred: a self-hosted Slack app that helps teams practise empathetic habits."""

__version__ = "0.1.0"
