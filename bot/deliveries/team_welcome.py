"""The note someone gets when they join a manager's team: what that manager can and cannot see.

Enqueued by bot/services/teams.py when a link is made (period = when it was made, so each link
is explained once); the scheduler's sender delivers it like any other message.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries import DeliveryKind, OutgoingMessage, Skip, enqueued_by_flows
from bot.prompts import Prompts
from bot.runtime import Runtime
from bot.services import teams
from bot.slack.blocks import TEAM_WELCOME_BLOCK, actions, button, section
from bot.store.models import Delivery

NOT_MY_MANAGER_ACTION = "team_not_my_manager"


async def compose(
    runtime: Runtime, client: AsyncWebClient, delivery: Delivery
) -> OutgoingMessage | Skip:
    """The note, unless the person's team has changed since (a newer note then explains it)."""
    async with runtime.db.session() as session:
        manager_id = await teams.manager_linked_at(
            session, delivery.team_id, delivery.recipient, delivery.period
        )
    if manager_id is None:
        return Skip("team changed since")
    return welcome_message(runtime.prompts, manager_id, runtime.settings.KINDRED_MIN_GROUP)


def welcome_message(prompts: Prompts, manager_id: str, min_group: int) -> OutgoingMessage:
    """What a manager can and cannot see, with a way to say "this isn't my manager"."""
    words = prompts.labels("teams/labels")
    return OutgoingMessage(
        text=prompts.render("teams/welcome_text", manager=manager_id),
        blocks=[
            section(prompts.render("teams/welcome", manager=manager_id, min_group=min_group)),
            actions(
                TEAM_WELCOME_BLOCK,
                [button(words["not_my_manager"], NOT_MY_MANAGER_ACTION, manager_id)],
            ),
        ],
    )


KIND = DeliveryKind(teams.TEAM_WELCOME, enqueued_by_flows, compose)
