"""The note a manager gets when someone on their team moved to another manager.

Enqueued by bot/services/teams.py when the move is made (accepting a request, or an org chart),
keyed by when it was made; it names whoever moved away from this manager at that moment.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.deliveries import DeliveryKind, OutgoingMessage, Skip, enqueued_by_flows
from bot.runtime import Runtime
from bot.services import teams
from bot.slack.blocks import section
from bot.store.models import Delivery


async def compose(
    runtime: Runtime, client: AsyncWebClient, delivery: Delivery
) -> OutgoingMessage | Skip:
    """Who moved away, unless they have all moved back or left Kindred since."""
    async with runtime.db.session() as session:
        people = await teams.moved_away(
            session, delivery.team_id, delivery.recipient, delivery.period
        )
    if not people:
        return Skip("nobody moved away")
    text = runtime.prompts.render("teams/moved", people=people)
    return OutgoingMessage(text=text, blocks=[section(text)])


KIND = DeliveryKind(teams.TEAM_MOVED, enqueued_by_flows, compose)
