"""Indicator values and core indicators edited by several people at once: a save writes only what its user changed
since the page was loaded, keeps what colleagues changed meanwhile, and refuses (409) where both changed a value."""

import importlib
import threading

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from indicators import services
from indicators.forms import CORE_FIELDS, VALUE_FIELDS, ValueForm, core_base, decoded_base, value_base
from indicators.models import CoreIndicator, IndicatorValue
from seimpact.lib.excel import CELL_LIMIT
from seimpact.lib.merge import DIGEST_LENGTH, cell_digest, encode_base
from tests.factories import CoreIndicatorFactory, coordinator_of, editor_of

pytestmark = pytest.mark.django_db

normalise_migration = importlib.import_module("indicators.migrations.0003_normalise_value_texts")


@pytest.fixture
def colleague(aizkraukle):
    return editor_of(aizkraukle, user__username="maris", user__first_name="Māris", user__last_name="Kalniņš")


def session(user, language="en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def enter_url(municipality, year=2026, half=0):
    return reverse("indicators:values_enter", args=[municipality.slug, year, half])


def page_data(response) -> dict:
    """What the browser posts back from a values page as it is shown: every field and every hidden base."""
    data = {}
    for form in response.context["forms"]:
        for name in (*VALUE_FIELDS, "base"):
            data[form.add_prefix(name)] = form[name].value() or ""
    return data


def load(client, municipality, year=2026, half=0) -> dict:
    response = client.get(enter_url(municipality, year, half))
    assert response.status_code == 200
    return page_data(response)


def typed(data: dict, indicator, **values) -> dict:
    """``data`` with ``values`` typed into the fields of ``indicator``."""
    return {**data, **{f"indicator-{indicator.pk}-{name}": value for name, value in values.items()}}


def stored(municipality, indicator, year=2026, half=0) -> dict | None:
    value = IndicatorValue.objects.filter(municipality=municipality, indicator=indicator, year=year, half=half)
    return value.values(*VALUE_FIELDS).first()


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def malformed_bases(names) -> list:
    """Bases in the pages' own format (``encode_base``) that are still refused for a form of ``names``: a field
    left out, an unknown one added, one repeated, a digest that is not lower-case hex, the old dotted format."""
    empty = dict.fromkeys(names, "")
    whole = encode_base(empty)
    return [
        encode_base(dict.fromkeys(names[:-1], "")),
        encode_base({**empty, "extra": ""}),
        f"{whole};{encode_base({names[0]: ''})}",
        whole.replace(cell_digest(""), "Z" * DIGEST_LENGTH, 1),
        whole.upper(),
        ".".join(decoded_base(whole, names).values()),
    ]


def record(municipality, indicator, user, **values) -> IndicatorValue:
    """A value saved by ``user`` through the save service, as a page loaded before would (history attributed)."""
    edit = services.ValueEdit(
        indicator=indicator,
        base=decoded_base(value_base(indicator, None), VALUE_FIELDS),
        values={name: values.get(name, "") for name in VALUE_FIELDS},
    )
    services.period_values_save(municipality=municipality, year=2026, half=0, edits=[edit], user=user)
    return IndicatorValue.objects.get(municipality=municipality, indicator=indicator, year=2026, half=0)


# --- two sessions on one period --------------------------------------------------------------------------


def test_two_editors_saving_different_indicators_keep_both_values(
    editor, colleague, aizkraukle, count_indicator, eur_indicator
):
    anna, maris = session(editor), session(colleague)
    annas_page, mariss_page = load(anna, aizkraukle), load(maris, aizkraukle)
    assert maris.post(enter_url(aizkraukle), typed(mariss_page, count_indicator, actual="4")).status_code == 302
    response = anna.post(enter_url(aizkraukle), typed(annas_page, eur_indicator, actual="1 500,50"))
    assert response.status_code == 302
    assert stored(aizkraukle, count_indicator)["actual"] == "4"
    assert stored(aizkraukle, eur_indicator)["actual"] == "1500.50"
    assert message_texts(response) == [
        "Saved the values of 2026: 1 saved, 0 removed. Kept 1 value a colleague entered meanwhile."
    ]


def test_two_editors_changing_different_fields_of_one_value_keep_both(editor, colleague, aizkraukle, count_indicator):
    record(aizkraukle, count_indicator, editor, baseline="3", actual="4", source="LM reģistrs")
    anna, maris = session(editor), session(colleague)
    annas_page, mariss_page = load(anna, aizkraukle), load(maris, aizkraukle)
    assert maris.post(enter_url(aizkraukle), typed(mariss_page, count_indicator, target="10")).status_code == 302
    assert anna.post(enter_url(aizkraukle), typed(annas_page, count_indicator, actual="5")).status_code == 302
    assert stored(aizkraukle, count_indicator) == {
        "baseline": "3",
        "target": "10",
        "actual": "5",
        "source": "LM reģistrs",
        "note": "",
    }
    history = IndicatorValue.history.order_by("history_date", "history_id")
    assert [(h.history_user.username, h.target, h.actual) for h in history] == [
        ("anna", "", "4"),
        ("maris", "10", "4"),
        ("anna", "10", "5"),
    ]


def test_the_same_field_changed_by_both_is_a_conflict_that_saves_nothing_and_shows_both_values(
    editor, colleague, aizkraukle, count_indicator, eur_indicator
):
    record(aizkraukle, count_indicator, editor, actual="4", note="Pirmais pusgads")
    anna, maris = session(editor), session(colleague)
    annas_page, mariss_page = load(anna, aizkraukle), load(maris, aizkraukle)
    assert maris.post(enter_url(aizkraukle), typed(mariss_page, count_indicator, actual="6", target="9")).status_code
    before = IndicatorValue.history.count()

    mine = typed(annas_page, count_indicator, actual="5", note="Precizēts")
    response = anna.post(enter_url(aizkraukle), typed(mine, eur_indicator, actual="700"))

    assert response.status_code == 409
    body = response.content.decode()
    assert "A colleague changed some of the same values while you were editing" in body
    conflict = response.context["forms"][0].conflicts["actual"]
    assert (conflict.mine, conflict.theirs, conflict.by) == ("5", "6", colleague)
    assert "Māris Kalniņš changed it (" in body
    assert 'data-use-value="6"' in body
    assert stored(aizkraukle, count_indicator) == {
        "baseline": "",
        "target": "9",
        "actual": "6",
        "source": "",
        "note": "Pirmais pusgads",
    }
    assert stored(aizkraukle, eur_indicator) is None
    assert IndicatorValue.history.count() == before

    # the page now shows: mine where I changed, the colleague's target as it is, the stored values as the base
    again = page_data(response)
    assert again[f"indicator-{count_indicator.pk}-actual"] == "5"
    assert again[f"indicator-{count_indicator.pk}-target"] == "9"
    assert again[f"indicator-{count_indicator.pk}-note"] == "Precizēts"
    response = anna.post(enter_url(aizkraukle), again)  # keeping mine

    assert response.status_code == 302
    assert stored(aizkraukle, count_indicator) == {
        "baseline": "",
        "target": "9",
        "actual": "5",
        "source": "",
        "note": "Precizēts",
    }
    assert stored(aizkraukle, eur_indicator)["actual"] == "700"
    assert IndicatorValue.history.count() == before + 2  # the changed value and the new one, nothing else
    assert message_texts(response) == ["Saved the values of 2026: 2 saved, 0 removed."]


def test_using_the_colleagues_value_after_a_conflict_writes_only_the_rest(
    editor, colleague, aizkraukle, count_indicator
):
    anna, maris = session(editor), session(colleague)
    annas_page, mariss_page = load(anna, aizkraukle), load(maris, aizkraukle)
    maris.post(enter_url(aizkraukle), typed(mariss_page, count_indicator, actual="6"))
    response = anna.post(enter_url(aizkraukle), typed(annas_page, count_indicator, actual="5", source="Atskaite"))
    assert response.status_code == 409
    before = IndicatorValue.history.count()
    choice = typed(page_data(response), count_indicator, actual="6")  # "use colleague's value"
    assert anna.post(enter_url(aizkraukle), choice).status_code == 302
    assert (stored(aizkraukle, count_indicator)["actual"], stored(aizkraukle, count_indicator)["source"]) == (
        "6",
        "Atskaite",
    )
    latest = IndicatorValue.history.latest()
    assert (IndicatorValue.history.count(), latest.history_user, latest.actual) == (before + 1, editor, "6")


def test_a_conflict_with_a_value_a_colleague_removed_says_it_was_removed_and_by_whom(
    editor, colleague, aizkraukle, count_indicator
):
    record(aizkraukle, count_indicator, editor, actual="4")
    anna, maris = session(editor), session(colleague)
    annas_page, mariss_page = load(anna, aizkraukle), load(maris, aizkraukle)
    maris.post(enter_url(aizkraukle), typed(mariss_page, count_indicator, actual=""))
    assert stored(aizkraukle, count_indicator) is None
    response = anna.post(enter_url(aizkraukle), typed(annas_page, count_indicator, actual="5"))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Māris Kalniņš changed it (" in body
    assert "(empty: removed)" in body
    assert stored(aizkraukle, count_indicator) is None


def test_a_stale_save_keeps_a_value_a_colleague_entered_meanwhile(editor, colleague, aizkraukle, count_indicator):
    """The case of the report: the second save deleted the first's value and said only "saved 1, removed 1"."""
    eur = CoreIndicatorFactory(region=aizkraukle.region, code="K5", unit="eur")
    anna, maris = session(editor), session(colleague)
    annas_page, mariss_page = load(anna, aizkraukle), load(maris, aizkraukle)
    assert anna.post(enter_url(aizkraukle), typed(annas_page, eur, actual="1500")).status_code == 302
    response = maris.post(enter_url(aizkraukle), typed(mariss_page, count_indicator, actual="3"))
    assert response.status_code == 302
    assert stored(aizkraukle, eur)["actual"] == "1500"
    assert stored(aizkraukle, count_indicator)["actual"] == "3"
    assert IndicatorValue.history.filter(history_type="-").count() == 0
    assert message_texts(response) == [
        "Saved the values of 2026: 1 saved, 0 removed. Kept 1 value a colleague entered meanwhile."
    ]


def test_the_save_message_is_in_latvian(editor, colleague, aizkraukle, count_indicator, eur_indicator):
    anna, maris = session(editor, "lv"), session(colleague, "lv")
    annas_page, mariss_page = load(anna, aizkraukle), load(maris, aizkraukle)
    maris.post(enter_url(aizkraukle), typed(mariss_page, count_indicator, actual="4", target="5"))
    response = anna.post(enter_url(aizkraukle), typed(annas_page, eur_indicator, actual="10"))
    assert message_texts(response) == [
        "Perioda 2026 vērtības saglabātas: saglabātas 1, noņemtas 0. "
        "Paturētas 2 vērtības, ko kolēģis pa to laiku ievadīja."
    ]


def test_an_indicator_added_after_the_page_was_loaded_is_left_as_it_is(
    editor, colleague, aizkraukle, zemgale, count_indicator
):
    annas_page = load(session(editor), aizkraukle)
    added = CoreIndicatorFactory(region=zemgale, code="K9", unit="count")
    maris = session(colleague)
    maris.post(enter_url(aizkraukle), typed(load(maris, aizkraukle), added, actual="8"))
    response = session(editor).post(enter_url(aizkraukle), typed(annas_page, count_indicator, actual="1"))
    assert response.status_code == 302
    assert (stored(aizkraukle, added)["actual"], stored(aizkraukle, count_indicator)["actual"]) == ("8", "1")


# --- what a save writes ------------------------------------------------------------------------------------


def test_saving_an_unchanged_page_writes_nothing(editor, aizkraukle, count_indicator, eur_indicator):
    value = record(aizkraukle, count_indicator, editor, actual="4", note="Pirmā rinda\nOtrā rinda")
    IndicatorValue.objects.filter(pk=value.pk).update(source="Atskaite\r\nno reģistra")  # stored before normalising
    updated_at = IndicatorValue.objects.get(pk=value.pk).updated_at
    anna = session(editor)
    page = load(anna, aizkraukle)
    page[f"indicator-{count_indicator.pk}-note"] = "Pirmā rinda\r\nOtrā rinda"  # as a browser posts a textarea
    response = anna.post(enter_url(aizkraukle), page)
    assert response.status_code == 302
    assert IndicatorValue.history.count() == 1
    assert IndicatorValue.objects.get(pk=value.pk).updated_at == updated_at
    assert message_texts(response) == ["You changed none of the values of 2026: nothing was saved."]


def test_an_emptied_field_is_emptied_and_a_value_is_removed_only_when_all_its_fields_end_up_empty(
    editor, colleague, aizkraukle, count_indicator
):
    record(aizkraukle, count_indicator, editor, actual="4", note="Piezīme")
    anna, maris = session(editor), session(colleague)
    annas_page, mariss_page = load(anna, aizkraukle), load(maris, aizkraukle)
    maris.post(enter_url(aizkraukle), typed(mariss_page, count_indicator, target="6"))
    response = anna.post(enter_url(aizkraukle), typed(annas_page, count_indicator, actual="", note=""))
    assert response.status_code == 302
    assert stored(aizkraukle, count_indicator) == {
        "baseline": "",
        "target": "6",
        "actual": "",
        "source": "",
        "note": "",
    }
    assert message_texts(response) == [
        "Saved the values of 2026: 1 saved, 0 removed. Kept 1 value a colleague entered meanwhile."
    ]
    response = maris.post(enter_url(aizkraukle), typed(load(maris, aizkraukle), count_indicator, target=""))
    assert stored(aizkraukle, count_indicator) is None
    assert message_texts(response) == ["Saved the values of 2026: 0 saved, 1 removed."]


def test_a_note_typed_with_crlf_is_stored_with_lf(editor, aizkraukle, count_indicator):
    form = ValueForm(
        {"note": "Pirmā rinda\r\nOtrā rinda\rTrešā", "source": "s\u030cis", "base": value_base(count_indicator, None)},
        indicator=count_indicator,
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["note"], form.cleaned_data["source"]) == ("Pirmā rinda\nOtrā rinda\nTrešā", "šis")
    anna = session(editor)
    anna.post(enter_url(aizkraukle), typed(load(anna, aizkraukle), count_indicator, note="Viens\r\nDivi"))
    assert stored(aizkraukle, count_indicator)["note"] == "Viens\nDivi"


@pytest.mark.parametrize("name", ["note", "source", "actual"])
def test_a_value_over_the_cell_limit_is_refused_with_the_message(editor, aizkraukle, zemgale, name):
    indicator = CoreIndicatorFactory(region=zemgale, code="KV1", unit="text", kind="qualitative")
    anna = session(editor)
    response = anna.post(
        enter_url(aizkraukle), typed(load(anna, aizkraukle), indicator, **{name: "ā" * (CELL_LIMIT + 1)})
    )
    assert response.status_code == 200
    assert (
        f"This text has {CELL_LIMIT + 1} characters; a cell of the plan holds at most {CELL_LIMIT} (the limit of "
        "an Excel cell). Shorten it or split it over several rows."
    ) in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_a_number_over_the_cell_limit_is_refused_with_the_cell_message(editor, aizkraukle, count_indicator):
    anna = session(editor)
    response = anna.post(enter_url(aizkraukle), typed(load(anna, aizkraukle), count_indicator, actual="1" * 40_000))
    assert response.status_code == 200
    assert "This text has 40000 characters" in response.content.decode()
    assert not IndicatorValue.objects.exists()


# --- the base a page carries ------------------------------------------------------------------------------


def test_a_values_base_holds_the_digests_of_the_stored_forms(eur_indicator):
    legacy = IndicatorValue(
        indicator=eur_indicator, actual="1 500,5", note="Viens\r\nDivi "
    )  # stored before normalising
    base = value_base(eur_indicator, legacy)
    assert base == encode_base({"baseline": "", "target": "", "actual": "1500.50", "source": "", "note": "Viens\nDivi"})
    assert decoded_base(base, reversed(VALUE_FIELDS)) == {
        "baseline": cell_digest(""),
        "target": cell_digest(""),
        "actual": cell_digest("1500.50"),
        "source": cell_digest(""),
        "note": cell_digest("Viens\nDivi"),
    }
    for malformed in ("", None, *malformed_bases(VALUE_FIELDS)):
        with pytest.raises(ValidationError) as error:
            decoded_base(malformed, VALUE_FIELDS)
        assert error.value.code == "bad_base", malformed


# --- bad input and outsiders ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"base": "abc"}, 400),
        ({"base": ""}, 400),
        ({"base": "0123456789abcdef"}, 400),
        *(({"base": base}, 400) for base in malformed_bases(VALUE_FIELDS)),
        ({"base": None}, 400),  # left out
        ({"note": None}, 400),  # a field left out
        ({"indicator-999999-actual": "5", "indicator-999999-base": "x"}, 302),  # an indicator not of this region
        ({"indicator-abc-actual": "5", "indicator--base": "junk", "junk": "\x00"}, 302),
    ],
)
def test_malformed_posts_are_refused_or_ignored_never_a_server_error(
    editor, aizkraukle, count_indicator, change, status
):
    record(aizkraukle, count_indicator, editor, actual="4")
    anna = session(editor)
    data = load(anna, aizkraukle)
    for key, value in change.items():
        key = f"indicator-{count_indicator.pk}-{key}" if "-" not in key and key != "junk" else key
        if value is None:
            del data[key]
        else:
            data[key] = value
    assert anna.post(enter_url(aizkraukle), data).status_code == status
    assert stored(aizkraukle, count_indicator)["actual"] == "4"
    assert IndicatorValue.objects.count() == 1


