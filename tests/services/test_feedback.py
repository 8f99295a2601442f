"""/kindly's coaching: exact words quoted back, tricky cases, the SBI rewrite and its wording."""

from __future__ import annotations

import json

import pytest

from bot.services.feedback import (
    BUTTON_VALUE_LIMIT,
    MAX_DRAFT_CHARS,
    Rewrite,
    Tone,
    coach,
    final_wording,
)


def finding(draft: str, kind: str) -> tuple[str, ...]:
    found = {f.kind: f.quotes for f in coach(draft).findings}
    assert kind in found, f"{kind} not found in {draft!r}: {found}"
    return found[kind]


def test_the_exact_words_are_quoted_back() -> None:
    draft = "You are ALWAYS late, and frankly it's lazy. No offence, but you need to fix it."
    assert finding(draft, "absolute") == ("ALWAYS",)
    assert finding(draft, "label") == ("lazy",)
    assert finding(draft, "sarcasm") == ("No offence, but",)
    assert finding(draft, "command") == ("you need to",)
    assert finding(draft, "you_blame") == ("You are ALWAYS late",)
    assert finding(draft, "shouting") == ("ALWAYS",)
    for quotes in (f.quotes for f in coach(draft).findings):
        assert all(q in draft for q in quotes)


def test_negation_and_praise_are_not_absolutes_or_labels() -> None:
    assert coach("You never fail to help when I'm stuck on a deploy, like last Tuesday.").is_kind
    assert "label" not in coach("Yesterday's demo showed you are not lazy about testing.").issues
    assert "absolute" not in coach("You always make the retro on Friday fun.").issues


def test_quoted_words_are_someone_elses() -> None:
    quoted = "In Monday's review Sam said “this is lazy and you never listen”. How did it feel?"
    assert coach(quoted).is_kind
    unquoted = "In Monday's review this is lazy and you never listen. How did it feel?"
    assert {"label", "absolute"} <= coach(unquoted).issues


def test_emoji_eye_rolls_are_sarcasm_in_either_form() -> None:
    assert finding("Great, thanks for the update yesterday 🙄", "sarcasm") == ("🙄",)
    assert finding("Great, thanks for the update yesterday :face_with_rolling_eyes:", "sarcasm")


def test_a_reason_turns_an_order_into_a_request() -> None:
    assert "command" in coach("You need to update the status page today.").issues
    with_reason = "You need to update the status page today so that customers know."
    assert "command" not in coach(with_reason).issues
    next_sentence = "You need to update the status page today. That way customers know."
    assert "command" not in coach(next_sentence).issues


def test_drafts_that_are_not_english_are_answered_gracefully() -> None:
    coaching = coach("Tu llegas siempre tarde a las reuniones del equipo y nunca avisas.")
    assert not coaching.english and coaching.findings == () and coaching.strengths == ()


def test_a_draft_of_the_full_length_is_read_to_the_end_and_longer_is_refused() -> None:
    filler = "In Tuesday's planning I noticed the board was up to date. " * 60
    draft = (filler[: MAX_DRAFT_CHARS - 40] + " Honestly you never update the board.")[
        :MAX_DRAFT_CHARS
    ]
    assert "never" in draft
    assert finding(draft, "absolute") == ("never",)
    with pytest.raises(ValueError):
        coach("x" * (MAX_DRAFT_CHARS + 1))


def test_kind_drafts_are_told_what_works_and_never_get_a_tip_about_specifics() -> None:
    for thanks in (
        "Congrats on the promotion, so well deserved!",
        "thanks for jumping on that so fast, you're a lifesaver",
        "Great work this quarter, really proud of you!",
    ):
        coaching = coach(thanks)
        assert coaching.verdict == "kind" and coaching.tips == (), thanks
    assert coach("Please update the tickets.").tips == ("no_specifics",)
    coaching = coach(
        "Thank you for the write-up of yesterday's outage. I felt it made the timeline easy to "
        "follow. Would you present it on Thursday?"
    )
    assert coaching.is_kind
    assert {"specific", "i_statement", "question", "appreciation"} <= set(coaching.strengths)


