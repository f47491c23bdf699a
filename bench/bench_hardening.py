#!/usr/bin/env python3
"""Benchmark of the hostile inputs of issue 12 (tests/hardening/hostile.py): wall time, CPU
time and peak memory (/usr/bin/time -v) of peelcert-check or peelcert certify on each, with the
exit code. Done when every case exits 1 or 2 (0 for the one genuinely valid certificate, the
big-denominator row) in under 2 s and 200 MB. Prints a markdown table;
--write updates the "hardening" section of bench/RESULTS.md.

usage: bench/bench_hardening.py [--build DIR] [--write]"""
import os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests", "hardening"))
import results  # noqa: E402
import hostile  # noqa: E402


def measure(argv):
    p = subprocess.run(["/usr/bin/time", "-v"] + argv, capture_output=True, text=True,
                       env=dict(os.environ, OPENBLAS_NUM_THREADS="1"))
    def field(name):
        m = re.search(re.escape(name) + r":\s*([0-9.:]+)", p.stderr)
        return m.group(1) if m else "?"
    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    mins, secs = wall.rsplit(":", 1) if ":" in wall else ("0", wall)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return p.returncode, float(mins.split(":")[-1]) * 60 + float(secs), cpu, int(field("Maximum resident set size (kbytes)")) / 1024


def bigden_cert(pairs, digits):
    row = hostile.big_denominator_row(pairs, digits)
    n = len(row)
    inst = {"format": "peelcert-instance/1", "tokens": n, "contexts": 1, "dim": 1, "E_W": "1",
            "E_H": "1", "targets": [row]}
    return {"format": "peelcert-certificate/1", "kind": "dense", "instance": inst,
            "claims": {"lower": "0", "upper": "100", "upper_is_lp": True,
                       "regime": "undetermined", "structure": "none"},
            "primal": {"W": [["0"]] * n, "H": [["0"]]}, "dual": {"Q": [row], "opnorm_bound": "0"}}


def main():
    build = sys.argv[sys.argv.index("--build") + 1] if "--build" in sys.argv else os.path.join(HERE, "..", "build")
    check, cli = os.path.join(build, "peelcert-check"), os.path.join(build, "peelcert")
    work = tempfile.mkdtemp(prefix="bench_hardening_")
    cases = [
        ("claims.gram, contexts = 1", "check", hostile.gram_one_context()),
        ("opnorm tight, m = 400 (dense 400 x 400)", "check", hostile.opnorm_tight(400)),
        ("symmetry of degree 10^9 (400 bytes)", "check", hostile.symmetry_huge_degree()),
        ("circulant n = 10^7, one entry (certificate)", "check", hostile.circulant_short_cert()),
        ("circulant n = 10^7, one entry (instance)", "certify", hostile.circulant_short_instance()),
        ("dense 2000 x 2000, empty rows (instance)", "certify", hostile.dense_short_rows_instance()),
        ("row of 400 rationals, 4900-digit denominators (valid)", "check", bigden_cert(200, 4900)),
    ]
    valid = {"row of 400 rationals, 4900-digit denominators (valid)"}   # expected exit 0
    rows = []
    for what, tool, obj in cases:
        path = os.path.join(work, f"case{len(rows)}.json")
        text = hostile.dump(obj)
        open(path, "w").write(text)
        argv = [check, path] if tool == "check" else [cli, "certify", path, "-o", os.path.join(work, "out.json")]
        rc, wall, cpu, mb = measure(argv)
        ok = (rc == 0 if what in valid else rc in (1, 2)) and wall < 2 and mb < 200
        rows.append([what, f"{len(text) / 1024:.1f} KB", tool, rc, f"{wall:.2f}", f"{cpu:.2f}",
                     f"{mb:.0f}", "yes" if ok else "NO"])
        print(rows[-1], flush=True)
    table = results.markdown_table(["case", "file", "tool", "exit", "wall s", "cpu s", "peak MB",
                                    "expected exit, < 2 s, < 200 MB"], rows)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    text = ("## Hostile inputs (issue 12)\n\nMachine: " + results.machine() + f" (load average "
            f"{load} at the end: the machine is shared)\n\nCommand: "
            "`bench/bench_hardening.py --write` (Release build, /usr/bin/time -v, "
            "OPENBLAS_NUM_THREADS=1).\n\n" + table + "\n")
    print(text)
    if "--write" in sys.argv:
        results.update_section("hardening", text)


if __name__ == "__main__":
    main()
