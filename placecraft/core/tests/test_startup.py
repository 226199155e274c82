import gc
from pathlib import Path

import pytest
from django.conf import settings
from django.template import TemplateSyntaxError
from django.test import override_settings

from placecraft.core.startup import compile_templates, settle


def test_every_project_template_is_compiled_at_start_up():
    files = [p for p in Path(settings.BASE_DIR / "templates").rglob("*.*")]
    assert compile_templates() == len(files) > 100


def test_a_broken_template_stops_the_server_starting(tmp_path):
    (tmp_path / "broken.html").write_text("{% if %}")
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates), pytest.raises(TemplateSyntaxError):
        compile_templates()


def test_settle_freezes_what_is_loaded():
    try:
        settle()
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
