"""The kota code on each report event, copied from its report.

Filled from the report for the rows already there (docs/scaling.md, Citus).
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Model = apps.get_model("recaps", "ReportEvent")
    Parent = apps.get_model("recaps", "MonthlyReport")
    source = Parent.objects.filter(pk=OuterRef("report_id")).values("kota_code")[:1]
    Model.objects.update(kota_code=Subquery(source))


class Migration(migrations.Migration):
    dependencies = [("recaps", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="reportevent",
            name="kota_code",
            field=models.CharField(db_index=True, default="", editable=False, max_length=5),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
