// Package runtimecheck validates live OTLP telemetry (traces, metrics, logs)
// against the OpenTelemetry semantic conventions, like Weaver's
// `registry live-check`.
//
// # Use
//
//	c, err := runtimecheck.NewChecker(runtimecheck.DefaultConfig())
//	...
//	err = c.ConsumeTraces(body) // raw ExportTraceServiceRequest bytes
//	c.OnNewFinding(func(f runtimecheck.Finding) { ... })
//	report := c.Snapshot()
//	report.WriteJSON(os.Stdout) // or WriteMarkdown, WriteSARIF, WriteText
//
// OTLP/JSON bodies are converted first with the otlpjson sub-package.
//
// # How it works
//
// A [Checker] walks export requests directly on their protobuf wire bytes
// (internal/otlpwire: no proto.Unmarshal, no allocation per span) and hands
// every resource, scope, span, span event and link, metric, data point and
// log record to a set of [Advisor]s. Each attribute key is looked up in the
// registry once (and cached), and the result is given to every advisor.
// Spans are matched to the semantic-conventions span group they follow (by
// span kind and the namespaces of their attributes, e.g. a SERVER span with
// http.request.method follows span.http.server), metrics and data points to
// their metric group and log records with an event name to their event
// group, so required and recommended attributes can be checked.
//
// Findings are aggregated in bounded memory: one [Finding] per (id, signal,
// service, scope, name, attribute) with a count, first and last receive
// time and the redacted context of the first occurrence. Span names with
// ids in them are aggregated under their pattern ("GET /users/{id}").
// Attribute values are never put into findings unless Config.ShowValues is
// set, as they may hold personal data. Every table is capped (see [Config]);
// what is dropped at a cap is counted in [Statistics].
//
// # Finding ids
//
// Registry checks, as in Weaver: missing_attribute (an undefined key inside
// a namespace the registry owns, with a did-you-mean), deprecated (with the
// replacement), type_mismatch, undefined_enum_variant, not_stable,
// template_attribute, required_attribute_not_present,
// recommended_attribute_not_present, unit_mismatch, unexpected_instrument,
// missing_metric. Beyond Weaver: missing_service_name, vague_span_name,
// high_cardinality_span_name, high_cardinality_attribute (HyperLogLog
// estimate per metric and attribute) and duplicate_instrumentation (a SERVER
// span directly under a SERVER span of the same service for the same
// method and route, or under a local SERVER parent of the same service
// whatever its name and attributes (the span flags say the parent is not
// remote), or a CLIENT span under a CLIENT span to the same server).
// Whole-trace and Instrumentation Score checks: orphan_span,
// broken_propagation, client_root_span, internal_span_fanout,
// short_span_flood (below), missing_service_instance_id,
// duplicate_service_instance_id (one service.instance.id of a service on
// resources differing in k8s.pod.uid, k8s.pod.name, container.id,
// host.id, host.name or process.pid), log_severity_unset (severity number
// 0), metric_unit_unset_or_default (no unit, or one that is not UCUM),
// metric_name_contains_unit (a name part such as "seconds" or "ms") and
// metric_name_is_attribute_key (a metric named like a registry attribute);
// the last two are not reported for metrics the registry defines.
//
// Every id, its level and its Instrumentation Score rule:
//
//	id                                  level        rule
//	missing_attribute                   violation
//	deprecated                          violation
//	type_mismatch                       violation
//	undefined_enum_variant              information
//	not_stable                          improvement
//	template_attribute                  information
//	required_attribute_not_present      violation
//	recommended_attribute_not_present   improvement
//	unit_mismatch                       violation
//	unexpected_instrument               violation
//	missing_metric                      violation
//	missing_service_name                violation    RES-005
//	vague_span_name                     improvement
//	high_cardinality_span_name          violation
//	high_cardinality_attribute          violation    MET-001 (at 10,000 values)
//	duplicate_instrumentation           improvement
//	orphan_span                         improvement  SPA-002
//	broken_propagation                  violation
//	client_root_span                    improvement  SPA-004
//	internal_span_fanout                improvement  SPA-001
//	short_span_flood                    improvement  SPA-005
//	missing_service_instance_id         improvement  RES-001
//	duplicate_service_instance_id       violation    RES-002
//	log_severity_unset                  improvement  LOG-002
//	metric_unit_unset_or_default        improvement  MET-002
//	metric_name_contains_unit           improvement  MET-005
//	metric_name_is_attribute_key        violation    MET-006
//
// `otellint explain ID` says what each finds, why it matters and how to
// fix it ([Explain]).
//
// # Whole traces
//
// Spans are also grouped by trace id, in a bounded table of compact
// records (trace and span ids, parent, kind, start and end, a
// service/scope index and a name hash; never attribute values). A trace is
// complete once no span of it has arrived for Config.TraceWindow (10 s,
// receive time; `--trace-window`), or when the run ends
// ([Checker.FlushTraces]); then it is checked as a whole. Open traces
// (Config.MaxOpenTraces), spans held (Config.MaxTraceSpans, about 56
// bytes each) and spans per trace (Config.MaxSpansPerTrace) are capped;
// when MaxOpenTraces are open, the oldest is completed early to make room
// (Statistics.EvictedTraces); spans the span caps keep out are counted in
// Statistics.DroppedTraceSpans, and a trace that lost spans is truncated
// (Statistics.TruncatedTraces). Evicted and truncated traces, and traces
// reopened after their eviction, are not checked for orphans, since their
// missing parents may be the ones left out.
//
// orphan_span: a span whose parent span id is not among the spans of its
// trace, counted per service and scope. Entry points are not orphans: a
// SERVER or CONSUMER span whose parent is remote (the OTLP span flags say
// so, or do not say it is local) serves a request whose caller may not
// report to this run at all; that is how every trace entering the run
// from outside looks. A span whose parent is local (same process), or an
// INTERNAL, CLIENT or PRODUCER span whose parent is missing, is an orphan.
// A parent arriving more than the window after its children is missed:
// the children were already checked.
//
// broken_propagation: a CLIENT or PRODUCER span of service A whose peer
// key (rpc.service, else messaging.destination.name, else server.address
// and server.port, else the host and port of url.full) is the peer key of
// a SERVER or CONSUMER span of another service B that has no parent and
// starts and ends within the client span (1 ms of slack): B started a new
// trace for A's call. Recent client and root server spans are kept per
// peer key in a fixed table (4,096 keys, 8 each). A pair is reported (A
// as the service, B as the name, the count of matched server spans) two
// trace windows after its first match, or at the end, unless a completed
// trace showed B continuing A's trace (a SERVER or CONSUMER span of B whose
// parent is a CLIENT or PRODUCER span of A): then B's new traces come from
// other callers that do not propagate, and the pair is not reported.
//
// client_root_span: a CLIENT span without a parent (needs no assembly).
// internal_span_fanout: a completed trace with more than
// Config.InternalSpanFanout (10) INTERNAL spans of one service, named after
// the span name repeated most, the top three in the context.
// short_span_flood: a completed trace with more than Config.ShortSpanFlood
// (20) spans shorter than Config.ShortSpanDuration (5 ms), reported for the
// service with the most of them.
//
// # Instrumentation Score
//
// The report's "score" is the Instrumentation Score
// (github.com/instrumentation-score/spec, [ScoreSpec]) per service.name:
// 100 × Σ(weight of rules passed) / Σ(weight of rules evaluated), with
// weights Critical 40, Important 30, Normal 20, Low 10. A rule fails for a
// service when one of its findings was made for that service during the
// run, except that MET-001, SPA-001 and SPA-005 are counted at the
// specification's bounds (10,000 values; 10 INTERNAL spans; 20 spans under
// 5 ms) whatever bounds the configuration gives their findings; a rule
// whose target the service sent nothing of passes (its
// criterion holds). Evaluated, with their findings:
//
//	RES-001 Normal     missing_service_instance_id
//	RES-002 Important  duplicate_service_instance_id
//	RES-005 Critical   missing_service_name
//	SPA-001 Normal     internal_span_fanout
//	SPA-002 Normal     orphan_span
//	SPA-004 Important  client_root_span
//	SPA-005 Important  short_span_flood
//	LOG-002 Important  log_severity_unset
//	MET-001 Important  a metric attribute estimated at 10,000 distinct values or more (high_cardinality_attribute)
//	MET-002 Important  metric_unit_unset_or_default
//	MET-005 Normal     metric_name_contains_unit
//	MET-006 Important  metric_name_is_attribute_key
//
// Not evaluated, and listed so in the report: LOG-001, MET-003 and MET-004
// (they need 14 days of data), RES-003 (whether a service runs on
// Kubernetes is not visible without the attributes it asks for), RES-004
// (the registry does not say at which OTLP level an attribute belongs),
// SDK-001 (needs every SDK's support windows) and SPA-003 (the
// specification has no criterion yet). broken_propagation and otellint's
// other findings are not rules of the specification and do not change the
// score.
//
// # JSON report
//
//	{"findings": [{"id", "level", "signal", "service", "scope", "name",
//	               "attribute", "count", "first_seen", "last_seen",
//	               "message", "context"}],
//	 "statistics": {"spans", "metrics", "data_points", "logs", "resources",
//	                "findings_by_level", "registry_coverage", "traces",
//	                "open_traces", "dropped_trace_spans", "truncated_traces", ...},
//	 "score": {"spec", "complete", "evaluated_rules", "not_evaluated_rules",
//	           "services": [{"service", "score", "category", "passed", "total",
//	                         "failed_rules": [{"id", "impact", "weight", "title",
//	                                           "findings", "occurrences"}]}]}}
//
// Levels are violation, improvement and information.
package runtimecheck
