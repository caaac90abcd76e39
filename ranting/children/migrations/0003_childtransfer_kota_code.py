"""The kota code on each transfer: the kota of the posyandu the child moved to.

Filled from that posyandu's kelurahan code for the rows already there (docs/scaling.md, Citus).
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Substr


def fill(apps, schema_editor):
    Model = apps.get_model("children", "ChildTransfer")
    Parent = apps.get_model("regions", "Posyandu")
    source = Parent.objects.filter(pk=OuterRef("to_posyandu_id")).values(kota=Substr("kelurahan_id", 1, 5)).values("kota")[:1]
    Model.objects.update(kota_code=Subquery(source))


class Migration(migrations.Migration):
    dependencies = [("children", "0002_child_client_id")]

    operations = [
        migrations.AddField(
            model_name="childtransfer",
            name="kota_code",
            field=models.CharField(db_index=True, default="", editable=False, max_length=5),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
