#!/usr/bin/env bash
# Validates the runtime SARIF of `otellint audit` with Microsoft's SARIF
# multitool and its GitHub rules (what GitHub code scanning requires), from
# npm. Fails on any error-level result.
#   bash testdata/scripts/sarif-validate.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --silent --no-audit --no-fund @microsoft/sarif-multitool@5.7.0 >/dev/null)
tool=$work/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
chmod u+x "$tool"
(cd "$root" && go build -o "$work/otellint" ./cmd/otellint)
examples=$root/../shared/otlp-examples/examples
"$work/otellint" audit --format sarif --fail-on none "$examples"/*.json > "$work/audit.sarif"
out=$("$tool" validate "$work/audit.sarif" --rule-kind "Gh;Sarif" 2>&1 || true)
echo "$out"
if grep -qE ': error [A-Z]+[0-9]+' <<<"$out"; then
  echo "sarif-validate: the runtime SARIF has errors" >&2
  exit 1
fi
echo "sarif-validate: no errors"
