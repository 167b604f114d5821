"""Counts and consistency checks for the blind_k labelled set (run: python3 check_counts.py).

Reads labels.toml and answers/, never the engine. Prints the tables pasted into README.md and
exits non-zero if a coverage requirement of the brief is not met."""
import collections, pathlib, sys, tomllib

HERE = pathlib.Path(__file__).parent
L = tomllib.loads((HERE / "labels.toml").read_text())
A = L["answers"]
P = L.get("pairwise", [])
errors = []
KINDS = {"system-design", "behavioural", "technical-debt", "operations", "ambiguity", "general"}
FLAG_KINDS = {
    "no_constraints": {"system-design"},
    "over_engineering": {"system-design", "technical-debt", "general"},
    "no_trade_offs": {"system-design", "technical-debt", "ambiguity"},
    "needs_requirements": {"system-design", "ambiguity", "general"},
    "complaining": {"behavioural", "technical-debt", "operations", "ambiguity", "general"},
    "individual_only": {"behavioural", "technical-debt", "operations", "ambiguity"},
}
files = {p.stem for p in (HERE / "answers").glob("*.txt")}
if files != set(A):
    errors.append(f"files vs labels differ: {sorted(files ^ set(A))}")
for k, r in A.items():
    if not k.startswith("b_k_"):
        errors.append(f"{k}: id prefix")
    if r["kind"] not in KINDS:
        errors.append(f"{k}: kind")
    words = len((HERE / "answers" / f"{k}.txt").read_text().split()) if k in files else 0
    if not 120 <= words <= 400:
        errors.append(f"{k}: {words} words")
    for f in r.get("red_flags", []) + r.get("no_red_flags", []):
        if r["kind"] not in FLAG_KINDS[f]:
            errors.append(f"{k}: flag {f} does not apply to {r['kind']}")
    if set(r.get("red_flags", [])) & set(r.get("no_red_flags", [])):
        errors.append(f"{k}: flag both fires and not")
    if set(r.get("covered", [])) & set(r.get("missed", [])):
        errors.append(f"{k}: step both covered and missed")
qcount = collections.Counter(r["question"] for r in A.values())
for q, n in qcount.items():
    if n > 3:
        errors.append(f"question used {n} times: {q}")
for p in P:
    if A[p["better"]]["question"] != A[p["worse"]]["question"]:
        errors.append(f"pair {p['better']} / {p['worse']}: different questions")

kinds = collections.Counter(r["kind"] for r in A.values())
qual = collections.Counter(r["quality"] for r in A.values())
print(f"answers: {len(A)}  pairs: {len(P)}  distinct questions: {len(qcount)}")
print("\n| kind | answers |\n|---|---|")
for k, n in sorted(kinds.items()):
    print(f"| {k} | {n} |")
print("\n| quality | answers |\n|---|---|")
for k in ["strong", "medium", "weak"]:
    print(f"| {k} | {qual[k]} |")
print("\n| red flag | must fire | must not fire |\n|---|---|---|")
for f in FLAG_KINDS:
    fire = sum(f in r.get("red_flags", []) for r in A.values())
    nofire = sum(f in r.get("no_red_flags", []) for r in A.values())
    print(f"| {f} | {fire} | {nofire} |")
    if f in ("no_constraints", "over_engineering", "no_trade_offs", "needs_requirements") and (fire < 8 or nofire < 8):
        errors.append(f"{f}: coverage {fire}/{nofire}")
off = [k for k, r in A.items() if not r["relevant"]]
print(f"\noff-topic (relevant = false): {len(off)} ({', '.join(sorted(off))})")
if kinds["system-design"] < 26 or kinds["general"] < 11 or kinds["ambiguity"] < 5 or len(off) < 4 or len(P) < 22:
    errors.append("minimum counts not met")
if errors:
    print("\nERRORS:\n" + "\n".join(errors))
    sys.exit(1)
print("\nall checks passed")
