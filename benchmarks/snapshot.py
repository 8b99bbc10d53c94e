"""Snapshot of what the auditor says about the corpus, to show a refactor changes nothing.

    python benchmarks/snapshot.py OUT.json          (from a checkout: audits with its code)
    python benchmarks/snapshot.py --diff A.json B.json

Over corpus/real, corpus/reports and tests/reports, per document: every finding (rule,
severity, line, stated figure, expected value, message in zh and en), every check (rule,
kind, held, operand ids), and the count of money and percent figures per status. Take one
snapshot before a change and one after; ``--diff`` prints what differs and, last,
``differences: N``. A pure refactor must give 0.
"""
import json, sys, os
from pathlib import Path

def snap(out):
    sys.path.insert(0, os.getcwd())
    from auditor.pipeline import audit_text
    data = {}
    paths = sorted(Path('corpus/real').glob('*.txt')) + sorted(Path('corpus/reports').glob('*.txt')) + sorted(Path('tests/reports').glob('*.txt'))
    for p in paths:
        r = audit_text(p.read_text(encoding='utf-8'), str(p))
        fs = [[f.rule, str(f.severity), f.location.line, f.stated.text if f.stated else None, None if f.expected is None else round(f.expected, 6), f.message, f.message_en] for f in r.findings]
        cs = sorted([c.rule, c.kind, c.holds, [o[0] for o in c.operands]] for c in r.checks)
        st = {}
        for cl in r.claims:
            if cl.kind in ('money', 'percent'):
                s = r.status.get(cl.id, 'unchecked'); st[s] = st.get(s, 0) + 1
        data[str(p)] = {'findings': fs, 'checks': cs, 'status': st}
    Path(out).write_text(json.dumps(data, ensure_ascii=False, indent=0, default=str))
    tot = {}
    for v in data.values():
        for k, n in v['status'].items(): tot[k] = tot.get(k, 0) + n
    print('documents', len(data), 'findings', sum(len(v['findings']) for v in data.values()), 'checks', sum(len(v['checks']) for v in data.values()), tot)

def diff(a, b):
    A = json.loads(Path(a).read_text()); B = json.loads(Path(b).read_text())
    n = 0
    for k in sorted(set(A) | set(B)):
        x, y = A.get(k, {}), B.get(k, {})
        for part in ('findings', 'checks', 'status'):
            if x.get(part) != y.get(part):
                n += 1
                print('##', k, part)
                if part == 'findings':
                    for f in x.get(part, []):
                        if f not in y.get(part, []): print('  -', f)
                    for f in y.get(part, []):
                        if f not in x.get(part, []): print('  +', f)
                elif part == 'status':
                    print('  ', x.get(part), '->', y.get(part))
    print('differences:', n)

if __name__ == '__main__':
    if sys.argv[1] == '--diff': diff(sys.argv[2], sys.argv[3])
    else: snap(sys.argv[1])
