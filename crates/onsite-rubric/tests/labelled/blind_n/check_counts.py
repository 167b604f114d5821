#!/usr/bin/env python3
"""Consistency check for the blind_n labelled set.

Reads only labels.toml and answers/ in this folder. Exits non-zero on any error.
Run: python3 check_counts.py
"""
import collections
import pathlib
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
PREFIX = "b_n_"

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
STEP_KINDS = {"system-design", "general", "ambiguity"}
STAR = {"situation", "action", "result", "quantified_result"}
STORY_KINDS = {"behavioural", "technical-debt", "operations", "ambiguity"}
COMPETENCIES = {"technical_depth", "architectural_thinking", "leadership_influence",
                "pragmatism", "ownership", "communication"}
KNOWN_KEYS = {"kind", "question", "source", "quality", "relevant", "red_flags", "no_red_flags",
              "covered", "missed", "constraints_first", "star", "no_star", "competency_high",
              "competency_low", "talking_points", "talking_covered", "talking_missed"}

# Minimums from the brief for this folder (blind_n.md).
MIN_FIRE = {"complaining": 14, "individual_only": 10, "no_example": 8,
            "no_trade_offs": 6, "needs_requirements": 5}
MIN_NOT = {"complaining": 20, "individual_only": 18, "no_example": 10,
           "no_trade_offs": 8, "needs_requirements": 5}
TARGET_KINDS = {"behavioural": 16, "technical-debt": 15, "operations": 15, "ambiguity": 14}

errors = []


def err(msg):
    errors.append(msg)


labels = tomllib.loads((HERE / "labels.toml").read_text(encoding="utf-8"))
answers = labels.get("answers", {})
pairs = labels.get("pairwise", [])
files = {p.stem: p for p in (HERE / "answers").glob("*.txt")}

# files <-> labels
for aid in sorted(set(files) - set(answers)):
    err(f"{aid}: answer file without a label")
for aid in sorted(set(answers) - set(files)):
    err(f"{aid}: label without an answer file")

questions = collections.Counter()
by_question = collections.defaultdict(list)
words = {}
for aid, a in sorted(answers.items()):
    if not aid.startswith(PREFIX):
        err(f"{aid}: id does not start with {PREFIX}")
    for k in a:
        if k not in KNOWN_KEYS:
            err(f"{aid}: unknown key {k}")
    kind = a.get("kind")
    if kind not in KINDS:
        err(f"{aid}: bad kind {kind!r}")
    if a.get("quality") not in QUALITIES:
        err(f"{aid}: bad quality {a.get('quality')!r}")
    if not isinstance(a.get("relevant"), bool):
        err(f"{aid}: relevant must be a bool")
    if not a.get("question") or not a.get("source"):
        err(f"{aid}: question and source are required")
    src = a.get("source", "")
    if not (src.startswith("adversarial: ") or src.startswith("http")):
        err(f"{aid}: source must be a URL or 'adversarial: <trap>'")
    questions[a.get("question")] += 1
    by_question[a.get("question")].append(aid)

    if aid in files:
        n = len(files[aid].read_text(encoding="utf-8").split())
        words[aid] = n
        if not 120 <= n <= 400:
            err(f"{aid}: {n} words (must be 120-400)")

    red, nored = a.get("red_flags", []), a.get("no_red_flags", [])
    for f in red + nored:
        if f not in FLAG_KINDS:
            err(f"{aid}: unknown flag {f}")
        elif kind not in FLAG_KINDS[f]:
            err(f"{aid}: flag {f} does not apply to kind {kind}")
    if set(red) & set(nored):
        err(f"{aid}: flag(s) both fire and not fire: {set(red) & set(nored)}")
    if len(set(red)) != len(red) or len(set(nored)) != len(nored):
        err(f"{aid}: duplicate flags")

    cov, mis = a.get("covered", []), a.get("missed", [])
    for s in cov + mis:
        if s not in STEPS:
            err(f"{aid}: unknown step {s}")
    if (cov or mis or "constraints_first" in a) and kind not in STEP_KINDS:
        err(f"{aid}: framework steps on non design-like kind {kind}")
    if set(cov) & set(mis):
        err(f"{aid}: step(s) both covered and missed: {set(cov) & set(mis)}")

    st, nst = a.get("star", []), a.get("no_star", [])
    for s in st + nst:
        if s not in STAR:
            err(f"{aid}: unknown STAR part {s}")
    if (st or nst) and kind not in STORY_KINDS:
        err(f"{aid}: STAR on non-story kind {kind}")
    if set(st) & set(nst):
        err(f"{aid}: STAR part both present and absent")

    hi, lo = a.get("competency_high", []), a.get("competency_low", [])
    for c in hi + lo:
        if c not in COMPETENCIES:
            err(f"{aid}: unknown competency {c}")
    if set(hi) & set(lo):
        err(f"{aid}: competency both high and low")

    if a.get("relevant") is False:
        if red or nored or cov or mis or st or nst:
            err(f"{aid}: off-topic answer must carry no flags, steps or STAR")
        if a.get("quality") != "weak" or "communication" not in lo:
            err(f"{aid}: off-topic answer must be weak with communication low")

    tp = a.get("talking_points")
    tc, tm = a.get("talking_covered", []), a.get("talking_missed", [])
    if tp is None and (tc or tm):
        err(f"{aid}: talking_covered/missed without talking_points")
    if tp is not None:
        for t in tc + tm:
            if t not in tp:
                err(f"{aid}: talking point not in list: {t!r}")
        if set(tc) & set(tm):
            err(f"{aid}: talking point both covered and missed")
        if not 4 <= len(tp) <= 5:
            err(f"{aid}: talking_points must have 4-5 items")

