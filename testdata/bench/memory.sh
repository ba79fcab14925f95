#!/usr/bin/env bash
# Memory of otellint live under unbounded cardinality: SPANS spans
# (default 50M), every one with a never-repeating name suffix and
# attribute value, sent by otlpload over gRPC on loopback; prints the
# resident set size of otellint live at the end, and the spans it counted.
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
"$work/otlpload" -endpoint 127.0.0.1:24317 -unique -total-spans "$SPANS"
echo "RSS of otellint live after $SPANS unique spans: $(ps -o rss= -p $pid) KiB"
counted=$(curl -s -X POST 127.0.0.1:24320/stop | python3 -c 'import json,sys; print(json.load(sys.stdin)["statistics"]["spans"])')
echo "spans counted by otellint: $counted"
wait || true
