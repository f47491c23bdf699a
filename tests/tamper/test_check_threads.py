"""The checker's two-way row parallelism (src/check/check_parallel.c) on kind dense.

The rows are always split at N/2; part 1 runs on a second thread when the loop is estimated at
>= 2 ms on one core (every loop of claim upper and lower on these sizes, and opnorm's binary64
copy at V = 100, N = 90), else after part 0. So:
(a) on instances large enough for the thread, `peelcert check` prints the same bytes with and
    without PEELCERT_CHECK_THREADS=1, and the same bytes on repeated runs (a race on a shared
    temporary or accumulator would show here, at least sometimes);
(c) the matrices W, H, Q are read in two parts too (pcc_json_rational_matrix): a bad entry in
    either part gives the message of the first failure in row-major order, naming its path,
    exit 2, in both modes (the shapes are checked first: a short row is named before any entry);
(b) each claim that sums over rows still sees every row: a claim moved just past the true value
    (upper below f(W H), lower above LB, opnorm_bound below ||Q - P||_op, a kkt residual below the
    true one) is rejected in both modes, with the same message. Dropping either half of the rows,
    or adding one part's accumulator twice, would make some of these pass."""
import copy
import json
import os
import subprocess
import sys
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import PEELCERT, WORK, expect, run, finish

OUT = os.path.join(WORK, "check_threads")
os.makedirs(OUT, exist_ok=True)


def check(cert_path, inst_path, threads):
    env = dict(os.environ)
    if threads == 1:
        env["PEELCERT_CHECK_THREADS"] = "1"
    else:
        env.pop("PEELCERT_CHECK_THREADS", None)
    p = subprocess.run([PEELCERT, "check", cert_path, "--instance", inst_path], env=env,
                       capture_output=True, text=True)
    return p.returncode, p.stdout


def decimal_text(x):
    """The Fraction x as a decimal string with 40 places (truncated toward zero)."""
    sign = "-" if x < 0 else ""
    x = abs(x)
    whole = x.numerator // x.denominator
    frac = (x - whole) * 10 ** 40
    return f"{sign}{whole}.{int(frac):040d}"


def decimal_shift(text, delta):
    """text + delta (a Fraction) as a decimal string."""
    return decimal_text(Fraction(text) + delta)


def tampered(cert, name, how):
    c = copy.deepcopy(cert)
    how(c)
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(c, f, indent=1)
    return path


for V, N, seed in [(70, 70, 3), (96, 60, 5), (48, 130, 8), (100, 90, 11)]:
    tag = f"V={V} N={N}"
    inst = os.path.join(OUT, f"r{V}x{N}.json")
    cert_path = os.path.join(OUT, f"r{V}x{N}.cert.json")
    rc, _, err = run("gen", "random", "--tokens", V, "--contexts", N, "--seed", seed, "-o", inst)
    expect(rc == 0, f"{tag}: gen random")
    rc, _, err = run("certify", inst, "-o", cert_path)
    expect(rc == 0, f"{tag}: certify ({err.strip()[:120]})")
    with open(cert_path) as f:
        cert = json.load(f)
    expect(cert["kind"] == "dense", f"{tag}: kind dense")

    # (a) same bytes, two threads or one, and on repeated runs
    r1, o1 = check(cert_path, inst, 1)
    runs = [check(cert_path, inst, 2) for _ in range(3)]
    expect(r1 == 0 and "verified: all" in o1, f"{tag}: one thread verifies")
    expect(all(r == (r1, o1) for r in runs), f"{tag}: two threads print the same bytes (3 runs)")

    # (b) claims just past the truth are rejected, identically in both modes
    cl = cert["claims"]
    cases = [
        ("upper", "claim upper rejected",
         lambda c: c["claims"].__setitem__("upper", decimal_shift(cl["upper"], Fraction(-1, 10 ** 12)))),
        ("lower", "claim lower rejected",
         lambda c: c["claims"].__setitem__("lower", decimal_shift(cl["lower"], Fraction(1, 10 ** 12)))),
        ("opnorm", "claim opnorm rejected",
         lambda c: c["dual"].__setitem__("opnorm_bound",
                                         str(Fraction(cert["dual"]["opnorm_bound"]) * Fraction(999, 1000)))),
    ]
    if "kkt" in cl:
        cases.append(("kkt", "claim kkt rejected",
                      lambda c: c["claims"]["kkt"].__setitem__(
                          "residual_W", decimal_text(Fraction(cl["kkt"]["residual_W"]) / 100))))
    for name, want, how in cases:
        path = tampered(cert, f"r{V}x{N}.{name}.cert.json", how)
        t1 = check(path, inst, 1)
        t2 = check(path, inst, 2)
        expect(t1[0] == 1 and want in t1[1], f"{tag}: {name} moved past the truth: {want} (one thread)")
        expect(t2 == t1, f"{tag}: {name}: two threads give the same verdict and message")

    # (c) malformed matrices: the first failure in row-major order is named, in both modes
    if (V, N) != (100, 90):
        continue
    def set_entry(c, key, i, j, text):
        c["primal" if key in ("W", "H") else "dual"][key][i][j] = text
    bad = [
        ("Q_last", lambda c: set_entry(c, "Q", N - 1, 5, "1/0"), f"dual.Q[{N - 1}][5]:"),
        ("Q_first", lambda c: set_entry(c, "Q", 0, 1, "x"), "dual.Q[0][1]:"),
        ("Q_both_parts", lambda c: (set_entry(c, "Q", N - 2, 0, "y"), set_entry(c, "Q", 1, 7, "z")),
         "dual.Q[1][7]:"),
        ("W_last", lambda c: set_entry(c, "W", V - 1, 0, "0.5.5"), f"primal.W[{V - 1}][0]:"),
        ("Q_entry_then_short_row",
         lambda c: (set_entry(c, "Q", 3, 2, "--1"), c["dual"]["Q"][80].pop()), "dual.Q[80]:"),
        ("Q_short_row_then_entry",
         lambda c: (c["dual"]["Q"][2].pop(), set_entry(c, "Q", 70, 2, "--1")), "dual.Q[2]:"),
    ]
    for name, how, where in bad:
        path = tampered(cert, f"r{V}x{N}.{name}.cert.json", how)
        outs = []
        for threads in (1, 2):
            env = dict(os.environ)
            env.pop("PEELCERT_CHECK_THREADS", None)
            if threads == 1:
                env["PEELCERT_CHECK_THREADS"] = "1"
            p = subprocess.run([PEELCERT, "check", path, "--instance", inst], env=env,
                               capture_output=True, text=True)
            outs.append((p.returncode, p.stderr))
        expect(outs[0][0] == 2 and where in outs[0][1],
               f"{tag}: {name}: exit 2 naming {where} ({outs[0][1].strip()[:110]})")
        expect(outs[1] == outs[0], f"{tag}: {name}: the same message with two threads")

finish()
