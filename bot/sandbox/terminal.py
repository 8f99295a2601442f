"""Block Kit to `rich` renderables: what a person would see in Slack, drawn in a terminal.

Used by `kindred demo`. Pure functions: they read Block Kit dicts and return renderables. Every
piece of text that came from Slack (a person's words, a template's words) is put into
`rich.text.Text` objects span by span, never parsed as rich markup, so `[bold]` or `[/]` typed by
someone is shown as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.emoji import Emoji, NoEmoji
from rich.panel import Panel
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

Block = Mapping[str, Any]
Names = Mapping[str, str]

AUDIENCE_MARK = "👁"
BUTTON_STYLES = {"primary": "bold green", "danger": "bold red"}
AUTHOR_STYLE = "bold"
APP_BADGE_STYLE = "black on grey70"
CODE_STYLE = "bright_red on grey11"
LINK_COLOUR = "bright_blue"
MENTION_STYLE = "bold bright_blue"
DIM = "dim"
BOT_NAME = "Kindred"
MODAL_WIDTH = 84

# Slack's emoji names that rich's table spells differently (or lacks).
SLACK_EMOJI = {
    "mostly_sunny": "🌤",
    "sun_small_cloud": "🌤",
    "partly_sunny_rain": "🌦",
    "barely_sunny": "🌥",
    "sun_behind_cloud": "⛅",
    "simple_smile": "🙂",
    "+1": "👍",
    "-1": "👎",
    "thumbsup": "👍",
    "thumbsdown": "👎",
}


class SurfaceLike(Protocol):
    """What `render_surface` reads from a workspace Surface."""

    kind: str
    audience: str
    channel: str | None
    ts: str | None
    thread_ts: str | None
    author: str
    text: str
    blocks: list[dict[str, Any]]
    view: dict[str, Any] | None
    change: str


# ---------------------------------------------------------------------------------------- text

# One inline token of Slack mrkdwn. Code comes first so nothing inside it is formatted; emphasis
# needs a non-space right inside each mark and no word character outside (Slack's own rule, so
# snake_case_names and 2*3*4 stay as typed).
_INLINE = re.compile(
    r"""
    (?P<pre>```(?P<pre_body>.+?)```)
  | (?P<code>`(?P<code_body>[^`\n]+)`)
  | (?P<angle><(?P<angle_body>[^<>\n]+)>)
  | (?<!\w)\*(?P<bold>\S(?:[^*\n]*?\S)?)\*(?!\w)
  | (?<!\w)_(?P<italic>\S(?:[^_\n]*?\S)?)_(?!\w)
  | (?<!\w)~(?P<strike>\S(?:[^~\n]*?\S)?)~(?!\w)
  | :(?P<emoji>[a-z0-9_+'-]+):
    """,
    re.VERBOSE | re.DOTALL,
)
_EMOJI_CODE = re.compile(r":([a-z0-9_+'-]+):")
_QUOTE = re.compile(r"^(?:&gt;|>)\s?")


def unescape(text: str) -> str:
    """Slack's three HTML entities back to characters (`&amp;` last, so `&amp;lt;` stays `&lt;`)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def emoji(name: str) -> str | None:
    """The character for a Slack emoji name; None when neither Slack's nor rich's table has it."""
    if name in SLACK_EMOJI:
        return SLACK_EMOJI[name]
    try:
        return str(Emoji(name))
    except NoEmoji:
        return None


def replace_emoji(text: str) -> str:
    """`:smile:` codes to emoji characters; unknown codes stay as typed."""
    return _EMOJI_CODE.sub(lambda m: emoji(m.group(1)) or m.group(0), text)


def _angle(body: str, names: Names) -> tuple[str, Style]:
    """The words shown for `<…>`: a link's label, @someone, #channel, @here."""
    target, _, label = body.partition("|")
    if target.startswith("@"):
        user = target[1:]
        return "@" + (names.get(user) or label or user), Style.parse(MENTION_STYLE)
    if target.startswith("#"):
        channel = target[1:]
        return "#" + (label or names.get(channel) or channel), Style.parse(MENTION_STYLE)
    if target.startswith("!"):
        special = target[1:]
        if label:
            return label, Style.parse(MENTION_STYLE)
        return "@" + special.split("^")[0], Style.parse(MENTION_STYLE)
    url = unescape(target)
    return unescape(label) if label else url, Style(color=LINK_COLOUR, underline=True, link=url)


def _inline(text: str, style: Style, out: Text, names: Names) -> None:
    """Append `text` (mrkdwn without line structure) to `out`, styles nesting."""
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            out.append(unescape(text[position : match.start()]), style)
        position = match.end()
        if match["pre"] is not None:
            out.append(unescape(match["pre_body"].strip("\n")), style + Style.parse(CODE_STYLE))
        elif match["code"] is not None:
            out.append(unescape(match["code_body"]), style + Style.parse(CODE_STYLE))
        elif match["angle"] is not None:
            words, link_style = _angle(match["angle_body"], names)
            out.append(words, style + link_style)
        elif match["bold"] is not None:
            _inline(match["bold"], style + Style(bold=True), out, names)
        elif match["italic"] is not None:
            _inline(match["italic"], style + Style(italic=True), out, names)
        elif match["strike"] is not None:
            _inline(match["strike"], style + Style(strike=True), out, names)
        else:
            out.append(emoji(match["emoji"]) or match.group(0), style)
    if position < len(text):
        out.append(unescape(text[position:]), style)


def mrkdwn(text: str, names: Names | None = None, style: str | Style = "") -> Text:
    """Slack mrkdwn as styled text: *bold*, _italic_, ~strike~, `code`, links, mentions, emoji,
    `&lt;` escapes and `>` quotes. Nothing in `text` is read as rich markup."""
    names = names or {}
    base = Style.parse(style) if isinstance(style, str) else style
    out = Text()
    # Code blocks may span lines; everything else is per line (quotes are a line's prefix).
    pieces = re.split(r"(```.+?```)", text, flags=re.DOTALL)
    for piece in pieces:
        if piece.startswith("```") and piece.endswith("```") and len(piece) >= 6:
            _inline(piece, base, out, names)
            continue
        lines = piece.split("\n")
        for i, line in enumerate(lines):
            quoted = _QUOTE.match(line)
            if quoted:
                out.append("▌ ", Style.parse(DIM))
                line = line[quoted.end() :]
            _inline(line, base, out, names)
            if i < len(lines) - 1:
                out.append("\n")
    return out


def plain(obj: Mapping[str, Any] | str | None, style: str | Style = "") -> Text:
    """A plain_text object (or a bare string) as text: emoji codes replaced, nothing else."""
    if obj is None:
        return Text()
    raw = obj if isinstance(obj, str) else str(obj.get("text", ""))
    shown = raw if isinstance(obj, Mapping) and obj.get("emoji") is False else replace_emoji(raw)
    return Text(shown, style=style)


def text_object(obj: Mapping[str, Any] | None, names: Names | None = None) -> Text:
    """A Block Kit text object of either type."""
    if not obj:
        return Text()
    if obj.get("type") == "mrkdwn":
        return mrkdwn(str(obj.get("text", "")), names)
    return plain(obj)


def audience_line(audience: str) -> Text:
    """The line under every rendering that says who can see it."""
    return Text.assemble((f"{AUDIENCE_MARK} ", ""), (audience, "italic dim"))


# ------------------------------------------------------------------------------------ elements


def button(element: Block) -> Text:
    """`[ 😊 Good ]`; primary buttons green, danger buttons red."""
    style = BUTTON_STYLES.get(str(element.get("style")), "bold")
    label = plain(element.get("text"))
    out = Text("[ ", style=style)
    out.append_text(label.copy())
    if element.get("url"):
        out.append(" ↗")
    out.append(" ]")
    out.stylize(style)
    return out


def _option_text(option: Mapping[str, Any] | None) -> Text:
    return plain(option.get("text")) if option else Text()


def _options(element: Block) -> list[Mapping[str, Any]]:
    """A select's options, including those inside option groups."""
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += list(group.get("options") or [])
    return options


def select(element: Block, names: Names | None = None) -> Text:
    """A select menu, closed: `[ Choose… ▾ ]`, showing the chosen option when there is one."""
    names = names or {}
    kind = str(element.get("type", ""))
    chosen: Text | None = None
    if element.get("initial_option"):
        chosen = _option_text(element["initial_option"])
    elif element.get("initial_options"):
        chosen = Text(", ").join(_option_text(o) for o in element["initial_options"])
    elif element.get("initial_users") or element.get("initial_user"):
        users = element.get("initial_users") or [element["initial_user"]]
        chosen = Text(", ".join("@" + names.get(u, u) for u in users))
    elif element.get("initial_channels") or element.get("initial_channel"):
        channels = element.get("initial_channels") or [element["initial_channel"]]
        chosen = Text(", ".join("#" + names.get(c, c) for c in channels))
    out = Text("[ ")
    if chosen is not None and chosen.plain:
        out.append_text(chosen)
    elif element.get("placeholder"):
        out.append_text(plain(element["placeholder"], DIM))
    else:
        out.append("Choose…" if "multi" not in kind else "Choose some…", DIM)
    out.append(" ▾ ]")
    return out


def overflow(element: Block) -> Text:
    """The ⋯ menu, closed; its options follow dimmed so a reader knows what it holds."""
    out = Text("[ ⋯ ]")
    labels = [_option_text(o).plain for o in _options(element)]
    if labels:
        out.append(" " + " · ".join(labels), DIM)
    return out


def render_element(element: Block, names: Names | None = None) -> Text:
    """Any interactive element as one line of text."""
    kind = str(element.get("type", ""))
    if kind == "button":
        return button(element)
    if kind == "overflow":
        return overflow(element)
    if kind.endswith("_select") or kind == "select":
        return select(element, names)
    if kind == "datepicker":
        return Text(f"[ 📅 {element.get('initial_date') or 'Pick a date'} ]")
    if kind == "timepicker":
        return Text(f"[ 🕒 {element.get('initial_time') or 'Pick a time'} ]")
    if kind == "image":
        return Text(f"[image: {element.get('alt_text', '')}]", DIM)
    if kind in ("mrkdwn", "plain_text"):
        return text_object(element, names)
    return Text(f"[{kind or 'element'}]", DIM)


def _choices(element: Block, marks: tuple[str, str], names: Names) -> Text:
    """Radio buttons or checkboxes, one per line, the chosen ones marked."""
    initial = element.get("initial_options") or (
        [element["initial_option"]] if element.get("initial_option") else []
    )
    chosen = {str(o.get("value")) for o in initial}
    lines: list[Text] = []
    for option in _options(element):
        mark = marks[1] if str(option.get("value")) in chosen else marks[0]
        line = Text(f"{mark} ")
        line.append_text(text_object(option.get("text"), names))
        if option.get("description"):
            description = text_object(option["description"], names)
            description.stylize(DIM)
            line.append("  ")
            line.append_text(description)
        lines.append(line)
    return Text("\n").join(lines)


def input_element(element: Block, names: Names | None = None) -> RenderableType:
    """The control of an input block, showing its initial value (or its placeholder, dim)."""
    names = names or {}
    kind = str(element.get("type", ""))
    if kind == "plain_text_input" or kind in ("email_text_input", "url_text_input", "number_input"):
        initial = element.get("initial_value")
        shown = Text(str(initial)) if initial else plain(element.get("placeholder"), DIM)
        if element.get("multiline"):
            return Panel(shown, border_style=DIM, padding=(0, 1), height=None)
        out = Text("▕ ", DIM)
        out.append_text(shown)
        return out
    if kind == "radio_buttons":
        return _choices(element, ("( )", "(•)"), names)
    if kind == "checkboxes":
        return _choices(element, ("[ ]", "[x]"), names)
    return render_element(element, names)


# -------------------------------------------------------------------------------------- blocks


def _section(block: Block, names: Names) -> RenderableType:
    parts: list[RenderableType] = []
    if block.get("text"):
        parts.append(text_object(block["text"], names))
    fields = block.get("fields") or []
    if fields:
        grid = Table.grid(padding=(0, 4))
        grid.add_column()
        grid.add_column()
        cells = [text_object(f, names) for f in fields]
        for i in range(0, len(cells), 2):
            grid.add_row(*cells[i : i + 2])
        parts.append(grid)
    body: RenderableType = parts[0] if len(parts) == 1 else Group(*parts)
    accessory = block.get("accessory")
    if not accessory:
        return body
    row = Table.grid(expand=True, padding=(0, 2))
    row.add_column(ratio=1)
    row.add_column(justify="right", no_wrap=True)
    row.add_row(body, render_element(accessory, names))
    return row


def _context(block: Block, names: Names) -> Text:
    pieces = [
        Text(f"[{e.get('alt_text', 'image')}]")
        if e.get("type") == "image"
        else text_object(e, names)
        for e in block.get("elements") or []
    ]
    out = Text("  ").join(pieces)
    out.stylize(DIM)
    return out


def _actions(block: Block, names: Names) -> RenderableType:
    # Columns keeps each button whole when a row of them is wider than the terminal.
    return Columns([render_element(e, names) for e in block.get("elements") or []], padding=(0, 1))


def _input(block: Block, names: Names, error: str | None = None) -> RenderableType:
    label = plain(block.get("label"), "bold")
    if block.get("optional"):
        label.append(" (optional)", DIM)
    parts: list[RenderableType] = [label, input_element(block.get("element") or {}, names)]
    if error:
        parts.append(Text(f"⚠ {error}", "bold red"))
    if block.get("hint"):
        parts.append(plain(block["hint"], DIM))
    return Group(*parts)


def _header(block: Block) -> Text:
    return plain(block.get("text"), "bold underline")


def _rich_text(block: Block, names: Names) -> Text:
    """Best effort for rich_text blocks (Kindred sends none; people's messages may hold them)."""
    out = Text()
    for section in block.get("elements") or []:
        for piece in section.get("elements") or []:
            kind = piece.get("type")
            if kind == "text":
                out.append(str(piece.get("text", "")))
            elif kind == "user":
                out.append("@" + names.get(piece.get("user_id", ""), piece.get("user_id", "")))
            elif kind == "emoji":
                out.append(emoji(str(piece.get("name", ""))) or f":{piece.get('name')}:")
            elif kind == "link":
                out.append(str(piece.get("text") or piece.get("url", "")))
    return out


def render_block(
    block: Block, names: Names | None = None, error: str | None = None
) -> RenderableType:
    """One Block Kit block; `error` is what Slack shows under an input the app refused."""
    names = names or {}
    kind = block.get("type")
    if kind == "section":
        return _section(block, names)
    if kind == "context":
        return _context(block, names)
    if kind == "divider":
        return Rule(style=DIM)
    if kind == "header":
        return _header(block)
    if kind == "actions":
        return _actions(block, names)
    if kind == "input":
        return _input(block, names, error)
    if kind == "image":
        return Text(f"[image: {block.get('alt_text', '')}]", DIM)
    if kind == "rich_text":
        return _rich_text(block, names)
    return Text(f"[{kind} block]", DIM)


def render_blocks(
    blocks: Iterable[Block], names: Names | None = None, errors: Mapping[str, str] | None = None
) -> list[RenderableType]:
    """Each block in order; a blank line before headers and inputs, as Slack spaces them.

    `errors` are a modal's input errors by block_id (from `response_action: errors`).
    """
    errors = errors or {}
    out: list[RenderableType] = []
    for block in blocks:
        if out and block.get("type") in ("header", "input"):
            out.append(Text())
        out.append(render_block(block, names, errors.get(str(block.get("block_id")))))
    return out


# ------------------------------------------------------------------------------------ surfaces


def author_line(author: str, *, note: str = "") -> Text:
    """`Kindred APP` for the bot, a person's name for a person; `note` dimmed after it."""
    out = Text(author, AUTHOR_STYLE)
    if author == BOT_NAME:
        out.append(" ")
        out.append(" APP ", APP_BADGE_STYLE)
    if note:
        out.append(f"  {note}", DIM)
    return out


def render_message(
    author: str,
    text: str,
    blocks: Iterable[Block] | None,
    audience: str,
    *,
    names: Names | None = None,
    note: str = "",
) -> RenderableType:
    """A message as Slack shows it: the author, the blocks (or the text), who can see it."""
    blocks = list(blocks or [])
    body = render_blocks(blocks, names) if blocks else [mrkdwn(text, names)]
    return Group(author_line(author, note=note), *body, audience_line(audience))


def _view_title(view: Mapping[str, Any]) -> Text:
    return plain(view.get("title"), "bold")


def render_modal(
    view: Mapping[str, Any],
    audience: str,
    *,
    names: Names | None = None,
    errors: Mapping[str, str] | None = None,
) -> RenderableType:
    """A modal: a panel titled with the view title, its blocks, then Cancel and Submit."""
    body = render_blocks(view.get("blocks") or [], names, errors)
    buttons = Text()
    close = view.get("close")
    submit = view.get("submit")
    buttons.append_text(button({"text": close or {"text": "Cancel"}}))
    if submit:
        buttons.append("  ")
        buttons.append_text(button({"text": submit, "style": "primary"}))
    buttons.justify = "right"
    return Group(
        Panel(
            Group(*body, Text(), buttons),
            title=_view_title(view),
            title_align="left",
            border_style="bright_white",
            padding=(1, 2),
            width=MODAL_WIDTH,  # a modal is a narrow window, whatever the terminal's width
        ),
        audience_line(audience),
    )


def render_home(
    view: Mapping[str, Any], audience: str, *, names: Names | None = None, app: str = BOT_NAME
) -> RenderableType:
    """App Home: a panel titled with the app's name and the Home tab."""
    title = Text(f"{app} · Home", "bold")
    body = render_blocks(view.get("blocks") or [], names)
    return Group(
        Panel(Group(*body), title=title, title_align="left", border_style="cyan", padding=(1, 2)),
        audience_line(audience),
    )


_CHANGE_NOTES = {"updated": "(updated in place)"}


def render_surface(surface: SurfaceLike, names: Names | None = None) -> RenderableType:
    """Whatever a person sees for one Surface: a message, a modal, App Home, or what went away."""
    change = surface.change
    if change == "deleted":
        return Group(
            author_line(surface.author),
            Text("This message was deleted.", "dim italic"),
            audience_line(surface.audience),
        )
    if change == "closed":
        return Group(Text("The modal closed.", "dim italic"), audience_line(surface.audience))
    if surface.kind == "modal" and surface.view is not None:
        errors = getattr(surface, "errors", None)
        return render_modal(surface.view, surface.audience, names=names, errors=errors)
    if surface.kind == "home" and surface.view is not None:
        return render_home(surface.view, surface.audience, names=names)
    note = _CHANGE_NOTES.get(change, "")
    if surface.kind == "ephemeral":
        note = ("Only visible to you  " + note).strip()
    if surface.thread_ts and surface.thread_ts != surface.ts:
        note = ("in thread  " + note).strip()
    return render_message(
        surface.author, surface.text, surface.blocks, surface.audience, names=names, note=note
    )
