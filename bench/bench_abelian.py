#!/usr/bin/env python3
"""Benchmark of the abelian Fourier path (issue 10 item 2, SPEC 11a): `peelcert certify` and the
independent checker on group_circulant instances — days x hours (proofs-data/days-x-hours.json,
Z_7 x Z_24, V = N = 168) to 30 and 50 digits, against its CRT circulant twin on the cyclic path
and the same instance on the dense path; Z_12 x Z_12; Z_2^16 (V = N = 65536, independent biased
bits: q = product of Bernoulli(1/4), E_W = E_H = 1/8) to 12 digits. Wall times are the best of
--repeat runs (default 3; 1 for the slow rows). Prints a markdown table; --write updates the
"abelian" section of bench/RESULTS.md.

usage: bench/bench_abelian.py [--peelcert PATH] [--write] [--quick] [--repeat R]"""
import json, os, subprocess, sys, tempfile
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
sys.path.insert(0, HERE)
import results  # noqa: E402


def crt_twin(inst):
    g = inst["targets"]["group_circulant"]
    orders, q = g["orders"], g["q"]

    def flat(m):
        x = 0
        for o in orders:
            x = x * o + m % o
        return x
    out = {k: v for k, v in inst.items() if k not in ("token_names", "context_names")}
    out["targets"] = {"circulant": [q[flat(m)] for m in range(inst["tokens"])]}
    out["name"] = inst.get("name", "") + "-crt-circulant"
    return out


def main():
    args = sys.argv[1:]
    peelcert = os.path.join(ROOT, "build", "peelcert")
    if "--peelcert" in args:
        peelcert = args[args.index("--peelcert") + 1]
    check = os.path.join(os.path.dirname(peelcert), "peelcert-check")
    repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 3
    quick = "--quick" in args
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        dh = json.load(open(os.path.join(ROOT, "proofs-data", "days-x-hours.json")))
        z2 = os.path.join(tmp, "z2-16.json")
        subprocess.run([peelcert, "gen", "group_circulant", "--orders", ",".join(["2"] * 16),
                        "--q-factors", ";".join(["3/4,1/4"] * 16), "--E_W", "1/8", "--E_H", "1/8",
                        "--name", "z2-16", "-o", z2], check=True)
        cases = [("days x hours, Z_7 x Z_24", dh, 30, [], repeat),
                 ("days x hours, Z_7 x Z_24", dh, 50, [], repeat),
                 ("days x hours as its CRT circulant (cyclic path)", crt_twin(dh), 30, [], repeat),
                 ("days x hours on the dense path", dh, 0, ["--path", "dense"], 1),
                 ("Z_12 x Z_12 (proofs-data/z12-x-z12.json)",
                  json.load(open(os.path.join(ROOT, "proofs-data", "z12-x-z12.json"))), 30, [], repeat),
                 ("Z_2^16, product of Bernoulli(1/4)", z2, 12, [], 1)]
        if quick:
            cases = [c for c in cases if "dense" not in c[0] and "2^16" not in c[0]]
        for label, inst, digits, extra, rep in cases:
            path = inst if isinstance(inst, str) else os.path.join(tmp, "inst.json")
            if not isinstance(inst, str):
                json.dump(inst, open(path, "w"))
            cert = os.path.join(tmp, "inst.cert.json")
            dig = ["--digits", str(digits)] if digits else []
            wall, cpu, p = results.timed([peelcert, "certify", path, "--json", "-o", cert] + dig + extra, rep)
            doc = json.loads(p.stdout)
            cwall, ccpu, c = results.timed([check, cert], rep)
            gap = Fraction(doc["upper"]) - Fraction(doc["lower"])
            info = doc.get("circulant", {})
            active = len(info.get("active_frequencies", [])) if info else "-"
            n = json.load(open(path))["tokens"]
            rows.append([label, str(n), str(digits) if digits else "default", doc["path"],
                         f"{wall:.2f} ({cpu:.2f})",
                         f"{cwall:.2f} ({ccpu:.2f})" + ("" if c.returncode == 0 else " (REJECTED)"),
                         f"{float(gap):.1e}", doc["regime"], doc["structure"], str(active),
                         str(doc.get("rank", "-"))])
    header = ["instance", "V = N", "digits", "path", "certify wall s (CPU s)", "check wall s (CPU s)",
              "certified gap", "regime", "structure", "active characters", "embedding dim"]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    text = (f"Machine: {results.machine()} (load average {load} at the end: the machine is "
            f"shared, wall times include waiting)\n\nCommand: `bench/bench_abelian.py` (`peelcert certify "
            f"INSTANCE --json --digits D`, then `peelcert-check CERT`; best of {repeat} runs, "
            f"one for the dense and Z_2^16 rows)\n\n" + results.markdown_table(header, rows))
    print(text)
    if "--write" in args:
        results.update_section("abelian", text)


if __name__ == "__main__":
    main()
