"""Block Kit rendered for the terminal (`kindred demo`), checked as the text a person reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.console import Console, RenderableType
from rich.text import Text

from bot.sandbox import terminal
from bot.slack import blocks as kit

MOODS = {
    1: ":cloud_with_rain: Rough",
    2: ":cloud: Meh",
    3: "OK",
    4: ":mostly_sunny: Good",
    5: "Great",
}


def shown(renderable: RenderableType, width: int = 100) -> str:
    """What the terminal shows, as plain text."""
    console = Console(record=True, width=width, color_system=None)
    console.print(renderable)
    return console.export_text()


def spans(text: Text, piece: str) -> set[str]:
    """The styles applied to the characters of `piece` in `text`."""
    start = text.plain.index(piece)
    end = start + len(piece)
    return {str(span.style) for span in text.spans if span.start <= start and span.end >= end} | (
        {str(text.style)} if text.style else set()
    )


@dataclass
class FakeSurface:
    kind: str
    audience: str
    author: str = "Kindred"
    channel: str | None = "D0ADA"
    ts: str | None = "1.000001"
    thread_ts: str | None = None
    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    view: dict[str, Any] | None = None
    change: str = "new"
    errors: dict[str, str] = field(default_factory=dict)


# ------------------------------------------------------------------------------------- mrkdwn


def test_mrkdwn_formats_bold_italic_strike_and_code() -> None:
    text = terminal.mrkdwn("*bold* and _leaning_ and ~gone~ and `x = 1`")
    assert text.plain == "bold and leaning and gone and x = 1"
    assert "bold" in spans(text, "bold")
    assert "italic" in spans(text, "leaning")
    assert "strike" in spans(text, "gone")
    assert terminal.CODE_STYLE in spans(text, "x = 1")


def test_mrkdwn_nests_styles() -> None:
    text = terminal.mrkdwn("*all _of_ it*")
    assert text.plain == "all of it"
    styles = " ".join(spans(text, "of"))
    assert "bold" in styles and "italic" in styles


def test_mrkdwn_leaves_marks_inside_words_alone() -> None:
    assert terminal.mrkdwn("snake_case_name and 2*3*4").plain == "snake_case_name and 2*3*4"


def test_rich_markup_in_user_text_is_shown_as_typed() -> None:
    typed = "[bold red]shout[/bold red] [/] [link=http://x]y[/link] :smile: [b]"
    out = shown(terminal.mrkdwn(typed))
    assert "[bold red]shout[/bold red] [/] [link=http://x]y[/link]" in out
    assert "[b]" in out
    # And no style leaked from it: the text is unstyled.
    assert not [s for s in terminal.mrkdwn("[bold]x[/bold]").spans if s.style]


def test_markup_inside_code_and_links_is_inert_too() -> None:
    out = shown(terminal.mrkdwn("`[red]a[/red]` <http://example.com|[blink]b>"))
    assert "[red]a[/red] [blink]b" in out


def test_mrkdwn_unescapes_slack_entities_once() -> None:
    assert terminal.mrkdwn("a &lt;b&gt; &amp; c &amp;lt;").plain == "a <b> & c &lt;"


def test_mrkdwn_links_mentions_and_channels() -> None:
    text = terminal.mrkdwn(
        "see <https://kindred.example/docs|the docs>, <https://a.example>, <@U0ADA>, "
        "<@U0NOBODY>, <#C0SPACE|processing-space>, <!here>",
        names={"U0ADA": "Ada"},
    )
    assert text.plain == (
        "see the docs, https://a.example, @Ada, @U0NOBODY, #processing-space, @here"
    )
    link_styles = [s.style for s in text.spans if "the docs" in text.plain[s.start : s.end]]
    assert any(
        getattr(style, "link", None) == "https://kindred.example/docs" for style in link_styles
    )


def test_mrkdwn_emoji_known_and_unknown() -> None:
    assert terminal.mrkdwn(":sunny: :mostly_sunny: :no_such_emoji:").plain == "☀ 🌤 :no_such_emoji:"


def test_mrkdwn_quotes_and_code_blocks() -> None:
    out = shown(terminal.mrkdwn("&gt; they said\nI heard\n```\n*not bold*\n```"))
    assert "▌ they said" in out
    assert "I heard" in out
    assert "*not bold*" in out


def test_plain_text_replaces_emoji_but_not_mrkdwn() -> None:
    assert terminal.plain({"type": "plain_text", "text": ":sunny: *x*"}).plain == "☀ *x*"
    assert terminal.plain({"type": "plain_text", "text": ":sunny:", "emoji": False}).plain == (
        ":sunny:"
    )


# ------------------------------------------------------------------------------------ elements


def test_buttons_are_bracketed_and_coloured_by_style() -> None:
    good = terminal.button(kit.button(":smile: Good", "a", "4", style="primary"))
    stop = terminal.button(kit.button("Delete", "b", "x", style="danger"))
    plain_button = terminal.button(kit.button("Later", "c", "x"))
    assert good.plain == "[ 😄 Good ]"
    assert "green" in str(good.get_style_at_offset(Console(), 3))
    assert stop.plain == "[ Delete ]"
    assert "red" in str(stop.get_style_at_offset(Console(), 3))
    assert plain_button.plain == "[ Later ]"


def test_selects_show_placeholder_or_choice() -> None:
    options = [kit.select_option("Monday", "mon"), kit.select_option("Friday", "fri")]
    assert terminal.select(kit.static_select("day", "Choose a day", options, None)).plain == (
        "[ Choose a day ▾ ]"
    )
    assert terminal.select(kit.static_select("day", "Choose a day", options, "fri")).plain == (
        "[ Friday ▾ ]"
    )
    assert terminal.select({"type": "static_select", "action_id": "x"}).plain == "[ Choose… ▾ ]"
    people = {"type": "multi_users_select", "initial_users": ["U0ADA", "U0BEN"]}
    assert terminal.select(people, {"U0ADA": "Ada", "U0BEN": "Ben"}).plain == "[ @Ada, @Ben ▾ ]"


def test_overflow_menu_lists_its_options() -> None:
    menu = kit.flag_overflow("Flag this reply", "r1", kit.confirm_dialog("Sure?", "x", "Yes", "No"))
    assert terminal.render_element(menu).plain == "[ ⋯ ] Flag this reply"


# -------------------------------------------------------------------------------------- blocks


def test_header_section_fields_accessory_context_divider() -> None:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Team pulse"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*4* people answered"},
            "accessory": kit.button("Done", "done", "1", style="primary"),
        },
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": "*Average*\n3.8"},
                {"type": "mrkdwn", "text": "*Trend*\nsteady"},
            ],
        },
        kit.divider(),
        kit.context(":lock: Only you see this"),
    ]
    out = shown(Text("x") if not blocks else _group(terminal.render_blocks(blocks)))
    lines = [line.rstrip() for line in out.splitlines()]
    assert "Team pulse" in lines
    section = next(line for line in lines if "people answered" in line)
    assert section.startswith("4 people answered") and section.endswith("[ Done ]")
    fields = next(line for line in lines if "Average" in line)
    assert "Trend" in fields  # two fields side by side
    assert any(line.strip() and set(line.strip()) == {"─"} for line in lines)
    assert "🔒 Only you see this" in lines


def _group(renderables: list[RenderableType]) -> RenderableType:
    from rich.console import Group

    return Group(*renderables)


def test_context_is_dim() -> None:
    rendered = terminal.render_block(kit.context("small print"))
    assert isinstance(rendered, Text)
    assert "dim" in str(rendered.get_style_at_offset(Console(), 0))


def test_actions_keep_every_button_whole_when_narrow() -> None:
    row = kit.mood_buttons("moods", MOODS)
    out = shown(terminal.render_block(row), width=30)
    for label in ("[ 🌧 Rough ]", "[ ☁ Meh ]", "[ OK ]", "[ 🌤 Good ]", "[ Great ]"):
        assert label in out


def test_unknown_blocks_are_named_not_dropped() -> None:
    assert shown(terminal.render_block({"type": "video"})).strip() == "[video block]"


# ------------------------------------------------------------------------------------ surfaces


def test_message_has_author_blocks_and_audience() -> None:
    blocks = kit.reminder_blocks(
        text="How was your week, *Ada*?",
        mood_labels=MOODS,
        add_note="Add a note",
        opt_out="No more reminders",
        footer="Only you see your answers",
    )
    out = shown(terminal.render_message("Kindred", "fallback", blocks, "Only Ada can see this"))
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0].startswith("Kindred") and "APP" in lines[0]
    assert "How was your week, Ada?" in lines
    assert "[ 🌧 Rough ]" in out and "[ No more reminders ]" in out
    assert "fallback" not in out  # blocks win over the notification text
    assert lines[-1] == "👁 Only Ada can see this"


def test_message_without_blocks_shows_its_text() -> None:
    out = shown(terminal.render_message("Ben", "I'm *fine* &amp; you?", [], "Everyone in #general"))
    assert out.splitlines()[:2] == ["Ben", "I'm fine & you?"]
    assert "APP" not in out


def test_modal_is_a_panel_with_inputs_initial_values_and_buttons() -> None:
    view = kit.checkin_modal(
        title="Check in",
        submit="Save",
        close="Cancel",
        mood_question="How are you, really?",
        mood_labels=MOODS,
        note_question="Anything on your mind?",
        note_placeholder="Only if you like",
        note_limit=500,
        share=("Share this one with Maya", "Only this check-in"),
        footer="Private",
        private_metadata="",
    )
    view["blocks"][0]["element"]["initial_option"] = view["blocks"][0]["element"]["options"][3]
    view["blocks"][1]["element"]["initial_value"] = "tired but ok"
    out = shown(terminal.render_modal(view, "Only Ada can see this window"))
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0].startswith("╭─ Check in ─")
    assert "How are you, really?" in out
    assert "(•) 🌤 Good" in out and "( ) 🌧 Rough" in out
    assert "Anything on your mind? (optional)" in out
    assert "tired but ok" in out and "Only if you like" not in out
    assert "[ ] Share this one with Maya  Only this check-in" in out
    buttons = next(line for line in lines if "[ Save ]" in line)
    assert "[ Cancel ]  [ Save ]" in buttons
    assert lines[-1] == "👁 Only Ada can see this window"


def test_modal_input_shows_placeholder_when_empty_and_errors() -> None:
    view = kit.kindly_draft_modal("Paste your draft.")
    view["blocks"][1]["element"]["placeholder"] = {"type": "plain_text", "text": "Type here"}
    out = shown(terminal.render_modal(view, "Only you", errors={"draft": "Please write something"}))
    assert "Your feedback draft" in out and "Type here" in out
    assert "⚠ Please write something" in out
    assert "[ Close ]  [ Coach me ]" in out


def test_modal_without_submit_has_only_close() -> None:
    out = shown(terminal.render_modal(kit.info_modal("Thanks", "Saved."), "Only you"))
    assert "[ Close ]" in out and "Submit" not in out


def test_home_is_a_panel() -> None:
    view = kit.home_view([kit.section("Your streak: *3 weeks*")])
    out = shown(terminal.render_home(view, "Only Ada can see their App Home"))
    assert out.splitlines()[0].startswith("╭─ Kindred · Home ─")
    assert "Your streak: 3 weeks" in out
    assert out.rstrip().splitlines()[-1] == "👁 Only Ada can see their App Home"


def test_render_surface_dispatches_and_marks_changes() -> None:
    updated = FakeSurface("message", "Only Ada can see this", text="Thanks!", change="updated")
    assert "(updated in place)" in shown(terminal.render_surface(updated)).splitlines()[0]
    ephemeral = FakeSurface("ephemeral", "Only Ada can see this", text="Saved")
    assert "Only visible to you" in shown(terminal.render_surface(ephemeral))
    reply = FakeSurface("message", "Everyone", author="Ben", ts="2.0", thread_ts="1.0", text="hi")
    assert "in thread" in shown(terminal.render_surface(reply)).splitlines()[0]
    deleted = FakeSurface("message", "Everyone", change="deleted")
    assert "This message was deleted." in shown(terminal.render_surface(deleted))
    closed = FakeSurface("modal", "Only Ada", view=kit.info_modal("x", "y"), change="closed")
    assert "The modal closed." in shown(terminal.render_surface(closed))
    modal = FakeSurface(
        "modal",
        "Only Ada can see this window",
        view=kit.kindly_draft_modal("Draft"),
        errors={"draft": "Too short"},
    )
    assert "⚠ Too short" in shown(terminal.render_surface(modal))
    home = FakeSurface("home", "Only Ada", view=kit.home_view([kit.section("hello")]))
    assert "Kindred · Home" in shown(terminal.render_surface(home))
