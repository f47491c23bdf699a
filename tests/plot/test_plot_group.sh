# A saved kind-group certificate plots: the Z panel is built over the instance's orbitals and
# the W W^T panel shows the certified simplex-ETF Gram; the SVG is well-formed XML.
set -euo pipefail
cd "$PEELCERT_WORK"
inst="$PEELCERT_SOURCE/proofs-data/group-AGL1-5-pairs.json"
"$PEELCERT" certify "$inst" -o g.cert.json >/dev/null
grep -q '"kind": "group"' g.cert.json || { echo "FAIL: not a group certificate"; exit 1; }
"$PEELCERT" plot g.cert.json -o g.svg
python3 -c "import xml.etree.ElementTree as E; r = E.parse('g.svg').getroot(); assert r.tag.endswith('svg')"
grep -q "simplex ETF" g.svg || { echo "FAIL: the ETF Gram is not drawn"; exit 1; }
grep -q "orbital" g.svg || { echo "FAIL: Z is not drawn from the orbital values"; exit 1; }
# a group certificate whose z has the wrong length is refused with exit 2 naming the field
python3 - <<'PY'
import json
c = json.load(open("g.cert.json"))
c["primal"]["z"] = c["primal"]["z"][:-1]
json.dump(c, open("bad.cert.json", "w"))
PY
set +e
"$PEELCERT" plot bad.cert.json -o bad.svg 2>err.txt; rc=$?
set -e
[ $rc = 2 ] && grep -q "primal.z" err.txt || { echo "FAIL: wrong length not refused (rc $rc)"; cat err.txt; exit 1; }
echo "group plot test passed"
