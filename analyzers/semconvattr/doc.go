// Package semconvattr defines an Analyzer that checks the attribute keys Go
// code writes against the OpenTelemetry semantic conventions.
//
// # Analyzer semconvattr
//
// semconvattr: attribute keys and values that break the semantic conventions
//
// The analyzer checks every attribute key the code writes, resolved through
// types wherever it is built: attribute.String/Int/Int64/Float64/Bool and
// their Slice forms, attribute.Key("k").String(v) and the other Key
// methods, log.String/Int/... of the logs API, attribute.KeyValue and
// log.KeyValue literals, and the identifiers of the
// go.opentelemetry.io/otel/semconv/vX packages (semconv.XxxKey and the
// generated constructors semconv.Xxx(v), and the enum members such as
// semconv.MessagingOperationPublish, which write the key of the constant
// their name extends). Keys held in constants are
// resolved to their values, and so are keys passed to functions whose
// parameter becomes a key (func setTag(span trace.Span, key, value string),
// in this package or, through facts, in another), so it does not matter
// whether the attributes
// go to span.SetAttributes, trace.WithAttributes, metric.WithAttributes, a
// resource or a log record. Keys written with the collector's pcommon.Map
// (PutStr, PutInt, PutDouble, PutBool, PutEmpty...) are checked too. It
// reports:
//
//   - a deprecated key, naming its replacement; the fix rewrites the key
//     literal, or the semconv identifier to the one of the same package
//     that holds the replacement (when that package has it and the value
//     type fits). semconv identifiers are judged by their actual value and
//     are deprecated only when the registry says so. Not reported, as
//     deliberate: a deprecated key written beside its replacement for the
//     same telemetry, in the same function or package-level declaration
//     (dual emission during a migration; a replacement written elsewhere in
//     the package does not count), and the identifiers and keys of the
//     older semconv package in a package that imports two versions (the
//     mixed import is reported instead). Two generic words the registry
//     keeps as deprecated database names, "state" and "pool.name", are
//     reported only beside other db.* keys; every other deprecated key
//     (peer.service, net.transport, message.type, ...) is reported;
//   - an unknown key in a namespace the registry owns, when one registry
//     key is clearly the intended one (did you mean; with a fix), and any
//     unknown key under the reserved otel namespace (except the keys the
//     specification defines outside the registry, such as
//     otel.metric.overflow) or under a namespace listed in
//     owned-namespaces;
//   - a value whose type differs from the registry's
//     (attribute.String("http.response.status_code", "200"));
//   - a constant enum value that is a deprecated member, that differs from
//     a well-known value only in case ("get" for "GET"; with a fix), or that
//     is not a member of a closed enum. Semantic-conventions enums are open:
//     other values are allowed, so an unknown value is reported only for
//     the enums whose values form a closed set (otel.status_code, and those
//     listed in closed-enums);
//   - a custom key (not in the registry and outside its namespaces) that
//     breaks the naming rules (lower case, snake_case words, dot-separated
//     namespaces) and whose obvious intent is a registry key: its
//     respelling, with dots for underscores, or a namespace's raw-value key
//     ("userId" means user.id, "user-agent" means user_agent.original;
//     with a fix). Other custom keys that break the naming rules are
//     reported only with the naming option. Both are warnings, reported
//     once per key and package, at the first place it is written, with the
//     count and the other places as related information;
//   - a package that writes attributes through two versions of the
//     semconv packages (keys, constructors or enum values of both);
//     importing an old version only to read or translate its keys is fine.
//
// Test files are not checked: tests often assert that legacy keys are still
// emitted. The embedded registry is semantic conventions 1.44.0.
//
// Why the naming rules are opt-in: a custom key belongs to the team that
// chose it. Its spelling does not make telemetry disagree with the
// conventions, and renaming it breaks every dashboard, alert and query
// that already uses it; on large code bases the rule printed hundreds of
// findings (blockID, tenantID, audit-id) that buried the real ones. No
// analysis can tell which keys only reach the team's own logging and
// metrics conventions, so skipping those is not possible reliably; the
// rule is instead on for keys where the conventions clearly have the key
// meant (consumers of the conventions look for that one), and for every
// custom key when a code base adopts the naming rules (naming: true).
//
// # Why
//
// Backends, dashboards and alerts query attributes by their conventional
// names and types: a renamed key, a typo or a status code recorded as a
// string silently drops out of every query built on the conventions, and
// telemetry mixing two convention versions cannot be described by one
// schema URL.
//
// # Bad
//
//	span.SetAttributes(
//		attribute.Int("http.status_code", code),
//		attribute.String("http.request.methd", r.Method),
//		attribute.String("http.response.status_code", "200"),
//		attribute.String("userId", id),
//	)
//
// # Good
//
//	span.SetAttributes(
//		attribute.Int("http.response.status_code", code),
//		attribute.String("http.request.method", r.Method),
//		attribute.Int("http.response.status_code", 200),
//		attribute.String("user.id", id),
//	)
//
// # Options
//
//   - registries: extra registries (directories of Weaver YAML, or
//     .tar.gz/.zip archives with an optional [subdir]), loaded together with
//     semconv.LoadAll once per process and consulted before the embedded
//     registry, e.g. company conventions. Default: none.
//   - owned-namespaces: namespaces whose keys must all be defined by a
//     registry, e.g. acme. Default: none.
//   - closed-enums: enum attributes whose values form a closed set, in
//     addition to otel.status_code. Default: none.
//   - naming: also report custom keys that break the naming rules when no
//     registry key is their obvious intent. Default false.
package semconvattr
