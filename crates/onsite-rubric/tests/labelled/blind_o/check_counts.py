#!/usr/bin/env python3
"""Consistency check for the blind_o labelled set.

Reads only labels.toml and answers/ in this folder. Exits non-zero on any problem,
then prints counts per kind, per quality and per flag (must fire / must not fire).
"""
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
PREFIX = "b_o_"
KINDS = {"system-design", "general", "ambiguity", "behavioural", "technical-debt", "operations"}
QUALITIES = {"strong", "medium", "weak"}
STEPS = {"clarify_constraints", "high_level_architecture", "deep_dive", "trade_offs",
         "growth_operations", "alternatives"}
STAR = {"situation", "action", "result", "quantified_result"}
COMPETENCIES = {"technical_depth", "architectural_thinking", "leadership_influence",
                "pragmatism", "ownership", "communication"}
STORY = {"behavioural", "technical-debt", "operations", "ambiguity"}
FLAG_KINDS = {
    "no_constraints": {"system-design"},
    "over_engineering": {"system-design", "technical-debt", "general"},
    "no_trade_offs": {"system-design", "technical-debt", "ambiguity"},
    "needs_requirements": {"system-design", "ambiguity", "general"},
    "complaining": {"behavioural", "technical-debt", "operations", "ambiguity", "general"},
    "individual_only": STORY,
    "no_example": STORY,
}
MINIMA = {  # flag: (fire >=, not-fire >=)
    "no_constraints": (10, 15),
    "over_engineering": (10, 15),
    "no_trade_offs": (12, 15),
    "needs_requirements": (10, 12),
    "complaining": (4, 4),
}

errors = []
labels = tomllib.loads((HERE / "labels.toml").read_text(encoding="utf-8"))
answers = labels.get("answers", {})
pairs = labels.get("pairwise", [])
files = {p.stem: p for p in (HERE / "answers").glob("*.txt")}

for missing in sorted(set(files) - set(answers)):
    errors.append(f"file without label: {missing}")
for missing in sorted(set(answers) - set(files)):
    errors.append(f"label without file: {missing}")

question_count = Counter()
for aid, a in answers.items():
    if not aid.startswith(PREFIX):
        errors.append(f"{aid}: id does not start with {PREFIX}")
    kind = a.get("kind")
    if kind not in KINDS:
        errors.append(f"{aid}: bad kind {kind!r}")
    if a.get("quality") not in QUALITIES:
        errors.append(f"{aid}: bad quality {a.get('quality')!r}")
    for key in ("question", "source"):
        if not a.get(key):
            errors.append(f"{aid}: missing {key}")
    if not isinstance(a.get("relevant"), bool):
        errors.append(f"{aid}: relevant must be true/false")
    question_count[a.get("question")] += 1
    if aid in files:
        words = len(files[aid].read_text(encoding="utf-8").split())
        if not 120 <= words <= 400:
            errors.append(f"{aid}: {words} words (must be 120-400)")
    red, nored = set(a.get("red_flags", [])), set(a.get("no_red_flags", []))
    for f in red | nored:
        if f not in FLAG_KINDS:
            errors.append(f"{aid}: unknown flag {f}")
        elif kind not in FLAG_KINDS[f]:
            errors.append(f"{aid}: flag {f} does not apply to kind {kind}")
    if red & nored:
        errors.append(f"{aid}: flag both fire and not-fire: {sorted(red & nored)}")
    cov, mis = set(a.get("covered", [])), set(a.get("missed", []))
    if (cov | mis) - STEPS:
        errors.append(f"{aid}: unknown step {sorted((cov | mis) - STEPS)}")
    if cov & mis:
        errors.append(f"{aid}: step both covered and missed: {sorted(cov & mis)}")
    st, nst = set(a.get("star", [])), set(a.get("no_star", []))
    if (st | nst) - STAR:
        errors.append(f"{aid}: unknown STAR part {sorted((st | nst) - STAR)}")
    if st & nst:
        errors.append(f"{aid}: STAR part both present and absent: {sorted(st & nst)}")
    hi, lo = set(a.get("competency_high", [])), set(a.get("competency_low", []))
    if (hi | lo) - COMPETENCIES:
        errors.append(f"{aid}: unknown competency {sorted((hi | lo) - COMPETENCIES)}")
    if hi & lo:
        errors.append(f"{aid}: competency both high and low: {sorted(hi & lo)}")
    if a.get("relevant") is False:
        if red or nored or cov or mis or st or nst:
            errors.append(f"{aid}: off-topic answer must carry no flags, steps or STAR labels")
        if a.get("quality") != "weak":
            errors.append(f"{aid}: off-topic answer must be weak")

for q, n in question_count.items():
    if n > 3:
        errors.append(f"question used {n} times (max 3): {q}")

pair_ids = set()
for i, p in enumerate(pairs):
    b, w = p.get("better"), p.get("worse")
    if b not in answers or w not in answers:
        errors.append(f"pair {i}: unknown id {b} / {w}")
        continue
    if b == w:
        errors.append(f"pair {i}: better == worse")
    if answers[b]["question"] != answers[w]["question"]:
        errors.append(f"pair {i}: {b} and {w} do not share the question")
    on = p.get("on", [])
    if not on or set(on) - (COMPETENCIES | {"overall"}):
        errors.append(f"pair {i}: bad 'on' {on}")
    pair_ids.update((b, w))

off_topic = [aid for aid, a in answers.items() if a.get("relevant") is False]
for aid in off_topic:
    partners = [p for p in pairs if aid in (p.get("better"), p.get("worse"))]
    if not any(answers[p["better"] if p["worse"] == aid else p["worse"]].get("relevant") for p in partners):
        errors.append(f"{aid}: off-topic answer not paired with an on-topic answer")

# ---- counts
print(f"answers: {len(answers)}   files: {len(files)}   pairs: {len(pairs)}   "
      f"questions: {len(question_count)}   off-topic: {len(off_topic)}")
print("\nper kind:")
for k, n in sorted(Counter(a["kind"] for a in answers.values()).items()):
    print(f"  {k:15s} {n}")
print("\nper quality:")
for k in ("strong", "medium", "weak"):
    print(f"  {k:15s} {sum(1 for a in answers.values() if a['quality'] == k)}")
src = sum(1 for a in answers.values() if not a["source"].startswith("adversarial"))
print(f"\nsourced from public pages: {src}   adversarial: {len(answers) - src}")
print("\nper flag (must fire / must not fire):")
for f in FLAG_KINDS:
    fire = sum(1 for a in answers.values() if f in a.get("red_flags", []))
    nofire = sum(1 for a in answers.values() if f in a.get("no_red_flags", []))
    note = ""
    if f in MINIMA:
        mf, mn = MINIMA[f]
        ok = fire >= mf and nofire >= mn
        note = f"   (minimum {mf}/{mn}: {'ok' if ok else 'BELOW'})"
        if not ok:
            errors.append(f"flag {f} below minimum: {fire}/{nofire}")
    print(f"  {f:20s} {fire:3d} / {nofire:3d}{note}")
print("\nsteps (covered / missed):")
for s in sorted(STEPS):
    c = sum(1 for a in answers.values() if s in a.get("covered", []))
    m = sum(1 for a in answers.values() if s in a.get("missed", []))
    print(f"  {s:25s} {c:3d} / {m:3d}")

if errors:
    print("\nPROBLEMS:")
    for e in errors:
        print("  - " + e)
    sys.exit(1)
print("\nall checks passed")
