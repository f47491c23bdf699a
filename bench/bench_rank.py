#!/usr/bin/env python3
"""Below the rank (issue 11): certify at d < rank on days, months, hours
(proofs-data/cyclic-*-three-pairs, rank 6) at d = 2, 3, 4 and on three random dense
instances; wall time of `peelcert certify --json` and of `peelcert check`, and the figures of
the "lp" object. Usage: bench/bench_rank.py [--build DIR] [--write]"""
import json, os, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import machine, markdown_table, update_section

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = sys.argv[sys.argv.index("--build") + 1] if "--build" in sys.argv else os.path.join(ROOT, "build")
PEELCERT, CHECK = os.path.join(build, "peelcert"), os.path.join(build, "peelcert-check")
work = tempfile.mkdtemp(prefix="bench_rank_")

cases = []
for family in ("days", "months", "hours"):
    src = json.load(open(os.path.join(ROOT, "proofs-data", "cyclic-%s-three-pairs.json" % family)))
    for d in (2, 3, 4):
        inst = dict(src, dim=d)
        path = os.path.join(work, "%s-d%d.json" % (family, d))
        json.dump(inst, open(path, "w"))
        cases.append(("%s (E=%s) d=%d" % (family, src["E_W"], d), path))
for V, N, d, seed in [(6, 8, 2, 1), (8, 10, 3, 2), (10, 12, 4, 3)]:
    path = os.path.join(work, "random-%d-%d-%d.json" % (V, N, d))
    subprocess.run([PEELCERT, "gen", "random", "--tokens", str(V), "--contexts", str(N), "--zeros",
                    "--dim", str(d), "--seed", str(seed), "-o", path], check=True)
    cases.append(("random %dx%d --zeros seed %d, d=%d" % (V, N, seed, d), path))

rows = []
for name, path in cases:
    cert = path[:-5] + ".cert.json"
    t0 = time.time()
    out = subprocess.run([PEELCERT, "certify", path, "--json", "-o", cert], capture_output=True, text=True)
    t1 = time.time()
    chk = subprocess.run([CHECK, cert], capture_output=True, text=True)
    t2 = time.time()
    doc = json.loads(out.stdout)
    lp = doc.get("lp", {})
    rows.append([name, doc.get("rank", "?"), doc["lower"][:14], lp.get("upper", "-")[:16],
                 lp.get("local_minimum", "-") + (" (%d bits)" % lp["proof_precision"] if "proof_precision" in lp else ""),
                 "%.3g" % float(lp["box_radius"]) if lp.get("box_radius") else "-",
                 (lp.get("symmetric_upper") or "-")[:16], (lp.get("symmetric_lower") or "-")[:16],
                 str(lp.get("symmetry_broken", "-")), "%.2f" % (t1 - t0),
                 "%.2f (exit %d)" % (t2 - t1, chk.returncode)])
header = ["instance", "rank", "val(C) lower", "lp.upper", "local min", "box radius",
          "symmetric upper", "symmetric lower", "symmetry broken", "certify s", "check s"]
text = "## Below the rank (bench/bench_rank.py)\n\nMachine: %s. Command: `peelcert certify INSTANCE --json -o CERT`, then `peelcert-check CERT`.\n\n%s\n" % (
    machine(), markdown_table(header, rows))
print(text)
if "--write" in sys.argv:
    update_section("rank", text)
