package runtimecheck

import "sort"

// IDDoc documents a finding id for `otellint explain`: what it finds, why
// it matters and how to fix it.
type IDDoc struct {
	ID    string
	Level Level
	// Rule is the Instrumentation Score rule the finding fails, if any.
	Rule           string
	What, Why, Fix string
}

var idDocs = map[string][3]string{
	IDMissingAttribute: {
		"An attribute key inside a namespace the semantic conventions own (http., db., ...) that they do not define.",
		"Backends and dashboards look for the defined keys; a typo or an invented key in an owned namespace is silently never found, and may clash with a future definition.",
		"Use the defined key (the finding suggests the nearest one), or move your own attribute into a namespace of your own (app., mycompany.).",
	},
	IDDeprecated: {
		"An attribute, enum value or metric the semantic conventions deprecate.",
		"Deprecated names are being removed from backends and instrumentation; queries written for the new name miss your data.",
		"Upgrade the instrumentation library, or rename to the replacement the finding names.",
	},
	IDTypeMismatch: {
		"An attribute value of another type than the semantic conventions define (a string port, an int status code as a string).",
		"Backends index and aggregate by type; a mistyped value breaks filters, ranges and joins with correctly typed data.",
		"Set the attribute with the defined type (attribute.Int for server.port).",
	},
	IDUndefinedEnumVariant: {
		"A value of an enum attribute that is not one of its well-known members.",
		"Usually a casing or spelling variant (\"get\" for GET) that splits one series into several; sometimes a legitimate extension.",
		"Use the well-known member; run with --show-values to see the value.",
	},
	IDNotStable: {
		"An attribute or metric whose definition is still experimental or in development.",
		"It may be renamed or change meaning in a later semantic-conventions release.",
		"Nothing to fix now; know that the name may change, and pin the semantic-conventions version you rely on.",
	},
	IDTemplateAttribute: {
		"An instance of a template attribute (http.request.header.<key>).",
		"Only informational: template instances are not individually defined.",
		"Nothing to fix; make sure the header or key is one you mean to record.",
	},
	IDRequiredAttributeMissing: {
		"A span, metric data point, log or event matched a semantic-conventions definition but lacks one of its required attributes.",
		"Required attributes are what backends group and alert by (http.request.method, url.scheme); without them the telemetry is not usable as that kind.",
		"Set the attribute where the span or data point is made, or upgrade the instrumentation library.",
	},
	IDRecommendedAttributeNotPresent: {
		"A recommended attribute of the matched semantic-conventions definition is absent.",
		"Recommended attributes make the telemetry useful for common analyses (server.address for client calls).",
		"Set it when the information is available.",
	},
	IDUnitMismatch: {
		"A metric defined by the semantic conventions recorded in another unit (ms for a duration in s).",
		"Dashboards built for the defined unit show values off by a factor of 1,000.",
		"Record in the defined unit (e.g. seconds as float64), or use the instrumentation library's metric.",
	},
	IDUnexpectedInstrument: {
		"A metric defined by the semantic conventions recorded with another instrument (a counter for an up-down counter).",
		"The instrument decides temporality and aggregation; the wrong one makes the metric meaningless in backends.",
		"Use the defined instrument.",
	},
	IDMissingMetric: {
		"A metric name inside a namespace the semantic conventions own that they do not define.",
		"Like an undefined attribute: probably a typo of a defined metric, or a name that may clash with a future one.",
		"Use the defined metric name, or a namespace of your own.",
	},
	IDMissingServiceName: {
		"A resource without a usable service.name: absent, empty, not a string, or the SDK default unknown_service.",
		"Every backend groups telemetry by service.name; without it the data cannot be attributed to a service.",
		"Set OTEL_SERVICE_NAME, or service.name in the SDK's resource.",
	},
	IDVagueSpanName: {
		"A span name that is empty or made only of generic words (\"handler\", \"do_work\").",
		"Span names are the first thing people search and group by; vague names make every trace look alike.",
		"Name the span after the operation: \"GET /users/{id}\", \"SELECT orders\", \"charge card\".",
	},
	IDHighCardinalitySpanName: {
		"Span names of one service and scope that embed ids or numbers, seen as many distinct names of one pattern.",
		"Backends index span names; high-cardinality names blow up indexes and defeat grouping.",
		"Keep the template in the name (\"GET /users/{id}\") and put the id into an attribute.",
	},
	IDHighCardinalityAttribute: {
		"A metric attribute with more distinct values than the threshold (HyperLogLog estimate).",
		"Every distinct attribute set is a time series; unbounded values (user ids, URLs) multiply cost and can get a metric dropped.",
		"Drop the attribute from the metric, or bound it (a route template instead of the path, a status class).",
	},
	IDDuplicateInstrumentation: {
		"The same operation instrumented twice: a SERVER span directly under a SERVER span of the same service and request, or a CLIENT span under a CLIENT span to the same server.",
		"Doubled spans double cost and counts, and skew latency breakdowns.",
		"Remove one of the two instrumentations (manual span plus middleware, or two middlewares).",
	},
	IDOrphanSpan: {
		"Spans whose parent span never arrived in their trace within the trace window (--trace-window, 10 s), counted per service and scope. " +
			"Not counted: SERVER and CONSUMER spans whose parent is remote (or not known to be local): a request from a caller outside the run is an entry point, not an orphan.",
		"An orphan breaks its trace into pieces: the backend cannot show where the work came from. Typical causes: the parent is not exported (another SDK, a sampler deciding differently per service), exported late, or a context was created by hand.",
		"Make sure every service in the path exports to the same place with a parent-based sampler, end and export parent spans, and create spans from the incoming context, never from a hand-made span context.",
	},
	IDBrokenPropagation: {
		"A CLIENT (or PRODUCER) span of service A to a peer that is service B of the same run, while B's SERVER (or CONSUMER) span for the same address (server.address and port, url.full, rpc.service or messaging.destination.name) and time is the root of another trace. Reported per pair of services, two trace windows after the first match or at the end, and only when no trace showed B continuing A's traces (B's new traces then come from other callers).",
		"Each service starts its own trace: the request cannot be followed across the call, and latency cannot be attributed to the callee.",
		"Inject the trace context on the client (otelhttp.NewTransport, otelgrpc client handler) and extract it on the server (otelhttp.NewHandler), with the same propagator on both sides (otel.SetTextMapPropagator(propagation.TraceContext{})).",
	},
	IDClientRootSpan: {
		"A trace whose root span is a CLIENT span.",
		"The operation that made the call (a request, a job) has no span, so the call cannot be put into context; often a background job without a span, or a lost context.",
		"Start a span for the operation around the call (an INTERNAL or SERVER span), and pass its context to the client.",
	},
	IDInternalSpanFanout: {
		"A trace holding more than 10 INTERNAL spans of one service (configurable); the finding names the span names that repeat most.",
		"Spans in loops multiply cost and bury the structure of the trace.",
		"Record a loop as one span with a count attribute or events, or drop spans of trivial functions.",
	},
	IDShortSpanFlood: {
		"A trace holding more than 20 spans shorter than 5 ms (both configurable); the finding goes to the service with the most of them and names the names that repeat most.",
		"Many tiny spans cost more to collect and store than they tell.",
		"Drop spans of trivial operations (cache hits, getters), or aggregate them into their parent as attributes or events.",
	},
	IDMissingServiceInstance: {
		"A resource without service.instance.id.",
		"Without it, telemetry of several replicas of a service cannot be told apart (counters from two pods look like one resetting counter).",
		"Set service.instance.id to something unique per instance (the pod uid, host and pid, a UUID at start), e.g. in OTEL_RESOURCE_ATTRIBUTES.",
	},
	IDDuplicateServiceInst: {
		"One service.instance.id of one service.name on resources that differ in an attribute telling workloads apart (k8s.pod.uid, k8s.pod.name, container.id, host.id, host.name, process.pid).",
		"A shared instance id merges the telemetry of different instances: the id is worse than none.",
		"Derive the id from the instance (pod uid, hostname and pid) instead of a constant in the deployment.",
	},
	IDLogSeverityUnset: {
		"Log records without a severity number.",
		"Backends filter and alert by severity; unset severity hides errors among everything else. Common with log files read without a severity parser.",
		"Map the source's level to severity_number (the Collector filelog receiver's severity parser, or the SDK log bridge).",
	},
	IDMetricUnitUnset: {
		"A metric without a unit, or with one that is not UCUM (\"seconds\", \"bytes\", \"requests\").",
		"The unit is often the only way to know whether a value is in ms or s, bytes or MiB; non-UCUM units are not converted by backends.",
		"Set a UCUM unit: s, ms, By, 1 for ratios, {request} for counts of things.",
	},
	IDMetricNameContainsUnit: {
		"A metric name that contains a unit word (collection.duration.seconds, http_server_duration_ms).",
		"The unit belongs in the unit field; in the name it duplicates it and becomes wrong when the unit changes.",
		"Drop the unit from the name and set the unit field.",
	},
	IDMetricNameIsAttribute: {
		"A metric named exactly like an attribute key of the semantic conventions (http.response.status_code).",
		"Metric and attribute names share query namespaces in many backends; the clash confuses queries and readers.",
		"Name the metric after what it measures (http.server.request.duration), and keep the key as an attribute.",
	},
}

// Explain returns the documentation of a built-in finding id.
func Explain(id string) (IDDoc, bool) {
	d, ok := idDocs[id]
	if !ok {
		return IDDoc{}, false
	}
	return IDDoc{ID: id, Level: LevelOf(id), Rule: RuleForFinding(id), What: d[0], Why: d[1], Fix: d[2]}, true
}

// IDs returns the built-in finding ids, sorted.
func IDs() []string {
	ids := make([]string, 0, len(idLevels))
	for id := range idLevels {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
