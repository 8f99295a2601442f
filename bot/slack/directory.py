"""Finding people in the Slack directory by email (for `kindred teams import`)."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.services.teams import Person
from bot.slack.profiles import profile_from_user


async def person_by_email(client: AsyncWebClient, email: str) -> Person | None:
    """The person with this email (users.lookupByEmail), or None when nobody has it.

    Any other Slack error is raised: an import must not drop people because Slack had a bad
    minute.
    """
    try:
        response = await client.users_lookupByEmail(email=email)
    except SlackApiError as exc:
        if exc.response.get("error") == "users_not_found":
            return None
        raise
    profile = profile_from_user(response["user"])
    return Person(user_id=profile.user_id, tz=profile.tz, reachable=profile.reachable)
