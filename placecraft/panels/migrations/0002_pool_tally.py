"""Pool tallies, kept by triggers on the pool table (see PoolTally)."""

import django.db.models.deletion
from django.db import migrations, models

# One more for the new row's panel and answers; one fewer for the old row's (and its tally gone
# when that reaches nought).
ADD = """
    INSERT INTO panels_pooltally (panel_id, features, n) VALUES (NEW.panel_id, NEW.features, 1)
    ON CONFLICT (panel_id, features) DO UPDATE SET n = panels_pooltally.n + 1;
"""
TAKE = """
    UPDATE panels_pooltally SET n = n - 1
    WHERE panel_id = OLD.panel_id AND features = OLD.features;
    DELETE FROM panels_pooltally
    WHERE panel_id = OLD.panel_id AND features = OLD.features AND n <= 0;
"""
CHANGED = "OLD.panel_id IS DISTINCT FROM NEW.panel_id OR OLD.features IS DISTINCT FROM NEW.features"

POSTGRES = [
    "CREATE FUNCTION panels_tally_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    + ADD
    + "RETURN NULL; END $$",
    "CREATE FUNCTION panels_tally_take() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    + TAKE
    + "RETURN NULL; END $$",
    "CREATE FUNCTION panels_tally_move() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    + TAKE
    + ADD
    + "RETURN NULL; END $$",
    "CREATE TRIGGER panels_tally_insert AFTER INSERT ON panels_poolmember "
    "FOR EACH ROW EXECUTE FUNCTION panels_tally_add()",
    "CREATE TRIGGER panels_tally_delete AFTER DELETE ON panels_poolmember "
    "FOR EACH ROW EXECUTE FUNCTION panels_tally_take()",
    "CREATE TRIGGER panels_tally_update AFTER UPDATE OF panel_id, features ON panels_poolmember "
    "FOR EACH ROW WHEN (" + CHANGED + ") EXECUTE FUNCTION panels_tally_move()",
]
POSTGRES_UNDO = [
    "DROP TRIGGER panels_tally_insert ON panels_poolmember",
    "DROP TRIGGER panels_tally_delete ON panels_poolmember",
    "DROP TRIGGER panels_tally_update ON panels_poolmember",
    "DROP FUNCTION panels_tally_add()",
    "DROP FUNCTION panels_tally_take()",
    "DROP FUNCTION panels_tally_move()",
]
SQLITE = [
    "CREATE TRIGGER panels_tally_insert AFTER INSERT ON panels_poolmember BEGIN" + ADD + "END",
    "CREATE TRIGGER panels_tally_delete AFTER DELETE ON panels_poolmember BEGIN" + TAKE + "END",
    "CREATE TRIGGER panels_tally_update AFTER UPDATE OF panel_id, features ON panels_poolmember "
    "WHEN " + CHANGED.replace("IS DISTINCT FROM", "IS NOT") + " BEGIN" + TAKE + ADD + "END",
]
SQLITE_UNDO = [
    "DROP TRIGGER panels_tally_insert",
    "DROP TRIGGER panels_tally_delete",
    "DROP TRIGGER panels_tally_update",
]
# The pools made before the triggers existed.
FILL = """
    INSERT INTO panels_pooltally (panel_id, features, n)
    SELECT panel_id, features, COUNT(*) FROM panels_poolmember GROUP BY panel_id, features
"""


def run(statements):
    def apply(apps, schema_editor):
        for sql in statements[schema_editor.connection.vendor]:
            schema_editor.execute(sql)

    return apply


create = run({"postgresql": [*POSTGRES, FILL], "sqlite": [*SQLITE, FILL]})
drop = run({"postgresql": POSTGRES_UNDO, "sqlite": SQLITE_UNDO})


class Migration(migrations.Migration):

    dependencies = [
        ('panels', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='PoolTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('features', models.JSONField(default=dict)),
                ('n', models.IntegerField()),
                ('panel', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='panels.panel')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('panel', 'features'), name='panels_tally_unique')],
            },
        ),
        migrations.RunPython(create, drop),
    ]
