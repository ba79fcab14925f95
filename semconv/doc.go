// Package semconv is otellint's model of the OpenTelemetry
// semantic-conventions registry: which attribute keys exist, their types,
// enum values, stability and deprecations, and which spans, metrics, events
// and entities use them with which requirement level.
//
// Analyzers consult it for every attribute key they find, so the package is
// built around two constraints:
//
//   - Default returns the registry of the semantic-conventions version
//     otellint ships with without parsing anything. go vet runs one process
//     per package, and each one needs the registry: the embedded registry is
//     plain static Go data (registry_gen.go, written by internal/gen) that is
//     only indexed on first use.
//   - Lookups (Attribute, Lookup, OwnsNamespace, Suggest, Current for keys
//     that are not renamed, Metric, Group, UsedBy, SpanGroups) do not
//     allocate.
//
// Load, LoadFS and LoadAll read a registry in Weaver's YAML syntax (the
// version 1 "groups" syntax and the version 2 "file_format: definition/2"
// syntax) from a directory or a release archive, so projects can lint against
// a newer registry or against their own company registry layered over the
// official one. Loading resolves ref, extends, ref_group and refinements into
// flat groups, and reports cycles, dangling references, duplicate ids and
// malformed YAML as "file:line: message" errors.
//
// A company registry that refs attributes or extends groups of the official
// one is loaded together with it: LoadAll("acme/model",
// "semconv-1.44.0.tar.gz[model]"). Sources are resolved as one registry,
// whatever their order; a key or group id defined twice is an error rather
// than an override. Dependencies listed in a registry manifest are not
// fetched or followed (otellint never touches the network): list them as
// further paths.
//
// The package keeps facts only (names, types, stability, deprecation reasons
// and replacements, enum values, requirement levels, span kinds, metric
// instruments and units). Briefs, notes and examples are prose under the
// registry's license and are neither loaded nor embedded.
//
// Version 2 definitions have no group id; they get the one Weaver derives:
// "span.<type>", "metric.<name>", "event.<name>", "entity.<type>".
// Refinements (span_refinements, metric_refinements) become groups of the
// refined signal's type whose Extends names the refined group, with its
// span kind, metric name, instrument and unit.
package semconv
