#!/usr/bin/env python3
"""peelcert benchmark harness: times certify and check on a size series and prints
markdown tables (with the machine and the command), optionally writing bench/RESULTS.md.

    python3 bench/bench.py [--build build] [--quick] [--write]

Each row runs the whole path (instance file -> certify -> certificate -> check) and
records wall time, peak memory (from wait4) and the certified gap. Not a test: it
asserts nothing about time."""
import argparse, json, os, subprocess, sys, time
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import machine  # noqa: E402  (one description of the machine for every table)

def run(cmd):
    """Runs cmd; returns (exit code, stdout, seconds, peak RSS in MiB)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, out.decode(), time.perf_counter() - t0, ru.ru_maxrss / 1024.0

def gap_of(result):
    try:
        return float(Fraction(result["upper"]) - Fraction(result["lower"]))
    except Exception:
        return float("nan")

SMALL_REPEATS = 7


def bench_case(peelcert, name, gen_args, certify_args, work):
    stem = "".join(ch if ch.isalnum() else "_" for ch in name)
    inst = os.path.join(work, stem + ".json")
    cert = os.path.join(work, stem + ".cert.json")
    rc, _, _, _ = run([peelcert, "gen"] + gen_args + ["-o", inst])
    if rc != 0:
        return None
    rc_c, out, t_cert, mem_cert = run([peelcert, "certify", inst, "-o", cert, "--json"] + certify_args)
    try:
        res = json.loads(out)
    except ValueError:
        res = {}
    rc_k, _, t_check, mem_check = run([peelcert, "check", cert, "--instance", inst])
    # rows under a second: the best of SMALL_REPEATS interleaved runs of each (one run of 0.05 s
    # varies by +-30% on this machine; the minimum is what the code costs)
    for _ in range(SMALL_REPEATS - 1 if t_cert < 1.0 else 0):
        t_cert = min(t_cert, run([peelcert, "certify", inst, "-o", cert] + certify_args)[2])
        t_check = min(t_check, run([peelcert, "check", cert, "--instance", inst])[2])
    return dict(name=name, certify_rc=rc_c, check_rc=rc_k, t_certify=t_cert, t_check=t_check,
                mem=max(mem_cert, mem_check), gap=gap_of(res), path=res.get("path", "?"),
                lower=res.get("lower", "?")[:20],
                size=os.path.getsize(cert) if os.path.exists(cert) else 0)

def table(rows):
    lines = ["| case | path | certify (s) | check (s) | check/certify | peak MiB | lower (20 chars) | certified gap | cert size | exit (certify, check) |",
             "|---|---|---:|---:|---:|---:|---|---:|---:|---|"]
    for r in rows:
        ratio = r["t_check"] / r["t_certify"] if r["t_certify"] > 0 else float("nan")
        lines.append(f"| {r['name']} | {r['path']} | {r['t_certify']:.2f} | {r['t_check']:.2f} | {ratio:.2f} | "
                     f"{r['mem']:.0f} | {r['lower']} | {r['gap']:.2e} | {r['size']/1024:.0f} KiB | {r['certify_rc']}, {r['check_rc']} |")
    return "\n".join(lines)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    args = ap.parse_args()
    peelcert = os.path.abspath(os.path.join(args.build, "peelcert"))
    work = os.path.abspath(os.path.join(args.build, "bench-work"))
    os.makedirs(work, exist_ok=True)
    sizes = [50, 100] if args.quick else [50, 100, 200, 300, 500]
    dense = []
    for n in sizes:
        r = bench_case(peelcert, f"random dense V=N={n}",
                       ["random", "--tokens", str(n), "--contexts", str(n), "--seed", "1"], [], work)
        if r: dense.append(r); print(table([r]).splitlines()[-1], flush=True)
    structured = []
    for n, d in [(10**9, 50), (1000, 50)]:
        r = bench_case(peelcert, f"exchangeable n={n} alpha=1/2, 50 digits",
                       ["exchangeable", "--n", str(n), "--alpha", "1/2"], ["--digits", str(d)], work)
        if r: structured.append(r); print(table([r]).splitlines()[-1], flush=True)
    cyclic = []
    for n, d in ([(7, 50), (12, 50), (24, 50)] + ([] if args.quick else [(100000, 12)])):
        r = bench_case(peelcert, f"cyclic n={n}, {d} digits", ["cyclic", "--n", str(n)], ["--digits", str(d)], work)
        if r: cyclic.append(r); print(table([r]).splitlines()[-1], flush=True)
    groups = []
    for p, d in ([(5, 30), (11, 30)] + ([] if args.quick else [(31, 30), (101, 30)])):
        r = bench_case(peelcert, f"AGL(1,{p}) pair contexts (V={p}, N={p*(p-1)}), {d} digits",
                       ["group", "--group", "agl1", "--n", str(p), "--contexts-kind", "pairs",
                        "--targets", "next"], ["--digits", str(d)], work)
        if r: groups.append(r); print(table([r]).splitlines()[-1], flush=True)
    twins = []
    for path in ("auto", "dense"):
        r = bench_case(peelcert, f"AGL(1,7) pair contexts, --path {path}",
                       ["group", "--group", "agl1", "--n", "7", "--contexts-kind", "pairs", "--targets", "next"],
                       ["--path", path], work)
        if r: twins.append(r); print(table([r]).splitlines()[-1], flush=True)
    for n, d in [(5, 30), (20, 30), (20, 50)]:
        r = bench_case(peelcert, f"random dense V=N={n}, {d} digits (multiprecision refinement)",
                       ["random", "--tokens", str(n), "--contexts", str(n), "--seed", "1"], ["--digits", str(d)], work)
        if r: twins.append(r); print(table([r]).splitlines()[-1], flush=True)
    for n in ([] if args.quick else [1000000]):
        r = bench_case(peelcert, f"cyclic n={n}, 10 digits", ["cyclic", "--n", str(n)], ["--digits", "10"], work)
        if r: cyclic.append(r); print(table([r]).splitlines()[-1], flush=True)
    cmd = "python3 bench/bench.py " + " ".join(a for a in sys.argv[1:])
    report = [f"# peelcert benchmark results", "",
              f"Machine: {machine()}", f"Command: `{cmd}` (Release build)", f"Date: {time.strftime('%Y-%m-%d')}", "",
              "Each row: `peelcert gen` -> `peelcert certify --json` -> `peelcert check --instance`, wall time of each",
              "process (rows whose certify takes under 1 s: the best of 7 interleaved runs of each), peak resident",
              "memory of the larger, the certified gap `upper - lower`.", "",
              "## Dense path (random dense targets, E_W = E_H = 1)", "", table(dense), "",
              "## Exchangeable closed form", "", table(structured), "",
              "## Cyclic path (random weights 1..20, E_W = E_H = 1)", "", table(cyclic), "",
              "## Group path (2-transitive symmetry, reduced problem)", "", table(groups), "",
              "## Cross-checks and small dense instances to many digits", "", table(twins), ""]
    text = "\n".join(report)
    print(text)
    if args.write:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from results import update_section
        update_section("core", text.replace("# peelcert benchmark results", "## Core paths", 1))

if __name__ == "__main__":
    main()
