#!/usr/bin/env python3
"""Scale (issue 9 item 4): random dense V = N instances (`peelcert gen random --tokens n
--contexts n --seed 1`); wall time and peak memory (/usr/bin/time) of `peelcert solve --json`,
its float gap and rank, and, when `peelcert certify --proof float` exists, of
`certify --proof float --json` and `peelcert-check`. Usage: bench/bench_scale.py [--build DIR]
[--sizes 500,1000,2000] [--write]"""
import json, os, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import machine, markdown_table, update_section

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = sys.argv[sys.argv.index("--build") + 1] if "--build" in sys.argv else os.path.join(ROOT, "build")
sizes = [int(s) for s in sys.argv[sys.argv.index("--sizes") + 1].split(",")] if "--sizes" in sys.argv else [500, 1000, 2000]
PEELCERT, CHECK = os.path.join(build, "peelcert"), os.path.join(build, "peelcert-check")
work = tempfile.mkdtemp(prefix="bench_scale_")

def timed(cmd):
    """(completed process, wall seconds, peak resident MiB) of cmd under /usr/bin/time."""
    tf = os.path.join(work, "time.txt")
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", tf] + cmd, capture_output=True, text=True)
    wall, kb = open(tf).read().split()[-2:]
    return p, float(wall), int(kb) / 1024

certify_help = subprocess.run([PEELCERT, "certify", "--help"], capture_output=True, text=True)
has_float = "--proof" in certify_help.stdout + certify_help.stderr

rows = []
for n in sizes:
    path = os.path.join(work, "r%d.json" % n)
    subprocess.run([PEELCERT, "gen", "random", "--tokens", str(n), "--contexts", str(n), "--seed", "1",
                    "-o", path], check=True)
    p, wall, mib = timed([PEELCERT, "solve", path, "--json"])
    doc = json.loads(p.stdout)
    row = ["%d x %d" % (n, n), "solve", "%.1f" % wall, "%.0f" % mib, "%.2e" % float(doc["gap"]),
           doc["rank"], doc["iterations"], "-"]
    rows.append(row)
    if has_float:
        cert = path[:-5] + ".cert.json"
        p, wall, mib = timed([PEELCERT, "certify", path, "--proof", "float", "--json", "-o", cert])
        doc = json.loads(p.stdout) if p.returncode == 0 else {}
        gap = float(doc["upper"]) - float(doc["lower"]) if "upper" in doc else float("nan")
        c, cwall, cmib = timed([CHECK, cert])
        rows.append(["%d x %d" % (n, n), "certify --proof float", "%.1f" % wall, "%.0f" % mib,
                     "%.2e (proved)" % gap, doc.get("rank", "?"), "-",
                     "%.1f s, %.0f MiB (exit %d)" % (cwall, cmib, c.returncode)])
    print(rows[-1], flush=True)
header = ["instance", "command", "wall s", "peak MiB", "gap", "rank", "iterations", "peelcert-check"]
note = "" if has_float else " (`certify --proof float` not in this build: solver rows only)"
text = ("## Scale (bench/bench_scale.py)\n\nMachine: %s; other jobs share the 2 cores (load noted "
        "in docs/scale.md). Instances: `peelcert gen random --tokens n --contexts n --seed 1`. "
        "Commands: `peelcert solve INSTANCE --json` (dense solver), gap = f(Z) - LB(softmax(Z)^T) in "
        "floating point with the full-SVD opnorm%s.\n\n%s\n" % (machine(), note, markdown_table(header, rows)))
print(text)
if "--write" in sys.argv:
    update_section("scale", text)