for q, n in questions.items():
    if n > 3:
        err(f"question used {n} times (max 3): {q}")
for q, ids in by_question.items():
    tps = {tuple(answers[i]["talking_points"]) for i in ids if "talking_points" in answers[i]}
    if len(tps) > 1:
        err(f"talking_points differ within question: {q}")

# off-topic answers each paired with an on-topic answer to the same question
pair_set = set()
for i, p in enumerate(pairs):
    b, w, on = p.get("better"), p.get("worse"), p.get("on", [])
    if b not in answers or w not in answers:
        err(f"pair {i}: unknown id {b} / {w}")
        continue
    if answers[b]["question"] != answers[w]["question"]:
        err(f"pair {i}: {b} and {w} do not share the question")
    if not on:
        err(f"pair {i}: empty 'on'")
    for o in on:
        if o != "overall" and o not in COMPETENCIES:
            err(f"pair {i}: bad dimension {o}")
    if (b, w) in pair_set or (w, b) in pair_set:
        err(f"pair {i}: duplicate pair {b}/{w}")
    pair_set.add((b, w))
for aid, a in answers.items():
    if a.get("relevant") is False:
        if not any(w == aid and answers[b].get("relevant", True) for b, w in pair_set):
            err(f"{aid}: off-topic answer not paired with an on-topic answer")

# ---- counts
kind_c = collections.Counter(a["kind"] for a in answers.values())
qual_c = collections.Counter(a["quality"] for a in answers.values())
fire = collections.Counter(f for a in answers.values() for f in a.get("red_flags", []))
notf = collections.Counter(f for a in answers.values() for f in a.get("no_red_flags", []))
implicit_complaints = [aid for aid, a in answers.items()
                       if "complaining" in a.get("red_flags", []) and "no blame words" in a["source"]]
offtopic = [aid for aid, a in answers.items() if a.get("relevant") is False]
sourced = [aid for aid, a in answers.items() if a["source"].startswith("http")]
with_tp = [aid for aid, a in answers.items() if "talking_points" in a]

print(f"answers: {len(answers)}   files: {len(files)}   pairs: {len(pairs)}   questions: {len(questions)}")
print(f"words: min {min(words.values())}  max {max(words.values())}  mean {sum(words.values()) / len(words):.0f}")
print("per kind:    " + ", ".join(f"{k} {kind_c[k]}" for k in sorted(kind_c)))
print("per quality: " + ", ".join(f"{q} {qual_c[q]}" for q in ("strong", "medium", "weak")))
print(f"off-topic (relevant=false): {len(offtopic)}  {sorted(offtopic)}")
print(f"rewritten from public pages: {len(sourced)}   with talking points: {len(with_tp)}")
print("flag                  must fire  must not fire")
for f in FLAG_KINDS:
    print(f"  {f:20s} {fire[f]:9d}  {notf[f]:13d}")
print(f"complaining fire without explicit blame words: {len(implicit_complaints)}")
steps_c = collections.Counter(s for a in answers.values() for s in a.get("covered", []))
steps_m = collections.Counter(s for a in answers.values() for s in a.get("missed", []))
print("steps covered/missed: " + ", ".join(f"{s} {steps_c[s]}/{steps_m[s]}" for s in sorted(STEPS)))
star_c = collections.Counter(s for a in answers.values() for s in a.get("star", []))
star_m = collections.Counter(s for a in answers.values() for s in a.get("no_star", []))
print("STAR present/absent:  " + ", ".join(f"{s} {star_c[s]}/{star_m[s]}" for s in sorted(STAR)))

# ---- minimums from the brief
for f, n in MIN_FIRE.items():
    if fire[f] < n:
        err(f"{f}: must-fire {fire[f]} < {n}")
for f, n in MIN_NOT.items():
    if notf[f] < n:
        err(f"{f}: must-not-fire {notf[f]} < {n}")
if 2 * len(implicit_complaints) < fire["complaining"]:
    err("fewer than half of complaining fires are without explicit blame words")
if len(offtopic) != 3:
    err(f"expected 3 off-topic answers, got {len(offtopic)}")
if len(pairs) < 28:
    err(f"only {len(pairs)} pairs (< 28)")
if len(answers) != 60:
    err(f"expected 60 answers, got {len(answers)}")
for k, n in TARGET_KINDS.items():
    if abs(kind_c[k] - n) > 1:
        err(f"kind {k}: {kind_c[k]} far from target {n}")

if errors:
    print(f"\nFAILED: {len(errors)} error(s)")
    for e in errors:
        print("  - " + e)
    sys.exit(1)
print("\nOK: all checks passed")
