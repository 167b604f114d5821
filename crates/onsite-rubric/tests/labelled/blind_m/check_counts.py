#!/usr/bin/env python3
"""Consistency check for the blind_m labelled set.

Reads only labels.toml and answers/ in this folder. Exits 1 on any error.
"""
import collections
import pathlib
import re
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
PREFIX = "b_m_"
KINDS = {"system-design", "general", "ambiguity", "behavioural", "technical-debt", "operations"}
QUALITIES = {"strong", "medium", "weak"}
STEPS = {"clarify_constraints", "high_level_architecture", "deep_dive", "trade_offs",
         "growth_operations", "alternatives"}
STAR = {"situation", "action", "result", "quantified_result"}
COMPETENCIES = {"technical_depth", "architectural_thinking", "leadership_influence",
                "pragmatism", "ownership", "communication"}
APPLIES = {
    "no_constraints": {"system-design"},
    "over_engineering": {"system-design", "technical-debt", "general"},
    "no_trade_offs": {"system-design", "technical-debt", "ambiguity"},
    "needs_requirements": {"system-design", "ambiguity", "general"},
    "complaining": {"behavioural", "technical-debt", "operations", "ambiguity", "general"},
    "individual_only": {"behavioural", "technical-debt", "operations", "ambiguity"},
    "no_example": {"behavioural", "technical-debt", "operations", "ambiguity"},
}
# minimums from the assignment for this folder
MIN_KIND = {"system-design": 36, "general": 12, "ambiguity": 8}
MIN_FLAG = {  # flag: (fire, not-fire)
    "no_constraints": (10, 15),
    "over_engineering": (10, 15),
    "no_trade_offs": (12, 15),
    "needs_requirements": (10, 12),
}
MIN_COMPLAINING_GA = (4, 4)
MIN_PAIRS = 26
MIN_OFF_TOPIC = 5
TOTAL = 60

errors = []


def err(msg):
    errors.append(msg)


labels = tomllib.loads((HERE / "labels.toml").read_text(encoding="utf-8"))
answers = labels.get("answers", {})
pairs = labels.get("pairwise", [])
files = {p.stem: p for p in (HERE / "answers").glob("*.txt")}

for i in sorted(set(files) - set(answers)):
    err(f"{i}: answer file has no label")
for i in sorted(set(answers) - set(files)):
    err(f"{i}: label has no answer file")

words = {}
for i, p in files.items():
    n = len(re.findall(r"\S+", p.read_text(encoding="utf-8")))
    words[i] = n
    if not 120 <= n <= 400:
        err(f"{i}: {n} words, outside 120-400")

by_question = collections.defaultdict(list)
fire = collections.Counter()
notfire = collections.Counter()
kinds = collections.Counter()
quals = collections.Counter()
comp_ga = [0, 0]
off_topic = []
sourced = 0

for i, a in sorted(answers.items()):
    if not i.startswith(PREFIX):
        err(f"{i}: id does not start with {PREFIX}")
    k = a.get("kind")
    if k not in KINDS:
        err(f"{i}: bad kind {k!r}")
    q = a.get("quality")
    if q not in QUALITIES:
        err(f"{i}: bad quality {q!r}")
    if not a.get("question"):
        err(f"{i}: no question")
    src = a.get("source", "")
    if src.startswith("http"):
        sourced += 1
    elif not src.startswith("adversarial: "):
        err(f"{i}: source must be a URL or 'adversarial: <trap>'")
    if "relevant" not in a:
        err(f"{i}: relevant missing")
    kinds[k] += 1
    quals[q] += 1
    by_question[a.get("question")].append(i)
    red = a.get("red_flags", [])
    nored = a.get("no_red_flags", [])
    for f in red + nored:
        if f not in APPLIES:
            err(f"{i}: unknown flag {f}")
        elif k not in APPLIES[f]:
            err(f"{i}: flag {f} does not apply to kind {k}")
    for f in set(red) & set(nored):
        err(f"{i}: {f} in both red_flags and no_red_flags")
    cov, mis = a.get("covered", []), a.get("missed", [])
    for s in cov + mis:
        if s not in STEPS:
            err(f"{i}: unknown step {s}")
    for s in set(cov) & set(mis):
        err(f"{i}: step {s} both covered and missed")
    st, nst = a.get("star", []), a.get("no_star", [])
    for s in st + nst:
        if s not in STAR:
            err(f"{i}: unknown STAR part {s}")
    for s in set(st) & set(nst):
        err(f"{i}: STAR part {s} both present and absent")
    hi, lo = a.get("competency_high", []), a.get("competency_low", [])
    for c in hi + lo:
        if c not in COMPETENCIES:
            err(f"{i}: unknown competency {c}")
    for c in set(hi) & set(lo):
        err(f"{i}: competency {c} both high and low")
    if "constraints_first" in a and not isinstance(a["constraints_first"], bool):
        err(f"{i}: constraints_first must be a boolean")
    if a.get("relevant") is False:
        off_topic.append(i)
        if red or nored or cov or mis or st or nst or "constraints_first" in a:
            err(f"{i}: off-topic answer must carry no flags, steps or STAR")
        if q != "weak":
            err(f"{i}: off-topic answer must be weak")
        if "communication" not in lo:
            err(f"{i}: off-topic answer should have communication low")
    for f in red:
        fire[f] += 1
    for f in nored:
        notfire[f] += 1
    if k in ("general", "ambiguity"):
        comp_ga[0] += "complaining" in red
        comp_ga[1] += "complaining" in nored

