#!/usr/bin/env bash
# Runs otellint check for the action: annotations (--format github) in the
# log, the findings in a SARIF file for code scanning and in JSON to count
# them; the exit status follows OTELLINT_FAIL_ON.
set -uo pipefail
bin="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/otellint-bin"
out="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/otellint-out"
mkdir -p "$out"
sarif="$out/otellint.sarif"
json="$out/otellint.json"
fail_on="${OTELLINT_FAIL_ON:-findings}"
case "$fail_on" in
  findings|error|never) ;;
  *) echo "::error title=otellint::fail-on must be findings, error or never, not '$fail_on'" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086 # args are words, as on a command line
"$bin/otellint" check --format github --output "sarif=$sarif" --output "json=$json" ${OTELLINT_ARGS:-./...} 2>"$out/stderr"
code=$?
cat "$out/stderr" >&2
findings=0
errors=0
if [ -f "$json" ]; then
  findings=$(grep -c . "$json" || true)
  errors=$(grep -c '"severity":"error"' "$json" || true)
fi
{
  [ -f "$sarif" ] && echo "sarif=$sarif"
  echo "findings=$findings"
} >> "${GITHUB_OUTPUT:-/dev/null}"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  { echo '### otellint'; echo; grep '^otellint: ' "$out/stderr" | sed 's/^otellint: /- /'; } >> "$GITHUB_STEP_SUMMARY"
fi
case "$code" in
  0) exit 0 ;;
  1)
    case "$fail_on" in
      findings) exit 1 ;;
      error) [ "$errors" -gt 0 ] && exit 1; exit 0 ;;
      never) exit 0 ;;
    esac ;;
esac
exit "$code"
