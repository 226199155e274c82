"""Background work for evidence: checking and importing an uploaded observations file."""

from __future__ import annotations

import logging

from django_tasks import task

from placecraft.evidence import services

logger = logging.getLogger(__name__)

# What the person sees when a task breaks: the details are for the logs, not the page.
FAILED_CHECK = (
    "Something went wrong while checking the file. Nothing was imported: upload it again."
)
FAILED_IMPORT = (
    "Something went wrong while importing the file. Nothing was imported: upload it again, and "
    "if it happens again ask an administrator to look at the logs."
)


@task()
def check_import_task(pending_id: int) -> str:
    """Check an uploaded file and build its preview; the state and progress are recorded on the
    PendingImport. A crash is recorded too, then re-raised for the worker."""
    try:
        pending = services.check_import(pending_id)
    except Exception:
        logger.exception("Checking observations upload %s failed", pending_id)
        services.import_failed(pending_id, FAILED_CHECK)
        raise
    return pending.status


@task()
def run_import_task(pending_id: int) -> str:
    """Import a confirmed file, all or nothing."""
    try:
        pending = services.run_import(pending_id)
    except Exception:
        logger.exception("Importing observations upload %s failed", pending_id)
        services.import_failed(pending_id, FAILED_IMPORT)
        raise
    return pending.status
