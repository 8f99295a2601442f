"""The Slack side of the anonymous space: wording into Block Kit, and the messages Kindred sends.

Listeners stay thin by calling these. Two rules hold for everything here:

- Text people typed is reposted as plain_text (`bk.plain_sections`: Slack formats nothing in
  it, links and mentions included), in messages sent with `link_names` off and unfurling off;
  the notification fallback gets `inert_mrkdwn` (escaped, broadcasts defused).
- Nothing Kindred posts, and nothing in a view that can end up in a public message, carries who
  wrote or clicked it: block_ids are fixed names, button values are post and reply numbers, no
  message has `metadata`. A modal's private_metadata stays in that person's modal.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.runtime import Runtime
from bot.services import space
from bot.services.listening import listen
from bot.services.space import MAX_TEXT_LENGTH, Kind, SpaceMessage
from bot.services.workspaces import processing_channel
from bot.slack import blocks as bk
from bot.slack.feedback_views import listening_text
from bot.slack.text import inert_mrkdwn
from bot.store.models import AnonymousPost

logger = logging.getLogger(__name__)

# Slack errors that mean "Kindred cannot post in that channel" rather than "try again".
CHANNEL_ERRORS = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
# What a Web API call raises when Slack refused it or could not be reached (after retries).
SLACK_FAILURES = (SlackClientError, aiohttp.ClientError, TimeoutError)
# views.update errors that only mean the person closed the modal, or typed on meanwhile.
STALE_VIEW_ERRORS = frozenset({"not_found", "hash_conflict", "view_not_found"})
MINE_LIMIT = 10
MINE_EXCERPT = 280

_QUIET_MESSAGE: dict[str, Any] = {"unfurl_links": False, "unfurl_media": False, "link_names": False}


# Everything a person does in the anonymous space arrives as one of these.
SPACE_CALLBACKS = frozenset(
    {bk.SPACE_SHARE_VIEW, bk.SPACE_REPLY_VIEW, bk.SPACE_DONE_VIEW, "share_anonymously",
     "reply_anonymously"}
)  # fmt: skip


def is_space_request(body: dict[str, Any]) -> bool:
    """True for a request about the anonymous space (its command, modals, shortcuts, buttons):
    anything said back about one must stay out of the person's DM history."""
    if body.get("command") == "/share":
        return True
    callback = body.get("callback_id") or (body.get("view") or {}).get("callback_id")
    if callback in SPACE_CALLBACKS:
        return True
    return any(str(a.get("action_id", "")).startswith("space_") for a in body.get("actions", []))


def failure_code(error: BaseException) -> str:
    """Slack's error code for a refused call, or "unreachable" when Slack never answered."""
    if isinstance(error, SlackApiError):
        return str(error.response.get("error"))
    return "unreachable"


def _fallback(name: str, text: str) -> str:
    """A message's notification text: the name, then the start of the text, made inert."""
    return f"{name}: {bk.clip_mrkdwn(inert_mrkdwn(text), bk.FALLBACK_TEXT_LIMIT)}"


def today() -> date:
    """The UTC day that daily allowances count."""
    return datetime.now(UTC).date()


def parse_target(value: str) -> tuple[int, int | None] | None:
    """`post:7` -> (7, None); `reply:7:12` -> (7, 12); anything else -> None."""
    parts = value.split(":")
    if parts[0] == "post" and len(parts) == 2 and parts[1].isdigit():
        return int(parts[1]), None
    if parts[0] == "reply" and len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return int(parts[1]), int(parts[2])
    return None


def target_value(post_id: int, reply_id: int | None) -> str:
    """The button value naming a post or one of its replies (never a person)."""
    return f"post:{post_id}" if reply_id is None else f"reply:{post_id}:{reply_id}"


def dump_meta(**values: Any) -> str:
    """private_metadata for a space modal (at most a few numbers and flags)."""
    return json.dumps(values, separators=(",", ":"))


def load_meta(raw: str | None) -> dict[str, Any]:
    """The private_metadata written by `dump_meta` ({} when missing or malformed)."""
    try:
        loaded = json.loads(raw or "{}")
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


@dataclass
class Setup:
    """Whether the space can be used in a workspace: its channel, or why not (kind words)."""

    channel: str | None
    problem: str | None


