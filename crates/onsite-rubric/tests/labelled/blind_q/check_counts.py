#!/usr/bin/env python3
"""Consistency check for the blind_q labelled set. Reads only labels.toml and answers/ in this folder."""
import os, re, sys, collections
try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
PREFIX = "b_q_"
KINDS = {"system-design", "general", "ambiguity", "behavioural", "technical-debt", "operations"}
QUALITIES = {"strong", "medium", "weak"}
STEPS = {"clarify_constraints", "high_level_architecture", "deep_dive", "trade_offs", "growth_operations", "alternatives"}
STAR = {"situation", "action", "result", "quantified_result"}
COMPS = {"technical_depth", "architectural_thinking", "leadership_influence", "pragmatism", "ownership", "communication"}
FLAG_KINDS = {
    "no_constraints": {"system-design"},
    "over_engineering": {"system-design", "technical-debt", "general"},
    "no_trade_offs": {"system-design", "technical-debt", "ambiguity"},
    "needs_requirements": {"system-design", "ambiguity", "general"},
    "complaining": {"behavioural", "technical-debt", "operations", "ambiguity", "general"},
    "individual_only": {"behavioural", "technical-debt", "operations", "ambiguity"},
    "no_example": {"behavioural", "technical-debt", "operations", "ambiguity"},
}
# minimums from the brief for this folder
MIN_KIND = {"system-design": 36, "general": 12, "ambiguity": 8}
MIN_FLAG = {"no_constraints": (10, 15), "over_engineering": (10, 15), "no_trade_offs": (12, 18),
            "needs_requirements": (10, 12)}
MIN_COMPLAIN_GA = (4, 4)
errors = []

def err(m):
    errors.append(m)

with open(os.path.join(HERE, "labels.toml"), "rb") as f:
    data = tomllib.load(f)
answers = data.get("answers", {})
pairs = data.get("pairwise", [])
files = {fn[:-4] for fn in os.listdir(os.path.join(HERE, "answers")) if fn.endswith(".txt")}

for i in sorted(files - set(answers)):
    err(f"{i}: answer file without label")
for i in sorted(set(answers) - files):
    err(f"{i}: label without answer file")

qcount = collections.Counter()
for i, a in sorted(answers.items()):
    if not i.startswith(PREFIX):
        err(f"{i}: id does not start with {PREFIX}")
    kind = a.get("kind")
    if kind not in KINDS:
        err(f"{i}: bad kind {kind}")
    if a.get("quality") not in QUALITIES:
        err(f"{i}: bad quality")
    if "question" not in a or "source" not in a or "relevant" not in a:
        err(f"{i}: missing question/source/relevant")
    qcount[a.get("question")] += 1
    if i in files:
        words = len(open(os.path.join(HERE, "answers", i + ".txt"), encoding="utf-8").read().split())
        if not 120 <= words <= 400:
            err(f"{i}: {words} words (want 120-400)")
    red, nr = set(a.get("red_flags", [])), set(a.get("no_red_flags", []))
    for fl in red | nr:
        if fl not in FLAG_KINDS:
            err(f"{i}: unknown flag {fl}")
        elif kind not in FLAG_KINDS[fl]:
            err(f"{i}: flag {fl} does not apply to kind {kind}")
    if red & nr:
        err(f"{i}: flag both fired and not fired: {red & nr}")
    cov, mis = set(a.get("covered", [])), set(a.get("missed", []))
    if (cov | mis) - STEPS:
        err(f"{i}: unknown step {(cov | mis) - STEPS}")
    if cov & mis:
        err(f"{i}: step both covered and missed: {cov & mis}")
    st, nst = set(a.get("star", [])), set(a.get("no_star", []))
    if (st | nst) - STAR or st & nst:
        err(f"{i}: bad star labels")
    hi, lo = set(a.get("competency_high", [])), set(a.get("competency_low", []))
    if (hi | lo) - COMPS or hi & lo:
        err(f"{i}: bad competency labels")
    if a.get("relevant") is False:
        if red or nr or cov or mis or st or nst:
            err(f"{i}: off-topic answer carries flags or steps")
        if a.get("quality") != "weak":
            err(f"{i}: off-topic answer not weak")

for q, n in qcount.items():
    if n > 3:
        err(f"question used {n} times: {q}")

offtopic_paired = set()
for p in pairs:
    b, w = p.get("better"), p.get("worse")
    if b not in answers or w not in answers:
        err(f"pair {b}>{w}: unknown id")
        continue
    if answers[b]["question"] != answers[w]["question"]:
        err(f"pair {b}>{w}: questions differ")
    if not p.get("on"):
        err(f"pair {b}>{w}: empty 'on'")
    for o in p.get("on", []):
        if o != "overall" and o not in COMPS:
            err(f"pair {b}>{w}: bad 'on' value {o}")
    if answers[w].get("relevant") is False and answers[b].get("relevant") is True:
        offtopic_paired.add(w)
offtopic = {i for i, a in answers.items() if a.get("relevant") is False}
for i in sorted(offtopic - offtopic_paired):
    err(f"{i}: off-topic answer not paired with an on-topic answer")

# counts
kinds = collections.Counter(a["kind"] for a in answers.values())
quals = collections.Counter(a["quality"] for a in answers.values())
fire = collections.Counter(); nofire = collections.Counter()
ga_fire = ga_nofire = 0
for a in answers.values():
    for fl in a.get("red_flags", []):
        fire[fl] += 1
        if fl == "complaining" and a["kind"] in ("general", "ambiguity"):
            ga_fire += 1
    for fl in a.get("no_red_flags", []):
        nofire[fl] += 1
        if fl == "complaining" and a["kind"] in ("general", "ambiguity"):
            ga_nofire += 1
print(f"answers: {len(answers)}  pairs: {len(pairs)}  questions: {len(qcount)}  off-topic: {len(offtopic)}")
print("per kind:   " + ", ".join(f"{k}={v}" for k, v in sorted(kinds.items())))
print("per quality: " + ", ".join(f"{k}={quals[k]}" for k in ("strong", "medium", "weak")))
print(f"{'flag':20s} {'fire':>5s} {'not-fire':>9s}")
for fl in FLAG_KINDS:
    print(f"{fl:20s} {fire[fl]:5d} {nofire[fl]:9d}")
print(f"complaining on general/ambiguity: fire={ga_fire} not-fire={ga_nofire}")

for k, m in MIN_KIND.items():
    if kinds[k] < m:
        err(f"kind {k}: {kinds[k]} < {m}")
if len(answers) != 60:
    err(f"{len(answers)} answers, want 60")
if len(pairs) < 26:
    err(f"{len(pairs)} pairs, want >= 26")
for fl, (mf, mn) in MIN_FLAG.items():
    if fire[fl] < mf or nofire[fl] < mn:
        err(f"{fl}: fire {fire[fl]}/{mf}, not-fire {nofire[fl]}/{mn}")
if ga_fire < MIN_COMPLAIN_GA[0] or ga_nofire < MIN_COMPLAIN_GA[1]:
    err("complaining on general/ambiguity below minimum")
if len(offtopic) != 5:
    err(f"{len(offtopic)} off-topic answers, want 5")

if errors:
    print("\nFAIL")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("\nOK: all checks passed")
