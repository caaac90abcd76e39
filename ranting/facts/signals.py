"""Receivers that keep MonthlyFact fresh after single-row ORM writes (save and delete), and that
recompute a month when its report is approved.

They cover every path that saves one Measurement or Child at a time: the kader's form through
`measurements.services`, the child register, the admin, fixtures in tests. Bulk writes send no
signals; see `services` for what those must do.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from ranting.children.models import Child
from ranting.facts import services
from ranting.measurements.models import Measurement
from ranting.recaps.models import MonthlyReport

# The Child fields that decide whether (and where) a child counts in S.
TARGET_FIELDS = ("posyandu_id", "birth_date", "is_active")
_BEFORE = "_facts_target_before"


@receiver(post_save, sender=Measurement, dispatch_uid="facts_measurement_saved")
@receiver(post_delete, sender=Measurement, dispatch_uid="facts_measurement_deleted")
def measurement_changed(sender, instance: Measurement, raw: bool = False, **kwargs) -> None:
    # A measurement never changes posyandu or month (one per child-month; corrections stay in
    # the month), so its own pair is the only one to refresh.
    if raw:
        return
    services.mark_changed([(instance.posyandu_id, instance.period)])


def _touches_target(update_fields) -> bool:
    if update_fields is None:
        return True
    names = {name.removesuffix("_id") for name in TARGET_FIELDS}
    return bool(names & set(update_fields))


@receiver(pre_save, sender=Child, dispatch_uid="facts_child_before")
def remember_child(sender, instance: Child, raw: bool = False, update_fields=None, **kwargs):
    """Keep the stored posyandu, birth date and active flag to compare after the save."""
    before = None
    if not raw and instance.pk is not None and _touches_target(update_fields):
        before = Child.objects.filter(pk=instance.pk).values_list(*TARGET_FIELDS).first()
    setattr(instance, _BEFORE, before)


@receiver(post_save, sender=Child, dispatch_uid="facts_child_saved")
def child_saved(sender, instance: Child, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or not _touches_target(kwargs.get("update_fields")):
        return
    before = getattr(instance, _BEFORE, None)
    after = tuple(getattr(instance, name) for name in TARGET_FIELDS)
    if not created and before == after:
        return  # a name or phone edit: S is unchanged
    posyandus, births = {after[0]}, [after[1]]
    if before is not None:
        posyandus.add(before[0])
        births.append(before[1])
    services.mark_changed(services.child_pairs(posyandus, births))


@receiver(post_save, sender=MonthlyReport, dispatch_uid="facts_report_approved")
def report_approved(sender, instance: MonthlyReport, raw: bool = False, **kwargs) -> None:
    # Approval locks the month and puts it in the dashboards' default view: recompute its facts
    # then, so verified figures are exact even if a bulk writer forgot to refresh them. Other
    # status changes need nothing: the approval state is joined at query time.
    update_fields = kwargs.get("update_fields")
    if raw or instance.status != MonthlyReport.Status.APPROVED:
        return
    if update_fields is None or "status" in update_fields:
        services.mark_changed([(instance.posyandu_id, instance.period)])


@receiver(post_delete, sender=Child, dispatch_uid="facts_child_deleted")
def child_deleted(sender, instance: Child, **kwargs) -> None:
    services.mark_changed(services.child_pairs([instance.posyandu_id], [instance.birth_date]))


def build_missing_facts(
    sender, verbosity: int = 1, using: str = DEFAULT_DB_ALIAS, stdout=None, **kwargs
) -> None:
    """post_migrate: build the facts once for a database that has data but no facts yet."""
    from ranting.facts.models import MonthlyFact

    if using != DEFAULT_DB_ALIAS:
        return
    # `migrate facts zero` also ends with post_migrate: the table may be gone.
    if MonthlyFact._meta.db_table not in connections[using].introspection.table_names():
        return
    if MonthlyFact.objects.exists() or not Measurement.objects.exists():
        return
    written = services.rebuild_facts()
    if verbosity and stdout is not None:
        stdout.write(f"  Fakta bulanan dibangun: {written} baris.\n")
