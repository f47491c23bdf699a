"""What a user meets first (issue 8 item 6): the top-level --help names every command's main
options; `solve --json` uses certify's field names and never says verified; every command names
a bad file exactly once in its error ("nope.json: nope.json: cannot read" was seen); audit echoes
--eps as given and prints compact numbers (it printed 0.00000000000038683079 and echoed 1e-6 as
0.00000100000000000001)."""
import json, os, re, subprocess, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import expect, finish, PEELCERT, CHECK as PEELCERT_CHECK, SOURCE, WORK, run  # noqa: E402


def path(name):
    return os.path.join(WORK, name)


# 1. top-level --help: the options a user needs, per command
rc, usage, _ = run("--help")
for needle, what in (("--W", "audit --W"), ("--H", "audit --H"), ("--Z", "audit --Z"), ("--eps", "audit --eps"),
                     ("gen FAMILY", "gen"), ("group", "gen group")):
    expect(needle in usage, f"top-level --help mentions {what}")
oracle_line = [l for l in usage.splitlines() if l.strip().startswith("oracle ")]
expect(oracle_line and "-o FILE" in oracle_line[0], f"top-level --help: oracle's -o ({oracle_line})")
for cmd in ("certify", "check", "solve", "audit", "oracle", "plot", "gen"):
    expect(re.search(r"^  " + cmd + r" ", usage, re.M) is not None, f"top-level --help lists {cmd}")

# 2. solve --json names its fields as certify --json does
days = os.path.join(SOURCE, "proofs-data/days-of-week.json")
rc, out, err = run("gen", "random", "--tokens", "5", "--contexts", "4", "--seed", "3", "-o", path("r.json"))
rc, sout, err = run("solve", path("r.json"), "--json")
rc2, cout, err2 = run("certify", path("r.json"), "--json", "-o", path("r.cert.json"))
s, c = json.loads(sout), json.loads(cout)
for key in ("verified", "lower", "upper", "regime", "structure", "message", "path", "rank", "d_below_rank"):
    expect(key in s and type(s[key]) == type(c[key]), f"solve --json has certify's field {key!r} ({s.get(key)!r})")
expect(s.get("verified") is False, "solve --json: a floating candidate is never verified")
expect(abs(float(s["lower"]) - float(c["lower"])) < 1e-8 and abs(float(s["upper"]) - float(c["upper"])) < 1e-8,
       f"solve's float lower/upper agree with certify's ({s['lower']}, {s['upper']})")

# 3. a bad file is named exactly once, by every command
with open(path("broken.json"), "w") as f:
    f.write("{\n")
with open(path("nocontexts.json"), "w") as f:
    json.dump({"format": "peelcert-instance/1", "tokens": 2, "E_W": "1", "E_H": "1"}, f)
for bad in ("nope.json", "broken.json", "nocontexts.json"):
    target = path(bad)
    cases = [("certify", [target, "-o", path("x.cert.json")]), ("solve", [target]), ("oracle", [target]),
             ("plot", [target, "-o", path("x.svg")]), ("audit", [target, "--Z", path("none.npy")]),
             ("audit", [days, target]), ("check", [target]), ("check", [path("r.cert.json"), "--instance", target])]
    if re.search(r"^  sweep ", usage, re.M):
        cases.append(("sweep", [target, "--rho", "1:2"]))
    for cmd, args in cases:
        if cmd == "check" and bad == "nocontexts.json" and args[0] == target:
            continue                                   # not a certificate at all: another message
        rc, out, err = run(cmd, *args)
        n = err.count(bad)
        # the checker names an --instance field as "--instance.FIELD" (the option, not the file)
        want = (0, 1) if cmd == "check" and bad == "nocontexts.json" else (1,)
        expect(rc == 2 and n in want, f"{cmd} {' '.join(a.split('/')[-1] for a in args)}: exit {rc}, names {bad} {n} time(s): {err.strip()[:150]!r}")
rc, out, err = run(path("nope.json"), exe=PEELCERT_CHECK)
expect(rc == 2 and err.count("nope.json") == 1, f"peelcert-check names a missing file once ({err.strip()[:120]!r})")

# 4. audit: --eps echoed as given, compact numbers, full digits only in --json
rc, out, err = run("certify", days, "-o", path("days.cert.json"))
rc, out, err = run("audit", days, path("days.cert.json"), "--eps", "1e-6")
first = out.splitlines()[0] if out else ""
expect(rc == 0 and first.startswith("optimal-within 1e-6:"), f"audit echoes --eps 1e-6 as given ({first!r})")
expect("0.000001" not in out and re.search(r"0\.0{6,}", out) is None and re.search(r"\d{14,}", out) is None,
       f"audit's human output is compact ({re.findall(r'[0-9.]{16,}', out)[:2]})")
rc, out, err = run("audit", days, path("days.cert.json"), "--eps", "1/1000", "--json")
doc = json.loads(out)
expect(doc.get("eps") == "1/1000" and len(doc["claim"]["value_lower"]) > 20,
       f"--json keeps exact eps and full digits ({doc.get('eps')}, {doc['claim']['value_lower']})")

finish()
