"""The request someone gets when a manager adds them in `/checkin team`: Accept or Decline.

Enqueued by bot/services/teams.py (period = the request's id); the sender delivers it like any
other message. Until the person accepts, they stay where they are.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries import DeliveryKind, OutgoingMessage, Skip, enqueued_by_flows
from bot.prompts import Prompts
from bot.runtime import Runtime
from bot.services import teams
from bot.services.members import get_member
from bot.slack.blocks import TEAM_REQUEST_BLOCK, actions, button, section
from bot.store.models import Delivery

ACCEPT_ACTION = "team_request_accept"
DECLINE_ACTION = "team_request_decline"


async def compose(
    runtime: Runtime, client: AsyncWebClient, delivery: Delivery
) -> OutgoingMessage | Skip:
    """The request, unless it was withdrawn (or answered) before it could be sent."""
    async with runtime.db.session() as session:
        request = await teams.request_of(session, delivery.team_id, delivery.period)
        if request is None or request.user_id != delivery.recipient:
            return Skip("request withdrawn")
        member = await get_member(session, delivery.team_id, delivery.recipient)
        current = member.manager_user_id if member else None
        manager_id, request_id = request.manager_user_id, request.id
    return request_message(
        runtime.prompts, manager_id, current, request_id, runtime.settings.KINDRED_MIN_GROUP
    )


def request_message(
    prompts: Prompts, manager_id: str, current: str | None, request_id: int, min_group: int
) -> OutgoingMessage:
    """What that manager could and could not see, with Accept and Decline."""
    words = prompts.labels("teams/labels")
    value = str(request_id)
    return OutgoingMessage(
        text=prompts.render("teams/request_text", manager=manager_id),
        blocks=[
            section(
                prompts.render(
                    "teams/request", manager=manager_id, current=current, min_group=min_group
                )
            ),
            actions(
                TEAM_REQUEST_BLOCK,
                [
                    button(words["accept"], ACCEPT_ACTION, value, style="primary"),
                    button(words["decline"], DECLINE_ACTION, value),
                ],
            ),
        ],
    )


KIND = DeliveryKind(teams.TEAM_REQUEST, enqueued_by_flows, compose)
