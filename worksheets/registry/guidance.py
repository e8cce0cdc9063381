"""The template's texts of the 11 worksheets: what the officer reads beside the tables.

Purposes ("Mērķis"), instructions, guidance lists, example rows ("Piemērs"), the suggestion lists offered in
cells, and the standard risks and monitoring activities a new plan starts with. Source: the blank template
(``seeds/002``), written here in English and translated to Latvian in ``locale/lv`` with the template's exact
wording (and to Lithuanian in ``locale/lt``). ``TEXTS`` is keyed by worksheet number;
``worksheets.registry.Worksheet`` reads its entry.

Suggestion lists (``Suggestions``) become a plan's content when an officer picks one of their values, so they are
offered in the plan's language (its municipality's), whatever the reader's interface language; plans written in
Lithuanian are offered, after the template's values, what the Panevėžys region's review (the second part of
``seeds/000``) names and the template lacks (``LITHUANIAN_*``). The additions are English source strings too, so the
lists stay one description for every language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override


@dataclass(frozen=True)
class Suggestions:
    """Values suggested in a column's cells (and listed beside its table): the template's, then the ``additions`` of
    plans written in some language (``(language, values)`` pairs, e.g. ``("lt", LITHUANIAN_TARGET_GROUPS)``).

    ``values(language)`` gives the lazy texts, ``in_language(language)`` the texts in that language."""

    template: tuple = ()
    additions: tuple[tuple[str, tuple], ...] = ()

    def values(self, language: str) -> tuple:
        """The values a plan written in ``language`` ("lv", "lt") is offered: the template's, then its additions."""
        return self.template + dict(self.additions).get(language, ())

    def in_language(self, language: str) -> list[str]:
        """``values(language)`` translated to ``language``: what the plan's cells are offered, as text."""
        with override(language):
            return [str(value) for value in self.values(language)]

    def __add__(self, other: Suggestions) -> Suggestions:
        """Both lists, one after the other, their additions too (``QUANTITATIVE + QUALITATIVE`` in ws 8)."""
        languages = dict.fromkeys(language for language, _values in self.additions + other.additions)
        additions = tuple(
            (language, dict(self.additions).get(language, ()) + dict(other.additions).get(language, ()))
            for language in languages
        )
        return Suggestions(self.template + other.template, additions)


@dataclass(frozen=True)
class Example:
    """A row of the template's "Piemērs": the table it illustrates and its cells."""

    table: str
    cells: dict


@dataclass(frozen=True)
class Guidance:
    """A titled list of hints shown beside the table (e.g. where to find information).

    ``items`` is a tuple of texts shown in the reader's language, or ``Suggestions``, shown in the plan's language
    with the additions of that language (a list without values in it is not shown)."""

    title: str
    items: tuple | Suggestions

    def shown_for(self, language: str) -> ShownGuidance | None:
        """The list as the page of a plan written in ``language`` shows it; None when it has nothing to show there."""
        if isinstance(self.items, Suggestions):
            items = tuple(self.items.in_language(language))
            return ShownGuidance(self.title, items, language) if items else None
        return ShownGuidance(self.title, self.items) if self.items else None


@dataclass(frozen=True)
class ShownGuidance:
    """A guidance list on a plan's page: its title, its items, and the language of the items when they are in the
    plan's language rather than the reader's (``None``)."""

    title: str
    items: tuple
    language: str | None = None


# Suggested in ws 2's cooperation type cells and listed beside its table.
COOPERATION_TYPES = (
    _("Partnership agreement"),
    _("Jointly developed policy recommendations"),
    _("Social innovation labs"),
    _("Community engagement platforms"),
    _("Support programmes and grant schemes"),
    _("Delegation of social services"),
    _("Joint marketing and communication strategies"),
    _("Jointly financed and implemented projects"),
    _("Sharing of infrastructure and resources"),
    _("Mentoring and consultation networks"),
)

# What the Panevėžys review (seeds/000, second part: "Sadarbības modeļi", policy recommendations 2–5 and 8) names as
# ways municipalities work with social economy organisations that the template's list lacks.
LITHUANIAN_COOPERATION_TYPES = (
    _("Socially responsible public procurement"),
    _("Inter-municipal framework agreements for specialised services"),
    _("Municipal premises lent for use free of charge"),
    _("Pilot projects with local action groups (LEADER, community-led local development)"),
    _("Public–private partnerships and concessions"),
)

COOPERATION_SUGGESTIONS = Suggestions(COOPERATION_TYPES, (("lt", LITHUANIAN_COOPERATION_TYPES),))

