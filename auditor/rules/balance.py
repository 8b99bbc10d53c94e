"""balance: a year's income grand total that differs from its spending grand total.

A 部门决算 or 预算 balances by construction: 收入总计 (this year's income with what was
brought forward) equals 支出总计 (this year's spending with what is carried forward). When a
sentence states both and they differ beyond the rounding of their digits, one is wrong.
收入合计 and 支出合计 are not compared: 结转结余 stands between them. A 支出总计 that leaves
the carry-over out is read from the carry-over stated with it: 收入总计 A，支出总计 B，年末
结转结余 C holds when A = B + C.

Accounts netted in words are read the same way: 上年结转 A，加收入 B，减支出 C，结余 D
(D = A + B − C), and 上述收支相抵，年终结余 R against the 收入合计 and 支出合计 stated just
before (R = 收入合计 − 支出合计). When the figure netted from is one reading of several and
none nets, an alarm needs a slip that explains it.

Wrong::

    2024 年度收入总计 5,612.20 万元，支出总计 5,612.20 万元。上年结转 12.00 万元，加本年收入 5,600.20 万元，减本年支出 5,590.20 万元，年末结转 22.50 万元。

Right::

    2024 年度收入总计 5,612.20 万元，支出总计 5,612.20 万元。上年结转 12.00 万元，加本年收入 5,600.20 万元，减本年支出 5,590.20 万元，年末结转 22.00 万元。
"""
from __future__ import annotations

from auditor.checks import passed
from auditor.findings import finding, fmt, shown, unit_suffix
from auditor.messages import Text, message
from auditor.relations import Net, Same
from auditor.rules.base import Rule


def check(report):
    for balance in report.links.balances:
        relation = Same(balance.expense, balance.income)
        if relation.holds():
            passed("balance", relation, "收支总计")
            continue
        if balance.carried is not None:
            # 收入总计 A，支出总计 B，年末结转结余 C: a 支出总计 without the carry-over
            carried = Net(balance.carried, (balance.income,), (balance.expense,))
            if carried.holds():
                passed("balance", carried, "收支总计−结余")
                continue
            # the totals differ and the carry-over stated with them does not close the gap:
            # when a slip in the carry-over explains it (收支相抵，结余 220 for 202), that is
            # the reading to report, not totals that should be equal
            found = _netted(carried, proven=False)
            if found is not None:
                yield found
                continue
        unit = unit_suffix(balance.expense)
        says = message("balance", income=shown(balance.income), expense=shown(balance.expense),
                       unit=unit)
        yield finding("balance", "error", says, balance.expense, balance.income.value,
                      [(balance.income, "other_statement")], confidence=0.85, relation=relation)


def check_nettings(report):
    for netting in report.links.nettings:
        relation = Net(netting.total, netting.added, netting.taken)
        if relation.holds():
            passed("balance", relation, netting.cue)
            continue
        found = _netted(relation, netting.proven)
        if found is not None:
            yield found


def _netted(relation: Net, proven: bool):
    """The finding on a figure that is not what it nets: an error when the words prove the
    reading, else only when a slip explains the gap (a warning naming it)."""
    from auditor.slips import explained_figure

    slip = None
    if not proven:
        explained = explained_figure(relation, relation.claims)
        if explained is None:
            return None  # a reading the words do not prove, and no slip: left unchecked
        slip = explained[1]
    total = relation.total
    (net,) = relation.computed()
    decimals = max(c.quantity.decimals for c in relation.claims)
    unit = unit_suffix(total)
    says = message(
        "balance.points" if total.kind == "score" else "balance.netted",
        what=total.subject or message("balance.surplus"),
        stated=shown(total), unit=unit,
        expression=Text(relation.expression(), relation.expression(lang="en")),
        net=fmt(net.mid, decimals), span=net.describe(decimals + 1))
    evidence = [(c, "added") for c in relation.added] + [(c, "taken") for c in relation.taken]
    return finding("balance", "error" if proven else "warning", says, total,
                   round(net.mid, decimals), evidence, confidence=0.85 if proven else 0.7,
                   relation=relation, slip=slip)


def check_all(report):
    yield from check(report)
    yield from check_nettings(report)


RULE = Rule(
    id="balance",
    family="arithmetic",
    severity="error",
    summary="收入总计 against 支出总计 stated together: a year's accounts balance",
    check=check_all,
)
