#!/usr/bin/env python3
"""`peelcert gen group_circulant` (SPEC 11): --q-factors gives q(m) = prod_t Q_t[m_t] with the
digits of m in mixed radix (recomputed here with Fractions), --q is copied, the random form is
deterministic in --seed and a distribution; bad options exit 2 naming the option."""
import sys
sys.dont_write_bytecode = True
import json
import os
from fractions import Fraction as F
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from abelian_lib import Tally, PEELCERT, WORK, run, digits_of

T = Tally()


def gen(args):
    rc, out, err = run([PEELCERT, "gen", "group_circulant"] + args)
    return rc, (json.loads(out) if rc == 0 else None), err


factors = [[F(1, 2), F(1, 3), F(1, 6)], [F(3, 4), F(1, 4)], [F(1, 5), F(4, 5)]]
orders = [3, 2, 2]
rc, inst, err = gen(["--orders", "3,2,2", "--q-factors",
                     ";".join(",".join(map(str, f)) for f in factors), "--E_W", "1/2"])
if T.expect(rc == 0, f"gen --q-factors exits 0 ({err.strip()[:100]})"):
    g = inst["targets"]["group_circulant"]
    want = []
    for m in range(12):
        v = F(1)
        for t, d in enumerate(digits_of(m, orders)):
            v *= factors[t][d]
        want.append(v)
    T.expect(g["orders"] == orders and [F(x) for x in g["q"]] == want and inst["tokens"] == 12
             and inst["E_W"] == "1/2", "q = product of the factors in mixed radix, sizes, budget")
rc, inst, err = gen(["--orders", "2,3", "--q", "1/2,1/4,1/8,1/16,1/32,1/32"])
T.expect(rc == 0 and inst["targets"]["group_circulant"]["q"][3] == "1/16", "gen --q is copied")
rc, a, _ = gen(["--orders", "4,5", "--seed", "9"])
rc2, b, _ = gen(["--orders", "4,5", "--seed", "9"])
rc3, c, _ = gen(["--orders", "4,5", "--seed", "10"])
T.expect(rc == rc2 == rc3 == 0 and a == b and a != c
         and sum(F(x) for x in a["targets"]["group_circulant"]["q"]) == 1
         and all(F(x) > 0 for x in a["targets"]["group_circulant"]["q"]),
         "random q: deterministic in --seed, positive, sums to 1")
for args, field in ((["--orders", "2,0"], "--orders"), ([], "--orders"),
                    (["--orders", "2,x"], "--orders"),
                    (["--orders", "2,3", "--q", "1/2,1/2"], "--q"),
                    (["--orders", "2,3", "--q", "1/2,1/2,0,0,0,1/2"], "--q"),
                    (["--orders", "2,3", "--q-factors", "1/2,1/2"], "--q-factors"),
                    (["--orders", "2,3", "--q-factors", "1/2,1/2;1/3,1/3"], "--q-factors[1]"),
                    (["--orders", "2,3", "--q-factors", "1/2,1/2;1/3,1/3,1/3;1"], "--q-factors"),
                    (["--orders", "100000,100000,10"], "--orders")):
    rc, _, err = gen(args)
    T.expect(rc == 2 and field in err, f"gen {' '.join(args)}: exit {rc}, names {field}")
T.finish()
