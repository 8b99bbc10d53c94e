"""share_of_whole: a share of a whole the report leaves unstated that its parts contradict.

Reports often give each part with its share and no total beside them (基本支出 A，占 P%；项目
支出 B，占 Q%), or name the whole only in words (占一般公共预算支出的 P%). When the parts'
names are a partition known to be whole (基本支出 + 项目支出, 税收收入 + 非税收入, the three
“三公”: lexicons/cues.yaml complete_partitions), the whole is the sum of the parts, and
each share must be its part of that sum. A rate of what was done out of what was done and
what was not (资金支付 A，未支 B，支付率 P%: P = A ÷ (A + B); lexicons/cues.yaml done_rates) is
read the same way. Tolerance: every figure stands for its rounding
interval; the share's bounds come from the ends of the parts' intervals.

Wrong::

    1.基本支出预算 2,476,260.58 元，占一般公共预算支出的 84.06%。

    2.项目支出 469,500.00 元，占一般公共预算支出的 19.62%。

    (469500 ÷ (2476260.58 + 469500) = 15.94%)

Right::

    1.基本支出预算 2,476,260.58 元，占一般公共预算支出的 84.06%。

    2.项目支出 469,500.00 元，占一般公共预算支出的 15.94%。
"""
from __future__ import annotations

from auditor.checks import passed
from auditor.findings import finding, fmt, shown
from auditor.messages import Text, message
from auditor.relations import ShareOfWhole
from auditor.rules.base import Rule


def check(report):
    for group in report.links.whole_shares:
        for share, part in zip(group.shares, group.parts):
            relation = ShareOfWhole(share, part, group.parts)
            if relation.holds():
                passed("share_of_whole", relation, "部分之和为整体")
                continue
            (computed,) = relation.computed()
            decimals = max(share.quantity.decimals, 1)
            says = message(
                "share_of_whole", what=part.subject or message("share_of_whole.part"),
                stated=shown(share),
                expression=Text(relation.expression(), relation.expression(lang="en")),
                computed=fmt(computed.mid, decimals), span=computed.describe(decimals + 2),
            )
            evidence = [(c, "component") for c in group.parts]
            yield finding("share_of_whole", "error", says, share, round(computed.mid, decimals),
                          evidence, confidence=0.8, relation=relation)

RULE = Rule(
    id="share_of_whole",
    family="arithmetic",
    severity="error",
    summary="Shares of an unstated whole (基本支出 占 P%，项目支出 占 Q%) against the sum of its parts",
    check=check,
)
