#!/usr/bin/env python3
"""The certified phase diagram (issue 13): `peelcert sweep INSTANCE --rho 1/10:B --digits 20`
with B = 1.5 rho_int (rounded down to 1/1000) on the days of the week, months and hours of
proofs-data and the three n = 13 leave-and-return instances cyclic-13-leave-{1,3,5}; wall and CPU time,
Krawczyk attempts, cells, breakpoints (with the widest enclosure) and whether everything was
proved. Usage: bench/bench_sweep.py [--build DIR] [--write]"""
import json, os, resource, subprocess, sys, tempfile, time
from decimal import Decimal
from fractions import Fraction
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import machine, markdown_table, update_section

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = sys.argv[sys.argv.index("--build") + 1] if "--build" in sys.argv else os.path.join(ROOT, "build")
PEELCERT = os.path.join(build, "peelcert")
work = tempfile.mkdtemp(prefix="bench_sweep_")
cases = ["days-of-week", "cyclic-days-one-pair", "cyclic-months-one-pair", "cyclic-hours-one-pair",
         "cyclic-13-leave-1", "cyclic-13-leave-3", "cyclic-13-leave-5"]

def threshold(path):
    """rho_int from a first short sweep's threshold (peelcert's own enclosure)."""
    out = subprocess.run([PEELCERT, "sweep", path, "--rho", "1/10:1/5", "--json", "-o",
                          os.path.join(work, "t.json")], capture_output=True, text=True).stdout
    return Fraction(Decimal(json.loads(out)["threshold"]["upper"]))

rows = []
for name in cases:
    path = os.path.join(ROOT, "proofs-data", name + ".json")
    top = Fraction(int(threshold(path) * 3 / 2 * 1000), 1000)    # <= 1.5 rho_int
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    t0 = time.time()
    p = subprocess.run([PEELCERT, "sweep", path, "--rho", "1/10:%s" % top, "--digits", "20", "--json",
                        "-o", os.path.join(work, name + ".sweep.json")], capture_output=True, text=True)
    wall, cpu = time.time() - t0, resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before
    doc = json.loads(p.stdout) if p.stdout else {}
    bps = doc.get("breakpoints", [])
    widest = max((Decimal(b["rho_upper"]) - Decimal(b["rho_lower"]) for b in bps), default=Decimal(0))
    freq = [b for b in bps if b.get("zero")]
    check_cpu, checked = "-", "-"
    if doc.get("verified"):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
        q = subprocess.run([PEELCERT, "check", os.path.join(work, name + ".sweep.json")],
                           capture_output=True, text=True)
        check_cpu = "%.2f" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before)
        checked = "yes" if q.returncode == 0 else "no: " + (q.stdout + q.stderr).strip()[-80:]
    rows.append([name, "1/10 : %.6g" % float(top), "%.2f" % wall, "%.2f" % cpu, check_cpu, checked,
                 len(doc.get("cells", [])),
                 "%d (%d frequency events)" % (len(bps), len(freq)), "%.1e" % widest,
                 "yes" if doc.get("verified") else "no: " + doc.get("message", p.stderr.strip())[:80],
                 "%.1f" % load])
    print(rows[-1], flush=True)

header = ["instance", "rho range", "wall s", "cpu s", "check cpu s", "checked", "cells", "breakpoints", "widest enclosure", "proved", "load before"]
text = ("## sweep (issue 13): certified phase diagram, 20 digits\n\n"
        "Machine: %s. Command: `bench/bench_sweep.py` (`peelcert sweep INSTANCE --rho 1/10:B "
        "--digits 20 --json`, B = 1.5 rho_int rounded down to 1/1000; wall time on a shared machine, cpu = user time "
        "of the child; check = `peelcert check` of the document; load before = the 1-minute load "
        "average when the row started, other sessions share the 2 cores).\n\n" % machine()) + markdown_table(header, rows) + "\n"
print(text)
if "--write" in sys.argv:
    update_section("sweep", text)
