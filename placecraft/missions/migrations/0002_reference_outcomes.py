from django.db import migrations


def load(apps, schema_editor):
    from placecraft.missions.reference import load_reference_outcomes

    load_reference_outcomes(apps.get_model("missions", "ReferenceOutcome"))


class Migration(migrations.Migration):
    dependencies = [("missions", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
