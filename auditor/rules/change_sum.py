"""change_sum: a total's change that is not the sum of its parts' changes.

When a report breaks a total into parts and states how each changed from the year before
(比上年增加 / 减少 C, or 持平), the parts' changes, each signed by its words, must add up to
the total's change. The parts must first add up to the total themselves (so that they are
the whole of it); a part stated as flat (持平, 无增减) changes by exactly 0. Each change is
taken as ± half a unit of its last stated digit.

Wrong::

    支出预算 1,779.74 万元，比上年增加 198.76 万元。其中基本支出 249.78 万元，比上年增加
    29.73 万元；项目支出 1,529.96 万元，比上年增加 168.36 万元。  (29.73 + 168.36 = 198.09)

A change explained by its parts' changes (比上年增加 C，主要是 A 增加 c1，B 减少 c2) is read the
same way, but 主要是 allows parts left out: a gap there is an alarm (a warning) only when one
figure's slip explains it, else it is left unchecked.

A total's growth rate and its parts' (同比增长 G；其中：甲 a₁，增长 g₁；乙 a₂，下降 g₂) are read
the same way when the parts add up to the total: last year's total is Σ a ÷ (1 ± g), so
the total's growth must be A ÷ Σ a ÷ (1 ± g) − 1 (relation weighted_rate).

Wrong::

    收入 40.01 亿元，增长 16.4%。其中，税收收入 16.32 亿元，下降 11.6%；非税收入 23.69 亿元，
    增长 46.2%。  (40.01 ÷ (16.32 ÷ (1 − 11.6%) + 23.69 ÷ (1 + 46.2%)) − 1 = 15.4%)

Right::

    “三公”经费 6.50 万元，比上年减少 1.00 万元。其中：公务接待费 0.50 万元，较上年持平；
    公务用车运行维护费 6.00 万元，比上年减少 1.00 万元。
"""
from __future__ import annotations

from auditor.checks import passed
from auditor.findings import finding, fmt, shown, unit_suffix
from auditor.intervals import claim_interval
from auditor.messages import message
from auditor.relations import SignedSum, Sum, WeightedRate, breakdown_relation
from auditor.rules.base import Rule


def check(report):
    for breakdown in report.links.breakdowns:
        relation = breakdown_relation(breakdown)
        (parts,) = relation.computed()
        total = breakdown.total.change
        if parts.meets(claim_interval(total)):
            passed("change_sum", relation, "变动分解")
            continue
        decimals = max(c.quantity.decimals for c in (total, *relation.terms))
        unit = unit_suffix(total)
        signed = parts.scaled(total.direction)  # the parts' net change, + up, − down
        terms = " ".join(f"{'−' if c.direction < 0 else '+'}{shown(c)}" for c in relation.terms)
        flat = sum(p is None for p in breakdown.parts)
        net = f"{'+' if signed.mid >= 0 else '−'}{fmt(abs(signed.mid), decimals)}"
        head = breakdown.enumeration.head
        says = message(
            "change_sum", head=head.subject or message("change_sum.unnamed_total"),
            what=total.subject or "", change=shown(total), unit=unit, terms=terms, net=net,
            flat=message("change_sum.flat", count=str(flat)) if flat else "",
            span=signed.describe(decimals + 1),
            stated=f"{'+' if total.direction > 0 else '−'}{shown(total)}",
        )
        evidence = [(p.change, "component") for p in breakdown.parts if p is not None]
        evidence += [(breakdown.enumeration.head, "total")]
        yield finding("change_sum", "error", says, total,
                      round(abs(parts.mid), decimals), evidence, confidence=0.8, relation=relation)


def check_causes(report):
    from auditor.slips import explained_figure

    for causes in report.links.causes:
        total = causes.total
        relation = SignedSum(total, causes.parts)
        (parts,) = relation.computed()
        if parts.meets(claim_interval(total)):
            passed("change_sum", relation, causes.cue)
            continue
        # the words allow parts left out: only a slip makes the gap an alarm, a small one
        # unless the parts, all one way, already exceed the change (nothing left out can)
        over = (all(c.direction == total.direction for c in causes.parts)
                and parts.lo > claim_interval(total).hi)
        explained = explained_figure(relation, (total, *causes.parts),
                                     subtle=0.0 if over else abs(total.value))
        if explained is None:
            continue
        decimals = max(c.quantity.decimals for c in (total, *causes.parts))
        unit = unit_suffix(total)
        signed = parts.scaled(total.direction)
        terms = " ".join(f"{'−' if c.direction < 0 else '+'}{shown(c)}" for c in causes.parts)
        net = f"{'+' if signed.mid >= 0 else '−'}{fmt(abs(signed.mid), decimals)}"
        says = message(
            "change_sum.causes", what=total.subject or message("change_sum.change"),
            change=shown(total), unit=unit, cue=causes.cue, terms=terms, net=net,
            span=signed.describe(decimals + 1),
            stated=f"{'+' if total.direction > 0 else '−'}{shown(total)}",
        )
        yield finding("change_sum", "warning", says, total,
                      round(abs(parts.mid), decimals), [(c, "component") for c in causes.parts],
                      confidence=0.7, relation=relation, slip=explained[1]
                      if explained[0].id == total.id else None)


def check_growths(report):
    for enumeration in report.links.enumerations:
        if enumeration.head_growth is None or not Sum(enumeration.head, enumeration.items).holds():
            continue  # parts that are not the whole say nothing of the total's growth
        growth = enumeration.head_growth
        relation = WeightedRate(growth, enumeration.head, tuple(zip(enumeration.items, enumeration.growths)),
                                tuple(c.direction for c in (growth, *enumeration.growths)))
        (computed,) = relation.computed()
        if computed.meets(relation.stated()):
            passed("change_sum", relation, "分项增幅")
            continue
        decimals = max(growth.quantity.decimals, 1)
        says = message("change_sum.growth", what=growth.subject or "", stated=shown(growth),
                       expression=relation.expression(), computed=fmt(computed.mid, decimals),
                       span=computed.describe(decimals + 1))
        evidence = [(enumeration.head, "total")]
        for item, part in relation.pairs:
            evidence += [(item, "component"), (part, "component_rate")]
        yield finding("change_sum", "error", says, growth, round(computed.mid, decimals), evidence,
                      confidence=0.8, relation=relation)


def check_all(report):
    yield from check(report)
    yield from check_causes(report)
    yield from check_growths(report)


RULE = Rule(
    id="change_sum",
    family="arithmetic",
    severity="error",
    summary="A total's change (比上年增加 C) that is not the sum of its parts' changes",
    check=check_all,
)
