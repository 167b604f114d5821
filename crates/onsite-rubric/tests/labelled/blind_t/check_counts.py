#!/usr/bin/env python3
"""Consistency check and counts for the blind_t labelled set.

Reads only labels.toml and answers/ in this folder. Exit code 1 on any error.
"""
import collections
import os
import re
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
PREFIX = "b_t_"

KINDS = {"system-design", "general", "ambiguity", "behavioural", "technical-debt", "operations"}
QUALITIES = {"strong", "medium", "weak"}
FLAG_KINDS = {
    "no_constraints": {"system-design"},
    "over_engineering": {"system-design", "technical-debt", "general"},
    "no_trade_offs": {"system-design", "technical-debt", "ambiguity"},
    "needs_requirements": {"system-design", "ambiguity", "general"},
    "complaining": {"behavioural", "technical-debt", "operations", "ambiguity", "general"},
    "individual_only": {"behavioural", "technical-debt", "operations", "ambiguity"},
    "no_example": {"behavioural", "technical-debt", "operations", "ambiguity"},
}
STEPS = {"clarify_constraints", "high_level_architecture", "deep_dive", "trade_offs",
         "growth_operations", "alternatives"}
STAR = {"situation", "action", "result", "quantified_result"}
COMPETENCIES = {"technical_depth", "architectural_thinking", "leadership_influence",
                "pragmatism", "ownership", "communication"}
KNOWN_KEYS = {"kind", "question", "source", "quality", "relevant", "red_flags", "no_red_flags",
              "covered", "missed", "constraints_first", "star", "no_star", "competency_high",
              "competency_low", "talking_points", "talking_covered", "talking_missed"}

# minimums from the brief for this folder: flag -> (fire, not fire)
TARGETS = {
    "complaining": (14, 20),
    "individual_only": (12, 18),
    "no_example": (8, 10),
    "no_trade_offs": (8, 10),
    "needs_requirements": (5, 5),
}

errors = []


def err(msg):
    errors.append(msg)


with open(os.path.join(HERE, "labels.toml"), "rb") as f:
    data = tomllib.load(f)
answers = data.get("answers", {})
pairs = data.get("pairwise", [])

files = {fn[:-4] for fn in os.listdir(os.path.join(HERE, "answers")) if fn.endswith(".txt")}
for x in sorted(files - answers.keys()):
    err(f"answers/{x}.txt has no label")
for x in sorted(answers.keys() - files):
    err(f"label {x} has no answers/{x}.txt")

