#!/usr/bin/env bash
# End to end in a real Collector: build otelcol-otellint with ocb from
# runtimecheck/otelcolcomponent/manifest.yaml, run it on loopback, send real
# OpenTelemetry SDK telemetry (runtimecheck/internal/otlpsend, the Go SDK's
# exporters) and telemetrygen, and check the findings the file exporter
# wrote and their counts. Then the fleet: a front Collector with the
# loadbalancing exporter (static resolver, routing by trace id) and two back
# Collectors with the connector; every finding is reported, no trace's
# findings are counted twice, and duplicate_instrumentation (a parent/child
# check) still works because a trace lands on one back Collector.
#
#   bash testdata/scripts/collector-e2e.sh        # builds, then checks
#   OTELCOL=/path/to/otelcol-otellint bash testdata/scripts/collector-e2e.sh
#
# Needs Go, python3, ocb (go install go.opentelemetry.io/collector/cmd/builder@v0.161.0)
# and telemetrygen (go install github.com/open-telemetry/opentelemetry-collector-contrib/cmd/telemetrygen@v0.161.0);
# the build takes several minutes on two cores. Ports BASE_PORT (38000) to
# BASE_PORT+40 on 127.0.0.1. Not part of CI (runtimecheck/otelcolcomponent/e2e
# runs it when the binary is built). Exits 0 when every check passes.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
comp=$root/runtimecheck/otelcolcomponent
BASE=${BASE_PORT:-38000}
TRACES=${TRACES:-20}
OTELCOL=${OTELCOL:-$comp/build/otelcol-otellint}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

if [ ! -x "$OTELCOL" ]; then
  echo "== building otelcol-otellint with ocb"
  (cd "$comp" && builder --config manifest.yaml)
fi
command -v telemetrygen >/dev/null || { echo "telemetrygen is not installed (see the header)"; exit 2; }
go build -o "$work/otlpsend" ./runtimecheck/internal/otlpsend

# start NAME CONFIG: run a Collector in the background, wait for its
# receiver port (the first port in the config).
start() {
  local name=$1 cfg=$2 port
  "$OTELCOL" --config "$cfg" >"$work/$name.log" 2>&1 &
  pids+=($!)
  eval "pid_$name=$!"
  port=$(grep -o '127.0.0.1:[0-9]*' "$cfg" | head -1 | cut -d: -f2)
  for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "$name did not start:"; cat "$work/$name.log"; exit 1
}

# stop NAME: SIGTERM, which makes the connector write its last report.
stop() {
  local p
  p=$(eval echo "\$pid_$1")
  kill -TERM "$p"
  wait "$p" || true
}

# back NAME GRPC_PORT FILE [EXTRA]: a Collector that receives OTLP and runs
# the connector into the file exporter.
backend_config() {
  local grpc=$1 http=$2 file=$3 metrics_port=$4
  cat <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$grpc
      http:
        endpoint: 127.0.0.1:$http
processors:
  batch:
    timeout: 200ms
connectors:
  otellint:
    report_interval: 1s
exporters:
  file:
    path: $file
    flush_interval: 100ms
  debug:
    verbosity: detailed
service:
  telemetry:
    metrics:
      level: detailed
      readers:
        - pull:
            exporter:
              prometheus:
                host: 127.0.0.1
                port: $metrics_port
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [otellint]
    metrics:
      receivers: [otlp]
      exporters: [otellint]
    logs:
      receivers: [otlp]
      exporters: [otellint]
    logs/findings:
      receivers: [otellint]
      exporters: [file, debug]
YAML
}

echo "== one Collector: otlp -> batch -> otellint connector -> file, debug"
backend_config $((BASE + 17)) $((BASE + 18)) "$work/single.jsonl" $((BASE + 19)) >"$work/single.yaml"
start single "$work/single.yaml"
t0=$SECONDS
"$work/otlpsend" -endpoint 127.0.0.1:$((BASE + 17)) -http-endpoint 127.0.0.1:$((BASE + 18)) \
  -service checkout -traces "$TRACES" -metrics -logs
"$work/otlpsend" -endpoint 127.0.0.1:$((BASE + 17)) -http-endpoint 127.0.0.1:$((BASE + 18)) -service "" -traces 1
telemetrygen traces --otlp-endpoint 127.0.0.1:$((BASE + 17)) --otlp-insecure --traces 5 --service telemetrygen >"$work/telemetrygen.log" 2>&1
sleep 2.5 # at least one report interval: aggregates while running
curl -s "http://127.0.0.1:$((BASE + 19))/metrics" >"$work/single.metrics"
stop single
elapsed=$((SECONDS - t0 + 1))

