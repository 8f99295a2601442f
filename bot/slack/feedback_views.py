"""/kindly's messages and modals: templates supply the words, blocks.py the structure."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bot.prompts import Prompts
from bot.services.feedback import Coaching, FinalWording, Rewrite
from bot.slack.blocks import (
    SBI_PARTS,
    Block,
    kindly_coaching_blocks,
    kindly_final_modal,
    kindly_sbi_modal,
)


def coaching_blocks(prompts: Prompts, coaching: Coaching) -> tuple[list[Block], str]:
    """The coaching for one draft as blocks, and a plain fallback text for notifications."""
    footer = prompts.render("feedback/private")
    if not coaching.english:
        text = prompts.render("feedback/not_english")
        return kindly_coaching_blocks(text, [], None, None, None, footer), text
    intro = prompts.render(
        "feedback/intro",
        issue_count=len(coaching.findings),
        tone=coaching.tone.label,
        score=coaching.tone.score,
        sarcasm="sarcasm" in coaching.issues,
    )
    findings = [
        prompts.render("feedback/issue", kind=f.kind, quotes=list(f.quotes))
        for f in coaching.findings
    ]
    rewrite = None
    button_value = None
    if coaching.findings:
        parts = coaching.rewrite
        rewrite = prompts.render(
            "feedback/rewrite",
            situation=parts.situation,
            behaviour=parts.behaviour,
            impact=parts.impact,
            question=prompts.render("feedback/question", question=parts.question),
        )
        button_value = parts.to_value()
    works: str | None = prompts.render("feedback/works", strengths=list(coaching.strengths))
    if coaching.findings and not coaching.strengths:
        works = None  # "what already works" with nothing in it would read as a platitude
    blocks = kindly_coaching_blocks(intro, findings, rewrite, works, button_value, footer)
    return blocks, intro


def sbi_modal(prompts: Prompts, rewrite: Rewrite) -> dict[str, Any]:
    """The "Rewrite with SBI" modal, pre-filled from the draft's rewrite."""
    values = {
        "situation": rewrite.situation,
        "behaviour": rewrite.behaviour,
        "impact": rewrite.impact,
        "question": prompts.render("feedback/question", question=rewrite.question),
    }
    labels = {part: prompts.render("feedback/sbi_label", part=part) for part in SBI_PARTS}
    hints = {part: prompts.render("feedback/sbi_hint", part=part) for part in SBI_PARTS}
    return kindly_sbi_modal(prompts.render("feedback/sbi_modal"), values, labels, hints)


def final_modal(prompts: Prompts, wording: FinalWording) -> dict[str, Any]:
    """The finished wording, for the person to copy."""
    return kindly_final_modal(
        prompts.render("feedback/final", **asdict(wording)), prompts.render("feedback/final_note")
    )