class SpaceUI:
    """Renders the space's wording (prompts/space/) into messages and views."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.prompts = runtime.prompts
        self.settings = runtime.settings

    # ------------------------------------------------------------------ wording

    @cached_property
    def labels(self) -> dict[str, str]:
        return self.prompts.labels("space/labels")

    @cached_property
    def pseudonyms(self) -> list[str]:
        """The names for anonymous repliers, from prompts/space/pseudonyms.j2 (one per line)."""
        lines = self.prompts.render("space/pseudonyms").splitlines()
        names = list(dict.fromkeys(line.strip() for line in lines if line.strip()))
        op_name = self.labels["op_name"]
        return [name[:48] for name in names if name != op_name] or ["Anonymous"]

    def say(self, template: str, /, **context: Any) -> str:
        """Render `prompts/space/<template>.j2`."""
        return self.prompts.render(f"space/{template}", **context)

    def text_problem(self, text: str) -> str | None:
        """Why `text` cannot be posted (empty, or over Slack's limit), or None."""
        if not text:
            return self.say("empty_text")
        if len(text) > MAX_TEXT_LENGTH:
            return self.say("too_long", limit=MAX_TEXT_LENGTH)
        return None

    def post_failed(self, channel: str, error: BaseException) -> str:
        """Log why Slack refused a post or reply (never whose), and what to tell its author."""
        code = failure_code(error)
        logger.warning("could not post in the processing space: %s", code)
        reason = "not_in_channel" if code in CHANNEL_ERRORS else "other"
        return self.say("post_failed", channel=channel, reason=reason)

    def hasher(self) -> space.Hasher:
        key = self.settings.KINDRED_SECRET_KEY
        assert key is not None, "check `setup()` before hashing"
        return space.Hasher(key.get_secret_value())

    # ------------------------------------------------------------------ configuration

    async def setup(self, team_id: str) -> Setup:
        """The processing channel, or the kind explanation of what an admin must set up."""
        if self.settings.KINDRED_SECRET_KEY is None:
            return Setup(None, self.say("not_configured", missing="key"))
        async with self.runtime.db.session() as session:
            channel = await processing_channel(
                session, team_id, self.settings.KINDRED_PROCESSING_CHANNEL
            )
        if channel is None:
            return Setup(None, self.say("not_configured", missing="channel"))
        return Setup(channel, None)

    def limit(self, kind: Kind) -> int:
        if kind is Kind.POST:
            return self.settings.KINDRED_POSTS_PER_DAY
        return self.settings.KINDRED_REPLIES_PER_DAY

    async def over_limit(self, team_id: str, user_id: str, kind: Kind) -> str | None:
        """The kind "that's enough for today" answer when the person used up `kind` today."""
        async with self.runtime.db.session() as session:
            used = await space.allowance_used(
                session, self.hasher(), team_id, user_id, kind, today()
            )
        if used >= self.limit(kind):
            return self.say("rate_limited", kind=kind.value, limit=self.limit(kind))
        return None

    # ------------------------------------------------------------------ messages in the channel

    def _flag_confirm(self, kind: str) -> bk.Block:
        return bk.confirm_dialog(
            self.labels["flag_confirm_title"],
            self.say("flag_confirm", kind=kind),
            self.labels["flag_confirm_yes"],
            self.labels["keep"],
        )

    def post_message(self, post_id: int, text: str, me_too: int = 0) -> dict[str, Any]:
        """The post as it appears in the processing channel, with Reply, Me too and Flag
        buttons; `me_too` people said it is them too (shown as a count, never who)."""
        op_name = self.labels["op_name"]
        actions = [
            bk.button(self.labels["reply_button"], bk.ACTION_REPLY, str(post_id), style="primary"),
            bk.button(self.labels["me_too_button"], bk.ACTION_ME_TOO, target_value(post_id, None)),
            bk.button(
                self.labels["flag_button"],
                bk.ACTION_FLAG,
                target_value(post_id, None),
                confirm=self._flag_confirm("post"),
            ),
        ]
        blocks = bk.space_message_blocks(op_name, text, block_prefix="space_post", actions=actions)
        if me_too:
            count = bk.context(self.say("me_too_count", count=me_too))
            blocks.insert(-1, count | {"block_id": "space_post_me_too"})
        return {
            "text": _fallback(op_name, text),
            "blocks": blocks,
        }

    def preview_blocks(self, author: str, text: str) -> list[bk.Block]:
        """Exactly the author line and text the message will show (buttons left out)."""
        if not text.strip():
            return [bk.context(self.say("preview_empty")) | {"block_id": "space_preview_empty"}]
        return bk.space_message_blocks(author, text, block_prefix="space_preview")

    def reply_message(self, post_id: int, reply_id: int, name: str, text: str) -> dict[str, Any]:
        """An anonymous reply in a thread: its pseudonym, the text, and a ⋯ menu to flag it."""
        menu = bk.flag_overflow(
            self.labels["flag_reply_option"],
            target_value(post_id, reply_id),
            self._flag_confirm("reply"),
        )
        return {
            "text": _fallback(name, text),
            "blocks": bk.space_message_blocks(
                name, text, block_prefix="space_reply", flag_menu=menu
            ),
        }

    def notice_message(self, kind: str, removed: bool) -> dict[str, Any]:
        """What replaces a hidden or removed post or reply."""
        text = self.say("removed_notice" if removed else "hidden_notice", kind=kind)
        return {"text": text, "blocks": bk.notice_blocks(text, "space_notice")}

    def message_for(self, post: SpaceMessage, me_too: int = 0) -> dict[str, Any]:
        """The message a post or reply should show now, given its status."""
        if post.status == space.Status.VISIBLE.value:
            if post.reply_id is None:
                return self.post_message(post.post_id, post.text, me_too)
            return self.reply_message(post.post_id, post.reply_id, post.author, post.text)
        return self.notice_message(post.kind, removed=post.status == space.Status.REMOVED.value)

    # ------------------------------------------------------------------ moderators

    def review_message(
        self, target: SpaceMessage, channel: str, flags: int, permalink: str
    ) -> dict[str, Any]:
        """What the moderators get about a hidden post or reply (never who wrote it)."""
        summary = self.say(
            "review", kind=target.kind, channel=channel, flags=flags, permalink=permalink
        )
        value = target_value(target.post_id, target.reply_id)
        actions = [
            bk.button(self.labels["restore_button"], bk.ACTION_RESTORE, value, style="primary"),
            bk.button(
                self.labels["remove_button"],
                bk.ACTION_REMOVE,
                value,
                style="danger",
                confirm=bk.confirm_dialog(
                    self.labels["remove_confirm_title"],
                    self.say("remove_confirm"),
                    self.labels["remove_confirm_yes"],
                    self.labels["keep"],
                    danger=True,
                ),
            ),
        ]
        quoted = bk.plain_sections(target.text, "space_review_text")
        return {
            "text": summary,
            "blocks": bk.review_blocks(summary, quoted, self.say("review_note"), actions),
        }

    def review_done_message(self, kind: str, decision: str, moderator: str) -> dict[str, Any]:
        """A decided moderation request: who decided and what, without the text any more."""
        text = self.say("review_done", kind=kind, decision=decision, moderator=moderator)
        return {"text": text, "blocks": [bk.section(text)]}

    # ------------------------------------------------------------------ modals

    def info_view(self, text: str) -> dict[str, Any]:
        """A modal that only explains something (not set up, limit reached, …)."""
        return bk.info_modal("Kindred", text)

    def share_view(
        self, channel: str, text: str, *, crisis: bool = False, error: str | None = None
    ) -> dict[str, Any]:
        """The Share anonymously modal (with support resources on top after crisis words)."""
        labels = self.labels
        intro = self._modal_intro(
            self.say("share_intro", channel=channel, op_name=labels["op_name"]), crisis, error
        )
        return bk.space_modal(
            callback_id=bk.SPACE_SHARE_VIEW,
            title=labels["share_title"],
            submit=labels["post_anyway"] if crisis else labels["share_submit"],
            close=labels["cancel"],
            intro=intro,
            label=labels["text_label"],
            placeholder=labels["text_placeholder"],
            initial_text=text,
            preview_label=labels["preview_label"],
            preview=self.preview_blocks(labels["op_name"], text),
            private_metadata=dump_meta(channel=channel, crisis_seen=crisis),
        )

    def reply_view(
        self,
        post_id: int,
        thread_ts: str,
        name: str,
        is_op: bool,
        text: str,
        *,
        crisis: bool = False,
        error: str | None = None,
    ) -> dict[str, Any]:
        """The Reply anonymously modal for one thread; `name` is how the person will appear.

        `thread_ts` (the post's message) travels in private_metadata, so a reply sent the
        instant after the post went up still lands in its thread.
        """
        labels = self.labels
        intro = self._modal_intro(self.say("reply_intro", name=name, is_op=is_op), crisis, error)
        return bk.space_modal(
            callback_id=bk.SPACE_REPLY_VIEW,
            title=labels["reply_title"],
            submit=labels["post_anyway"] if crisis else labels["reply_submit"],
            close=labels["cancel"],
            intro=intro,
            label=labels["reply_label"],
            placeholder=labels["text_placeholder"],
            initial_text=text,
            preview_label=labels["preview_label"],
            preview=self.preview_blocks(name, text),
            private_metadata=dump_meta(
                post=post_id, ts=thread_ts, name=name, op=is_op, crisis_seen=crisis
            ),
            advice=self.listening_advice(text),
        )

    def listening_advice(self, text: str) -> str | None:
        """The listening coach on a reply being typed (advice only: it never blocks sending)."""
        if not text.strip():
            return None
        advice = listening_text(self.prompts, listen(text), "modal")
        return bk.clip_mrkdwn(advice, bk.SECTION_TEXT_LIMIT) if advice else None

    def _modal_intro(self, intro: str, crisis: bool, error: str | None) -> list[bk.Block]:
        """What went wrong (if anything), support resources after crisis words, then `intro`."""
        blocks = [bk.section(error)] if error else []
        if crisis:
            blocks.append(bk.section(self.say("crisis")))
        return [*blocks, bk.section(intro)]

    def delete_button(self, post_id: int) -> bk.Block:
        return bk.button(
            self.labels["delete_button"],
            bk.ACTION_DELETE,
            str(post_id),
            style="danger",
            confirm=bk.confirm_dialog(
                self.labels["delete_confirm_title"],
                self.say("delete_confirm"),
                self.labels["delete_confirm_yes"],
                self.labels["keep"],
                danger=True,
            ),
        )

    def posted_view(self, channel: str, post_id: int) -> dict[str, Any]:
        """The author's private confirmation, with Delete my post (which works while it waits)."""
        text = self.say(
            "posted",
            channel=channel,
            op_name=self.labels["op_name"],
            delete_button=self.labels["delete_button"],
            delay=self.settings.KINDRED_SPACE_DELAY_SECONDS,
        )
        return bk.space_done_modal(
            self.labels["share_title"], text, self.labels["close"], [self.delete_button(post_id)]
        )

    def done_view(self, text: str, title: str | None = None) -> dict[str, Any]:
        """A modal that only says something to the person who posted (under `title`)."""
        return bk.space_done_modal(title or self.labels["share_title"], text, self.labels["close"])

    def mine_blocks(self, posts: list[tuple[int, str]]) -> list[bk.Block]:
        """`/share mine`: each of the person's posts (id, text) with its Delete button."""
        found: list[bk.Block] = [bk.section(self.say("mine", count=len(posts)))]
        for post_id, text in posts[:MINE_LIMIT]:
            excerpt = text if len(text) <= MINE_EXCERPT else text[: MINE_EXCERPT - 1] + "…"
            found.append(
                {
                    "type": "section",
                    "block_id": f"space_mine_{post_id}",
                    "text": {"type": "plain_text", "text": excerpt.strip() or "…", "emoji": True},
                    "accessory": self.delete_button(post_id),
                }
            )
        return found


# ---------------------------------------------------------------------- talking to Slack


def _holds_value(node: Any, value: str) -> bool:
    """True when a button or menu option somewhere in `node` carries `value`."""
    if isinstance(node, dict):
        if node.get("action_id") == bk.ACTION_FLAG and (
            node.get("value") == value
            or any(option.get("value") == value for option in node.get("options", []))
        ):
            return True
        return any(_holds_value(child, value) for child in node.values())
    if isinstance(node, list):
        return any(_holds_value(child, value) for child in node)
    return False


async def find_posted(
    client: AsyncWebClient,
    channel: str,
    post_id: int,
    reply_id: int | None = None,
    *,
    thread_ts: str | None = None,
) -> str | None:
    """The ts of the message Kindred posted for a post (or reply) whose ts it never recorded.

    Found by its Flag value (`post:7`, `reply:7:12`), which names the message and nobody else:
    among the channel's recent messages for a post, in the thread for a reply.
    """
    value = target_value(post_id, reply_id)
    if reply_id is None:
        found = await client.conversations_history(channel=channel, limit=200)
    elif thread_ts:
        found = await client.conversations_replies(channel=channel, ts=thread_ts, limit=200)
    else:
        return None
    messages: list[dict[str, Any]] = found.get("messages", [])
    for message in messages:
        if _holds_value(message.get("blocks", []), value):
            return str(message["ts"])
    return None


async def update_view(
    client: AsyncWebClient, view_id: str, view: dict[str, Any], **kw: Any
) -> bool:
    """views.update; False (nothing else) when the modal was closed or has changed since."""
    try:
        await client.views_update(view_id=view_id, view=view, **kw)
    except SlackApiError as error:
        if error.response.get("error") in STALE_VIEW_ERRORS:
            return False
        raise
    return True


async def tell_privately(client: AsyncWebClient, user_id: str, text: str) -> None:
    """An ephemeral message in the person's DM with Kindred.

    Ephemeral, so it is not kept in the DM's history (nor in exports): used for anything that
    would link a person to what they posted, such as returning words that could not be posted.
    """
    opened = await client.conversations_open(users=user_id)
    await client.chat_postEphemeral(channel=opened["channel"]["id"], user=user_id, text=text)


async def post_in_channel(
    client: AsyncWebClient, channel: str, message: dict[str, Any], thread_ts: str | None = None
) -> str:
    """Post a Kindred message (no link names, no unfurls, no metadata); returns its ts."""
    extra: dict[str, Any] = {"thread_ts": thread_ts} if thread_ts else {}
    response = await client.chat_postMessage(channel=channel, **message, **_QUIET_MESSAGE, **extra)
    return str(response["ts"])


async def record_or_take_down(
    runtime: Runtime,
    client: AsyncWebClient,
    channel: str,
    ts: str,
    post_id: int,
    reply_id: int | None = None,
) -> bool:
    """Note where a just-published post (or reply) went; False, with the message taken down
    again, when it was deleted while being published."""
    async with runtime.db.session() as session:
        if reply_id is None:
            recorded = await space.set_post_message(session, post_id, ts)
        else:
            recorded = await space.set_reply_message(session, reply_id, ts)
    if not recorded:
        await delete_message(client, channel, ts)
    return recorded


async def record_published(
    ui: SpaceUI,
    client: AsyncWebClient,
    user_id: str,
    channel: str,
    ts: str,
    post_id: int,
    reply_id: int | None = None,
    *,
    view_id: str | None = None,
) -> None:
    """`record_or_take_down` for the author who just pressed Post or Reply.

    If the database fails here the message is up but unrecorded: the author is told in their
    modal (or an ephemeral message), never in a DM, and the post stays deletable (`/share
    mine` lists it, and Delete finds its message by its Flag value).
    """
    try:
        await record_or_take_down(ui.runtime, client, channel, ts, post_id, reply_id)
    except SQLAlchemyError as error:
        kind = "post" if reply_id is None else "reply"
        logger.warning("could not record a published %s: %s", kind, type(error).__name__)
        text = ui.say("not_recorded", kind=kind, delete_button=ui.labels["delete_button"])
        if view_id is None or not await update_view(client, view_id, ui.done_view(text)):
            await tell_privately(client, user_id, text)


async def replace_message(
    client: AsyncWebClient, channel: str, ts: str, message: dict[str, Any]
) -> None:
    """Change a Kindred message in place (hide, restore, remove)."""
    await client.chat_update(channel=channel, ts=ts, **message, **_QUIET_MESSAGE)


async def delete_message(client: AsyncWebClient, channel: str, ts: str) -> None:
    """Delete a Kindred message; one that is already gone is fine."""
    try:
        await client.chat_delete(channel=channel, ts=ts)
    except SlackApiError as error:
        if error.response.get("error") != "message_not_found":
            raise


async def moderator_destinations(client: AsyncWebClient, moderators: str) -> list[str]:
    """Where moderation requests go: the channel, or each member of the user group (by DM)."""
    if moderators.startswith("S"):
        response = await client.usergroups_users_list(usergroup=moderators)
        users: list[Any] = response.get("users", [])
        return [str(user) for user in users]
    return [moderators]


async def is_moderator(
    client: AsyncWebClient, moderators: str | None, user_id: str, channel_id: str | None
) -> bool:
    """True for a member of the moderators' user group, or a click in the moderators' channel."""
    if not moderators:
        return False
    if moderators.startswith("S"):
        response = await client.usergroups_users_list(usergroup=moderators)
        return user_id in response.get("users", [])
    return channel_id == moderators


async def notify_moderators(
    ui: SpaceUI, client: AsyncWebClient, target: SpaceMessage, flags: int
) -> list[tuple[str, str]]:
    """Send the moderators a hidden post or reply to review; returns where (channel, ts)."""
    moderators = ui.settings.KINDRED_MODERATORS
    if not moderators:
        logger.warning(
            "a flagged %s was hidden, but KINDRED_MODERATORS is not set: nobody can review it",
            target.kind,
        )
        return []
    permalink = ""
    if target.message_ts:
        found = await client.chat_getPermalink(channel=target.channel, message_ts=target.message_ts)
        permalink = str(found.get("permalink") or "")
    message = ui.review_message(target, target.channel, flags, permalink)
    sent: list[tuple[str, str]] = []
    for destination in await moderator_destinations(client, moderators):
        response = await client.chat_postMessage(channel=destination, **message, **_QUIET_MESSAGE)
        sent.append((str(response["channel"]), str(response["ts"])))
    return sent


async def close_reviews(
    client: AsyncWebClient, reviews: list[tuple[str, str]], message: dict[str, Any]
) -> None:
    """Replace every moderation request about something with what became of it."""
    for channel, ts in reviews:
        try:
            await client.chat_update(channel=channel, ts=ts, **message)
        except SlackApiError as error:
            # A moderator may have deleted the request in their DM; the others still update.
            if error.response.get("error") != "message_not_found":
                raise


async def finish_deleting(ui: SpaceUI, client: AsyncWebClient, post_id: int) -> None:
    """Remove a post being deleted from Slack, then everything Kindred kept about it.

    Slack first, one paced chat.delete at a time; each reply is forgotten as soon as its message
    is gone, so a deletion that stops half-way (an error, a restart) carries on from there the
    next time (the author pressing again, or the next scheduling cycle).
    """
    async with ui.runtime.db.session() as session:
        post = await session.get(AnonymousPost, post_id)
        if post is None:
            return
        gone = await space.what_to_remove(session, post)
    if gone.post_ts is None:
        # Still waiting for its moment (then nothing is in Slack and it never will be), being
        # published right now (it is taken down once published), or published by a request
        # that failed before noting where: then it is found by its Flag value.
        gone.post_ts = await find_posted(client, gone.channel, post_id)
    if gone.post_ts:
        for reply_id in gone.unrecorded:
            found = await find_posted(
                client, gone.channel, post_id, reply_id, thread_ts=gone.post_ts
            )
            gone.replies += [(reply_id, found)] if found else []
    for reply_id, ts in gone.replies:
        await delete_message(client, gone.channel, ts)
        async with ui.runtime.db.session() as session:
            await space.reply_gone_from_slack(session, reply_id)
    if gone.post_ts:
        await delete_message(client, gone.channel, gone.post_ts)
    await close_reviews(client, gone.reviews, ui.review_done_message("post", "deleted", ""))
    async with ui.runtime.db.session() as session:
        await space.delete_post(session, post_id)
    await ui.runtime.db.erase(space.POST_TABLES)


# ---------------------------------------------------------------------- flows shared by listeners


async def reply_modal(
    ui: SpaceUI,
    team_id: str,
    user_id: str,
    *,
    post_id: int | None = None,
    channel: str | None = None,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """The modal "Reply anonymously" opens: the reply box, or why replying is not possible.

    The post is found by `post_id` (its button, pressed on the message at `thread_ts`) or by
    `channel` and `thread_ts` (the message shortcut on the post or any reply under it).
    Nothing is recorded until the reply is sent.
    """
    setup = await ui.setup(team_id)
    if setup.problem:
        return ui.info_view(setup.problem)
    async with ui.runtime.db.session() as session:
        if post_id is not None:
            post = await space.get_post(session, team_id, post_id)
        elif channel and thread_ts:
            post = await space.find_post_by_thread(session, team_id, channel, thread_ts)
            if post is None:
                return ui.info_view(ui.say("not_a_post"))
        else:
            post = None
        if post is None:
            return ui.info_view(ui.say("post_gone", kind="post", state="deleted"))
        if post.status != space.Status.VISIBLE.value:
            return ui.info_view(ui.say("post_gone", kind="post", state=post.status))
        speaker = await space.speaker_in_thread(session, ui.hasher(), post, user_id)
        name = await space.suggest_pseudonym(session, post, speaker, ui.pseudonyms)
    refusal = await ui.over_limit(team_id, user_id, Kind.REPLY)
    if refusal:
        return ui.info_view(refusal)
    ts = post.message_ts or thread_ts or ""
    return ui.reply_view(post.id, ts, name or ui.labels["op_name"], speaker.is_op, "")
