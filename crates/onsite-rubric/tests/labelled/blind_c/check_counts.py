"""Count and sanity-check blind_c/labels.toml (run: python3 check_counts.py).
Checks: every label has its answer file and vice versa, 120-400 words, flags only where
they apply to the kind, pairwise ids exist and share a question. Prints the README tables."""
import tomllib, pathlib, collections, sys
HERE = pathlib.Path(__file__).parent
L = tomllib.loads((HERE / "labels.toml").read_text())
A = L["answers"]; P = L.get("pairwise", [])
APPLIES = {
 "no_constraints": {"system-design"},
 "over_engineering": {"system-design", "technical-debt", "general"},
 "no_trade_offs": {"system-design", "technical-debt", "ambiguity"},
 "needs_requirements": {"system-design", "ambiguity", "general"},
 "complaining": {"behavioural", "technical-debt", "operations", "ambiguity", "general"},
 "individual_only": {"behavioural", "technical-debt", "operations", "ambiguity"},
}
err = []
files = {p.stem for p in (HERE / "answers").glob("*.txt")}
for i, a in A.items():
    if not i.startswith("b_c_"): err.append(f"{i}: id prefix")
    if i not in files: err.append(f"{i}: no answer file")
    else:
        n = len((HERE / "answers" / f"{i}.txt").read_text().split())
        if not 120 <= n <= 400: err.append(f"{i}: {n} words")
    for f in a.get("red_flags", []) + a.get("no_red_flags", []):
        if a["kind"] not in APPLIES[f]: err.append(f"{i}: {f} not for {a['kind']}")
    if set(a.get("red_flags", [])) & set(a.get("no_red_flags", [])): err.append(f"{i}: flag both ways")
for f in files - set(A): err.append(f"{f}: file without label")
for p in P:
    if p["better"] not in A or p["worse"] not in A: err.append(f"pair {p}: unknown id"); continue
    if A[p["better"]]["question"] != A[p["worse"]]["question"]: err.append(f"pair {p}: questions differ")
kinds = collections.Counter(a["kind"] for a in A.values())
qual = collections.Counter(a["quality"] for a in A.values())
url = sum(1 for a in A.values() if a["source"].startswith("http"))
off = [i for i, a in A.items() if not a["relevant"]]
print(f"answers {len(A)}  pairwise {len(P)}  url-sourced {url}  adversarial {len(A)-url}  off-topic {len(off)}\n")
print("| kind | answers | strong | medium | weak |\n|---|---|---|---|---|")
for k in ["system-design", "behavioural", "technical-debt", "operations", "ambiguity", "general"]:
    q = collections.Counter(a["quality"] for a in A.values() if a["kind"] == k)
    print(f"| {k} | {kinds[k]} | {q['strong']} | {q['medium']} | {q['weak']} |")
print(f"| total | {len(A)} | {qual['strong']} | {qual['medium']} | {qual['weak']} |\n")
print("| red flag | must fire (red_flags) | must not fire (no_red_flags) |\n|---|---|---|")
for f in APPLIES:
    fire = sum(f in a.get("red_flags", []) for a in A.values())
    nofire = sum(f in a.get("no_red_flags", []) for a in A.values())
    if fire < 6 or nofire < 6: err.append(f"{f}: {fire}/{nofire} below 6")
    print(f"| {f} | {fire} | {nofire} |")
print(f"\noff-topic (relevant = false): {', '.join(off)}")
if len(off) < 5: err.append("fewer than 5 off-topic")
if len(P) < 20: err.append("fewer than 20 pairs")
if err:
    print("\nPROBLEMS:\n" + "\n".join(err)); sys.exit(1)
print("\nall checks passed")
