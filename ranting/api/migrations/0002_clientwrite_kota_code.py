"""The kota code on each client write, copied from the child or measurement it wrote.

Filled for the rows already there (docs/scaling.md, Citus).
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

CHILD_KINDS = ["child_create", "child_update"]
MEASUREMENT_KINDS = ["measurement_create", "measurement_correct"]


def fill(apps, schema_editor):
    Write = apps.get_model("ranting_api", "ClientWrite")
    for app, model, kinds in [
        ("children", "Child", CHILD_KINDS),
        ("measurements", "Measurement", MEASUREMENT_KINDS),
    ]:
        parent = apps.get_model(app, model).objects.filter(pk=OuterRef("object_id"))
        # A write whose object was deleted since has no kota left to copy: "".
        source = Coalesce(Subquery(parent.values("kota_code")[:1]), Value(""))
        Write.objects.filter(kind__in=kinds).update(kota_code=source)


class Migration(migrations.Migration):
    dependencies = [
        ("ranting_api", "0001_initial"),
        ("children", "0003_childtransfer_kota_code"),
        ("measurements", "0003_measurementrevision_kota_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="clientwrite",
            name="kota_code",
            field=models.CharField(db_index=True, default="", max_length=5),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
