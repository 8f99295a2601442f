"""An optional language model for /kindly: a second opinion and a fluent rewrite, rules as guard.

Off unless `KINDRED_LLM_URL` is set. It speaks the OpenAI-compatible chat API that local servers
(Ollama, llama.cpp, vLLM) and hosted ones share: POST `<url>/chat/completions`. When it is on, the
draft leaves the Kindred server for that endpoint; nothing else does, and the draft is never
logged (only why a call failed). A call that fails, is slower than `TIMEOUT_SECONDS` or answers
something unreadable is dropped silently: /kindly then answers with its rules alone.

What the model says is never trusted on its own. A finding is kept only for words that appear
verbatim in the draft, outside quotation marks; its rewrite only when the rule detectors find
nothing in it (`feedback.coach_with_model`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

import httpx

from bot.config import Settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2.0  # /kindly answers in the 3-second acknowledgement; the rules take ms
MAX_REWRITE_CHARS = 1000
MAX_QUOTES = 5

SYSTEM_PROMPT = (
    "You coach workplace feedback before it is sent. Read the user's draft and answer with one "
    "JSON object and nothing else: "
    '{"harsh": true or false, "quotes": [exact phrases copied from the draft that would hurt '
    'the reader], "rewrite": "a kind, specific version the writer could send as is"}. '
    "A draft is harsh when a thoughtful colleague would say it will land badly: sarcasm, "
    "blame, threats, shaming, condescension, dismissiveness, labels, verdicts with no content. "
    "Direct but respectful criticism is not harsh. The rewrite keeps the writer's facts, "
    "describes behaviour and its impact from the writer's side, invents nothing, and ends with "
    "one open question. Leave rewrite empty when the draft is already kind."
)

_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")


@dataclass(frozen=True)
class ModelOpinion:
    """What the model said about one draft (not yet checked against the draft or the rules)."""

    harsh: bool
    quotes: tuple[str, ...]
    rewrite: str


class ChatModel:
    """One OpenAI-compatible chat endpoint."""

    def __init__(self, url: str, model: str, api_key: str | None = None) -> None:
        base = url.rstrip("/")
        self.endpoint = base if base.endswith("/chat/completions") else base + "/chat/completions"
        self.model = model
        self.headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}

    @classmethod
    def from_settings(cls, settings: Settings) -> ChatModel | None:
        """The configured model, or None when `KINDRED_LLM_URL` is not set (the default)."""
        if settings.KINDRED_LLM_URL is None or settings.KINDRED_LLM_MODEL is None:
            return None
        key = settings.KINDRED_LLM_API_KEY
        return cls(
            str(settings.KINDRED_LLM_URL),
            settings.KINDRED_LLM_MODEL,
            key.get_secret_value() if key is not None else None,
        )

    async def opinion(self, draft: str) -> ModelOpinion | None:
        """The model's reading of `draft`, or None if it failed, was slow or made no sense."""
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": draft},
            ],
        }
        try:
            async with asyncio.timeout(TIMEOUT_SECONDS):
                async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
                    answer = await client.post(self.endpoint, json=body, headers=self.headers)
                    answer.raise_for_status()
                    return _read(answer.json())
        except (TimeoutError, httpx.HTTPError, ValueError, KeyError, TypeError) as error:
            # Why, never what: the draft and the model's answer stay out of the logs.
            logger.warning(
                "language model unavailable (%s); /kindly used its rules alone",
                type(error).__name__,
            )
            return None


def _read(payload: Any) -> ModelOpinion:
    """The opinion inside a chat completion; ValueError / KeyError / TypeError if it has none."""
    content = payload["choices"][0]["message"]["content"]
    data = json.loads(_FENCE.sub("", str(content)))
    if not isinstance(data, dict) or not isinstance(data.get("harsh"), bool):
        raise ValueError("no verdict in the model's answer")
    quotes = data.get("quotes") or []
    rewrite = data.get("rewrite") or ""
    if not isinstance(quotes, list) or not isinstance(rewrite, str):
        raise ValueError("unexpected shapes in the model's answer")
    return ModelOpinion(
        harsh=data["harsh"],
        quotes=tuple(str(q).strip() for q in quotes[:MAX_QUOTES] if str(q).strip()),
        rewrite=rewrite.strip()[:MAX_REWRITE_CHARS],
    )