per_question = collections.defaultdict(list)
tp_by_question = {}
words = {}
for aid, lab in sorted(answers.items()):
    if not aid.startswith(PREFIX):
        err(f"{aid}: id does not start with {PREFIX}")
    for k in lab:
        if k not in KNOWN_KEYS:
            err(f"{aid}: unknown key {k}")
    for k in ("kind", "question", "source", "quality", "relevant"):
        if k not in lab:
            err(f"{aid}: missing {k}")
    kind = lab.get("kind")
    if kind not in KINDS:
        err(f"{aid}: bad kind {kind}")
    if lab.get("quality") not in QUALITIES:
        err(f"{aid}: bad quality {lab.get('quality')}")
    per_question[lab.get("question")].append(aid)

    path = os.path.join(HERE, "answers", aid + ".txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            n = len(f.read().split())
        words[aid] = n
        if not 120 <= n <= 400:
            err(f"{aid}: {n} words (must be 120-400)")

    red, nored = set(lab.get("red_flags", [])), set(lab.get("no_red_flags", []))
    for fl in red | nored:
        if fl not in FLAG_KINDS:
            err(f"{aid}: unknown flag {fl}")
        elif kind not in FLAG_KINDS[fl]:
            err(f"{aid}: flag {fl} does not apply to kind {kind}")
    if red & nored:
        err(f"{aid}: in both red_flags and no_red_flags: {sorted(red & nored)}")

    cov, mis = set(lab.get("covered", [])), set(lab.get("missed", []))
    for st in cov | mis:
        if st not in STEPS:
            err(f"{aid}: unknown step {st}")
    if cov & mis:
        err(f"{aid}: step both covered and missed: {sorted(cov & mis)}")

    s, ns = set(lab.get("star", [])), set(lab.get("no_star", []))
    for st in s | ns:
        if st not in STAR:
            err(f"{aid}: unknown STAR part {st}")
    if s & ns:
        err(f"{aid}: STAR part in both star and no_star: {sorted(s & ns)}")

    hi, lo = set(lab.get("competency_high", [])), set(lab.get("competency_low", []))
    for c in hi | lo:
        if c not in COMPETENCIES:
            err(f"{aid}: unknown competency {c}")
    if hi & lo:
        err(f"{aid}: competency both high and low: {sorted(hi & lo)}")

    if lab.get("relevant") is False:
        if red or nored or cov or mis or s or ns:
            err(f"{aid}: off-topic answer must carry no flags, steps or STAR parts")
        if lab.get("quality") != "weak":
            err(f"{aid}: off-topic answer must be weak")
        if "communication" not in lo:
            err(f"{aid}: off-topic answer must have low communication")

    if "talking_points" in lab:
        tp = lab["talking_points"]
        q = lab.get("question")
        if q in tp_by_question and tp_by_question[q] != tp:
            err(f"{aid}: talking_points differ from another answer to the same question")
        tp_by_question.setdefault(q, tp)
        tc, tm = set(lab.get("talking_covered", [])), set(lab.get("talking_missed", []))
        if not (tc | tm) <= set(tp):
            err(f"{aid}: talking_covered/missed not among talking_points")
        if tc & tm:
            err(f"{aid}: talking point both covered and missed")
    elif "talking_covered" in lab or "talking_missed" in lab:
        err(f"{aid}: talking_covered/missed without talking_points")

for q, ids in per_question.items():
    if len(ids) > 3:
        err(f"question used {len(ids)} times (max 3): {q}")
# every question with talking points: all its answers carry the list
for q, tp in tp_by_question.items():
    for aid in per_question[q]:
        if "talking_points" not in answers[aid]:
            err(f"{aid}: question has talking points elsewhere but not here")

pair_keys = set()
for i, p in enumerate(pairs):
    b, w = p.get("better"), p.get("worse")
    if b not in answers or w not in answers:
        err(f"pair {i}: unknown id {b} / {w}")
        continue
    if b == w:
        err(f"pair {i}: better == worse")
    if answers[b]["question"] != answers[w]["question"]:
        err(f"pair {i}: {b} and {w} do not share the question")
    for o in p.get("on", []):
        if o != "overall" and o not in COMPETENCIES:
            err(f"pair {i}: bad 'on' value {o}")
    if not p.get("on"):
        err(f"pair {i}: empty 'on'")
    if (b, w) in pair_keys:
        err(f"pair {i}: duplicate pair {b} > {w}")
    pair_keys.add((b, w))
# each off-topic answer is paired with an on-topic answer to the same question
for aid, lab in answers.items():
    if lab.get("relevant") is False:
        if not any(p.get("worse") == aid and answers.get(p.get("better"), {}).get("relevant", True)
                   for p in pairs):
            err(f"{aid}: off-topic answer not paired with an on-topic answer")

# ---------------- counts
print(f"answers: {len(answers)}   questions: {len(per_question)}   pairs: {len(pairs)}")
print(f"words: min {min(words.values())}  max {max(words.values())}  mean {sum(words.values()) / len(words):.0f}")
kinds = collections.Counter(l["kind"] for l in answers.values())
print("per kind:    " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
quals = collections.Counter(l["quality"] for l in answers.values())
print("per quality: " + ", ".join(f"{k} {quals[k]}" for k in ("strong", "medium", "weak")))
print(f"off-topic (relevant = false): {sum(1 for l in answers.values() if l.get('relevant') is False)}")
print(f"with talking points: {sum(1 for l in answers.values() if 'talking_points' in l)}")
src = sum(1 for l in answers.values() if not l['source'].startswith('adversarial'))
print(f"rewritten from public pages: {src}")
print()
print(f"{'flag':<20}{'fire':>6}{'not fire':>10}   target")
fire = collections.Counter()
notfire = collections.Counter()
for l in answers.values():
    fire.update(l.get("red_flags", []))
    notfire.update(l.get("no_red_flags", []))
for fl in FLAG_KINDS:
    t = TARGETS.get(fl)
    status = ""
    if t:
        ok = fire[fl] >= t[0] and notfire[fl] >= t[1]
        status = f">= {t[0]} / >= {t[1]}  {'ok' if ok else 'BELOW TARGET'}"
        if not ok:
            err(f"flag {fl} below target: {fire[fl]}/{notfire[fl]} vs {t}")
    print(f"{fl:<20}{fire[fl]:>6}{notfire[fl]:>10}   {status}")
print()
steps_c = collections.Counter()
steps_m = collections.Counter()
for l in answers.values():
    steps_c.update(l.get("covered", []))
    steps_m.update(l.get("missed", []))
print("steps covered/missed: " + ", ".join(f"{s} {steps_c[s]}/{steps_m[s]}" for s in sorted(STEPS) if steps_c[s] or steps_m[s]))
sc = collections.Counter()
sm = collections.Counter()
for l in answers.values():
    sc.update(l.get("star", []))
    sm.update(l.get("no_star", []))
print("STAR present/absent:  " + ", ".join(f"{s} {sc[s]}/{sm[s]}" for s in ("situation", "action", "result", "quantified_result")))

print()
if errors:
    print(f"FAILED: {len(errors)} problem(s)")
    for e in errors:
        print("  - " + e)
    sys.exit(1)
print("OK: all checks passed")
