"""Background work for participatory budgeting: counting a closed round."""

from __future__ import annotations

import logging

from django_tasks import task

from placecraft.budgeting import services

logger = logging.getLogger(__name__)


@task()
def count_round_task(round_id: int) -> str:
    """Count a round by its rule; progress and the outcome are recorded on the round so the
    count's page can show them. A failure is recorded too, then re-raised for the worker."""
    try:
        round = services.count_round(round_id)
    except Exception as error:
        logger.exception("Counting participatory budget round %s failed", round_id)
        services.count_failed(round_id, f"Counting failed: {error}")
        raise
    return round.count_message
