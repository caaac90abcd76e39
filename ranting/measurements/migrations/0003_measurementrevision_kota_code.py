"""The kota code on each revision, copied from its measurement.

Filled from the measurement for the rows already there (docs/scaling.md, Citus).
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Model = apps.get_model("measurements", "MeasurementRevision")
    Parent = apps.get_model("measurements", "Measurement")
    source = Parent.objects.filter(pk=OuterRef("measurement_id")).values("kota_code")[:1]
    Model.objects.update(kota_code=Subquery(source))


class Migration(migrations.Migration):
    dependencies = [("measurements", "0002_partition_by_month")]

    operations = [
        migrations.AddField(
            model_name="measurementrevision",
            name="kota_code",
            field=models.CharField(db_index=True, default="", editable=False, max_length=5),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