python3 - "$work/single.jsonl" "$work/single.metrics" "$TRACES" "$elapsed" <<'PY'
import json, sys
path, metrics, n, elapsed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])

def records(path):
    out = []
    for line in open(path):
        line = line.strip()
        if not line:
            continue
        for rl in json.loads(line)["resourceLogs"]:
            res = {a["key"]: a["value"].get("stringValue") for a in rl["resource"]["attributes"]}
            assert res.get("service.name") == "otellint", res
            for sl in rl["scopeLogs"]:
                for r in sl["logRecords"]:
                    a = {}
                    for kv in r["attributes"]:
                        v = kv["value"]
                        a[kv["key"]] = int(v["intValue"]) if "intValue" in v else v.get("stringValue")
                    a["_severity"] = r.get("severityNumber")
                    a["_event"] = r.get("eventName")
                    a["_body"] = r["body"]["stringValue"]
                    out.append(a)
    return out

recs = records(path)
fails = []
def check(cond, msg):
    if not cond:
        fails.append(msg)

key = lambda a: (a["weaver.finding.id"], a.get("weaver.finding.resource.attribute.service.name", ""),
                 a.get("weaver.finding.signal.name", ""), a.get("weaver.finding.context.attribute_name", ""))
latest, kinds = {}, {}
for a in recs:
    check(a["_event"] == "weaver.live_check.finding", "event name %r" % a["_event"])
    check(a["_severity"] in ("SEVERITY_NUMBER_ERROR", "SEVERITY_NUMBER_WARN", "SEVERITY_NUMBER_INFO", 17, 13, 9), "severity %r" % a["_severity"])
    k = key(a)
    latest[k] = max(latest.get(k, 0), a["otellint.finding.count"])
    # A finding is per OTLP signal too: a resource rule such as
    # missing_service_instance_id is one finding for the traces, one for
    # the metrics and one for the logs of the same resource.
    kinds.setdefault(k + (a.get("otellint.finding.signal", ""),), []).append(a["otellint.finding.report"])

want = {
    ("deprecated", "checkout", "GET /cart", "http.method"): 2 * n,   # both server spans
    ("type_mismatch", "checkout", "GET /cart", "http.response.status_code"): n,
    ("duplicate_instrumentation", "checkout", "GET /cart", ""): n,     # one per trace
    ("vague_span_name", "checkout", "handler", ""): n,
    ("unit_mismatch", "checkout", "http.server.request.duration", ""): 1,
    ("deprecated", "checkout", "", "http.method"): n,                  # the log records
}
for k, count in want.items():
    check(latest.get(k) == count, "%s: count %s, want %d" % (k, latest.get(k), count))
check(any(k[0] == "missing_service_name" for k in latest), "no missing_service_name")
check(any(k[1] == "telemetrygen" for k in latest), "no finding for telemetrygen's spans")
for k, ks in kinds.items():
    check(ks[0] == "first_seen" and ks.count("first_seen") == 1, "%s: reports %s" % (k, ks))
    # One first sighting, then at most one aggregate per 1s report
    # interval and the last one at shutdown, however many occurrences.
    check(len(ks) <= elapsed + 2, "%s: %d records in %ds: emitted per occurrence? %s" % (k, len(ks), elapsed, ks))
print("single: %d records, %d findings" % (len(recs), len(latest)))
for k in sorted(want):
    print("  %-28s %-10s %-30s %-28s count=%s" % (k + (latest.get(k),)))

# The component's own metrics through the Collector's telemetry.
m = open(metrics).read()
spans = [l for l in m.splitlines() if l.startswith("otelcol_otellint_items_checked") and 'item="span"' in l]
check(spans, "no otelcol_otellint_items_checked{item=span} metric")
if spans:
    got = float(spans[0].rsplit(" ", 1)[1])
    check(got >= 3 * n + 3, "items checked %s, want at least %d" % (got, 3 * n + 3))
    print("  " + spans[0])
check(any(l.startswith("otelcol_otellint_findings") for l in m.splitlines()), "no otelcol_otellint_findings metric")
if fails:
    print("FAIL:\n  " + "\n  ".join(fails)); sys.exit(1)
PY
echo "-- a finding in the debug exporter:"
grep -m1 -B2 -A28 'weaver.finding.id: Str(vague_span_name)' "$work/single.log" | sed -n '1,40p' || true