def test_outsiders_cannot_save_values_even_from_a_valid_page(
    editor, aizkraukle, count_indicator, viewer, coordinator, other_editor
):
    page = typed(load(session(editor), aizkraukle), count_indicator, actual="9")
    for user in (viewer, coordinator, other_editor):
        assert session(user).post(enter_url(aizkraukle), page).status_code == 403, user
    anonymous = Client().post(enter_url(aizkraukle), page)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    assert not IndicatorValue.objects.exists()


# --- simultaneous saves ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="the in-memory test database of SQLite is one connection's only"
)
def test_simultaneous_saves_of_one_value_serialise_and_merge(editor, colleague, aizkraukle, count_indicator):
    empty = decoded_base(value_base(count_indicator, None), VALUE_FIELDS)

    def edit(**values):
        return services.ValueEdit(
            indicator=count_indicator, base=empty, values={name: values.get(name, "") for name in VALUE_FIELDS}
        )

    first_saved, release = threading.Event(), threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():  # the save's transaction stays open until the second has started
                services.period_values_save(
                    municipality=aizkraukle, year=2026, half=0, edits=[edit(actual="4")], user=editor
                )
                first_saved.set()
                release.wait()
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            first_saved.set()
            connection.close()

    def second():
        try:
            services.period_values_save(
                municipality=aizkraukle, year=2026, half=0, edits=[edit(target="6")], user=colleague
            )
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    first_saved.wait()
    two = threading.Thread(target=second)
    two.start()
    two.join(0.5)
    waited = two.is_alive()  # held by the first save's lock, not yet through
    release.set()
    one.join()
    two.join()
    assert errors == []
    assert waited
    assert stored(aizkraukle, count_indicator) == {
        "baseline": "",
        "target": "6",
        "actual": "4",
        "source": "",
        "note": "",
    }


