"""Commitment tallies, kept by triggers on the commitments table (see CommitmentTally)."""

import django.db.models.deletion
from django.db import migrations, models

# One more for the new row's mission, state and visibility; one fewer for the old row's (and
# its tally gone when that reaches nought).
ADD = """
    INSERT INTO partners_commitmenttally (place_id, mission_id, status, visibility, n)
    VALUES (NEW.place_id, NEW.mission_id, NEW.status, NEW.visibility, 1)
    ON CONFLICT (mission_id, status, visibility) DO UPDATE SET n = partners_commitmenttally.n + 1;
"""
TAKE = """
    UPDATE partners_commitmenttally SET n = n - 1
    WHERE mission_id = OLD.mission_id AND status = OLD.status AND visibility = OLD.visibility;
    DELETE FROM partners_commitmenttally
    WHERE mission_id = OLD.mission_id AND status = OLD.status AND visibility = OLD.visibility
    AND n <= 0;
"""
CHANGED = """
    OLD.place_id IS DISTINCT FROM NEW.place_id OR OLD.mission_id IS DISTINCT FROM NEW.mission_id
    OR OLD.status IS DISTINCT FROM NEW.status OR OLD.visibility IS DISTINCT FROM NEW.visibility
"""
COLUMNS = "place_id, mission_id, status, visibility"

POSTGRES = [
    "CREATE FUNCTION partners_tally_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    + ADD
    + "RETURN NULL; END $$",
    "CREATE FUNCTION partners_tally_take() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    + TAKE
    + "RETURN NULL; END $$",
    "CREATE FUNCTION partners_tally_move() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    + TAKE
    + ADD
    + "RETURN NULL; END $$",
    "CREATE TRIGGER partners_tally_insert AFTER INSERT ON partners_commitment "
    "FOR EACH ROW EXECUTE FUNCTION partners_tally_add()",
    "CREATE TRIGGER partners_tally_delete AFTER DELETE ON partners_commitment "
    "FOR EACH ROW EXECUTE FUNCTION partners_tally_take()",
    "CREATE TRIGGER partners_tally_update AFTER UPDATE OF " + COLUMNS + " ON partners_commitment "
    "FOR EACH ROW WHEN (" + CHANGED + ") EXECUTE FUNCTION partners_tally_move()",
]
POSTGRES_UNDO = [
    "DROP TRIGGER partners_tally_insert ON partners_commitment",
    "DROP TRIGGER partners_tally_delete ON partners_commitment",
    "DROP TRIGGER partners_tally_update ON partners_commitment",
    "DROP FUNCTION partners_tally_add()",
    "DROP FUNCTION partners_tally_take()",
    "DROP FUNCTION partners_tally_move()",
]
SQLITE = [
    "CREATE TRIGGER partners_tally_insert AFTER INSERT ON partners_commitment BEGIN" + ADD + "END",
    "CREATE TRIGGER partners_tally_delete AFTER DELETE ON partners_commitment BEGIN" + TAKE + "END",
    "CREATE TRIGGER partners_tally_update AFTER UPDATE OF " + COLUMNS + " ON partners_commitment "
    "WHEN " + CHANGED.replace("IS DISTINCT FROM", "IS NOT") + " BEGIN" + TAKE + ADD + "END",
]
SQLITE_UNDO = [
    "DROP TRIGGER partners_tally_insert",
    "DROP TRIGGER partners_tally_delete",
    "DROP TRIGGER partners_tally_update",
]
# The commitments made before the triggers existed.
FILL = """
    INSERT INTO partners_commitmenttally (place_id, mission_id, status, visibility, n)
    SELECT place_id, mission_id, status, visibility, COUNT(*) FROM partners_commitment
    GROUP BY place_id, mission_id, status, visibility
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
        ("missions", "0002_reference_outcomes"),
        ("partners", "0005_grant_recipients_index"),
        ("places", "0002_alter_place_brand_colour"),
    ]

    operations = [
        migrations.CreateModel(
            name="CommitmentTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "Proposed"),
                            ("active", "In progress"),
                            ("at-risk", "At risk"),
                            ("met", "Met"),
                            ("not-met", "Not met"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        max_length=16,
                    ),
                ),
                (
                    "visibility",
                    models.CharField(
                        choices=[
                            ("private", "Private: members of the owning organisation"),
                            ("partners", "Partners: members of any organisation in the place"),
                            ("public", "Public: anyone, on the place's public site"),
                        ],
                        max_length=16,
                    ),
                ),
                ("n", models.IntegerField()),
                (
                    "mission",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="missions.mission",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="places.place",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("mission", "status", "visibility"), name="partners_tally_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(create, drop),
    ]
