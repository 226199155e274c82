"""Store the shipped framework files, so every database has them from the start.

Uses the same service as ``manage.py load_frameworks``, with this migration's historical models.
Later changes to the files are stored by ``load_frameworks`` (``seed_demo`` runs it too).
"""

from django.db import migrations


def load(apps, schema_editor):
    from placecraft.frameworks import schema, services

    models = services.StoreModels(
        framework=apps.get_model("frameworks", "Framework"),
        version=apps.get_model("frameworks", "FrameworkVersion"),
        prompt=apps.get_model("frameworks", "Prompt"),
    )
    services.store_frameworks(schema.load_all(), models)


class Migration(migrations.Migration):
    dependencies = [("frameworks", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
