from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from placecraft.core.tasks import ping
from placecraft.testing import run_background_tasks


@pytest.mark.django_db(transaction=True)
def test_tasks_wait_for_the_worker_and_run_once():
    with transaction.atomic():
        result = ping.enqueue("hello")
    assert DBTaskResult.objects.get(id=result.id).status == "READY"
    run_background_tasks()
    run_background_tasks()
    done = DBTaskResult.objects.get(id=result.id)
    assert done.status == "SUCCESSFUL"
    assert done.return_value == "hello"
