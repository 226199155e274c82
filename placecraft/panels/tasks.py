"""Background work for citizens' panels: running a selection (seconds to half a minute)."""

from __future__ import annotations

import logging

from django_tasks import task

from placecraft.panels import services

logger = logging.getLogger(__name__)


@task()
def run_selection_task(run_id: int) -> str:
    """Run a selection recorded by the web request; progress and the outcome are written to the
    run so its page can show them. A crash is recorded too, then re-raised for the worker."""
    try:
        run = services.run_selection(run_id)
    except Exception as error:
        logger.exception("Panel selection %s failed", run_id)
        services.selection_failed(run_id, f"The selection failed: {error}")
        raise
    return run.status