# --- the stored texts -------------------------------------------------------------------------------------


def test_the_migration_normalises_stored_texts_without_history(editor, aizkraukle, count_indicator, eur_indicator):
    crlf = record(aizkraukle, count_indicator, editor, actual="4", note="Viens")
    clean = record(aizkraukle, eur_indicator, editor, actual="10", note="Tīrs\nteksts")
    IndicatorValue.objects.filter(pk=crlf.pk).update(note="Viens\r\nDivi\x07", source="s\u030cis")
    IndicatorValue.history.filter(id=crlf.pk).update(note="Viens\r\nDivi")
    stamps = dict(IndicatorValue.objects.values_list("pk", "updated_at"))

    normalise_migration.normalise(IndicatorValue)
    normalise_migration.normalise(IndicatorValue.history.model)

    crlf.refresh_from_db()
    assert (crlf.note, crlf.source, crlf.actual) == ("Viens\nDivi", "šis", "4")
    assert IndicatorValue.objects.get(pk=clean.pk).note == "Tīrs\nteksts"
    assert list(IndicatorValue.history.filter(id=crlf.pk).values_list("note", flat=True)) == ["Viens\nDivi"]
    assert IndicatorValue.history.count() == 2
    assert dict(IndicatorValue.objects.values_list("pk", "updated_at")) == stamps


