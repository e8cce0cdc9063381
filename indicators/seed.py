"""The regions' core indicator sets. Texts are content of each region, in its language.

Zemgale: as the template's worksheet 8 lists them (``seeds/002``) and the regional review recommends
(``seeds/000``: "ieviest vienotu reģionālo datu vākšanas un ietekmes mērīšanas metodoloģiju"); in Latvian.

Panevėžys: the indicator set the Panevėžys review recommends (``seeds/000``, second part, "Ietekmes novērtējums un
riska mazināšana": "Tālāk ir ieteicamais rādītāju kopums politikas ieteikumu ietekmes novērtēšanai"), in its seven
groups (governance, finance, capacity, procurement, service outputs, outcomes, community capital); in Lithuanian. A
core indicator has no group of its own, so its definition begins with it („Valdymas“ …). The definitions follow
the review's wording of the indicator and the monitoring it names for the risks of its annex (e.g. "konkurences
līmenis katrai partijai", "vidējie maksājumu termiņi"); days and hours are counted (unit "count") and named in the
definition.

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

# The review's collection rule for all of them: "vienots rādītāju kopums un vienkāršs datu protokols ar pusgada
# pārskatiem" (seeds/000, second part, risk 8).
PROTOCOL = "Pusmečio ataskaitos pagal bendrą regiono savivaldybių duomenų protokolą"

PANEVEZYS = (
    # code, name, definition (group first), unit, kind, how it is collected
    # Governance — seeds/000: "Pārvaldība: starppilsētu sistēmu skaits; laicīgi publicēto SRPP projektu īpatsvars."
    (
        "PV1",
        "Tarpsavivaldybinių bendrųjų sutarčių skaičius",
        "Grupė „Valdymas“. Galiojančių tarpsavivaldybinių bendrųjų sutarčių dėl specializuotų paslaugų (ilgalaikė "
        "priežiūra, judumas pagal poreikį, socialinis būstas) su bendromis specifikacijomis, kurias pasirašė "
        "savivaldybė, skaičius laikotarpio pabaigoje.",
        IndicatorUnit.COUNT,
        Q,
        f"Savivaldybės sutarčių registras. {PROTOCOL}.",
    ),
    (
        "PV2",
        "Laiku paskelbtų socialiai atsakingų viešųjų pirkimų projektų dalis",
        "Grupė „Valdymas“. Socialiai atsakingų viešųjų pirkimų projektų, paskelbtų ne vėliau, nei numatyta "
        "savivaldybės 12 mėnesių pirkimų plane, dalis (%) nuo visų laikotarpio tokių pirkimų projektų.",
        IndicatorUnit.PERCENT,
        Q,
        f"Savivaldybės pirkimų planas ir skelbimai. {PROTOCOL}.",
    ),
    # Finance — seeds/000: "Finanses: maksājumu termiņš (dienās); kapitālieguldījumu novirze (%); nodrošinātais
    # līdzfinansējums (%)."
    (
        "PV3",
        "Mokėjimo terminas (dienomis)",
        "Grupė „Finansai“. Vidutinis dienų skaičius nuo sąskaitos pagal sutartį su socialinės ekonomikos "
        "organizacija pateikimo iki jos apmokėjimo.",
        IndicatorUnit.COUNT,
        Q,
        f"Savivaldybės finansų apskaita. {PROTOCOL}.",
    ),
    (
        "PV4",
        "Kapitalo investicijų nuokrypis",
        "Grupė „Finansai“. Faktinių renovacijos ir įrangos įsigijimo išlaidų nuokrypis (%) nuo sąmatos "
        "laikotarpio pabaigoje baigtuose projektuose.",
        IndicatorUnit.PERCENT,
        Q,
        f"Savivaldybės finansų apskaita ir projektų sąmatos. {PROTOCOL}.",
    ),
    (
        "PV5",
        "Užtikrintas bendrasis finansavimas",
        "Grupė „Finansai“. Pareiškėjų (socialinės ekonomikos organizacijų), kuriems užtikrintas bendrasis "
        "finansavimas, dalis (%) nuo visų laikotarpio pareiškėjų.",
        IndicatorUnit.PERCENT,
        Q,
        f"Savivaldybės ir vietos veiklos grupių paraiškų apskaita. {PROTOCOL}.",
    ),
    # Capacity — seeds/000: "Kapacitāte: mentoru darba stundas; apmācību stundas; vakanču skaits."
    (
        "PV6",
        "Mentorystės valandos",
        "Grupė „Gebėjimai“. Socialinės ekonomikos organizacijoms ir pirkimų dalyviams suteiktų mentorių "
        "konsultacijų valandų skaičius per laikotarpį.",
        IndicatorUnit.COUNT,
        Q,
        f"Regioninio kontaktinio centro mentorystės apskaita. {PROTOCOL}.",
    ),
    (
        "PV7",
        "Mokymų valandos",
        "Grupė „Gebėjimai“. Mokymų (viešųjų pirkimų, investicinės parengties, poveikio valdymo) valandų skaičius "
        "per laikotarpį.",
        IndicatorUnit.COUNT,
        Q,
        f"Mokymų dalyvių sąrašai ir programa. {PROTOCOL}.",
    ),
    (
        "PV8",
        "Laisvų darbo vietų skaičius",
        "Grupė „Gebėjimai“. Neužimtų darbo vietų socialinėse paslaugose (priežiūra, demencijos priežiūra, darbas "
        "su jaunimu, bendruomenės judumo paslaugos) skaičius laikotarpio pabaigoje.",
        IndicatorUnit.COUNT,
        Q,
        f"Paslaugų teikėjų ataskaitos. {PROTOCOL}.",
    ),
    # Procurement — seeds/000: "Iepirkumi: konkurences līmenis; MVU/SEO dalības īpatsvars; uzvaru īpatsvars."
    (
        "PV9",
        "Konkurencijos lygis",
        "Grupė „Pirkimai“. Vidutinis pasiūlymų skaičius vienai socialiai atsakingo viešojo pirkimo daliai.",
        IndicatorUnit.COUNT,
        Q,
        f"Viešųjų pirkimų ataskaitos. {PROTOCOL}.",
    ),
    (
        "PV10",
        "MVĮ ir socialinės ekonomikos organizacijų dalyvavimo dalis",
        "Grupė „Pirkimai“. Mažųjų ir vidutinių įmonių bei socialinės ekonomikos organizacijų pateiktų pasiūlymų "
        "dalis (%) nuo visų laikotarpio pirkimų pasiūlymų.",
        IndicatorUnit.PERCENT,
        Q,
        f"Viešųjų pirkimų ataskaitos. {PROTOCOL}.",
    ),
    (
        "PV11",
        "Laimėjimų dalis",
        "Grupė „Pirkimai“. Socialinės ekonomikos organizacijų laimėtų pirkimų dalių skaičiaus ir jų pateiktų "
        "pasiūlymų skaičiaus santykis (%).",
        IndicatorUnit.PERCENT,
        Q,
        f"Viešųjų pirkimų ataskaitos. {PROTOCOL}.",
    ),
    # Service outputs — seeds/000: "Pakalpojumu rezultāti: aprūpes stundas; dienas vietas; mobilitātes braucieni;
    # mājokļu vienības; jauniešu sesijas."
    (
        "PV12",
        "Priežiūros valandos",
        "Grupė „Paslaugų produktai“. Socialinės ekonomikos organizacijų suteiktų priežiūros paslaugų (pagalba "
        "namuose, dienos ir ilgalaikė priežiūra) valandų skaičius per laikotarpį.",
        IndicatorUnit.COUNT,
        Q,
        f"Paslaugų teikėjų ataskaitos. {PROTOCOL}.",
    ),
    (
        "PV13",
        "Dienos vietos",
        "Grupė „Paslaugų produktai“. Bendruomeninių dienos paslaugų vietų (dienos centrai, socialinės dirbtuvės, "
        "grupinio gyvenimo namai) skaičius laikotarpio pabaigoje.",
        IndicatorUnit.COUNT,
        Q,
        f"Paslaugų teikėjų ataskaitos. {PROTOCOL}.",
    ),
    (
        "PV14",
        "Judumo kelionės",
        "Grupė „Paslaugų produktai“. Kelionių, atliktų naudojantis judumo pagal poreikį paslaugomis, skaičius per "
        "laikotarpį.",
        IndicatorUnit.COUNT,
        Q,
        f"Judumo paslaugų teikėjų ir e. bilietų sistemos duomenys. {PROTOCOL}.",
    ),
    (
        "PV15",
        "Būsto vienetai",
        "Grupė „Paslaugų produktai“. Per laikotarpį renovuotų arba įsigytų socialinio būsto vienetų skaičius.",
        IndicatorUnit.COUNT,
        Q,
        f"Savivaldybės socialinio būsto fondo apskaita. {PROTOCOL}.",
    ),
    (
        "PV16",
        "Jaunimo užsiėmimai",
        "Grupė „Paslaugų produktai“. Atvirųjų jaunimo centrų ir mobiliojo darbo su jaunimu užsiėmimų skaičius per "
        "laikotarpį.",
        IndicatorUnit.COUNT,
        Q,
        f"Jaunimo centrų ataskaitos. {PROTOCOL}.",
    ),
    # Outcomes — seeds/000: "Rezultāti: gaidīšanas laika samazinājums (dienas); apmierinātības rādītāji; nosūtīto
    # pacientu konversija; pārklājums lauku apvidū (%)."
    (
        "PV17",
        "Laukimo laiko sumažėjimas (dienomis)",
        "Grupė „Rezultatai“. Vidutinio paslaugos laukimo laiko sumažėjimas dienomis, palyginti su ankstesniu "
        "laikotarpiu.",
        IndicatorUnit.COUNT,
        Q,
        f"Paslaugų teikėjų laukimo eilių duomenys. {PROTOCOL}.",
    ),
    (
        "PV18",
        "Paslaugų gavėjų pasitenkinimas",
        "Grupė „Rezultatai“. Paslaugomis patenkintų paslaugų gavėjų dalis (%) pagal apklausas.",
        IndicatorUnit.PERCENT,
        Q,
        f"Paslaugų gavėjų apklausos. {PROTOCOL}.",
    ),
    (
        "PV19",
        "Nukreiptų asmenų konversija",
        "Grupė „Rezultatai“. Nukreiptų asmenų, kurie pradėjo gauti paslaugą, dalis (%) nuo visų nukreiptų asmenų.",
        IndicatorUnit.PERCENT,
        Q,
        f"Nukreipimų apskaita. {PROTOCOL}.",
    ),
    (
        "PV20",
        "Aprėptis kaimo vietovėse",
        "Grupė „Rezultatai“. Kaimo vietovių gyventojų, kuriems paslauga prieinama, dalis (%).",
        IndicatorUnit.PERCENT,
        Q,
        f"Paslaugų teikėjų ataskaitos ir gyventojų statistika. {PROTOCOL}.",
    ),
    # Community capital — seeds/000: "Kopienas kapitāls: saņēmēju struktūra; piekļuve attālos ciematos; korektīvo
    # pasākumu pabeigšana."
    (
        "PV21",
        "Paslaugų gavėjų struktūra",
        "Grupė „Bendruomenės kapitalas“. Paslaugų gavėjų įvairovė pagal tikslines grupes (vyresnio amžiaus žmonės, "
        "neįgalieji, socialiai pažeidžiami asmenys, kaimo gyventojai, romų bendruomenės).",
        IndicatorUnit.TEXT,
        QL,
        f"Paslaugų teikėjų ataskaitos; kokybinė analizė. {PROTOCOL}.",
    ),
    (
        "PV22",
        "Prieiga atokiuose kaimuose",
        "Grupė „Bendruomenės kapitalas“. Atokių kaimų, kuriuose teikiamos paslaugos, skaičius laikotarpio pabaigoje.",
        IndicatorUnit.COUNT,
        Q,
        f"Paslaugų teikėjų ataskaitos. {PROTOCOL}.",
    ),
    (
        "PV23",
        "Korekcinių veiksmų įvykdymas",
        "Grupė „Bendruomenės kapitalas“. Įvykdytų korekcinių veiksmų (po kokybės patikrų ir tarpusavio vizitų) "
        "dalis (%) nuo numatytų.",
        IndicatorUnit.PERCENT,
        Q,
        f"Kokybės užtikrinimo išvados. {PROTOCOL}.",
    ),
)

SETS = {"zemgale": ZEMGALE, "panevezys": PANEVEZYS}


@transaction.atomic
def load_core_indicators() -> list[tuple[str, int]]:
    """Create the missing core indicators of every region that has a set here (Zemgale, Panevėžys):
    ``[(region name, number created)]``. An indicator whose code the region has already is left as it is."""
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
