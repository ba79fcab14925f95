#!/usr/bin/env bash
# End-to-end check of `otellint live` against telemetrygen, the OpenTelemetry
# Collector's load generator: start otellint live on loopback, send traces,
# metrics and logs over OTLP/gRPC and OTLP/HTTP, POST /stop, and check that
# the final report counts exactly what was sent.
#
# Not part of CI (it installs telemetrygen from the Go module proxy). Run from
# anywhere:  bash testdata/scripts/telemetrygen.sh
# Needs go, curl and jq. TELEMETRYGEN=/path/to/telemetrygen skips the
# install; OTELLINT_PORT_BASE (default 24317) picks the ports used:
# base (gRPC), base+1 (HTTP), base+3 (admin).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
live_pid=
cleanup() {
	if [[ -n $live_pid ]] && kill -0 "$live_pid" 2>/dev/null; then
		kill "$live_pid" 2>/dev/null || true
		wait "$live_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

for tool in go curl jq; do
	command -v "$tool" >/dev/null || { echo "telemetrygen.sh: $tool is required" >&2; exit 2; }
done

tg=${TELEMETRYGEN:-}
if [[ -z $tg ]]; then
	echo "installing telemetrygen..."
	GOBIN="$work/bin" go install github.com/open-telemetry/opentelemetry-collector-contrib/cmd/telemetrygen@latest
	tg="$work/bin/telemetrygen"
fi
echo "building otellint..."
(cd "$root" && go build -o "$work/otellint" ./cmd/otellint)

base=${OTELLINT_PORT_BASE:-24317}
grpc=127.0.0.1:$base
http=127.0.0.1:$((base + 1))
admin=127.0.0.1:$((base + 3))

"$work/otellint" live --grpc "$grpc" --http "$http" --admin "$admin" \
	--format jsonl --fail-on none --report "$work/report.json" \
	>"$work/findings.jsonl" 2>"$work/live.log" &
live_pid=$!

for _ in $(seq 100); do
	curl -fsS "http://$admin/health" >/dev/null 2>&1 && break
	kill -0 "$live_pid" 2>/dev/null || { cat "$work/live.log" >&2; exit 1; }
	sleep 0.1
done
curl -fsS "http://$admin/health" >/dev/null

workers=2 traces=50 children=3 metrics=40 logs=60
common=(--otlp-insecure --workers "$workers" --rate 0)
# Spans: each trace is one parent and --child-spans children.
echo "sending over OTLP/gRPC..."
"$tg" traces "${common[@]}" --otlp-endpoint "$grpc" --traces "$traces" --child-spans "$children" 2>>"$work/tg.log"
"$tg" metrics "${common[@]}" --otlp-endpoint "$grpc" --metrics "$metrics" 2>>"$work/tg.log"
"$tg" logs "${common[@]}" --otlp-endpoint "$grpc" --logs "$logs" 2>>"$work/tg.log"
echo "sending over OTLP/HTTP..."
"$tg" traces "${common[@]}" --otlp-http --otlp-endpoint "$http" --traces "$traces" --child-spans "$children" 2>>"$work/tg.log"
"$tg" metrics "${common[@]}" --otlp-http --otlp-endpoint "$http" --metrics "$metrics" 2>>"$work/tg.log"
"$tg" logs "${common[@]}" --otlp-http --otlp-endpoint "$http" --logs "$logs" 2>>"$work/tg.log"

curl -fsS -X POST "http://$admin/stop" >"$work/stop.json"
status=0
wait "$live_pid" || status=$?
live_pid=

want_spans=$((2 * workers * traces * (1 + children)))
want_points=$((2 * workers * metrics))
want_logs=$((2 * workers * logs))
got() { jq -r "$1" "$work/report.json"; }
spans=$(got .statistics.spans) points=$(got .statistics.data_points) records=$(got .statistics.logs)

echo "otellint live exited $status"
echo "report: spans $spans (sent $want_spans), data points $points (sent $want_points), log records $records (sent $want_logs)"
echo "findings by level: $(jq -c .statistics.findings_by_level "$work/report.json")"
echo "first findings:"
head -n 5 "$work/findings.jsonl" | jq -c '{level, id, signal, name, attribute}'

fail=0
[[ $status -eq 0 ]] || { echo "FAIL: exit status $status with --fail-on none" >&2; fail=1; }
[[ $spans == "$want_spans" ]] || { echo "FAIL: spans" >&2; fail=1; }
[[ $points == "$want_points" ]] || { echo "FAIL: data points" >&2; fail=1; }
[[ $records == "$want_logs" ]] || { echo "FAIL: log records" >&2; fail=1; }
cmp -s <(jq -S . "$work/stop.json") <(jq -S . "$work/report.json") || { echo "FAIL: POST /stop answered a different report than --report" >&2; fail=1; }
if [[ $fail -ne 0 ]]; then
	cat "$work/live.log" >&2
	exit 1
fi
echo "PASS"
