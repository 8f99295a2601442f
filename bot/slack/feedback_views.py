"""/kindly's messages and modals: templates supply the words, blocks.py the structure."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bot.prompts import Prompts
from bot.services.feedback import Coaching, FinalWording, Rewrite
from bot.services.listening import ListeningCoaching
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
        verdict=coaching.verdict,
        tone=coaching.tone.label,
        sarcasm="sarcasm" in coaching.issues,
    )
    findings = [
        prompts.render("feedback/issue", kind=f.kind, quotes=list(f.quotes))
        for f in coaching.findings
    ]
    findings += [prompts.render("feedback/tip", tip=tip) for tip in coaching.tips]
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
        if coaching.model_rewrite:
            fluent = prompts.render("feedback/model_rewrite", text=coaching.model_rewrite)
            rewrite = f"{rewrite}\n\n{fluent}"
    works: str | None = None  # never praise a draft with findings or a strongly negative tone
    if coaching.verdict == "kind":
        works = prompts.render("feedback/works", strengths=list(coaching.strengths))
    blocks = kindly_coaching_blocks(intro, findings, rewrite, works, button_value, footer)
    return blocks, intro


def listening_text(prompts: Prompts, coaching: ListeningCoaching, surface: str) -> str:
    """The listening coach's tips on a reply ("" when there is nothing to say on that surface)."""
    return prompts.render(
        "feedback/listening",
        findings=[asdict(f) for f in coaching.findings],
        validates=coaching.validates,
        english=coaching.english,
        surface=surface,
    ).strip()


def listening_blocks(prompts: Prompts, coaching: ListeningCoaching) -> tuple[list[Block], str]:
    """`/kindly reply`: the tips as an ephemeral message, and its fallback text."""
    text = listening_text(prompts, coaching, "command")
    return kindly_coaching_blocks(
        text, [], None, None, None, prompts.render("feedback/private")
    ), text


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