# Suggested in ws 4's target group cells; the regional comparison groups plans' target groups by them.
TARGET_GROUPS = (
    _("Seniors"),
    _("Long-term unemployed"),
    _("Young people without work experience"),
    _("People with disabilities"),
)

# The Panevėžys review's priority groups (seeds/000, second part: "Reģionālā līmeņa vajadzības un resursi", the
# social housing measure, risk 11.2) beyond the template's four.
LITHUANIAN_TARGET_GROUPS = (
    _("Rural residents without access to public transport"),
    _("Residents of social housing"),
    _("Socially vulnerable persons and households"),
    _("Older people with complex care needs, including dementia"),
    _("Roma communities"),
)

TARGET_GROUP_SUGGESTIONS = Suggestions(TARGET_GROUPS, (("lt", LITHUANIAN_TARGET_GROUPS),))

# Ws 8's guidance lists, suggested in its indicator and data method cells.
QUANTITATIVE_INDICATORS = (
    _("Number of social enterprises in the municipality (before and after the activities start)"),
    _("Number of new partnerships created between social enterprises, NGOs and the municipality"),
    _("Number of support events the municipality organises for social enterprises (e.g. trainings, consultations)"),
    _("Number of participants in support events (e.g. trainings, information days)"),
    _("Amount of financial or material support to social enterprises (euro or other resources)"),
    _("Number of jobs created in social enterprises that received municipal support"),
    _("Number of public engagement activities (information campaigns, events, surveys)"),
)

QUALITATIVE_INDICATORS = (
    _(
        "Improved capacity of municipal staff in social entrepreneurship matters "
        "(participants' self-assessment before and after trainings)"
    ),
    _("Level of understanding of social entrepreneurship among residents and entrepreneurs (surveys)"),
    _("Solutions to social problems introduced by social enterprises with municipal support"),
    _(
        "Quality of public engagement (residents' assessment in interviews or surveys of being heard and "
        "involved in social entrepreneurship matters)"
    ),
    _("Innovations in the policy supporting social entrepreneurship (e.g. new instruments or mechanisms)"),
)

DATA_METHODS = (
    _("quantitative analysis (statistical data, indicators, percentages)"),
    _("qualitative analysis (case studies, interviews, expert focus groups)"),
    _("self-assessment (self-assessment surveys of the municipality and enterprises)"),
    _("surveys and analysis of public opinion"),
    _("monitoring and progress reports (regular reviews)"),
)

# The measures the Panevėžys review asks the municipalities to agree on (seeds/000, second part: "Ietekmes
# novērtējums un riska mazināšana": SEO, WISE placements, SRPP contracts, community care places, mobility on demand,
# social housing; user satisfaction, self-rated health, waiting times, inclusive education, rural connectivity)
# and how it asks to collect them (a common data protocol with half-yearly reports, risk 8).
LITHUANIAN_QUANTITATIVE_INDICATORS = (
    _("Number of social economy organisations in the municipality"),
    _("Number of placements in work integration social enterprises"),
    _("Value of socially responsible public procurement contracts (euro)"),
    _("Number of new community care places (group homes, workshops, day centres)"),
    _("Number of trips with on-demand mobility services"),
    _("Number of social housing units renovated or acquired"),
)

LITHUANIAN_QUALITATIVE_INDICATORS = (
    _("Satisfaction of the service users"),
    _("Self-rated health of the service users"),
    _("Reduction of waiting times for services"),
    _("Participation in inclusive education"),
    _("Improved connectivity of rural areas"),
)

LITHUANIAN_DATA_METHODS = (_("half-yearly reports under the common data protocol of the region's municipalities"),)

QUANTITATIVE_SUGGESTIONS = Suggestions(QUANTITATIVE_INDICATORS, (("lt", LITHUANIAN_QUANTITATIVE_INDICATORS),))
QUALITATIVE_SUGGESTIONS = Suggestions(QUALITATIVE_INDICATORS, (("lt", LITHUANIAN_QUALITATIVE_INDICATORS),))
DATA_METHOD_SUGGESTIONS = Suggestions(DATA_METHODS, (("lt", LITHUANIAN_DATA_METHODS),))

# Ws 5 and 7, plans written in Lithuanian: the resources and the sequence of funding sources the Panevėžys review
# recommends (seeds/000, second part: recommendations 4 "Panauda" and 5 "Secīga finansēšana", risk 5.1).
LITHUANIAN_RESOURCES = Suggestions(
    additions=(
        (
            "lt",
            (
                _("Municipal premises lent for use free of charge to social economy organisations (social assets)"),
                _("Regional development measures co-financed by the EU (usually 85%)"),
                _("LEADER and community-led local development funding of the local action groups"),
                _("The regional contact point for social economy organisations and its mentoring programme"),
                _("Training and consultations with universities and business consultation centres"),
            ),
        ),
    )
)

