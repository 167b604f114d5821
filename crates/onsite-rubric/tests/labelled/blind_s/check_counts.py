#!/usr/bin/env python3
"""Consistency check for the blind_s labelled set.

Reads only labels.toml and answers/ in this folder. Exits non-zero on any problem
and prints counts per kind, per quality and per flag (must fire / must not fire).
"""
import collections
import pathlib
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
PREFIX = "b_s_"
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
ALLOWED_KEYS = {"kind", "question", "source", "quality", "relevant", "red_flags", "no_red_flags",
                "covered", "missed", "constraints_first", "star", "no_star",
                "competency_high", "competency_low"}

errors = []


def err(msg):
    errors.append(msg)


labels = tomllib.loads((HERE / "labels.toml").read_text(encoding="utf-8"))
answers = labels.get("answers", {})
pairs = labels.get("pairwise", [])

files = {p.stem: p for p in (HERE / "answers").glob("*.txt")}
for fid in sorted(set(files) - set(answers)):
    err(f"{fid}: answer file without a label")
for aid in sorted(set(answers) - set(files)):
    err(f"{aid}: label without an answer file")

per_question = collections.Counter()
kind_count = collections.Counter()
quality_count = collections.Counter()
fire = collections.Counter()
nofire = collections.Counter()
offtopic = []

for aid, a in sorted(answers.items()):
    if not aid.startswith(PREFIX):
        err(f"{aid}: id does not start with {PREFIX}")
    for k in a:
        if k not in ALLOWED_KEYS:
            err(f"{aid}: unknown key {k}")
    for k in ("kind", "question", "source", "quality", "relevant"):
        if k not in a:
            err(f"{aid}: missing {k}")
    kind = a.get("kind")
    if kind not in KINDS:
        err(f"{aid}: bad kind {kind}")
    if a.get("quality") not in QUALITIES:
        err(f"{aid}: bad quality {a.get('quality')}")
    src = a.get("source", "")
    if not (src.startswith("adversarial: ") or src.startswith("http")):
        err(f"{aid}: source must be a URL or 'adversarial: <trap>'")
    kind_count[kind] += 1
    quality_count[a.get("quality")] += 1
    per_question[a.get("question")] += 1

    if aid in files:
        n = len(files[aid].read_text(encoding="utf-8").split())
        if not 120 <= n <= 400:
            err(f"{aid}: {n} words (need 120-400)")

    red = a.get("red_flags", [])
    nored = a.get("no_red_flags", [])
    for f in red + nored:
        if f not in FLAG_KINDS:
            err(f"{aid}: unknown flag {f}")
        elif kind not in FLAG_KINDS[f]:
            err(f"{aid}: flag {f} does not apply to kind {kind}")
    for f in set(red) & set(nored):
        err(f"{aid}: {f} both in red_flags and no_red_flags")
    for f in red:
        fire[f] += 1
    for f in nored:
        nofire[f] += 1

    cov, mis = a.get("covered", []), a.get("missed", [])
    for s in cov + mis:
        if s not in STEPS:
            err(f"{aid}: unknown step {s}")
    for s in set(cov) & set(mis):
        err(f"{aid}: step {s} both covered and missed")
    st, nst = a.get("star", []), a.get("no_star", [])
    for s in st + nst:
        if s not in STAR:
            err(f"{aid}: unknown STAR part {s}")
    for s in set(st) & set(nst):
        err(f"{aid}: STAR part {s} both present and absent")
    hi, lo = a.get("competency_high", []), a.get("competency_low", [])
    for c in hi + lo:
        if c not in COMPETENCIES:
            err(f"{aid}: unknown competency {c}")
    for c in set(hi) & set(lo):
        err(f"{aid}: competency {c} both high and low")

    if a.get("relevant") is False:
        offtopic.append(aid)
        if red or nored or cov or mis or st or nst:
            err(f"{aid}: off-topic answer must carry no flags, steps or STAR labels")
        if a.get("quality") != "weak" or "communication" not in lo:
            err(f"{aid}: off-topic answer must be weak with low communication")

for q, n in per_question.items():
    if n > 3:
        err(f"question used {n} times (max 3): {q}")

paired_offtopic = set()
for i, p in enumerate(pairs):
    b, w = p.get("better"), p.get("worse")
    if b not in answers or w not in answers:
        err(f"pair {i}: unknown id {b} / {w}")
        continue
    if answers[b]["question"] != answers[w]["question"]:
        err(f"pair {i}: {b} and {w} do not share the question")
    if not p.get("on"):
        err(f"pair {i}: empty 'on'")
    for o in p.get("on", []):
        if o != "overall" and o not in COMPETENCIES:
            err(f"pair {i}: bad 'on' value {o}")
    if answers[w].get("relevant") is False and answers[b].get("relevant") is not False:
        paired_offtopic.add(w)
for aid in offtopic:
    if aid not in paired_offtopic:
        err(f"{aid}: off-topic answer not paired with an on-topic answer to the same question")

print(f"answers: {len(answers)}   questions: {len(per_question)}   pairs: {len(pairs)}   off-topic: {len(offtopic)}")
print("\nper kind:")
for k, n in sorted(kind_count.items()):
    print(f"  {k:15s} {n}")
print("\nper quality:")
for k in ("strong", "medium", "weak"):
    print(f"  {k:15s} {quality_count[k]}")
print("\nper flag:            must fire   must not fire")
for f in FLAG_KINDS:
    print(f"  {f:20s} {fire[f]:9d}   {nofire[f]:13d}")

if errors:
    print(f"\n{len(errors)} problem(s):")
    for e in errors:
        print("  - " + e)
    sys.exit(1)
print("\nOK: all checks passed")
