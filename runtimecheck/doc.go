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
//
// # JSON report
//
//	{"findings": [{"id", "level", "signal", "service", "scope", "name",
//	               "attribute", "count", "first_seen", "last_seen",
//	               "message", "context"}],
//	 "statistics": {"spans", "metrics", "data_points", "logs", "resources",
//	                "findings_by_level", "registry_coverage", ...}}
//
// Levels are violation, improvement and information.
package runtimecheck
