"""The comparison table's body and the dashboard's worksheet cells, written in Python
(``worksheets/templatetags/comparison_table.py``, ``dashboard_cells.py``): the markup cell by cell, for every kind of
comparison, with the plans' texts escaped and their line breaks kept. No database: the comparisons are built here."""

import re

from django.template.loader import get_template
from django.utils.translation import override

from worksheets.regional.comparisons import BY_KEY, Cell, Comparison, ComparisonFilter, Item, PlanColumn, Row
from worksheets.registry import WORKSHEETS
from worksheets.review.dashboard import DashboardCell, DashboardPlan
from worksheets.templatetags.dashboard_cells import dashboard_cells

COLUMNS = [
    PlanColumn(1, "Aizkraukles novads", "aizkraukles-novads", "2026–2028", "draft", "Draft", "Aizkraukles novads"),
    PlanColumn(2, "Bauskas novads", "bauskas-novads", "2026–2028", "published", "Published", "Bauskas novads"),
]


def body(comparison: Comparison, language: str = "en") -> str:
    """The table body as rendered by the comparison pages' include, on one line (whitespace runs as one space)."""
    with override(language):
        html = get_template("worksheets/regional/includes/comparison_table.html").render(
            {"comparison": comparison, "selection": ComparisonFilter(), "show_status": True}
        )
    tbody = re.search(r"<tbody>(.*)</tbody>", html, re.DOTALL).group(1)
    return re.sub(r"\s+", " ", tbody).strip()


def test_heat_map_cells_give_the_level_and_the_measures_on_expand():
    rows = [
        Row(
            "Finansējuma trūkums",
            [Cell([Item("Finansējuma trūkums", "Meklēt <ES> fondus\nun partnerus")], level="high"), Cell()],
            standard=True,
        ),
        Row(
            "Iedzīvotāju intereses trūkums",
            [
                Cell([Item("Intereses trūkums & kūtrums", "", "suggested", suggested=True)]),
                Cell([Item("Maza interese", "Kampaņa"), Item("Kūtrums", "")], level="low"),
            ],
        ),
    ]
    assert body(Comparison(BY_KEY["risks"], COLUMNS, rows)) == (
        '<tr class="cmp-standard"> <th scope="row" class="cmp-group">Finansējuma trūkums</th> '
        '<td class="cmp-count">1</td> '
        '<td class="risk-cell risk-high"> <span class="risk-level">high</span> <details> '
        '<summary>Preventive measures</summary> <ul class="cmp-items"> '
        "<li>Meklēt &lt;ES&gt; fondus<br>un partnerus</li> </ul> </details> </td> "
        '<td class="risk-cell"> <span class="visually-hidden">not named</span> </td> </tr> '
        '<tr> <th scope="row" class="cmp-group">Iedzīvotāju intereses trūkums</th> '
        '<td class="cmp-count">2<br><span class="badge cmp-note">1 suggested</span></td> '
        '<td class="risk-cell risk-none"> <span class="risk-level">not assessed</span> <details> '
        '<summary>Preventive measures</summary> <ul class="cmp-items"> '
        "<li><strong>Intereses trūkums &amp; kūtrums</strong> (suggested): —</li> </ul> </details> </td> "
        '<td class="risk-cell risk-low"> <span class="risk-level">low</span> <details> '
        '<summary>Preventive measures</summary> <ul class="cmp-items"> '
        "<li><strong>Maza interese</strong>: Kampaņa</li><li><strong>Kūtrums</strong>: —</li> </ul> </details> </td> "
        "</tr>"
    )


def test_a_standard_risk_named_once_without_measures_shows_only_its_level_in_latvian():
    rows = [
        Row(
            "Finansējuma trūkums",
            [Cell([Item("Finansējuma trūkums")]), Cell([Item("Finansējuma trūkums", "")], level="medium")],
            standard=True,
        )
    ]
    assert body(Comparison(BY_KEY["risks"], COLUMNS, rows), "lv") == (
        '<tr class="cmp-standard"> <th scope="row" class="cmp-group">Finansējuma trūkums</th> '
        '<td class="cmp-count">2</td> '
        '<td class="risk-cell risk-none"> <span class="risk-level">nav novērtēts</span> </td> '
        '<td class="risk-cell risk-medium"> <span class="risk-level">vidējs</span> </td> </tr>'
    )