echo "== fleet: front (loadbalancing by trace id) -> two back Collectors; a reference Collector sees everything"
backend_config $((BASE + 21)) $((BASE + 22)) "$work/back1.jsonl" $((BASE + 23)) >"$work/back1.yaml"
backend_config $((BASE + 24)) $((BASE + 25)) "$work/back2.jsonl" $((BASE + 26)) >"$work/back2.yaml"
backend_config $((BASE + 27)) $((BASE + 28)) "$work/ref.jsonl" $((BASE + 29)) >"$work/ref.yaml"
cat >"$work/front.yaml" <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$((BASE + 31))
exporters:
  loadbalancing:
    routing_key: traceID
    protocol:
      otlp:
        tls:
          insecure: true
    resolver:
      static:
        hostnames: [127.0.0.1:$((BASE + 21)), 127.0.0.1:$((BASE + 24))]
  otlp/reference:
    endpoint: 127.0.0.1:$((BASE + 27))
    tls:
      insecure: true
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [loadbalancing, otlp/reference]
YAML
start back1 "$work/back1.yaml"
start back2 "$work/back2.yaml"
start ref "$work/ref.yaml"
start front "$work/front.yaml"
for svc in cart payment search; do
  "$work/otlpsend" -endpoint 127.0.0.1:$((BASE + 31)) -http-endpoint 127.0.0.1:$((BASE + 31)) -service $svc -traces "$TRACES"
done
telemetrygen traces --otlp-endpoint 127.0.0.1:$((BASE + 31)) --otlp-insecure --traces 10 --service telemetrygen >>"$work/telemetrygen.log" 2>&1
sleep 2.5
stop front
sleep 1
stop back1
stop back2
stop ref

python3 - "$work/back1.jsonl" "$work/back2.jsonl" "$work/ref.jsonl" "$TRACES" <<'PY'
import json, sys, collections
b1, b2, ref, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def counts(path):
    latest = {}
    try:
        lines = open(path).read().splitlines()
    except FileNotFoundError:
        return latest
    for line in lines:
        if not line.strip():
            continue
        for rl in json.loads(line)["resourceLogs"]:
            for sl in rl["scopeLogs"]:
                for r in sl["logRecords"]:
                    a = {kv["key"]: kv["value"] for kv in r["attributes"]}
                    s = lambda k: a.get(k, {}).get("stringValue", "")
                    k = (s("weaver.finding.id"), s("weaver.finding.resource.attribute.service.name"),
                         s("weaver.finding.signal.name"), s("weaver.finding.context.attribute_name"))
                    latest[k] = max(latest.get(k, 0), int(a["otellint.finding.count"]["intValue"]))
    return latest

c1, c2, cr = counts(b1), counts(b2), counts(ref)
fails = []
def check(cond, msg):
    if not cond:
        fails.append(msg)
check(cr, "the reference Collector reported nothing")
check(c1 and c2, "a back Collector got no findings: the load was not balanced (%d, %d)" % (len(c1), len(c2)))
# Trace-local findings: the occurrence counts of the two back Collectors
# add up to the reference's, so every finding is reported and none is
# counted twice. (high_cardinality_span_name is per pattern, not per trace.)
# Resource findings (the service's identity) are counted per resource in a
# request, and the loadbalancing exporter splits one request's resource
# among the back Collectors its traces go to: the fleet may count such a
# finding more often than the reference, never less, and no back Collector
# more often than the reference.
per_resource = {"missing_service_instance_id", "duplicate_service_instance_id", "missing_service_name"}
for k, want in sorted(cr.items()):
    if k[0] == "high_cardinality_span_name":
        continue
    if k[0] in per_resource:
        got = [c.get(k, 0) for c in (c1, c2)]
        check(max(got) <= want <= sum(got), "%s: back Collectors counted %s, the reference %d" % (k, got, want))
        continue
    got = c1.get(k, 0) + c2.get(k, 0)
    check(got == want, "%s: back Collectors counted %d, the reference %d" % (k, got, want))
extra = (set(c1) | set(c2)) - set(cr)
check(not extra, "findings only the fleet made: %s" % sorted(extra))
for svc in ("cart", "payment", "search"):
    k = ("duplicate_instrumentation", svc, "GET /cart", "")
    got = c1.get(k, 0) + c2.get(k, 0)
    check(got == n, "%s: duplicate_instrumentation %d times, want once per trace (%d)" % (svc, got, n))
print("fleet: back1 %d findings, back2 %d, reference %d" % (len(c1), len(c2), len(cr)))
for k in sorted(cr):
    print("  %-28s %-12s %-14s %-26s back1=%-4d back2=%-4d ref=%d" % (k + (c1.get(k, 0), c2.get(k, 0), cr[k])))
if fails:
    print("FAIL:\n  " + "\n  ".join(fails)); sys.exit(1)
PY
echo "PASS"
