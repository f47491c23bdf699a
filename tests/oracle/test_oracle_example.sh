# The worked example of docs/oracle.md: a numpy implementation checked against peelcert
# oracles (circulant, exchangeable and dense forms). Needs numpy: Debian's python3-numpy,
# installed by scripts/setup.sh, under /usr/bin/python3.
set -euo pipefail
PY=/usr/bin/python3
$PY -c "import numpy" || { echo "FAIL: numpy missing for $PY (scripts/setup.sh installs python3-numpy)"; exit 1; }
cd "$PEELCERT_WORK"
"$PEELCERT" gen random --tokens 5 --contexts 4 --seed 11 --E_W 1/2 --E_H 1/2 -o dense.json
"$PEELCERT" gen exchangeable --n 6 --alpha 1/2 --E_W 1/2 --E_H 1/2 -o exch.json
for inst in "$PEELCERT_SOURCE/proofs-data/days-of-week.json" dense.json exch.json; do
  $PY "$PEELCERT_SOURCE/docs/examples/oracle_test.py" "$PEELCERT" "$inst"
done
# and it must be able to fail: a wrong implementation (targets perturbed) is caught
$PY - "$PEELCERT" dense.json "$PEELCERT_SOURCE/docs/examples" <<'PYEOF'
import sys
sys.path.insert(0, sys.argv[3])
import oracle_test, numpy as np
real = oracle_test.my_solver
oracle_test.my_solver = lambda P, rho: real(np.roll(P, 1, axis=1), rho)
sys.argv = ["oracle_test.py", sys.argv[1], sys.argv[2]]
try:
    oracle_test.main()
except AssertionError as e:
    print("a wrong implementation is caught:", e)
    sys.exit(0)
print("FAIL: a wrong implementation passed the oracle test")
sys.exit(1)
PYEOF