def test_list_cells_give_each_entry_with_its_note_and_its_detail_on_expand():
    rows = [
        Row(
            "Seniori",
            [
                Cell([Item("Seniori\n(65+)", "Sociālā izolācija", "suggested", suggested=True), Item('"Sudrabs"')]),
                Cell(),
            ],
            standard=True,
        )
    ]
    assert body(Comparison(BY_KEY["target-groups"], COLUMNS, rows)) == (
        '<tr class="cmp-standard"> <th scope="row" class="cmp-group">Seniori</th> '
        '<td class="cmp-count">1</td> '  # one of its two entries is there by suggestion: the plan is not counted so
        '<td> <ul class="cmp-items"> <li>Seniori<br>(65+) <span class="badge cmp-note">suggested</span> '
        "<details><summary>Unmet needs</summary>Sociālā izolācija</details> </li> "
        "<li>&quot;Sudrabs&quot; </li> </ul> </td> "
        '<td> <span class="visually-hidden">not named</span> </td> </tr>'
    )


def test_count_cells_give_the_number_of_activities_and_the_activities_on_expand_in_latvian():
    rows = [
        Row(
            "Pašvaldības budžets",
            [
                Cell([Item("Jauniešu ideju konkurss")]),
                Cell([Item("Mentoru programma <2026>"), Item("Konkurss", note="ieteikts")]),
            ],
        )
    ]
    assert body(Comparison(BY_KEY["funding"], COLUMNS, rows), "lv") == (
        '<tr> <th scope="row" class="cmp-group">Pašvaldības budžets</th> <td class="cmp-count">2</td> '
        '<td class="cmp-number"> <details> <summary>1 aktivitāte</summary> <ul class="cmp-items">'
        "<li>Jauniešu ideju konkurss</li></ul> </details> </td> "
        '<td class="cmp-number"> <details> <summary>2 aktivitātes</summary> <ul class="cmp-items">'
        "<li>Mentoru programma &lt;2026&gt;</li>"
        '<li>Konkurss <span class="badge cmp-note">ieteikts</span></li></ul> </details> </td> </tr>'
    )


def test_dashboard_cells_link_each_worksheet_with_its_rows_and_open_comments():
    first, second = WORKSHEETS[0], WORKSHEETS[1]
    cells = [
        DashboardCell(first, rows=3, incomplete_rows=1, open_comments=2, url="/plans/7/worksheets/1/"),
        DashboardCell(second, rows=0, url="/plans/7/worksheets/2/"),
    ]
    with override("en"):
        html = re.sub(r"\s+", " ", dashboard_cells(DashboardPlan(plan=None, cells=cells)))
    assert html == (
        '<td class="text-center"> <a class="badge completeness-started text-decoration-none" '
        'href="/plans/7/worksheets/1/"> <span aria-hidden="true">3</span> '
        f'<span class="visually-hidden">Worksheet {first.number}: started, 3 rows</span> </a> '
        '<span class="badge text-bg-warning" title="open comments"><svg class="si-icon" aria-hidden="true" '
        'focusable="false"><use href="/static/vendor/bootstrap-icons/icons.svg#chat-left-text"></use></svg> 2'
        '<span class="visually-hidden"> open comments</span></span> </td> '
        '<td class="text-center"> <a class="badge completeness-empty text-decoration-none" '
        'href="/plans/7/worksheets/2/"> <span aria-hidden="true">0</span> '
        f'<span class="visually-hidden">Worksheet {second.number}: empty, 0 rows</span> </a> </td>'
    )


def test_an_empty_count_cell_says_none_to_screen_readers():
    rows = [Row("ES fondi", [Cell([Item("Apmācības")]), Cell()])]
    assert body(Comparison(BY_KEY["units"], COLUMNS, rows)) == (
        '<tr> <th scope="row" class="cmp-group">ES fondi</th> <td class="cmp-count">1</td> '
        '<td class="cmp-number"> <details> <summary>1 activity</summary> <ul class="cmp-items">'
        "<li>Apmācības</li></ul> </details> </td> "
        '<td class="cmp-number"> <span class="visually-hidden">none</span> </td> </tr>'
    )
