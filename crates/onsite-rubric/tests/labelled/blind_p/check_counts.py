#!/usr/bin/env python3
"""Consistency check for the blind_p labelled set.

Reads only this folder's labels.toml and answers/. Exits non-zero on any error.
"""
import collections
import pathlib
import sys
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
PREFIX = "b_p_"
KINDS = {"system-design", "general", "ambiguity", "behavioural", "technical-debt", "operations"}
QUALITIES = {"strong", "medium", "weak"}
STEPS = {"clarify_constraints", "high_level_architecture", "deep_dive", "trade_offs",
         "growth_operations", "alternatives"}
STAR = {"situation", "action", "result", "quantified_result"}
COMPETENCIES = {"technical_depth", "architectural_thinking", "leadership_influence",
                "pragmatism", "ownership", "communication"}
FLAG_KINDS = {
    "no_constraints": {"system-design"},
    "over_engineering": {"system-design", "technical-debt", "general"},
    "no_trade_offs": {"system-design", "technical-debt", "ambiguity"},
    "needs_requirements": {"system-design", "ambiguity", "general"},
    "complaining": {"behavioural", "technical-debt", "operations", "ambiguity", "general"},
    "individual_only": {"behavioural", "technical-debt", "operations", "ambiguity"},
    "no_example": {"behavioural", "technical-debt", "operations", "ambiguity"},
}
ALLOWED_KEYS = {"kind", "question", "source", "quality", "relevant", "red_flags", "no_red_flags",
                "covered", "missed", "constraints_first", "star", "no_star", "competency_high",
                "competency_low", "talking_points", "talking_covered", "talking_missed"}

errors = []


def err(msg):
    errors.append(msg)


labels = tomllib.loads((HERE / "labels.toml").read_text(encoding="utf-8"))
answers = labels.get("answers", {})
pairs = labels.get("pairwise", [])
files = {p.stem: p for p in (HERE / "answers").glob("*.txt")}

# every file has a label and vice versa
for fid in sorted(set(files) - set(answers)):
    err(f"answers/{fid}.txt has no label")
for aid in sorted(set(answers) - set(files)):
    err(f"label {aid} has no answers/{aid}.txt")

questions = collections.Counter()
talking_by_q = {}
for aid, a in sorted(answers.items()):
    if not aid.startswith(PREFIX):
        err(f"{aid}: id does not start with {PREFIX}")
    extra = set(a) - ALLOWED_KEYS
    if extra:
        err(f"{aid}: unknown keys {sorted(extra)}")
    kind = a.get("kind")
    if kind not in KINDS:
        err(f"{aid}: bad kind {kind!r}")
    if a.get("quality") not in QUALITIES:
        err(f"{aid}: bad quality {a.get('quality')!r}")
    for key in ("question", "source"):
        if not isinstance(a.get(key), str) or not a.get(key):
            err(f"{aid}: missing {key}")
    src = a.get("source", "")
    if not (src.startswith("adversarial: ") or src.startswith("http")):
        err(f"{aid}: source must be a URL or 'adversarial: <trap>'")
    if not isinstance(a.get("relevant"), bool):
        err(f"{aid}: relevant must be a bool")
    questions[a.get("question")] += 1

    if aid in files:
        n = len(files[aid].read_text(encoding="utf-8").split())
        if not 120 <= n <= 400:
            err(f"{aid}: {n} words (must be 120-400)")

    red, nored = set(a.get("red_flags", [])), set(a.get("no_red_flags", []))
    for f in red | nored:
        if f not in FLAG_KINDS:
            err(f"{aid}: unknown flag {f}")
        elif kind not in FLAG_KINDS[f]:
            err(f"{aid}: flag {f} does not apply to kind {kind}")
    if red & nored:
        err(f"{aid}: flag both fires and must not fire: {sorted(red & nored)}")

    cov, mis = set(a.get("covered", [])), set(a.get("missed", []))
    if (cov | mis) - STEPS:
        err(f"{aid}: unknown steps {sorted((cov | mis) - STEPS)}")
    if cov & mis:
        err(f"{aid}: step both covered and missed: {sorted(cov & mis)}")
    if (cov | mis) and kind not in {"system-design", "general", "ambiguity"}:
        err(f"{aid}: framework steps labelled on a non-design kind {kind}")

    st, nst = set(a.get("star", [])), set(a.get("no_star", []))
    if (st | nst) - STAR:
        err(f"{aid}: unknown STAR parts {sorted((st | nst) - STAR)}")
    if st & nst:
        err(f"{aid}: STAR part both present and absent: {sorted(st & nst)}")

    hi, lo = set(a.get("competency_high", [])), set(a.get("competency_low", []))
    if (hi | lo) - COMPETENCIES:
        err(f"{aid}: unknown competencies {sorted((hi | lo) - COMPETENCIES)}")
    if hi & lo:
        err(f"{aid}: competency both high and low: {sorted(hi & lo)}")

    if a.get("relevant") is False:
        if red or nored or cov or mis or st or nst:
            err(f"{aid}: off-topic answer carries flags or steps")
        if a.get("quality") != "weak":
            err(f"{aid}: off-topic answer must be weak")
        if "communication" not in lo:
            err(f"{aid}: off-topic answer must have communication low")

    if "talking_points" in a:
        tp = a["talking_points"]
        q = a.get("question")
        if q in talking_by_q and talking_by_q[q] != tp:
            err(f"{aid}: talking_points differ from another answer to the same question")
        talking_by_q.setdefault(q, tp)
        tc, tm = set(a.get("talking_covered", [])), set(a.get("talking_missed", []))
        if (tc | tm) - set(tp):
            err(f"{aid}: talking_covered/missed not in talking_points")
        if tc & tm:
            err(f"{aid}: talking point both covered and missed")
    elif "talking_covered" in a or "talking_missed" in a:
        err(f"{aid}: talking_covered/missed without talking_points")