# --- core indicators, edited by the region's coordinators ------------------------------------------------


@pytest.fixture
def second_coordinator(zemgale):
    return coordinator_of(zemgale, user__username="liga", user__first_name="Līga", user__last_name="Ozola")


def core_url(indicator):
    return reverse("indicators:core_edit", args=[indicator.region.slug, indicator.pk])


def core_page(client, indicator) -> dict:
    response = client.get(core_url(indicator))
    assert response.status_code == 200
    return core_page_data(response)


def core_page_data(response) -> dict:
    form = response.context["form"]
    return {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}


def test_two_coordinators_changing_different_fields_of_an_indicator_keep_both(
    coordinator, second_coordinator, count_indicator
):
    zane, liga = session(coordinator), session(second_coordinator)
    zanes_page, ligas_page = core_page(zane, count_indicator), core_page(liga, count_indicator)
    assert liga.post(core_url(count_indicator), {**ligas_page, "definition": "Reģistrēti uzņēmumi"}).status_code == 302
    response = zane.post(core_url(count_indicator), {**zanes_page, "name": "Sociālie uzņēmumi"})
    assert response.status_code == 302
    count_indicator.refresh_from_db()
    assert (count_indicator.name, count_indicator.definition) == ("Sociālie uzņēmumi", "Reģistrēti uzņēmumi")
    assert message_texts(response) == [
        "The core indicator K1 was saved. Kept 1 change another coordinator made meanwhile."
    ]


