"""The Zemgale core indicator set, as the template's worksheet 8 lists them (``seeds/002``) and the regional
review recommends (``seeds/000``: "ieviest vienotu reģionālo datu vākšanas un ietekmes mērīšanas
metodoloģiju"). Texts are content of the region, in Latvian.

Loading is idempotent and never overwrites: what the coordinator changed afterwards stays.
"""

from django.db import transaction

from municipalities.models import Region

from .models import CoreIndicator, IndicatorKind, IndicatorUnit

Q, QL = IndicatorKind.QUANTITATIVE, IndicatorKind.QUALITATIVE

ZEMGALE = (
    # code, name, definition, unit, kind, how it is collected
    (
        "K1",
        "Sociālo uzņēmumu skaits pašvaldības teritorijā",
        "Sociālā uzņēmuma statusu ieguvušo uzņēmumu skaits, kuru juridiskā adrese vai darbības vieta ir "
        "pašvaldības teritorijā, perioda beigās (pirms un pēc darbību uzsākšanas).",
        IndicatorUnit.COUNT,
        Q,
        "Labklājības ministrijas sociālo uzņēmumu reģistrs; kvantitatīvā analīze.",
    ),
    (
        "K2",
        "Jaunu partnerību skaits starp sociālajiem uzņēmumiem, NVO un pašvaldību",
        "Periodā noslēgto sadarbības līgumu, memorandu vai kopīgi īstenoto projektu skaits starp pašvaldību, "
        "sociālajiem uzņēmumiem un NVO.",
        IndicatorUnit.COUNT,
        Q,
        "Pašvaldības līgumu un projektu uzskaite; monitoringa un progresa ziņojumi.",
    ),
    (
        "K3",
        "Atbalsta pasākumu skaits sociālajiem uzņēmumiem",
        "Periodā pašvaldības organizēto vai līdzorganizēto atbalsta pasākumu skaits sociālajiem uzņēmumiem "
        "(piemēram, apmācības, konsultācijas, informācijas dienas).",
        IndicatorUnit.COUNT,
        Q,
        "Pasākumu uzskaite; monitoringa un progresa ziņojumi.",
    ),
    (
        "K4",
        "Dalībnieku skaits atbalsta pasākumos",
        "Atbalsta pasākumu (piemēram, apmācību, informācijas dienu) dalībnieku skaits periodā pēc dalībnieku "
        "reģistrācijas sarakstiem.",
        IndicatorUnit.COUNT,
        Q,
        "Dalībnieku reģistrācijas saraksti; kvantitatīvā analīze.",
    ),
    (
        "K5",
        "Finansiālā vai materiālā atbalsta apjoms sociālajiem uzņēmumiem",
        "Periodā sociālajiem uzņēmumiem piešķirtā pašvaldības finansiālā atbalsta (granti, līdzfinansējums, "
        "nodokļu atvieglojumi) un materiālā atbalsta (telpas, aprīkojums) vērtība euro.",
        IndicatorUnit.EUR,
        Q,
        "Pašvaldības finanšu uzskaite un atbalsta lēmumi; kvantitatīvā analīze.",
    ),
    (
        "K6",
        "Izveidoto darba vietu skaits sociālajos uzņēmumos, kas saņēmuši pašvaldības atbalstu",
        "Jaunu darba vietu skaits periodā sociālajos uzņēmumos, kas saņēmuši pašvaldības atbalstu, t. sk. "
        "sociālās atstumtības riskam pakļautajām iedzīvotāju grupām.",
        IndicatorUnit.COUNT,
        Q,
        "Atbalstīto uzņēmumu atskaites; pašnovērtējuma aptaujas.",
    ),
    (
        "K7",
        "Sabiedrības iesaistes aktivitāšu skaits",
        "Periodā īstenoto informācijas kampaņu, pasākumu un aptauju skaits par sociālo uzņēmējdarbību.",
        IndicatorUnit.COUNT,
        Q,
        "Pašvaldības komunikācijas plāna uzskaite; monitoringa un progresa ziņojumi.",
    ),
    (
        "KV1",
        "Pašvaldības darbinieku kapacitāte sociālās uzņēmējdarbības jautājumos",
        "Dalībnieku pašvērtējums pirms un pēc apmācībām par zināšanām sociālās uzņēmējdarbības jautājumos.",
        IndicatorUnit.TEXT,
        QL,
        "Pašnovērtējuma aptaujas pirms un pēc apmācībām.",
    ),
    (
        "KV2",
        "Iedzīvotāju un uzņēmēju izpratnes līmenis par sociālo uzņēmējdarbību",
        "Iedzīvotāju un uzņēmēju izpratnes līmenis par sociālo uzņēmējdarbību pēc aptauju rezultātiem.",
        IndicatorUnit.TEXT,
        QL,
        "Aptaujas un sabiedrības viedokļu analīze.",
    ),
    (
        "KV3",
        "Sociālo problēmu risinājumi, ko ieviesuši sociālie uzņēmumi ar pašvaldības atbalstu",
        "Sociālo problēmu risinājumu apraksts: kāda problēma, kāds risinājums, kuru mērķa grupu tas sasniedz.",
        IndicatorUnit.TEXT,
        QL,
        "Kvalitatīvā analīze (gadījumu izpēte, intervijas).",
    ),
    (
        "KV4",
        "Sabiedrības iesaistes kvalitāte",
        "Iedzīvotāju novērtējums interviju vai aptauju veidā par uzklausīšanu un iesaisti sociālās "
        "uzņēmējdarbības jautājumos.",
        IndicatorUnit.TEXT,
        QL,
        "Intervijas un aptaujas; sabiedrības viedokļu analīze.",
    ),
    (
        "KV5",
        "Jauninājumi sociālās uzņēmējdarbības atbalsta politikā",
        "Jauni atbalsta instrumenti vai mehānismi sociālajai uzņēmējdarbībai (piemēram, saistošie noteikumi, "
        "grantu programmas, sociāli atbildīgais iepirkums).",
        IndicatorUnit.TEXT,
        QL,
        "Pašvaldības dokumentu analīze; ekspertu fokusgrupas.",
    ),
)

SETS = {"zemgale": ZEMGALE}


@transaction.atomic
def load_core_indicators() -> list[tuple[str, int]]:
    """Create the missing core indicators of every region that has a set here: ``[(region, created)]``."""
    results = []
    for slug, indicators in SETS.items():
        region = Region.objects.filter(slug=slug).first()
        if region is None:
            continue
        created = 0
        for position, (code, name, definition, unit, kind, collection) in enumerate(indicators, start=1):
            _indicator, was_created = CoreIndicator.objects.get_or_create(
                region=region,
                code=code,
                defaults={
                    "name": name,
                    "definition": definition,
                    "unit": unit,
                    "kind": kind,
                    "collection": collection,
                    "position": position,
                },
            )
            created += was_created
        results.append((region.name, created))
    return results
