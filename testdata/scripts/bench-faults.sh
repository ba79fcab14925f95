#!/usr/bin/env bash
# Measures otellint live and audit under the faults of issue 15, loopback
# only, and prints the figures the README quotes. Not part of CI (a few
# minutes, and a 1 GiB scratch file).
#
#   bash testdata/scripts/bench-faults.sh            # everything
#   bash testdata/scripts/bench-faults.sh burst      # or one of: burst stall stop audit
#
# burst: peak RSS (VmHWM) of otellint live while 50 clients send 10 MB
#        requests at once, per protocol, and RSS 3 s after the burst.
# stall: 2,000 uploads that send headers and part of a body and stall.
# stop:  time from SIGINT to exit with 200 stalled uploads open, and the
#        exit code, which must be the --fail-on result (0: the load has no
#        violations), not 3.
# audit: peak RSS of otellint audit on a 1 GiB protobuf file, a 200 MB
#        OTLP/JSON document and a 1 MB gzip bomb.
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/otellint" ./cmd/otellint
go build -o "$work/otlpburst" ./runtimecheck/internal/otlpburst

kib() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/status"; }

start_live() {
  "$work/otellint" live --grpc 127.0.0.1:24317 --http 127.0.0.1:24318 --admin 127.0.0.1:24320 \
    --format jsonl --fail-on "${FAIL_ON:-none}" "$@" >/dev/null 2>"$work/live.err" &
  pid=$!
  for _ in $(seq 50); do curl -sf 127.0.0.1:24320/health >/dev/null && return; sleep 0.1; done
  echo "live did not start"; cat "$work/live.err"; exit 1
}

if [[ $what == all || $what == burst ]]; then
  for proto in ${PROTOS:-http json grpc}; do
    start_live
    endpoint=127.0.0.1:24318; [[ $proto == grpc ]] && endpoint=127.0.0.1:24317
    "$work/otlpburst" burst -proto $proto -endpoint $endpoint -n 50 -size 10MB -rounds 1
    peak=$(kib $pid VmHWM); sleep 3; after=$(kib $pid VmRSS)
    echo "burst $proto: peak RSS $((peak / 1024)) MiB, RSS 3 s later $((after / 1024)) MiB"
    curl -s -X POST 127.0.0.1:24320/stop | python3 -c 'import json,sys; s=json.load(sys.stdin)["statistics"]; print("  report: %d requests checked, %d refused with a retryable status" % (s["requests"], s.get("refused_requests", 0)))'
    wait $pid || true
  done
fi

if [[ $what == all || $what == stall ]]; then
  start_live
  "$work/otlpburst" stall -endpoint 127.0.0.1:24318 -n 2000 -hold 60s
  echo "stall: RSS $(( $(kib $pid VmRSS) / 1024 )) MiB"
  curl -s -X POST 127.0.0.1:24320/stop >/dev/null; wait $pid || true
fi

if [[ $what == all || $what == stop ]]; then
  FAIL_ON=violation start_live
  "$work/otlpburst" stall -endpoint 127.0.0.1:24318 -n 200 -hold 30s >/dev/null &
  stall=$!
  sleep 1
  "$work/otlpburst" burst -proto http -endpoint 127.0.0.1:24318 -n 1 -size 1MB >/dev/null
  t0=$(date +%s.%N); kill -INT $pid; set +e; wait $pid; code=$?; set -e; t1=$(date +%s.%N)
  echo "stop with 200 stalled uploads: $(echo "$t1 - $t0" | bc) s, exit $code"
  kill $stall 2>/dev/null || true
fi

if [[ $what == all || $what == audit ]]; then
  "$work/otlpburst" gen -format proto -size 1GB -o "$work/big.binpb"
  /usr/bin/time -f "audit 1 GiB protobuf: peak RSS %M KiB, %e s" "$work/otellint" audit --fail-on none --format json "$work/big.binpb" >/dev/null
  rm "$work/big.binpb"
  "$work/otlpburst" gen -format json -size 200MB -o "$work/big.json"
  /usr/bin/time -f "audit 200 MB OTLP/JSON document: peak RSS %M KiB, %e s" "$work/otellint" audit --fail-on none --format json "$work/big.json" >/dev/null
  rm "$work/big.json"
  python3 - "$work/bomb.json.gz" <<'PY'
import gzip, sys
with gzip.open(sys.argv[1], "wb", compresslevel=9) as f:
    f.write(b'{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"')
    chunk = b"x" * (1 << 20)
    for _ in range(1024):
        f.write(chunk)
    f.write(b'"}]}]}]}')
PY
  echo "gzip bomb: $(stat -c %s "$work/bomb.json.gz") bytes compressed, 1 GiB inside"
  /usr/bin/time -f "audit gzip bomb: peak RSS %M KiB, %e s" "$work/otellint" audit --fail-on none "$work/bomb.json.gz" >/dev/null 2>"$work/bomb.err" || true
  tail -2 "$work/bomb.err"
fi
