"""Read the room: tone over a conversation, stress signals, head count and tips."""

from __future__ import annotations

from dataclasses import asdict

from bot.services.feedback import coach
from bot.services.room import RoomMessage, messages_from_slack, read_room


def msgs(*pairs: tuple[str, str]) -> list[RoomMessage]:
    return [RoomMessage(user, text) for user, text in pairs]


def test_a_stressed_thread_is_tense_with_its_signals_and_tips() -> None:
    reading = read_room(
        msgs(
            ("U1", "The release is a disaster, I'm exhausted."),
            ("U2", "Same. Completely overwhelmed, I can't keep up with the tickets."),
            ("U1", "Honestly so exhausted. Working late again tonight 😩"),
        ),
        in_thread=True,
    )
    assert reading.tone == "tense"
    assert (reading.messages, reading.people) == (3, 2)
    signals = {s.words: s.count for s in reading.signals}
    assert signals["exhausted"] == 2
    assert {"disaster", "overwhelmed", "can't keep up", "Working late", "😩"} <= set(signals)
    assert reading.signals[0].words == "exhausted"  # the most frequent first
    assert reading.tips == ("acknowledge", "ask_how", "offer_help")


def test_a_warm_thread_and_a_neutral_message() -> None:
    warm = read_room(
        msgs(("U1", "Thanks everyone, brilliant launch!"), ("U2", "Loved working on this :tada:")),
        in_thread=True,
    )
    assert warm.tone == "warm" and warm.signals == () and warm.tips[0] == "celebrate"
    neutral = read_room(msgs(("U1", "The deploy is scheduled for 3pm.")), in_thread=False)
    assert neutral.tone == "neutral" and neutral.trend == "" and 2 <= len(neutral.tips) <= 3


def test_the_trend_compares_the_end_with_the_start() -> None:
    cooling = read_room(
        msgs(
            ("U1", "Great progress today, thanks all!"),
            ("U2", "Happy with this, nice work."),
            ("U1", "Wait, prod is down. This is terrible."),
            ("U2", "Awful. Customers are furious."),
        ),
        in_thread=True,
    )
    assert cooling.trend == "cooling"


def test_the_reading_never_says_who_wrote_what() -> None:
    reading = read_room(msgs(("U0SECRET1", "I'm burnt out"), ("U0SECRET2", "ok")), in_thread=True)
    assert "U0SECRET" not in repr(asdict(reading))


def test_bots_joins_and_markup_are_handled() -> None:
    raw = [
        {"user": "U1", "text": "<@U2> I'm swamped, can you take <https://x.test/1|ticket 1>?"},
        {"bot_id": "B1", "text": "Deploy FAILED: disaster"},
        {"user": "U3", "subtype": "channel_join", "text": "<@U3> has joined the channel"},
        {"user": "U2", "text": ""},
    ]
    messages = messages_from_slack(raw)
    assert messages == [RoomMessage("U1", "someone I'm swamped, can you take ticket 1?")]
    assert [s.words for s in read_room(messages, in_thread=True).signals] == ["swamped"]


def test_no_text_and_not_english() -> None:
    empty = read_room([], in_thread=False)
    assert (empty.messages, empty.people, empty.score) == (0, 0, 0.0)
    other = read_room(
        msgs(("U1", "Estoy agotada, no puedo más con este proyecto")), in_thread=False
    )
    assert not other.english


def test_sarcasm_and_shouting_are_found_by_the_same_detectors_as_kindly() -> None:
    sarcastic = "Great job breaking the build again, really impressive."
    shouted = "Deploy is broken AGAIN. Who merged this without testing??"
    reading = read_room(msgs(("U1", sarcastic), ("U2", shouted)), in_thread=True)
    assert [s.words for s in reading.sarcasm] == list(
        next(f.quotes for f in coach(sarcastic).findings if f.kind == "sarcasm")
    )
    assert {s.words for s in reading.shouting} == set(
        next(f.quotes for f in coach(shouted).findings if f.kind == "shouting")
    )
    assert reading.tone != "warm"  # VADER reads the praise words warm; the sarcasm says otherwise
    assert reading.tips[:2] == ("acknowledge", "slow_down")


def test_quoted_and_warm_messages_hold_no_sarcasm_or_shouting() -> None:
    reading = read_room(
        msgs(
            ("U1", 'The customer wrote "GREAT JOB BREAKING IT AGAIN" but we fixed it fast.'),
            ("U2", "Congrats on the launch!! So proud of this team."),
            ("U3", "The API and the CI are green again."),
        ),
        in_thread=True,
    )
    assert reading.sarcasm == () and reading.shouting == ()
