#!/usr/bin/env python3
"""peelcert plot (issue 5, item 3): from a certificate, an instance and an oracle, the SVG is
well-formed XML, carries the three panel titles and the token/context labels (escaped), draws
the circle of a circulant optimum, keeps big matrices small (block averages, no labels), and
renders to a PNG with rsvg-convert when that is installed. Malformed input exits 2 naming the
field. Standard library only (ctest may run a python3 without numpy)."""
import json
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True
PEELCERT = os.environ.get("PEELCERT", "peelcert")
SOURCE = os.environ.get("PEELCERT_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
WORK = os.environ.get("PEELCERT_WORK", os.getcwd())
SVG_NS = "{http://www.w3.org/2000/svg}"
TITLES = ["Z\u00b0 (centered optimal logits)", "W W^T (Gram of the output vectors)",
          "H^T H (Gram of the context embeddings)"]
CIRCLE_TITLE = "Output vectors on the plane of frequency j = "
RSVG = shutil.which("rsvg-convert")

passed = failed = 0


def expect(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    return ok


def run(*args, timeout=600):
    p = subprocess.run([PEELCERT, *args], cwd=WORK, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def path(name):
    return os.path.join(WORK, name)


def write_json(name, obj):
    with open(path(name), "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False)
    return path(name)


def read_json(name):
    with open(path(name), encoding="utf-8") as f:
        return json.load(f)


def png_size(data):
    """(width, height) from a PNG's IHDR, or None if data is not a PNG."""
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def check_svg(svg_name, what, labels=(), titles=TITLES, circle=None, texts=()):
    """Parses the SVG and checks titles, labels and other texts; renders it if rsvg exists.
    Returns the document's text content (or None if it did not parse)."""
    try:
        root = ET.parse(path(svg_name)).getroot()
    except (ET.ParseError, OSError) as e:
        expect(False, f"{what}: {svg_name} is well-formed XML ({e})")
        return None
    expect(root.tag == SVG_NS + "svg", f"{what}: root element is <svg> in the SVG namespace")
    text = "\n".join(t for t in root.itertext())
    for title in titles:
        expect(title in text, f"{what}: panel title {title!r}")
    if circle is not None:
        expect((CIRCLE_TITLE in text) == circle,
               f"{what}: circle panel {'present' if circle else 'absent'}")
    for label in labels:
        expect(label in text, f"{what}: label {label!r}")
    for t in texts:
        expect(t in text, f"{what}: text {t!r}")
    if RSVG:
        png = path(svg_name[:-4] + ".png")
        p = subprocess.run([RSVG, path(svg_name), "-o", png], capture_output=True, text=True)
        data = open(png, "rb").read() if p.returncode == 0 and os.path.exists(png) else b""
        size = png_size(data)
        expect(p.returncode == 0 and size is not None and size[0] >= 300 and size[1] >= 200
               and len(data) > 5000,
               f"{what}: rsvg-convert renders a PNG ({size}, {len(data)} bytes) {p.stderr.strip()[:200]}")
    return text


def plot_ok(input_name, svg_name, what, **checks):
    rc, out, err = run("plot", path(input_name), "-o", path(svg_name))
    if not expect(rc == 0 and os.path.exists(path(svg_name)), f"{what}: exit 0 (got {rc}) {err.strip()[:300]}"):
        return None
    return check_svg(svg_name, what, **checks)


def plot_refused(input_name, field, what):
    rc, out, err = run("plot", path(input_name), "-o", path("refused.svg"))
    expect(rc == 2 and field in err, f"{what}: exit 2 naming {field!r} (got {rc}: {err.strip()[:200]})")


# ------------------------------------------------------------------ instances

def generate():
    gens = {
        "cyclic7.json": ["gen", "cyclic", "--n", "7"],
        "exch5.json": ["gen", "exchangeable", "--n", "5", "--alpha", "1/2"],
        "random5x4.json": ["gen", "random", "--tokens", "5", "--contexts", "4"],
        "random70x65.json": ["gen", "random", "--tokens", "70", "--contexts", "65"],
        "cyclic300.json": ["gen", "cyclic", "--n", "300"],
    }
    for name, args in gens.items():
        rc, out, err = run(*args, "-o", path(name))
        expect(rc == 0, f"{' '.join(args)}: exit 0 {err.strip()[:200]}")
    shutil.copy(os.path.join(SOURCE, "proofs-data", "days-of-week.json"), path("days.json"))


def escaped_instance():
    """A cyclic instance whose names need XML escaping (and one long non-ASCII name)."""
    return write_json("escape.json", {
        "format": "peelcert-instance/1", "name": "escape <&> \"names\"",
        "tokens": 3, "contexts": 3, "E_W": "1", "E_H": "1",
        "targets": {"circulant": ["1/2", "1/3", "1/6"]},
        "token_names": ["<a>", "b & c", "d\"e'f"],
        "context_names": ["]]>", "\u65e5\u672c\u8a9e", "z"],
    })


def main():
    print(f"peelcert = {PEELCERT}; rsvg-convert = {RSVG or 'not on PATH: PNG rendering not checked'}")
    generate()
    days = read_json("days.json")
    day_labels = days["token_names"] + days["context_names"]
    tokens7 = [str(k) for k in range(7)]

    # ---- certificates
    for inst, labels, circle in [("days.json", day_labels, True), ("cyclic7.json", tokens7, True),
                                 ("exch5.json", ["0", "4"], True),
                                 ("random5x4.json", ["0", "3", "4"], False)]:
        cert = inst[:-5] + ".cert.json"
        rc, out, err = run("certify", path(inst), "-o", path(cert))
        if expect(rc == 0 and os.path.exists(path(cert)), f"certify {inst}: exit 0 {err.strip()[:200]}"):
            plot_ok(cert, inst[:-5] + ".cert.svg", f"plot {cert}", labels=labels, circle=circle)
        # ---- the instance itself (certified by plot)
        plot_ok(inst, inst[:-5] + ".inst.svg", f"plot {inst}", labels=labels, circle=circle)
        # ---- the oracle, if the oracle command works here
        oracle = inst[:-5] + ".oracle.json"
        rc, out, err = run("oracle", path(inst), "-o", path(oracle))
        if rc != 0 or not os.path.exists(path(oracle)):
            print(f"note: 'peelcert oracle {inst}' exits {rc}: oracle plot not tested for it")
            continue
        has_logits = "logits" in read_json(oracle)
        text = plot_ok(oracle, inst[:-5] + ".oracle.svg", f"plot {oracle}",
                       labels=labels if has_logits else (), circle=circle if has_logits else None)
        if text is not None and not has_logits:
            expect("not drawn" in text, f"plot {oracle}: says why the logits are not drawn")

    # the days of the week: the circle carries the day names, the polygon joins them in order
    text = check_svg("days.cert.svg", "days-of-week circle", titles=[CIRCLE_TITLE + "1"],
                     labels=days["token_names"]) if os.path.exists(path("days.cert.svg")) else None

    # ---- escaping: names with & < > " ' and non-ASCII survive as text
    escaped_instance()
    plot_ok("escape.json", "escape.svg", "plot escape.json",
            labels=["<a>", "b & c", "d\"e'f", "]]>", "\u65e5\u672c\u8a9e"],
            texts=["escape <&> \"names\""], circle=True)

    # ---- big matrices: no labels, block averages, bounded size
    plot_ok("random70x65.json", "random70x65.svg", "plot random70x65.json",
            texts=["labels omitted"], circle=False)
    text = plot_ok("cyclic300.json", "cyclic300.svg", "plot cyclic300.json",
                   texts=["shown as 250 x 250 cells", "labels omitted"], circle=True)
    if text is not None:
        size = os.path.getsize(path("cyclic300.svg"))
        expect(size < 8_000_000, f"plot cyclic300.json: SVG stays small ({size} bytes)")

    # ---- stdout
    rc, out, err = run("plot", path("days.json"), "-o", "-")
    expect(rc == 0 and out.startswith("<?xml") and "</svg>" in out, "plot -o -: SVG on stdout")

    # ---- malformed input: exit 2, the message names the field
    with open(path("not-json.json"), "w") as f:
        f.write("this is not JSON {")
    plot_refused("not-json.json", "not valid JSON", "not JSON")
    if os.path.exists(path("days.cert.json")):
        cert = read_json("days.cert.json")
        bad = dict(cert)
        del bad["primal"]
        write_json("no-primal.json", bad)
        plot_refused("no-primal.json", "primal", "certificate without primal")
        bad = json.loads(json.dumps(cert))
        bad["primal"]["c"] = bad["primal"]["c"][:3]
        write_json("short-c.json", bad)
        plot_refused("short-c.json", "primal.c", "certificate with a short c")
        bad = json.loads(json.dumps(cert))
        bad["primal"]["c"][2] = "1/0"
        write_json("bad-rational.json", bad)
        plot_refused("bad-rational.json", "primal.c[2]", "certificate with an invalid rational")
        bad = json.loads(json.dumps(cert))
        del bad["instance"]["tokens"]
        write_json("bad-instance.json", bad)
        plot_refused("bad-instance.json", "instance.", "certificate with an invalid instance")
    if os.path.exists(path("random5x4.cert.json")):
        bad = read_json("random5x4.cert.json")
        bad["primal"]["W"] = bad["primal"]["W"][:-1]
        write_json("short-W.json", bad)
        plot_refused("short-W.json", "primal.W", "dense certificate with a missing row of W")
    if os.path.exists(path("random5x4.oracle.json")) and "logits" in read_json("random5x4.oracle.json"):
        bad = read_json("random5x4.oracle.json")
        bad["logits"]["rows"][1][2]["value"] = "nan-ish"
        write_json("bad-oracle.json", bad)
        plot_refused("bad-oracle.json", "logits.rows[1][2].value", "oracle with a bad ball")
    write_json("unknown-format.json", {"format": "peelcert-something/9"})
    plot_refused("unknown-format.json", "format", "unknown format")
    write_json("array.json", [1, 2, 3])
    plot_refused("array.json", "JSON object", "a JSON array")
    rc, out, err = run("plot", path("days.json"))
    expect(rc == 2 and "-o" in err, f"plot without -o: exit 2 ({rc})")
    rc, out, err = run("plot", path("does-not-exist.json"), "-o", path("x.svg"))
    expect(rc == 2, f"missing input file: exit 2 ({rc})")
    rc, out, err = run("plot", path("days.json"), "-o", path("no-such-dir/x.svg"))
    expect(rc == 2 and "-o" in err, f"unwritable output: exit 2 ({rc}) {err.strip()[:120]}")
    rc, out, err = run("plot", "--help")
    expect(rc == 0 and "usage: peelcert plot" in out, "plot --help: exit 0")

    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