def test_the_same_field_changed_by_two_coordinators_is_a_409_that_shows_the_other_value(
    coordinator, second_coordinator, count_indicator
):
    zane, liga = session(coordinator), session(second_coordinator)
    zanes_page, ligas_page = core_page(zane, count_indicator), core_page(liga, count_indicator)
    liga.post(core_url(count_indicator), {**ligas_page, "name": "Uzņēmumu skaits", "position": "7"})
    response = zane.post(
        core_url(count_indicator), {**zanes_page, "name": "Sociālie uzņēmumi", "collection": "LURSOFT"}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Another coordinator changed this indicator while you were editing" in body
    assert "Uzņēmumu skaits" in body
    count_indicator.refresh_from_db()
    assert (count_indicator.name, count_indicator.collection, count_indicator.position) == ("Uzņēmumu skaits", "", 7)

    again = core_page_data(response)
    assert (again["name"], again["collection"], str(again["position"])) == ("Sociālie uzņēmumi", "LURSOFT", "7")
    assert zane.post(core_url(count_indicator), again).status_code == 302
    count_indicator.refresh_from_db()
    assert (count_indicator.name, count_indicator.collection, count_indicator.position) == (
        "Sociālie uzņēmumi",
        "LURSOFT",
        7,
    )


def test_a_stale_unit_change_that_no_longer_fits_the_kind_is_a_conflict(
    coordinator, second_coordinator, count_indicator
):
    zane, liga = session(coordinator), session(second_coordinator)
    zanes_page, ligas_page = core_page(zane, count_indicator), core_page(liga, count_indicator)
    liga.post(core_url(count_indicator), {**ligas_page, "unit": "text", "kind": "qualitative"})
    response = zane.post(core_url(count_indicator), {**zanes_page, "unit": "eur"})
    assert response.status_code == 409
    assert set(response.context["form"].conflicts) == {"unit", "kind"}
    count_indicator.refresh_from_db()
    assert (count_indicator.unit, count_indicator.kind) == ("text", "qualitative")


def test_saving_an_unchanged_core_indicator_writes_nothing(coordinator, count_indicator):
    zane = session(coordinator)
    response = zane.post(core_url(count_indicator), core_page(zane, count_indicator))
    assert response.status_code == 302
    assert message_texts(response) == ["You changed nothing in the core indicator K1: nothing was saved."]


@pytest.mark.parametrize("base", ["", "abc", "0123456789abcdef", *malformed_bases(CORE_FIELDS), None])
def test_a_core_indicator_edit_with_a_malformed_base_is_a_bad_request(coordinator, count_indicator, base):
    zane = session(coordinator)
    data = {**core_page(zane, count_indicator), "name": "Cits"}
    if base is None:
        del data["base"]
    else:
        data["base"] = base
    assert zane.post(core_url(count_indicator), data).status_code == 400
    assert CoreIndicator.objects.get(pk=count_indicator.pk).name == "Sociālo uzņēmumu skaits"


def test_outsiders_cannot_change_a_core_indicator_even_from_a_valid_page(
    coordinator, count_indicator, editor, other_coordinator
):
    data = {**core_page(session(coordinator), count_indicator), "name": "Cits"}
    for user in (editor, other_coordinator):
        assert session(user).post(core_url(count_indicator), data).status_code == 403, user
    assert CoreIndicator.objects.get(pk=count_indicator.pk).name == "Sociālo uzņēmumu skaits"
    assert core_base(CoreIndicator.objects.get(pk=count_indicator.pk)) == data["base"]
