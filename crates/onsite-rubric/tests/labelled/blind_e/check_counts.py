#!/usr/bin/env python3
"""Consistency checks and count table for the blind_e labelled set (stdlib only, Python 3.11+)."""
import collections, os, sys, tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
data = tomllib.load(open(os.path.join(HERE, "labels.toml"), "rb"))
answers, pairs = data["answers"], data.get("pairwise", [])
APPLIES = {
    "no_constraints": {"system-design"},
    "over_engineering": {"system-design", "technical-debt", "general"},
    "no_trade_offs": {"system-design", "technical-debt", "ambiguity"},
    "needs_requirements": {"system-design", "ambiguity", "general"},
    "complaining": {"behavioural", "technical-debt", "operations", "ambiguity", "general"},
    "individual_only": {"behavioural", "technical-debt", "operations", "ambiguity"},
}
REQUIRED = ["kind", "question", "source", "quality", "relevant", "red_flags", "no_red_flags",
            "covered", "missed", "competency_high", "competency_low"]
errors = []
files = {f[:-4] for f in os.listdir(os.path.join(HERE, "answers")) if f.endswith(".txt")}
if files != set(answers):
    errors.append(f"files without labels: {sorted(files - set(answers))}; labels without files: {sorted(set(answers) - files)}")
for aid, a in answers.items():
    if not aid.startswith("b_e_"):
        errors.append(f"{aid}: id must start with b_e_")
    for k in REQUIRED:
        if k not in a:
            errors.append(f"{aid}: missing {k}")
    if set(a["red_flags"]) & set(a["no_red_flags"]):
        errors.append(f"{aid}: flag both fires and must not fire")
    for f in a["red_flags"] + a["no_red_flags"]:
        if a["kind"] not in APPLIES[f]:
            errors.append(f"{aid}: {f} does not apply to {a['kind']}")
    if set(a["competency_high"]) & set(a["competency_low"]):
        errors.append(f"{aid}: competency both high and low")
    if set(a.get("star", [])) & set(a.get("no_star", [])):
        errors.append(f"{aid}: star part both present and absent")
    path = os.path.join(HERE, "answers", aid + ".txt")
    if os.path.exists(path):
        n = len(open(path, encoding="utf-8").read().split())
        if not 120 <= n <= 400:
            errors.append(f"{aid}: {n} words")
rank = {"weak": 0, "medium": 1, "strong": 2}
for p in pairs:
    b, w = answers.get(p["better"]), answers.get(p["worse"])
    if b is None or w is None:
        errors.append(f"pair {p}: unknown id"); continue
    if b["question"] != w["question"]:
        errors.append(f"pair {p['better']} > {p['worse']}: different questions")
    if rank[b["quality"]] <= rank[w["quality"]]:
        errors.append(f"pair {p['better']} > {p['worse']}: quality not strictly higher")

kinds = collections.Counter(a["kind"] for a in answers.values())
quals = collections.Counter(a["quality"] for a in answers.values())
fire, nofire = collections.Counter(), collections.Counter()
for a in answers.values():
    fire.update(a["red_flags"]); nofire.update(a["no_red_flags"])
off = sum(1 for a in answers.values() if not a["relevant"])
real = sum(1 for a in answers.values() if a["source"].startswith("http"))

print(f"answers: {len(answers)}  pairwise: {len(pairs)}  off-topic (relevant = false): {off}")
print(f"sources: {real} real-world-flavoured (URL), {len(answers) - real} adversarial")
print("\n| kind | answers |\n| --- | --- |")
for k in ["behavioural", "technical-debt", "operations", "ambiguity"]:
    print(f"| {k} | {kinds[k]} |")
print("\n| quality | answers |\n| --- | --- |")
for q in ["strong", "medium", "weak"]:
    print(f"| {q} | {quals[q]} ({100 * quals[q] / len(answers):.0f}%) |")
print("\n| red flag | must fire (red_flags) | must not fire (no_red_flags) |\n| --- | --- | --- |")
for f in APPLIES:
    print(f"| {f} | {fire[f]} | {nofire[f]} |")

need = {"individual_only": 8, "complaining": 8, "no_trade_offs": 4, "needs_requirements": 4}
for f, n in need.items():
    if fire[f] < n or nofire[f] < n:
        errors.append(f"coverage: {f} has {fire[f]} fire / {nofire[f]} not-fire, need {n} each")
for k, n in {"behavioural": 14, "technical-debt": 12, "operations": 10, "ambiguity": 6}.items():
    if kinds[k] < n:
        errors.append(f"coverage: {k} has {kinds[k]}, need {n}")
if off < 3: errors.append("coverage: fewer than 3 off-topic answers")
if len(pairs) < 22: errors.append("coverage: fewer than 22 pairs")
if errors:
    print("\nERRORS:"); [print(" -", e) for e in errors]; sys.exit(1)
print("\nall checks passed")
