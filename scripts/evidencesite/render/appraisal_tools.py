"""The appraisal tools a review can name (``appraisal: tool: rob2``), as their authors
define them. Plain data: a review overrides any part in evidencesite.yml.

RoB 2, ROBINS-I and QUADAS-2: the domains and judgements as robvis defines them
(github.com/mcguinlu/robvis at c7c1bdd, ``R/rob_summary.R`` for the domains' names,
``R/rob_traffic_light.R`` for the judgements and their symbols, ``R/helpers.R``
``get_colour`` for its colour-blind-friendly palette, "colourblind"); robvis reads a
CSV of ``Study,D1,...,Dn,Overall`` (``data_raw/``). CASP qualitative: the ten questions
of the Critical Appraisal Skills Programme's Qualitative Research Checklist, each
answered Yes, Can't tell or No (checked against the checklist as reproduced in
PMC7394178, table 4; the checklist has no overall judgement). Colour is never the only
cue: every judgement has a symbol and its word beside it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Judgement:
    key: str
    """As the data files write it (or its label, in any case)."""
    label: str
    symbol: str
    """Shown beside the colour (robvis's shapes: + - x ! ?)."""
    colour: str
    """#rrggbb."""


@dataclass(frozen=True)
class Domain:
    id: str
    """Its column in robvis's CSV (D1) and its key in the YAML form."""
    name: str
    question: str = ""


@dataclass(frozen=True)
class Tool:
    name: str
    domains: tuple[Domain, ...]
    judgements: tuple[Judgement, ...]
    overall: bool = True
    """Whether each work also has an overall judgement (the CSV's Overall column)."""

    def judgement(self, key: str) -> Judgement:
        return next(j for j in self.judgements if j.key == key)

    def key_of(self, written: str) -> str | None:
        """The judgement a data file's value names: its key or label, in any case."""
        folded = written.strip().casefold()
        return next(
            (j.key for j in self.judgements if folded in (j.key.casefold(), j.label.casefold())),
            None,
        )

    @property
    def columns(self) -> tuple[str, ...]:
        """Every judgement a work has: the domains, then Overall when the tool has one."""
        return tuple(d.id for d in self.domains) + (("Overall",) if self.overall else ())


# robvis's "colourblind" palette (R/helpers.R, get_colour)
LOW, CONCERNS, HIGH, CRITICAL, NO_INFO, NOT_APPLICABLE = (
    "#fed98e", "#fe9929", "#d95f0e", "#993404", "#ffffff", "#cccccc",
)  # fmt: skip

_LOW_HIGH = (
    Judgement("low", "Low", "+", LOW),
    Judgement("some-concerns", "Some concerns", "-", CONCERNS),
    Judgement("high", "High", "x", HIGH),
    Judgement("no-information", "No information", "?", NO_INFO),
    Judgement("not-applicable", "Not applicable", "NA", NOT_APPLICABLE),
)

PRESETS: dict[str, Tool] = {
    "rob2": Tool(
        "RoB 2",
        (
            Domain("D1", "Bias arising from the randomization process"),
            Domain("D2", "Bias due to deviations from intended interventions"),
            Domain("D3", "Bias due to missing outcome data"),
            Domain("D4", "Bias in measurement of the outcome"),
            Domain("D5", "Bias in selection of the reported result"),
        ),
        _LOW_HIGH,
    ),
    "robins-i": Tool(
        "ROBINS-I",
        (
            Domain("D1", "Bias due to confounding"),
            Domain("D2", "Bias due to selection of participants"),
            Domain("D3", "Bias in classification of interventions"),
            Domain("D4", "Bias due to deviations from intended interventions"),
            Domain("D5", "Bias due to missing data"),
            Domain("D6", "Bias in measurement of outcomes"),
            Domain("D7", "Bias in selection of the reported result"),
        ),
        (
            Judgement("low", "Low", "+", LOW),
            Judgement("moderate", "Moderate", "-", CONCERNS),
            Judgement("serious", "Serious", "x", HIGH),
            Judgement("critical", "Critical", "!", CRITICAL),
            Judgement("no-information", "No information", "?", NO_INFO),
            Judgement("not-applicable", "Not applicable", "NA", NOT_APPLICABLE),
        ),
    ),
    "quadas-2": Tool(
        "QUADAS-2",
        (
            Domain("D1", "Patient selection"),
            Domain("D2", "Index test"),
            Domain("D3", "Reference standard"),
            Domain("D4", "Flow & timing"),
        ),
        _LOW_HIGH,
    ),
    "casp-qualitative": Tool(
        "CASP Qualitative Research Checklist",
        tuple(
            Domain(f"Q{number}", question)
            for number, question in enumerate(
                (
                    "Was there a clear statement of the aims of the research?",
                    "Is a qualitative methodology appropriate?",
                    "Was the research design appropriate to address the aims of the research?",
                    "Was the recruitment strategy appropriate to the aims of the research?",
                    "Was the data collected in a way that addressed the research issue?",
                    "Has the relationship between researcher and participants been adequately "
                    "considered?",
                    "Have ethical issues been taken into consideration?",
                    "Was the data analysis sufficiently rigorous?",
                    "Is there a clear statement of findings?",
                    "How valuable is the research?",
                ),
                start=1,
            )
        ),
        (
            Judgement("yes", "Yes", "+", LOW),
            Judgement("cant-tell", "Can't tell", "?", CONCERNS),
            Judgement("no", "No", "x", HIGH),
        ),
        overall=False,
    ),
}
