#!/usr/bin/env python3
"""Consistency check for the blind_r labelled set.

Reads only labels.toml and answers/ in this folder. Exits non-zero on any problem.
"""
import collections
import pathlib
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
PREFIX = "b_r_"
KINDS = {"system-design", "general", "ambiguity", "behavioural", "technical-debt", "operations"}
STORY = {"behavioural", "technical-debt", "operations", "ambiguity"}
FLAG_KINDS = {
    "no_constraints": {"system-design"},
    "over_engineering": {"system-design", "technical-debt", "general"},
    "no_trade_offs": {"system-design", "technical-debt", "ambiguity"},
    "needs_requirements": {"system-design", "ambiguity", "general"},
    "complaining": {"behavioural", "technical-debt", "operations", "ambiguity", "general"},
    "individual_only": {"behavioural", "technical-debt", "operations", "ambiguity"},
    "no_example": {"behavioural", "technical-debt", "operations", "ambiguity"},
}
STEPS = {"clarify_constraints", "high_level_architecture", "deep_dive", "trade_offs", "growth_operations", "alternatives"}
STAR = {"situation", "action", "result", "quantified_result"}
COMPS = {"technical_depth", "architectural_thinking", "leadership_influence", "pragmatism", "ownership", "communication"}
QUALITIES = {"strong", "medium", "weak"}

errors = []
def err(msg):
    errors.append(msg)

data = tomllib.loads((HERE / "labels.toml").read_text())
answers = data.get("answers", {})
pairs = data.get("pairwise", [])
files = {p.stem: p for p in (HERE / "answers").glob("*.txt")}

for i in sorted(set(files) - set(answers)):
    err(f"{i}: answer file has no label")
for i in sorted(set(answers) - set(files)):
    err(f"{i}: label has no answer file")

questions = collections.Counter()
for i, a in sorted(answers.items()):
    if not i.startswith(PREFIX):
        err(f"{i}: id does not start with {PREFIX}")
    kind = a.get("kind")
    if kind not in KINDS:
        err(f"{i}: bad kind {kind!r}")
    if a.get("quality") not in QUALITIES:
        err(f"{i}: bad quality {a.get('quality')!r}")
    for key in ("question", "source"):
        if not a.get(key):
            err(f"{i}: missing {key}")
    questions[a.get("question")] += 1
    if i in files:
        n = len(files[i].read_text().split())
        if not 120 <= n <= 400:
            err(f"{i}: {n} words, outside 120-400")
    red = a.get("red_flags", [])
    nored = a.get("no_red_flags", [])
    for f in red + nored:
        if f not in FLAG_KINDS:
            err(f"{i}: unknown flag {f}")
        elif kind not in FLAG_KINDS[f]:
            err(f"{i}: flag {f} does not apply to kind {kind}")
    for f in set(red) & set(nored):
        err(f"{i}: {f} both in red_flags and no_red_flags")
    for f in set(a.get("covered", [])) & set(a.get("missed", [])):
        err(f"{i}: step {f} both covered and missed")
    for f in a.get("covered", []) + a.get("missed", []):
        if f not in STEPS:
            err(f"{i}: unknown step {f}")
    for f in set(a.get("star", [])) & set(a.get("no_star", [])):
        err(f"{i}: {f} both in star and no_star")
    for f in a.get("star", []) + a.get("no_star", []):
        if f not in STAR:
            err(f"{i}: unknown STAR part {f}")
    for f in a.get("competency_high", []) + a.get("competency_low", []):
        if f not in COMPS:
            err(f"{i}: unknown competency {f}")
    for f in set(a.get("competency_high", [])) & set(a.get("competency_low", [])):
        err(f"{i}: competency {f} both high and low")
    if a.get("relevant") is False:
        if red or a.get("covered") or a.get("missed") or a.get("star"):
            err(f"{i}: off-topic answer carries flags, steps or STAR")
        if a.get("quality") != "weak":
            err(f"{i}: off-topic answer must be weak")
    tp = a.get("talking_points")
    tc, tm = a.get("talking_covered", []), a.get("talking_missed", [])
    if (tc or tm) and not tp:
        err(f"{i}: talking_covered/missed without talking_points")
    if tp:
        for t in tc + tm:
            if t not in tp:
                err(f"{i}: talking point not in list: {t}")
        for t in set(tc) & set(tm):
            err(f"{i}: talking point both covered and missed: {t}")

for q, n in questions.items():
    if n > 3:
        err(f"question used {n} times: {q}")

# identical talking point lists per question
tp_by_q = {}
for i, a in answers.items():
    if a.get("talking_points"):
        q = a["question"]
        if q in tp_by_q and tp_by_q[q] != a["talking_points"]:
            err(f"{i}: talking_points differ from another answer to the same question")
        tp_by_q.setdefault(q, a["talking_points"])

for p in pairs:
    b, w = p.get("better"), p.get("worse")
    if b not in answers or w not in answers:
        err(f"pair {b}>{w}: unknown id")
        continue
    if answers[b]["question"] != answers[w]["question"]:
        err(f"pair {b}>{w}: different questions")
    for o in p.get("on", []):
        if o != "overall" and o not in COMPS:
            err(f"pair {b}>{w}: bad 'on' value {o}")

# counts
print(f"answers: {len(answers)}   pairs: {len(pairs)}   questions: {len(questions)}")
print("per kind:   ", dict(sorted(collections.Counter(a['kind'] for a in answers.values()).items())))
print("per quality:", dict(sorted(collections.Counter(a['quality'] for a in answers.values()).items())))
print("off-topic (relevant = false):", sum(1 for a in answers.values() if a.get("relevant") is False))
print("with talking points:", sum(1 for a in answers.values() if a.get("talking_points")))
print("sourced from a public page:", sum(1 for a in answers.values() if a["source"].startswith("http")))
print("flag                 must fire   must not fire")
for f in FLAG_KINDS:
    fire = sum(1 for a in answers.values() if f in a.get("red_flags", []))
    nofire = sum(1 for a in answers.values() if f in a.get("no_red_flags", []))
    print(f"  {f:<20} {fire:>9}   {nofire:>13}")
wc = [len(files[i].read_text().split()) for i in files]
if wc:
    print(f"words: min {min(wc)}, max {max(wc)}, mean {sum(wc)/len(wc):.0f}")

if errors:
    print("\nPROBLEMS:")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("\nOK: all checks passed")
