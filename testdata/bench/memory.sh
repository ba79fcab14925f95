#!/usr/bin/env bash
# Memory of otellint live under unbounded cardinality: SPANS spans
# (default 50M), every one with a never-repeating name suffix and
# attribute value, in never-repeating trace ids (a flood of traces for the
# trace assembly), sent by otlpload over gRPC on loopback; prints the
# resident set size of otellint live at the end and its peak, the spans it
# counted and what the trace table did with them.
#
#   bash testdata/bench/memory.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SPANS=${SPANS:-50000000}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/otellint" ./cmd/otellint
go build -o "$work/otlpload" ./runtimecheck/internal/otlpload

"$work/otellint" live --grpc 127.0.0.1:24317 --http off --admin 127.0.0.1:24320 --format jsonl --fail-on none >/dev/null &
pid=$!
sleep 2
"$work/otlpload" -endpoint 127.0.0.1:24317 -unique -total-spans "$SPANS" -duration 60m
echo "RSS of otellint live after $SPANS unique spans: $(ps -o rss= -p $pid) KiB (peak $(awk '/VmHWM/ {print $2}' /proc/$pid/status) KiB)"
curl -s -X POST 127.0.0.1:24320/stop | python3 -c 'import json,sys; s=json.load(sys.stdin)["statistics"]; print("spans counted by otellint:", s["spans"]); print("traces completed:", s["traces"], "open at the stop:", s["open_traces"], "spans kept out by a cap:", s["dropped_trace_spans"], "truncated traces:", s["truncated_traces"])'
wait || true