def test_the_rewrite_is_built_from_the_drafts_own_words() -> None:
    coaching = coach(
        "In yesterday's planning you always shot down every idea Sam had. "
        "You're being arrogant and it's hurting the team."
    )
    rewrite = coaching.rewrite
    assert rewrite.situation == "In yesterday's planning"
    assert rewrite.behaviour == "you shot down every idea Sam had"  # the absolute is gone
    assert rewrite.impact == "it's hurting the team"
    assert "arrogant" not in json.dumps(rewrite.__dict__)  # labels never reach the rewrite
    assert rewrite.question == "view"


def test_the_rewrite_drops_questions_and_turns_nevers_into_behaviour() -> None:
    assert coach("Why didn't you tell anyone the release broke?").rewrite.behaviour == ""
    assert coach("You never reply to my emails.").rewrite.behaviour == (
        "you didn't reply to my emails"
    )
    assert coach("Stop pushing straight to main.").rewrite.question == "obstacle"


def test_the_rewrite_travels_in_one_button_value() -> None:
    long = 'é"' * 1000
    rewrite = Rewrite(long, long, long, "support")
    value = rewrite.to_value()
    assert len(value) <= BUTTON_VALUE_LIMIT
    back = Rewrite.from_value(value)
    assert back.question == "support" and back.situation and long.startswith(back.situation)
    assert Rewrite.from_value("not json") == Rewrite("", "", "", "view")
    assert Rewrite.from_value('{"q": "rm -rf", "s": 3}') == Rewrite("", "", "", "view")


def test_final_wording_joins_what_the_person_typed() -> None:
    wording = final_wording(
        situation="in yesterday's standup,",
        behaviour="I noticed that you interrupted Sam twice.",
        impact="he didn't get to finish.",
        question="how did it look from your side",
    )
    assert wording.situation == "In yesterday's standup"
    assert wording.behaviour == "you interrupted Sam twice"
    assert wording.impact == "He didn't get to finish"
    assert wording.question == "How did it look from your side?"


@pytest.mark.parametrize(
    ("score", "label"),
    [(-0.9, "harsh"), (-0.5, "harsh"), (-0.2, "negative"), (0.0, "neutral"), (0.3, "warm")],
)
def test_tone_thresholds(score: float, label: str) -> None:
    assert Tone(score).label == label


def test_chat_without_apostrophes_is_read_and_quoted_as_typed() -> None:
    draft = "i dont have time for this. youre overthinking it"
    coaching = coach(draft)
    assert finding(draft, "dismissive") == ("i dont have time for this", "youre overthinking")
    assert all(q in draft for f in coaching.findings for q in f.quotes)
    # A real word that looks like a contraction stays itself: "its" and "well" are not expanded.
    assert coach("The team did well, its launch went smoothly on Monday.").is_kind


def test_the_same_words_are_praise_or_sarcasm_by_what_follows() -> None:
    assert "sarcasm" in coach("i hope ur proud of yourself, the client cancelled").issues
    assert coach(
        "I hope you're proud of yourself, that talk was fantastic and people loved it."
    ).is_kind
    assert "verdict" in coach("Reviewing your code is honestly exhausting.").issues
    assert coach("This sprint was exhausting, thank you all for pushing through it.").is_kind


@pytest.mark.parametrize(
    ("draft", "flagged"),
    [
        ("Redo the slides.", True),
        ("Reply to the customer now.", True),
        ("Send the deck to Ana when it's ready.", False),
        ("Book a room for the offsite, thanks!", False),
        ("Call me if you need anything tonight.", False),
        ("Update the roadmap before Friday so sales sees the new date.", False),
    ],
)
def test_bare_orders_are_flagged_unless_softened_or_explained(draft: str, flagged: bool) -> None:
    assert ("command" in coach(draft).issues) is flagged


def test_short_english_without_common_words_is_still_read() -> None:
    coaching = coach("Wow, another missed standup. Impressive commitment.")
    assert coaching.english and "sarcasm" in coaching.issues