for q, n in questions.items():
    if n > 3:
        err(f"question used {n} times (max 3): {q}")

for i, p in enumerate(pairs):
    b, w = p.get("better"), p.get("worse")
    if b not in answers or w not in answers:
        err(f"pair {i}: unknown id {b} / {w}")
        continue
    if b == w:
        err(f"pair {i}: better == worse")
    if answers[b]["question"] != answers[w]["question"]:
        err(f"pair {i}: {b} and {w} do not share the question")
    on = p.get("on", [])
    if not on or set(on) - (COMPETENCIES | {"overall"}):
        err(f"pair {i}: bad 'on' {on}")

# off-topic answers must be paired with an on-topic answer to the same question
for aid, a in answers.items():
    if a.get("relevant") is False:
        if not any(p.get("worse") == aid and answers.get(p.get("better"), {}).get("relevant")
                   for p in pairs):
            err(f"{aid}: off-topic answer not paired with an on-topic answer")

# ---- counts
print(f"answers: {len(answers)}   questions: {len(questions)}   pairs: {len(pairs)}")
print("per kind:   ", dict(sorted(collections.Counter(a['kind'] for a in answers.values()).items())))
print("per quality:", dict(sorted(collections.Counter(a['quality'] for a in answers.values()).items())))
print("off-topic (relevant = false):", sum(1 for a in answers.values() if a.get("relevant") is False))
print("with talking points:", sum(1 for a in answers.values() if "talking_points" in a))
src = collections.Counter("adversarial" if a["source"].startswith("adversarial") else "url"
                          for a in answers.values())
print("sources:", dict(src))
print(f"{'flag':20s} {'fire':>5s} {'not':>5s}")
for f in FLAG_KINDS:
    fire = sum(1 for a in answers.values() if f in a.get("red_flags", []))
    nfire = sum(1 for a in answers.values() if f in a.get("no_red_flags", []))
    print(f"{f:20s} {fire:5d} {nfire:5d}")
steps = collections.Counter()
for a in answers.values():
    for s in a.get("covered", []):
        steps[(s, "covered")] += 1
    for s in a.get("missed", []):
        steps[(s, "missed")] += 1
print("steps:", {f"{s}/{k}": n for (s, k), n in sorted(steps.items())})

# brief minimums
mins = {("complaining", "red_flags"): 14, ("complaining", "no_red_flags"): 20,
        ("individual_only", "red_flags"): 10, ("individual_only", "no_red_flags"): 18,
        ("no_example", "red_flags"): 8, ("no_example", "no_red_flags"): 10,
        ("no_trade_offs", "red_flags"): 6, ("no_trade_offs", "no_red_flags"): 8,
        ("needs_requirements", "red_flags"): 5, ("needs_requirements", "no_red_flags"): 5}
for (f, key), m in mins.items():
    n = sum(1 for a in answers.values() if f in a.get(key, []))
    if n < m:
        err(f"{f} {key}: {n} < required {m}")
if len(pairs) < 28:
    err(f"only {len(pairs)} pairs (need >= 28)")

if errors:
    print("\nERRORS:")
    for e in errors:
        print("  -", e)
    sys.exit(1)
print("\nOK: all checks passed")
