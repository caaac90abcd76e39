"""The kota code in the facts key (Citus wants the distribution column in every unique key)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('facts', '0002_stalefact'),
        ('regions', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='monthlyfact',
            name='one_fact_per_month',
        ),
        migrations.AddConstraint(
            model_name='monthlyfact',
            constraint=models.UniqueConstraint(fields=('kota_code', 'posyandu', 'period'), name='one_fact_per_month'),
        ),
    ]
