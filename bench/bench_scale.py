#!/usr/bin/env python3
"""Scale (issue 9 items 4 and 5): `peelcert certify INSTANCE --json` (the default --proof auto:
kind lowrank, binary64 proofs, above 250,000 target entries) and `peelcert-check CERT` on
random dense V = N instances (`peelcert gen random --tokens n --contexts n --seed 1`) and on a
bigram instance of real English text (`peelcert gen bigram --text
/usr/share/vim/vim90/doc/options.txt --vocab K`, the Vim manual's options chapter, Debian
package vim-runtime; skipped with a note when absent). Wall and CPU time and peak memory by
/usr/bin/time, the certified gap, the rank, the certificate's size, and check / certify.
A certify run is stopped after --limit seconds (default 900; exit 124 in the table).
Usage: bench/bench_scale.py [--build DIR] [--sizes 500,1000,2000] [--vocab 2000] [--limit S] [--write]"""
import json, os, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fractions import Fraction
from results import machine, markdown_table, update_section

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = sys.argv[sys.argv.index("--build") + 1] if "--build" in sys.argv else os.path.join(ROOT, "build")
sizes = [int(s) for s in sys.argv[sys.argv.index("--sizes") + 1].split(",")] if "--sizes" in sys.argv else [500, 1000, 2000]
limit = int(sys.argv[sys.argv.index("--limit") + 1]) if "--limit" in sys.argv else 900
vocab = int(sys.argv[sys.argv.index("--vocab") + 1]) if "--vocab" in sys.argv else 2000
TEXT = "/usr/share/vim/vim90/doc/options.txt"
PEELCERT, CHECK = os.path.join(build, "peelcert"), os.path.join(build, "peelcert-check")
work = tempfile.mkdtemp(prefix="bench_scale_")


def timed(cmd, seconds=None):
    """(completed process, wall s, cpu s, peak resident MiB) of cmd under /usr/bin/time, stopped
    after `seconds` (exit 124) when given."""
    tf = os.path.join(work, "time.txt")
    stop = ["timeout", str(seconds)] if seconds else []
    p = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf] + stop + cmd, capture_output=True, text=True)
    wall, user, sys_, kb = open(tf).read().split()[-4:]
    return p, float(wall), float(user) + float(sys_), int(kb) / 1024


def load():
    return open("/proc/loadavg").read().split()[0]


def row(label, path):
    with open(path) as f:
        inst = json.load(f)
    entries = inst["tokens"] * inst["contexts"]
    cert = path[:-5] + ".cert.json"
    before = load()
    if os.path.exists(cert):
        os.remove(cert)
    p, wall, cpu, mib = timed([PEELCERT, "certify", path, "--json", "-o", cert], limit)
    doc = json.loads(p.stdout) if p.stdout.strip().startswith("{") else {}
    gap = "%.2e" % float(Fraction(doc["upper"]) - Fraction(doc["lower"])) if "upper" in doc else "-"
    size = os.path.getsize(cert) if os.path.exists(cert) else 0
    c, cwall, ccpu, cmib = timed([CHECK, cert]) if size else (None, 0, 0, 0)
    out = [label, doc.get("path", "?"), "%d" % p.returncode, "%.1f" % wall, "%.1f" % cpu, "%.0f" % mib,
           gap, doc.get("rank", doc.get("certificate_rank", "?")), "%.1f MB, %.1f B/entry" % (size / 1e6, size / entries),
           "%.2f s, %.1f s CPU, %.0f MiB (exit %s)" % (cwall, ccpu, cmib, c.returncode if c else "-"),
           "%.2f" % (cwall / wall if wall else 0), before]
    print(out, flush=True)
    return out


rows = []
for n in sizes:
    path = os.path.join(work, "random-%d.json" % n)
    subprocess.run([PEELCERT, "gen", "random", "--tokens", str(n), "--contexts", str(n), "--seed", "1",
                    "-o", path], check=True)
    rows.append(row("random %d x %d" % (n, n), path))
note = ""
if os.path.exists(TEXT):
    path = os.path.join(work, "bigram-%d.json" % vocab)
    subprocess.run([PEELCERT, "gen", "bigram", "--text", TEXT, "--vocab", str(vocab), "-o", path], check=True)
    with open(path) as f:
        inst = json.load(f)
    rows.append(row("bigram K = %d (%d x %d)" % (vocab, inst["tokens"], inst["contexts"]), path))
else:
    note = " The bigram row needs %s (Debian package vim-runtime): skipped." % TEXT
header = ["instance", "path", "exit", "certify wall s", "CPU s", "peak MiB", "certified gap", "rank",
          "certificate", "peelcert-check", "check / certify (wall)", "load before"]
text = ("## Scale (bench/bench_scale.py)\n\nMachine: %s. Command: `bench/bench_scale.py --write` "
        "(`peelcert certify INSTANCE --json -o CERT` with the default `--proof auto`, then "
        "`peelcert-check CERT`). Instances: `peelcert gen random --tokens n --contexts n --seed 1`; "
        "`peelcert gen bigram --text %s --vocab %d` (Vim's options manual, package vim-runtime). "
        "Each certify is stopped after %d s (exit 124). CPU = user + system of all threads (OpenBLAS uses both cores); `load before` is the 1-minute "
        "load average when the row started (other sessions share the machine).%s\n\n%s\n"
        % (machine(), TEXT, vocab, limit, note, markdown_table(header, rows)))
print(text)
if "--write" in sys.argv:
    update_section("scale", text)
