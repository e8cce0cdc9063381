"""Two coordinators deciding the same written variant at the same moment, in two threads with their own database
connections: one decision is stored (the later one), both are in the history, neither coordinator gets an error.

On PostgreSQL both threads first find no decision, then insert at once (a barrier holds each before its insert):
the second insert waits for the first transaction and fails on the unique key, and the service updates the stored
decision instead. On SQLite a transaction takes the write lock at its start (settings: ``transaction_mode``
IMMEDIATE), so the second coordinator's transaction waits for the first and finds its decision.
"""

import threading

import pytest
from django.db import IntegrityError, connection

from tests.factories import RegionFactory, coordinator_of
from worksheets.models import ActionGroup, VariantMapping, VocabularyEntry, VocabularyField
from worksheets.regional.vocabulary import (
    Group,
    Variant,
    assign_variants,
    confirm_groups,
    exclude_variants,
    variant_key,
)

pytestmark = pytest.mark.django_db(transaction=True)

FUNDING = VocabularyField.FUNDING_SOURCES
HANG_GUARD = 60  # seconds a thread waits for the other at the barrier before the test reports a hang


def variant(text: str) -> Variant:
    found = Variant(variant_key(text))
    found.spellings[text] += 1
    return found


class Inserts:
    """Counts the inserts of ``model``'s rows and the unique-key failures among them; on a database whose
    transactions do not queue at their start, holds each insert until both coordinators have reached theirs."""

    def __init__(self, monkeypatch, model, parties: int):
        self.attempts, self.conflicts, self.lock = 0, 0, threading.Lock()
        self.barrier = threading.Barrier(parties, timeout=HANG_GUARD) if connection.vendor != "sqlite" else None
        save = model.save
        inserts = self

        def counted_save(row, *args, **kwargs):
            if not row._state.adding:
                return save(row, *args, **kwargs)
            with inserts.lock:
                inserts.attempts += 1
            if inserts.barrier is not None:
                inserts.barrier.wait()
            try:
                return save(row, *args, **kwargs)
            except IntegrityError:
                with inserts.lock:
                    inserts.conflicts += 1
                raise

        monkeypatch.setattr(model, "save", counted_save)


def run_together(*calls):
    """Run ``calls`` in threads of their own, started together; ``[(result, error)]`` in the calls' order."""
    results = [(None, None)] * len(calls)
    start = threading.Barrier(len(calls), timeout=HANG_GUARD)

    def run(index, call):
        try:
            start.wait()
            results[index] = (call(), None)
        except Exception as error:  # reported to the test, which expects none
            results[index] = (None, error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_coordinators_deciding_one_variant_at_once_store_one_decision(monkeypatch):
    region = RegionFactory(slug="zemgale")
    zane, ilze = coordinator_of(region, user__username="zane"), coordinator_of(region, user__username="ilze")
    altum = VocabularyEntry.objects.create(region=region, field=FUNDING, text="ALTUM", position=1)
    inserts = Inserts(monkeypatch, VariantMapping, 2)

    results = run_together(
        lambda: assign_variants(
            region=region, field_name=FUNDING, variants=[variant("Altum?")], user=zane, entry=altum
        ),
        lambda: exclude_variants(region=region, field_name=FUNDING, variants=[variant("ALTUM")], user=ilze),
    )

    assert [error for _result, error in results] == [None, None]
    assert [result for result, _error in results] == [altum, 1]  # the entry decided on, the number excluded
    mapping = VariantMapping.objects.get()
    assert mapping.key == "altum"
    # the later decision stands, whole: Zane's entry or Ilze's "not a plan entry", never a mix
    decided = {zane: (altum.pk, False), ilze: (None, True)}
    assert (mapping.entry_id, mapping.not_plan_entry) == decided[mapping.confirmed_by]
    history = list(VariantMapping.history.filter(id=mapping.pk).order_by("history_id"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert {h.confirmed_by for h in history} == {zane, ilze}
    assert history[-1].confirmed_by == mapping.confirmed_by
    if connection.vendor == "sqlite":
        assert (inserts.attempts, inserts.conflicts) == (1, 0)  # the second transaction found the first decision
    else:
        assert (inserts.attempts, inserts.conflicts) == (2, 1)  # both inserted; one updated after the conflict


def test_two_coordinators_confirming_one_standard_group_at_once_make_one_entry(monkeypatch):
    region = RegionFactory(slug="zemgale")
    zane, ilze = coordinator_of(region, user__username="zane"), coordinator_of(region, user__username="ilze")
    text = "Biznesa ideju konkurss jauniešiem"
    inserts = Inserts(monkeypatch, VocabularyEntry, 2)

    def confirm(user):
        group = Group(
            variant_key(str(ActionGroup.FINANCIAL_SUPPORT.label)),
            str(ActionGroup.FINANCIAL_SUPPORT.label),
            code=ActionGroup.FINANCIAL_SUPPORT,
        )
        group.variants.append(variant(text))
        group.suggested.add(variant_key(text))
        return confirm_groups(region=region, field_name=VocabularyField.ACTION_GROUPS, groups=[group], user=user)

    results = run_together(lambda: confirm(zane), lambda: confirm(ilze))

    assert results == [(1, None), (1, None)]  # each confirmed the one variant
    entry = VocabularyEntry.objects.get()
    assert (entry.region, entry.field, entry.code) == (
        region,
        VocabularyField.ACTION_GROUPS,
        ActionGroup.FINANCIAL_SUPPORT,
    )
    mapping = VariantMapping.objects.get()
    assert (mapping.entry, mapping.not_plan_entry, mapping.key) == (entry, False, variant_key(text))
    assert VariantMapping.history.filter(id=mapping.pk).count() == 2
    if connection.vendor == "sqlite":
        assert (inserts.attempts, inserts.conflicts) == (1, 0)
    else:
        assert (inserts.attempts, inserts.conflicts) == (2, 1)
