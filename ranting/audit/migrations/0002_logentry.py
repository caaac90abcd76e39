"""The audit entries move from django-auditlog's table to ours, with the kota of each.

`audit.LogEntry` (AUDITLOG_LOGENTRY_MODEL) gets every row of `auditlog_logentry` with its id,
and the kota of its region rows (an entry about objects in several kota, e.g. a child who moved
to another city, takes the lowest code; no region rows: ""); EntryRegion rows point at it and
copy its kota. Then auditlog's table is dropped (its own migrations still create it on a new
database, this one drops it there too). Going back restores it and copies the entries back.
Docs: docs/scaling.md, Citus.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Substr

OLD, NEW = "auditlog_logentry", "audit_logentry"


def _copy(apps, schema_editor, source, target):
    """Every row of table `source` into `target` with its id; then the id sequence of `target`
    continues after them (PostgreSQL; SQLite's does by itself)."""
    q = schema_editor.quote_name
    fields = apps.get_model("auditlog", "LogEntry")._meta.concrete_fields
    columns = select = ", ".join(q(f.column) for f in fields)
    if target == NEW:  # our kota column starts empty
        columns, select = f"{columns}, {q('kota_code')}", f"{select}, ''"
    connection = schema_editor.connection
    model = apps.get_model("audit" if target == NEW else "auditlog", "LogEntry")
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {q(target)} ({columns}) SELECT {select} FROM {q(source)}")
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)
        _check_now(cursor)


def _check_now(cursor):
    # PostgreSQL checks foreign keys at the commit: run the checks of the rows written now, or
    # the next ALTER TABLE of this migration refuses to run ("pending trigger events").
    if cursor.db.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def copy_entries(apps, schema_editor):
    _copy(apps, schema_editor, OLD, NEW)
    Entry = apps.get_model("audit", "LogEntry")
    Region = apps.get_model("audit", "EntryRegion")
    lowest = Region.objects.filter(entry_id=OuterRef("pk")).order_by("code")
    Entry.objects.update(
        kota_code=Coalesce(Subquery(lowest.values(kota=Substr("code", 1, 5))[:1]), Value(""))
    )


def finish_move(apps, schema_editor):
    """The region rows (now pointing at the copies) take their entry's kota; auditlog's table
    goes: no model uses it any more, and on PostgreSQL its foreign keys would stop the TRUNCATE
    of `manage.py flush` (django-auditlog#804)."""
    Entry = apps.get_model("audit", "LogEntry")
    Region = apps.get_model("audit", "EntryRegion")
    entry = Entry.objects.filter(pk=OuterRef("entry_id"))
    Region.objects.update(kota_code=Subquery(entry.values("kota_code")[:1]))
    schema_editor.delete_model(apps.get_model("auditlog", "LogEntry"))


def restore_old_table(apps, schema_editor):
    schema_editor.create_model(apps.get_model("auditlog", "LogEntry"))
    _copy(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),  # every column copied exists
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LogEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_pk', models.CharField(db_index=True, max_length=255, verbose_name='object pk')),
                ('object_id', models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name='object id')),
                ('object_repr', models.TextField(verbose_name='object representation')),
                ('serialized_data', models.JSONField(null=True)),
                ('action', models.PositiveSmallIntegerField(choices=[(0, 'create'), (1, 'update'), (2, 'delete'), (3, 'access')], db_index=True, verbose_name='action')),
                ('changes_text', models.TextField(blank=True, verbose_name='change message')),
                ('changes', models.JSONField(null=True, verbose_name='change message')),
                ('cid', models.CharField(blank=True, db_index=True, max_length=255, null=True, verbose_name='Correlation ID')),
                ('remote_addr', models.GenericIPAddressField(blank=True, null=True, verbose_name='remote address')),
                ('remote_port', models.PositiveIntegerField(blank=True, null=True, verbose_name='remote port')),
                ('timestamp', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='timestamp')),
                ('additional_data', models.JSONField(blank=True, null=True, verbose_name='additional data')),
                ('actor_email', models.CharField(blank=True, max_length=254, null=True, verbose_name='actor email')),
                ('kota_code', models.CharField(db_index=True, max_length=5)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype', verbose_name='content type')),
            ],
            options={
                'verbose_name': 'log entry',
                'verbose_name_plural': 'log entries',
                'ordering': ['-timestamp'],
                'get_latest_by': 'timestamp',
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='entryregion',
            name='kota_code',
            field=models.CharField(db_index=True, default='', editable=False, max_length=5),
            preserve_default=False,
        ),
        migrations.RunPython(copy_entries, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='entryregion',
            name='entry',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='regions', to='audit.logentry'),
        ),
        migrations.RunPython(finish_move, restore_old_table),
    ]
