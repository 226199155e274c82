from django.db import migrations


def load(apps, schema_editor):
    from placecraft.impact.library import load_starter_library

    load_starter_library(apps.get_model("impact", "Resource"), apps.get_model("impact", "ResourceToolset"))


class Migration(migrations.Migration):
    dependencies = [("impact", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
