"""The /kindly and Read the room templates: checked by `kindred prompts check`, escaped."""

from __future__ import annotations

import pytest

from bot.prompts import Prompts
from bot.services.feedback import ISSUE_KINDS, QUESTIONS, TIP_KINDS
from bot.services.listening import LISTENING_KINDS
from bot.services.room import RoomMessage, read_room
from bot.slack.blocks import SBI_PARTS

AREAS = ("feedback/", "room/")


@pytest.fixture(scope="module")
def prompts() -> Prompts:
    return Prompts()


def test_every_template_has_sample_data_and_passes_the_check(prompts: Prompts) -> None:
    names = [n for n in prompts.names() if n.startswith(AREAS)]
    assert "feedback/issue" in names and "room/summary" in names
    samples = prompts.samples()
    assert [n for n in names if n not in samples] == []
    assert [p for p in prompts.check() if p.name.startswith(AREAS)] == []


def test_every_issue_kind_question_and_box_has_its_own_words(prompts: Prompts) -> None:
    kinds = (*ISSUE_KINDS, "model")  # "model": the optional language model's second opinion
    issues = {prompts.render("feedback/issue", kind=k, quotes=["x"]) for k in kinds}
    assert len(issues) == len(kinds) and "" not in issues
    assert all(prompts.render("feedback/tip", tip=t) for t in TIP_KINDS)
    heard = {
        prompts.render(
            "feedback/listening",
            findings=[{"kind": k, "quotes": ["x"]}],
            validates=False,
            english=True,
            surface="command",
        )
        for k in LISTENING_KINDS
    }
    assert len(heard) == len(LISTENING_KINDS)
    questions = {prompts.render("feedback/question", question=q) for q in QUESTIONS}
    assert len(questions) == len(QUESTIONS)
    for template in ("feedback/sbi_label", "feedback/sbi_hint"):
        assert len({prompts.render(template, part=p) for p in SBI_PARTS}) == len(SBI_PARTS)


def test_every_tip_the_service_can_choose_exists(prompts: Prompts) -> None:
    rooms = [
        [RoomMessage("U1", "I'm exhausted")],
        [RoomMessage("U1", "This is terrible and awful")],
        [RoomMessage("U1", "Thanks all, brilliant work!")],
        [RoomMessage("U1", "The deploy is at 3pm")],
    ]
    tips = {tip for room in rooms for tip in read_room(room, in_thread=False).tips}
    assert tips == {"acknowledge", "ask_how", "offer_help", "slow_down", "celebrate"}
    for tip in tips:
        assert prompts.render(f"room/tips/{tip}").startswith("• *")


def test_peoples_words_are_escaped(prompts: Prompts) -> None:
    shown = prompts.render("feedback/issue", kind="label", quotes=["<!channel> & <@U1>"])
    assert "&lt;!channel&gt; &amp; &lt;@U1&gt;" in shown and "<!channel>" not in shown
    rewrite = prompts.render(
        "feedback/rewrite", situation="<!here>", behaviour="<@U2>", impact="a<b", question="?"
    )
    assert "<!here>" not in rewrite and "<@U2>" not in rewrite
    final = prompts.render(
        "feedback/final", situation="<!here>", behaviour="x", impact="", question=""
    )
    assert final == "&lt;!here&gt;, I noticed x."
    signals = prompts.render("room/signals", signals=[{"words": "<!channel>", "count": 1}])
    assert "<!channel>" not in signals
