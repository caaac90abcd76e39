"""PostgreSQL only: partition the measurement table by month (ranting.measurements.partitions).

Nothing changes in Django's model state, so the SQLite schema and `makemigrations` stay as they
were; on SQLite both directions do nothing.
"""

from django.db import migrations
from django.utils import timezone

from ranting.measurements import partitions


def partition(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        partitions.partition(schema_editor.connection, timezone.localdate())


def unpartition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    revision = apps.get_model("measurements", "MeasurementRevision")
    field = revision._meta.get_field("measurement")
    # Django's own statement, so the foreign key gets back the name Django gave it.
    fk_sql = schema_editor._create_fk_sql(revision, field, "_fk_%(to_table)s_%(to_column)s")
    partitions.unpartition(schema_editor.connection, str(fk_sql))


class Migration(migrations.Migration):
    dependencies = [("measurements", "0001_initial")]

    operations = [migrations.RunPython(partition, unpartition)]