LITHUANIAN_FUNDING_SOURCES = Suggestions(
    additions=(
        (
            "lt",
            (
                _("LEADER and community-led local development funding (pilot projects)"),
                _("Regional development measures co-financed by the EU (equipment, transport, ICT)"),
                _("Socially responsible public procurement contracts (stable operating income)"),
                _("Public–private partnerships or concessions (long-term services, asset management)"),
                _("Municipal advance payments and a small revolving fund (bridge financing)"),
            ),
        ),
    )
)

RISK_LEVEL_HINT = _("Measures are defined only for the risks assessed as “medium” and “high”.")

# Ws 10: the template's five risk factors with their possible impact; a new plan starts with them.
STANDARD_RISKS = (
    (_("Lack or instability of funding"), _("Delays the implementation of the action plan")),
    (_("Limited cooperation with local entrepreneurs and NGOs"), _("Hard to ensure a long-term effect")),
    (_("Restrictions of legal acts"), _("Delays or complicates implementation")),
    (_("Insufficient public awareness and engagement"), _("Low support and engagement")),
    (_("Lack of capacity and expertise at local level"), _("Inability to implement the plan effectively")),
)

# Ws 11: the template's six monitoring activities; a new plan starts with them.
STANDARD_MONITORING = (
    _("Aligning the goals with the stakeholders"),
    _("The involved implementers have understood the tasks and activities of the action plan"),
    _("Carrying out the risk analysis"),
    _("Developing a strategy for diversifying funding"),
    _("Organising an information campaign"),
    _("The action plan has been reviewed and updated"),
)


@dataclass(frozen=True)
class WorksheetTexts:
    """The texts of one worksheet; an example names the key of the table it illustrates."""

    purpose: str
    instructions: tuple = ()
    guidance: tuple[Guidance, ...] = ()
    examples: tuple[Example, ...] = ()


