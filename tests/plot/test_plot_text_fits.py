#!/usr/bin/env python3
"""peelcert plot (issue 8 item 6): the value written in a heatmap cell always fits its cell
(seen: "-0.007530.362", a value running into the next cell), and the header's value interval
never shows both ends as the same string (seen: both cut to "2.347571695656226..."): its ends
are rounded outward, so they still bound the certified interval. Widths are estimated at 0.6 em
per character, an upper bound for digits, '-' and '.' in the common sans-serif fonts.
Standard library only."""
import json, os, re, subprocess, sys
import xml.etree.ElementTree as ET
from fractions import Fraction
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import expect, finish, PEELCERT, SOURCE, WORK, run  # noqa: E402

NS = "{http://www.w3.org/2000/svg}"


def path(name):
    return os.path.join(WORK, name)


def cell_texts(svg_path):
    """(text, font size, cell width) of every value written in a heatmap cell: the <text>s of a
    text-anchor=middle group that follows a group of cell <rect>s."""
    root = ET.parse(svg_path).getroot()
    out = []
    for parent in root.iter():
        kids = list(parent)
        for i, g in enumerate(kids):
            if g.tag != NS + "g" or g.get("text-anchor") != "middle" or i == 0:
                continue
            cells = [r for r in kids[i - 1] if r.tag == NS + "rect"]
            if not cells:
                continue
            width = float(cells[0].get("width")) - 0.05
            font = float(g.get("font-size"))
            out += [(t.text or "", font, width) for t in g if t.tag == NS + "text"]
    return out


inputs = []
rc, _, _ = run("gen", "cyclic", "--n", "12", "--seed", "3", "-o", path("months.json"))
inputs.append(path("months.json"))
for name in ("days-of-week.json", "cyclic-hours-two-pairs.json", "exchangeable-binding.json"):
    inputs.append(os.path.join(SOURCE, "proofs-data", name))
rc, _, _ = run("gen", "random", "--tokens", "6", "--contexts", "5", "--seed", "2", "--zeros", "-o", path("r.json"))
inputs.append(path("r.json"))

for inst in inputs:
    name = os.path.basename(inst)
    svg = path(name + ".svg")
    rc, out, err = run("plot", inst, "-o", svg)
    if not expect(rc == 0, f"{name}: plotted (exit {rc} {err.strip()[:100]})"):
        continue
    texts = cell_texts(svg)
    worst = max(texts, key=lambda t: len(t[0]) * 0.6 * t[1] - t[2], default=None)
    fits = all(len(t) * 0.6 * f <= w for t, f, w in texts)
    expect(fits, f"{name}: {len(texts)} cell values fit their cells"
           + (f" (widest {worst[0]!r} at {worst[1]} px in a {worst[2]:.1f} px cell)" if worst else ""))
    expect(all(f >= 6 for _, f, _ in texts), f"{name}: cell fonts are readable (>= 6 px)")
    # the header: two different, outward ends around the certified interval
    rc, cout, _ = run("certify", inst, "--json", "-o", path(name + ".cert.json"))
    cert = json.loads(cout)
    header = open(svg, encoding="utf-8").read()
    m = re.search(r"value in \[([^,\]]+), ([^\]]+)\]", header)
    if expect(m is not None, f"{name}: the header shows the value interval"):
        lo, hi = m.group(1), m.group(2)
        expect(lo != hi or Fraction(cert["lower"]) == Fraction(cert["upper"]),
               f"{name}: the header's ends differ ({lo}, {hi})")
        exact = re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", lo) and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", hi)
        expect(exact and Fraction(lo) <= Fraction(cert["lower"]) and Fraction(cert["upper"]) <= Fraction(hi),
               f"{name}: the header's interval contains the certified one")

finish()