@pytest.mark.parametrize(
    "draft",
    [
        # self-directed
        "I was careless with the config on Tuesday, sorry. I've added a check.",
        "My first version of the spec was a mess, thanks for untangling it with me.",
        # negation
        "You were not lazy at all about the migration, you had three other fires at once.",
        "I don't think you were rude in the client call, Ana just needed more time.",
        # someone else's words: straight, curly and single quotes, code spans and blocks
        'When the customer wrote "this product is useless", you stayed calm on the call.',
        "When the customer wrote “this product is useless”, you stayed calm on the call.",
        "When the customer wrote ‘this product is useless’, you stayed calm on the call.",
        "When the customer wrote 'this product is useless', you stayed calm on the call.",
        "Could you rename `is_stupid_mode` to `is_simple_mode` in Monday's PR?",
        "Yesterday's PR fails:\n```\nassert never_lazy(x) is useless\n```\nCan you look?",
        # technical terms
        "Switching the gallery to lazy loading took the page from 4 MB to 900 KB on Monday.",
        "For the always-on instance, could we add a memory alarm before Friday's release?",
        "The never-expiring token in staging should rotate; can you kill the job tonight?",
        "There's some dead code in utils.py from the old importer, happy to pair on it.",
        "I wrote a stupid-simple script to rotate the logs, could you check it on Monday?",
        # praise idioms
        "Never hesitate to ask me for a review, I'm always happy to help.",
        "You always make time for the juniors, like last week's pairing session. Thank you.",
        "You never miss a detail in reviews, like the timezone bug last week.",
        # a warm clause after a comma
        "Thanks for staying late on Friday, you always go the extra mile for this team.",
        # the writer belittling their own question, or owning up
        "Sorry for the stupid question, but where do we keep the staging keys?",
        "dumb question maybe, but why did we move the retro?",
        "Obviously I can't join on Thursday since I'm on leave, my notes are in the doc.",
        "Obviously just a nit, feel free to ignore: rename `tmp` to `pending`?",
        "Ignore anything in my notes that doesn't make sense!",
        # a rule for everyone, and a negation that reaches further
        "We should never log raw tokens; could you mask them before Friday?",
        "I can't imagine anyone calling that talk boring, the room loved it.",
        # praise idioms VADER reads by their violent words, eager or grateful exclamations
        "You absolutely killed it in the demo today!!",
        "You've saved us again! Thanks for jumping on the incident.",
        "Again, huge thanks for pairing with me on the migration.",
        "Don't thank me, you did the hard part.",
        "Don't be so hard on yourself about Tuesday's outage, it was a process gap.",
        # capitals in code talk; a reason in the next sentence; a system, not a person
        "Nit: ABORT and RETRY are constants, so they belong in upper case like the others.",
        "Please don't merge this until the DBAs have reviewed it. It touches the billing schema.",
        "Heads up: this is the second time the nightly export failed on the same null field, could "
        "we add a guard?",
    ],
)
def test_precision_cases_are_not_flagged(draft: str) -> None:
    coaching = coach(draft)
    assert coaching.findings == (), [(f.kind, f.quotes) for f in coaching.findings]


@pytest.mark.parametrize(
    ("draft", "kind", "words"),
    [
        (
            "Since apparently that's how things work here, I'll fix it myself.",
            "passive_aggressive",
            "Since apparently",
        ),
        (
            "I'd rather not make a habit of apologising to clients on your behalf.",
            "passive_aggressive",
            "rather not make a habit of",
        ),
        (
            "Going forward, copy me on every email you send to the vendor.",
            "passive_aggressive",
            "copy me on every",
        ),
        ("It's fine. Not what we agreed, but it's fine.", "passive_aggressive", "but it's fine."),
        ("Consider this your only warning.", "threat", "Consider this your only warning"),
        (
            "I'm going over your head to Priya if this isn't signed today.",
            "threat",
            "going over your head",
        ),
        (
            "Funny how the tests only fail on the branches you touch.",
            "sarcasm",
            "Funny how the tests only",
        ),
        (
            "I'm sure you had a good reason for skipping the review.",
            "sarcasm",
            "I'm sure you had a good reason",
        ),
        (
            "Even I can see the margins are off, and I'm not a designer.",
            "condescension",
            "Even I can see",
        ),
        ("My ten-year-old could write a clearer email.", "condescension", "My ten-year-old could"),
        ("Can you PLEASE stop editing the shared config?", "shouting", "PLEASE"),
    ],
)
def test_harshness_carried_by_implication_is_quoted(draft: str, kind: str, words: str) -> None:
    found = {f.kind: f.quotes for f in coach(draft).findings}
    assert words in found.get(kind, ()), found


def test_a_question_about_who_owns_something_is_not_an_accusation() -> None:
    assert "accusing_question" not in coach("Do you know who is responsible for VPN access?").issues