for qtext, ids in by_question.items():
    if len(ids) > 3:
        err(f"question used {len(ids)} times (max 3): {qtext[:60]}")

paired_off = set()
for n, p in enumerate(pairs):
    b, w = p.get("better"), p.get("worse")
    if b not in answers or w not in answers:
        err(f"pair {n}: unknown id {b} / {w}")
        continue
    if answers[b]["question"] != answers[w]["question"]:
        err(f"pair {n}: {b} and {w} do not share the question")
    if b == w:
        err(f"pair {n}: same id")
    for o in p.get("on", []):
        if o != "overall" and o not in COMPETENCIES:
            err(f"pair {n}: bad 'on' value {o}")
    if not p.get("on"):
        err(f"pair {n}: empty 'on'")
    if answers[w].get("relevant") is False and answers[b].get("relevant") is not False:
        paired_off.add(w)
for i in off_topic:
    if i not in paired_off:
        err(f"{i}: off-topic answer not paired with an on-topic answer to the same question")

# minimums
if len(answers) != TOTAL:
    err(f"{len(answers)} answers, expected {TOTAL}")
for k, m in MIN_KIND.items():
    if kinds[k] < m:
        err(f"kind {k}: {kinds[k]} < {m}")
for f, (mf, mn) in MIN_FLAG.items():
    if fire[f] < mf:
        err(f"{f} fire {fire[f]} < {mf}")
    if notfire[f] < mn:
        err(f"{f} not-fire {notfire[f]} < {mn}")
if comp_ga[0] < MIN_COMPLAINING_GA[0] or comp_ga[1] < MIN_COMPLAINING_GA[1]:
    err(f"complaining on general/ambiguity {comp_ga} below {MIN_COMPLAINING_GA}")
if len(pairs) < MIN_PAIRS:
    err(f"{len(pairs)} pairs < {MIN_PAIRS}")
if len(off_topic) < MIN_OFF_TOPIC:
    err(f"{len(off_topic)} off-topic answers < {MIN_OFF_TOPIC}")

print(f"answers: {len(answers)}   pairs: {len(pairs)}   questions: {len(by_question)}   "
      f"off-topic: {len(off_topic)}   sourced from pages: {sourced}")
print(f"words: min {min(words.values())}, max {max(words.values())}, "
      f"mean {sum(words.values()) / len(words):.0f}")
print("per kind:    " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
print("per quality: " + ", ".join(f"{q} {quals[q]}" for q in ("strong", "medium", "weak")))
print(f"{'flag':<20}{'must fire':>10}{'must not fire':>15}")
for f in APPLIES:
    print(f"{f:<20}{fire[f]:>10}{notfire[f]:>15}")
print(f"{'complaining (general/ambiguity)':<32}fire {comp_ga[0]}, not-fire {comp_ga[1]}")

if errors:
    print(f"\n{len(errors)} error(s):")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("\nOK: all checks passed")
