"""Kindred's voice: avoided words are warned of, thank-yous hear the note, weeks aren't scored."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.prompts import AVOIDED_WORDS, Prompts, default_prompts_dir, written_words
from bot.services.hearing import GOOD_NEWS, LIFE, MIXED, TIRED, note_themes


@pytest.fixture(scope="module")
def prompts() -> Prompts:
    return Prompts()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- the style check


def test_shipped_templates_use_no_avoided_word(prompts: Prompts) -> None:
    assert [str(w) for w in prompts.style_warnings()] == []


def test_the_voice_note_lists_every_avoided_word() -> None:
    note = (default_prompts_dir() / "README.md").read_text(encoding="utf-8")
    assert [w for w in AVOIDED_WORDS if f"“{w}”" not in note] == []


def test_only_the_words_a_template_says_are_checked(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    path = write(
        overrides,
        "checkin/thanks.j2",
        "{# the streak is a number #}\n"
        "{% if streak > 1 %}\n"
        "That's {{ streak }} weeks in a row!\n"
        '{% set extra = "Simply great." %}{{ extra }}\n'
        "{{ score_label }} Scored nothing here.\n",
    )
    warnings = [w for w in Prompts(override_dir=overrides).style_warnings() if w.path == path]
    assert [(w.line, w.word) for w in warnings] == [(3, "in a row"), (4, "Simply")]
    assert str(warnings[0]).startswith(f"{path}:3: warning: avoid “in a row”")
    # Comments and variable names are blanked, and line numbers stay those of the file.
    assert written_words("{# a\nstreak #}x {{ streak }}\ny").splitlines()[1].strip() == "x"


def test_cli_check_warns_but_still_passes(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    path = write(overrides, "home/welcome.j2", "*Welcome* :seedling:\nYou should cheer up.\n")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "prompts", "check"],
        env={"PATH": "/usr/bin:/bin", "KINDRED_PROMPTS_DIR": str(overrides)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert f"{path}:2: warning: avoid “You should”" in done.stderr
    assert f"{path}:2: warning: avoid “cheer up”" in done.stderr


# ---------------------------------------------------------------------- replies that hear the note


def thanks(prompts: Prompts, mood: int, note: str | None, **extra: object) -> str:
    context: dict[str, object] = {
        "mood": mood, "turn": 0, "themes": note_themes(note), "streak": 1,
        "show_streak": False, "shared_with": None,
    }  # fmt: skip
    return prompts.render("checkin/thanks", **(context | extra))


@pytest.mark.parametrize(
    ("note", "theme"),
    [
        ("tired but ok", TIRED),
        ("Busy week, but a long walk on Sunday helped", MIXED),
        ("Got promoted on Thursday!", GOOD_NEWS),
        ("My daughter started school", LIFE),
    ],
)
def test_note_themes(note: str, theme: str) -> None:
    assert note_themes(note)[0] == theme


def test_the_thanks_hears_what_was_written(prompts: Prompts) -> None:
    tired = thanks(prompts, 4, "tired but ok")
    assert "tired" in tired and "lovely to hear" not in tired
    assert "mixed week" in thanks(prompts, 3, "Busy week, but a long walk helped")
    assert "good news" in thanks(prompts, 4, "Got promoted on Thursday!")
    assert "life outside work" in thanks(prompts, 3, "My daughter started school")
    # Without a note (or one about nothing in particular) the mood chooses the line.
    assert thanks(prompts, 5, None) == thanks(prompts, 5, "great week")
    assert thanks(prompts, 1, None) != thanks(prompts, 5, None)


def test_the_thanks_never_advises_and_never_says_i(prompts: Prompts) -> None:
    notes = [None, "tired but ok", "mixed, but fine", "good news!", "the kids are ill"]
    for mood in range(1, 6):
        for note in notes:
            for turn in range(3):
                text = thanks(prompts, mood, note, turn=turn)
                words = text.replace(",", " ").replace(".", " ").split()
                assert not {"I", "me", "my", "I'm", "I've"} & set(words), text
                assert "you should" not in text.lower() and "try " not in text.lower(), text


def test_weeks_are_counted_only_when_the_operator_asks(prompts: Prompts) -> None:
    gentle = thanks(prompts, 3, None, turn=5, streak=4)
    assert "Good to hear from you again" in gentle and "4" not in gentle
    counted = thanks(prompts, 3, None, turn=5, streak=4, show_streak=True)
    assert "4 weeks running" in counted
    home = {"count": 9, "weeks": 12, "trend": "▄▆", "streak": 3, "last_when": "Fri 20 Nov",
            "last_mood_label": "Good"}  # fmt: skip
    assert "3 weeks" not in prompts.render("home/checkins", **home, show_streak=False)
    assert "3 weeks running" in prompts.render("home/checkins", **home, show_streak=True)