TEXTS: dict[int, WorksheetTexts] = {
    1: WorksheetTexts(
        purpose=_(
            "To give an overview of the policy planning documents and legal acts that regulate the field at "
            "national, regional and municipal level. This overview will help the parties involved to understand "
            "the existing regulation and to use the support instruments available for promoting social "
            "entrepreneurship."
        ),
        instructions=(
            _(
                "Legal acts and policy documents in force that affect social entrepreneurship (in the 2nd column "
                "name the specific section, point and/or sub-point, as this shows the municipality's involvement "
                "at local level):"
            ),
            _(
                "National legal acts, development strategies at regional and municipal level, and support "
                "programmes (name and implementer) are three separate lists: choose the category of each row."
            ),
        ),
        examples=(
            Example("documents", {"category": _("National legal act"), "title": _("Social Enterprise Law")}),
            Example(
                "documents",
                {
                    "category": _("National legal act"),
                    "title": _(
                        "Cabinet Regulation No. 173 of 27.03.2018 “Regulations on the population groups at risk of "
                        "social exclusion and the procedure for granting, registering and supervising the status "
                        "of a social enterprise”"
                    ),
                },
            ),
            Example(
                "documents",
                {
                    "category": _("National legal act"),
                    "title": _(
                        "Cabinet Regulation No. 101 of 20.02.2018 “Regulations on the Social Enterprise Commission”"
                    ),
                },
            ),
            Example(
                "documents",
                {
                    "category": _("National legal act"),
                    "title": _(
                        "Cabinet Regulation No. 197 of 03.04.2018 “Regulations on the conditions for granting "
                        "commercial activity support to social enterprises and the procedure for granting support”"
                    ),
                },
            ),
            Example(
                "documents",
                {
                    "category": _("Regional or municipal development strategy"),
                    "title": _(
                        "Sustainable development strategy of Jelgava state city and Jelgava municipality until 2034"
                    ),
                    "reference": _("Chapter 6 “Functional cooperation territories”"),
                },
            ),
            Example(
                "documents",
                {
                    "category": _("Support programme"),
                    "title": _("Municipal grant programme for supporting social entrepreneurship"),
                    "link": _("[link to the website]"),
                },
            ),
        ),
    ),
    2: WorksheetTexts(
        purpose=_(
            "To identify and summarise the municipality's practice of cooperation with non-governmental "
            "organisations, social enterprises and social innovators, in order to strengthen partnerships and "
            "promote effective support for the development of social entrepreneurship."
        ),
        guidance=(Guidance(_("Examples of the variety of cooperation:"), COOPERATION_SUGGESTIONS),),
        examples=(
            Example(
                "cooperation",
                {
                    "cooperation_type": _("Jointly financed and implemented projects"),
                    "result": _(
                        "The municipality cooperates with a social enterprise to develop and implement a project "
                        "that provides jobs for people with disabilities. As a result of the project, five new jobs "
                        "are created and three training sessions on improving work skills are organised."
                    ),
                },
            ),
            Example(
                "cooperation",
                {
                    "cooperation_type": _("Sharing of infrastructure and resources"),
                    "result": _(
                        "The municipality offers free premises to a local social enterprise engaged in waste "
                        "recycling and the production of ecological products. As a result of the project, a waste "
                        "sorting station is set up that recycles up to 1 tonne of plastic and paper per month."
                    ),
                },
            ),
            Example(
                "cooperation",
                {
                    "cooperation_type": _("Mentoring and consultation networks"),
                    "result": _(
                        "Together with a business incubator, the municipality sets up a mentoring programme in "
                        "which experienced entrepreneurs advise social enterprises. Within the programme, 10 "
                        "enterprises receive consultations on developing marketing strategies and attracting "
                        "funding, which promotes their financial sustainability."
                    ),
                },
            ),
        ),
    ),
    3: WorksheetTexts(
        purpose=_(
            "To ensure that the municipality has access to high-quality and reliable data for planning and "
            "monitoring the development of social entrepreneurship. Data collection and monitoring are an "
            "essential element of effective decision-making and the sustainable development of social "
            "entrepreneurship, so municipalities have to work on building integrated and reliable data sources. "
            "This section helps to identify the data sources already available, as well as the additions needed "
            "for a more effective support policy."
        ),
        examples=(
            Example(
                "data",
                {
                    "data_type": _("statistics of social service recipients"),
                    "source": _("Social service"),
                    "update_frequency": "?",
                },
            ),
            Example(
                "data",
                {
                    "data_type": _("surveys of residents"),
                    "source": _("Public relations department"),
                    "update_frequency": _("once a year"),
                },
            ),
            Example(
                "data",
                {
                    "data_type": _("reports and studies of state institutions"),
                    "source": _("Ministry of Welfare"),
                    "update_frequency": _("once a month (register of social enterprises)"),
                },
            ),
            Example(
                "data",
                {
                    "data_type": _("analysis and assessment of the needs of society"),
                    "source": _("Public relations department (?)"),
                    "update_frequency": "?",
                },
            ),
        ),
    ),
    4: WorksheetTexts(
        purpose=_(
            "To determine the unmet needs of specific target groups and how social entrepreneurship can address "
            "them. Possible target groups are the social groups at risk of social exclusion: seniors, long-term "
            "unemployed, young people without work experience, people with disabilities, etc."
        ),
        guidance=(
            Guidance(
                _("Where and how can you obtain information? Information can be obtained from:"),
                (
                    _("the data and reports of the municipal social services (e.g. on recipients of social benefits)"),
                    _("annual surveys of residents carried out by the municipality,"),
                    _(
                        "statistical data (publicly available data of the Central Statistical Bureau, the Ministry "
                        "of Welfare, the State Employment Agency, etc.),"
                    ),
                    _(
                        "information provided by non-governmental organisations and the municipality's cooperation "
                        "partners (e.g. NGOs working with different groups of society),"
                    ),
                    _("the municipality's existing strategies,"),
                    _(
                        "experience stories of social enterprises or innovators (interviews that help to identify "
                        "possible solutions)."
                    ),
                ),
            ),
        ),
        examples=(
            Example(
                "needs",
                {
                    "target_group": _("Young people without work experience"),
                    "existing_support": _("Youth Guarantee programme, municipal youth centres"),
                    "unmet_needs": _("Limited internship and job opportunities in the regions"),
                    "opportunities": _(
                        "Social enterprises as first workplaces, support programmes for young entrepreneurs"
                    ),
                },
            ),
        ),
    ),
    5: WorksheetTexts(
        purpose=_(
            "To identify and summarise the resources at the municipality's disposal that can be used to implement "
            "support measures for social entrepreneurship, in order to plan effectively and ensure long-term "
            "support for social enterprises."
        ),
        guidance=(Guidance(_("Resources the regional review names:"), LITHUANIAN_RESOURCES),),
        examples=(
            Example(
                "resources",
                {
                    "resource_type": _("Financial resources"),
                    "description": _(
                        "Grants, co-financing programmes, socially responsible procurement, real estate tax relief, "
                        "tasks delegated by the municipality with funding"
                    ),
                    "holder": _("The municipal unit responsible for the availability of the resource"),
                },
            ),
            Example(
                "resources",
                {
                    "resource_type": _("Material resources"),
                    "description": _("Technical equipment and its sharing"),
                },
            ),
            Example(
                "resources",
                {
                    "resource_type": _("Infrastructure"),
                    "description": _(
                        "Development of industrial areas and infrastructure, free premises, sharing of resources"
                    ),
                },
            ),
            Example(
                "resources",
                {
                    "resource_type": _("Informational and human resources"),
                    "description": _(
                        "Mentoring, cooperation networks, advisory board, business incubator services and "
                        "consultations, information and education events organised by the municipality and "
                        "information materials"
                    ),
                },
            ),
        ),
    ),
    6: WorksheetTexts(
        purpose=_(
            "To set priorities for the development of social entrepreneurship and specific tasks. Here the "
            "municipality also includes the goals and tasks named in its development strategy that support the "
            "development of social entrepreneurship."
        ),
        instructions=(
            _("We make the goal (by the SMART principle):"),
            _(
                "Add the goals first and save; then add the specific tasks of each goal. Activities "
                "(worksheet 7) serve tasks and indicators (worksheet 8) measure goals."
            ),
        ),
        guidance=(
            Guidance(
                _("SMART"),
                (
                    _("Specific – clearly defined"),
                    _("Measurable – with concrete indicators by which we can assess progress"),
                    _("Achievable – realistic, taking into account the available resources"),
                    _(
                        "Relevant – in line with the municipality's priorities and the development of social entrepreneurship"
                    ),
                    _("Time-bound – with a defined deadline for achieving it"),
                ),
            ),
        ),
        examples=(
            Example(
                "goals",
                {
                    "text": _(
                        "To increase the number of social enterprises in the municipality by 20% by 2027 by "
                        "providing financial and advisory support to new entrepreneurs"
                    )
                },
            ),
            Example(
                "tasks",
                {
                    "text": _(
                        "To develop and introduce a grant programme for social enterprises by 2025, providing "
                        "funding for at least 10 new projects"
                    )
                },
            ),
        ),
    ),
    7: WorksheetTexts(
        purpose=_(
            "To plan activities that help to achieve the goals set. An activity has to be a briefly and "
            "concretely defined action to be carried out to fulfil a task."
        ),
        guidance=(
            Guidance(
                _("Sources of funding the regional review names, in the order it recommends using them:"),
                LITHUANIAN_FUNDING_SOURCES,
            ),
        ),
        examples=(
            Example(
                "activities",
                {
                    "description": _(
                        "“To organise an information seminar on preparing grant applications by December 2024.”"
                    )
                },
            ),
        ),
    ),
    8: WorksheetTexts(
        purpose=_(
            "To set the indicators by which to measure the impact of the municipality's action plan on the "
            "development of social entrepreneurship. The choice of measurable indicators follows from the goals "
            "set in the action plan, their tasks and activities."
        ),
        guidance=(
            Guidance(
                _("1. Quantitative indicators – measurable results that give a precise picture of what was achieved:"),
                QUANTITATIVE_SUGGESTIONS,
            ),
            Guidance(
                _(
                    "2. Qualitative indicators – give a deeper understanding of the impact of the development of "
                    "social entrepreneurship."
                ),
                QUALITATIVE_SUGGESTIONS,
            ),
            Guidance(_("3. Data collection methods:"), DATA_METHOD_SUGGESTIONS),
        ),
    ),
    9: WorksheetTexts(
        purpose=_(
            "To define effective methods of informing and engaging, in order to strengthen the social entrepreneurship ecosystem."
        ),
        examples=(
            Example(
                "engagement",
                {
                    "activity": _("Ideas contest “Market opportunities for the development of social enterprises”"),
                    "target_audience": _("Young people aged 15 – 25"),
                    "channel": _("General education schools, youth centres"),
                    "timeline": _("September - November 2025"),
                    "responsible": _("Education department"),
                },
            ),
        ),
    ),
    10: WorksheetTexts(
        purpose=_(
            "To identify possible risks in implementing the support measures for social entrepreneurship and to "
            "develop preventive solutions for overcoming them."
        ),
        instructions=(RISK_LEVEL_HINT,),
    ),
    11: WorksheetTexts(
        purpose=_(
            "To ensure a clear structure for monitoring the action plan by setting the responsible parties, the "
            "deadlines, the monitoring mechanism and the completion indicator."
        ),
    ),
}
