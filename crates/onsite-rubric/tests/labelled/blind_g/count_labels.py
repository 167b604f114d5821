#!/usr/bin/env python3
"""Count and sanity-check blind_g/labels.toml (run: python3 count_labels.py)."""
import collections, os, re, tomllib
HERE = os.path.dirname(os.path.abspath(__file__))
L = tomllib.load(open(os.path.join(HERE, "labels.toml"), "rb"))
A, P = L["answers"], L.get("pairwise", [])
APPL = {"no_constraints": {"system-design"},
        "over_engineering": {"system-design", "technical-debt", "general"},
        "no_trade_offs": {"system-design", "technical-debt", "ambiguity"},
        "needs_requirements": {"system-design", "ambiguity", "general"},
        "complaining": {"behavioural", "technical-debt", "operations", "ambiguity", "general"},
        "individual_only": {"behavioural", "technical-debt", "operations", "ambiguity"}}
files = {f[:-4] for f in os.listdir(os.path.join(HERE, "answers")) if f.endswith(".txt")}
assert files == set(A), files ^ set(A)
kq = collections.defaultdict(collections.Counter)
fire, nofire = collections.Counter(), collections.Counter()
for k, d in A.items():
    n = len(open(os.path.join(HERE, "answers", k + ".txt")).read().split())
    assert k.startswith("b_g_") and 120 <= n <= 400, (k, n)
    rf, nf = set(d.get("red_flags", [])), set(d.get("no_red_flags", []))
    assert not rf & nf, k
    for f in rf | nf:
        assert d["kind"] in APPL[f], (k, f)
    if "no_trade_offs" in nf:  # hard must-not-fire cases avoid the obvious words
        txt = open(os.path.join(HERE, "answers", k + ".txt")).read()
        assert not re.search(r"trade-?offs?|downside|pros and cons", txt, re.I), k
    kq[d["kind"]][d["quality"]] += 1
    fire.update(rf); nofire.update(nf)
for p in P:
    assert A[p["better"]]["question"] == A[p["worse"]]["question"], p
print(f"answers: {len(A)}  pairwise: {len(P)}  off-topic (relevant=false): {sum(not d['relevant'] for d in A.values())}"
      f"  URL-sourced: {sum('http' in d['source'] for d in A.values())}")
print("\n| kind | strong | medium | weak | total |\n|---|---|---|---|---|")
tot = collections.Counter()
for k in sorted(kq):
    c = kq[k]; tot.update(c)
    print(f"| {k} | {c['strong']} | {c['medium']} | {c['weak']} | {sum(c.values())} |")
print(f"| all | {tot['strong']} | {tot['medium']} | {tot['weak']} | {sum(tot.values())} |")
print("\n| flag | must fire (red_flags) | must not fire (no_red_flags) |\n|---|---|---|")
for f in APPL:
    print(f"| {f} | {fire[f]} | {nofire[f]} |")
