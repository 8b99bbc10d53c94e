"""Relations: the arithmetic statements a report makes, one frozen type per kind.

Each type owns its operands (claims in named roles), what its terms compute as an interval
(``computed``), whether it ``holds``, what one operand would need for it to hold
(``needed``), and its arithmetic written out for messages (``expression``, ``formula``,
``recomputation``; zh and en). Interval arithmetic (auditor.intervals) is the one tolerance
rule. ``kind`` is the stable name JSON ``checks`` show.

| kind          | type           | says                                                  |
| ------------- | -------------- | ----------------------------------------------------- |
| sum           | Sum            | total = Σ parts (or shares add up to 100)             |
| at_least      | AtLeast        | Σ parts ≤ total: a list the words say may be partial  |
| signed_sum    | SignedSum      | a total's change = Σ its parts' signed changes        |
| net           | Net            | total = Σ added − Σ taken (accounts netted)           |
| implied_total | ImpliedTotal   | total base = Σ amount ÷ rate                          |
| weighted_rate | WeightedRate   | total rate = total ÷ Σ amount ÷ rate (base unstated)  |
| ratio         | Ratio          | percentage = numerator ÷ denominator                  |
| share_of_whole| ShareOfWhole   | share = part ÷ Σ parts, the whole not stated          |
| growth        | Growth         | percentage = sign × (current − base) ÷ base           |
| annual        | AnnualGrowth   | yearly rate compounded over years                     |
| average       | Average        | average = total ÷ days, or ÷ any of the counts        |
| difference    | Difference     | change = sign × (current − base)                      |
| change_rate   | ChangeRate     | rate = change ÷ base                                  |
| implied_rate  | ImpliedRate    | rate = change ÷ (current − sign × change)             |
| time_progress | TimeProgress   | points = sign × (rate − months ÷ 12)                  |
| same          | Same           | one quantity stated twice                             |
| formula       | Written        | a written-out formula's arithmetic = its stated result |
"""
from auditor.relations.base import NO_VALUES, Relation, Values, figure, substituted
from auditor.relations.changes import ChangeRate, Difference, ImpliedRate, TimeProgress, change_relations
from auditor.relations.formula import Written
from auditor.relations.quotients import (AnnualGrowth, Average, Growth, Ratio, ShareOfWhole,
                                         average_relation, ratio_relation)
from auditor.relations.restatement import Same
from auditor.relations.sums import (AtLeast, ImpliedTotal, Net, SignedSum, Sum, WeightedRate,
                                   breakdown_relation)

__all__ = [
    "NO_VALUES", "Relation", "Values", "figure", "substituted",
    "Sum", "AtLeast", "SignedSum", "Net", "ImpliedTotal", "WeightedRate", "breakdown_relation",
    "Ratio", "ShareOfWhole", "Growth", "AnnualGrowth", "Average", "ratio_relation", "average_relation",
    "Difference", "ChangeRate", "ImpliedRate", "TimeProgress", "change_relations",
    "Same", "Written",
]
