#!/usr/bin/env bash
# Regenerates certificates/<name>.cert.json for every proofs-data instance (cyclic ones to 50
# digits, the others at their path's default) and checks each against its instance.
# CI does not regenerate them: tests/proofs/test_proofs_data.py re-checks the committed files.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build}
for f in proofs-data/*.json; do
  b=$(basename "$f" .json)
  [ "$b" = expected ] && continue
  digits=()
  case "$b" in cyclic-*|days-*) digits=(--digits 50) ;; esac
  "$bin/peelcert" certify "$f" "${digits[@]}" -o "certificates/$b.cert.json" >/dev/null
  "$bin/peelcert-check" "certificates/$b.cert.json" --instance "$f" >/dev/null
  echo "certificates/$b.cert.json"
done
