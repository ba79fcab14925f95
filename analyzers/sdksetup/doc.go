// Package sdksetup defines an Analyzer that reports OpenTelemetry SDK setup
// that loses telemetry or labels it wrongly.
//
// # Analyzer sdksetup
//
// sdksetup: SDK wired so that telemetry is lost or mislabelled
//
// The analyzer looks at the program as a whole: every package records in
// a package fact what its non-test code does to the setup (sets the global
// propagator or tracer provider, creates a tracer provider, uses the
// global propagator or tracer provider), the facts flow up the import
// graph, and package main reports what the program lacks:
//
//   - No propagator: code of the main module uses propagating
//     instrumentation (otelhttp handlers, middleware and transports,
//     otelgrpc stats handlers and interceptors, otelgin, otelmux,
//     otelecho, otelrestful, otelhttp.Get and its kin, or
//     otel.GetTextMapPropagator) without WithPropagators,
//     the program sets up tracing, and no package calls
//     otel.SetTextMapPropagator (setup through otelconf or autoprop
//     counts as setting it).
//   - Global tracer provider never set: code of the main module takes
//     tracers from the global provider (otel.Tracer, otel.GetTracerProvider,
//     instrumentation without WithTracerProvider), the main module creates
//     a provider with sdktrace.NewTracerProvider or otelconf, and no package
//     calls otel.SetTracerProvider.
//
// In package main it also reports a provider (sdktrace.NewTracerProvider,
// sdkmetric.NewMeterProvider, sdklog.NewLoggerProvider) held in a local
// variable that is never shut down: not returned, stored or passed to
// anything but the global setters (otel.SetTracerProvider,
// otel.SetMeterProvider, global.SetLoggerProvider), which never shut it
// down, and with no Shutdown or ForceFlush call or method value. Only
// providers that batch are reported: given WithBatcher, a span or log
// processor other than the simple one, or a metric reader that pushes;
// not those that export synchronously, are scraped by Prometheus, get
// options through a slice, or whose processor or reader is shut down
// itself.
//
// In every package it reports resource.Merge of two resources whose schema
// URLs are constants that differ, such as resource.Default(), whose schema
// URL is that of the semconv version the imported SDK uses (found through
// its imports, not a table), and resource.NewWithAttributes with another
// version's semconv.SchemaURL. And, as a warning, a resource that sets
// service.version, service.namespace, service.instance.id or
// deployment.environment(.name) but not service.name, installed with a
// provider's WithResource and not merged with resource.Default().
//
// _test.go files and test mains are not looked at. Instrumentation in
// other modules (a dependency's own otelhttp client) is its authors'
// choice and is not reported; setup in any package of the program counts.
//
// # Why
//
// Go's global propagator is a no-op until otel.SetTextMapPropagator is
// called: instrumentation then neither sends nor reads traceparent, and
// every service starts a trace of its own. Tracers taken from the global
// provider before otel.SetTracerProvider is ever called come from the
// no-op provider, so their spans are never exported. A batching provider
// that is not shut down loses its last batch when the program exits.
// resource.Merge fails with ErrSchemaURLConflict when the schema URLs
// differ; with the error dropped, the provider runs without the intended
// resource. The SDK adds service.name only in resource.Default(); a
// resource built without it leaves the service unnamed (unknown_service)
// unless the deployment sets OTEL_SERVICE_NAME.
//
// The suggested fix for a provider that is never shut down inserts
// defer tp.Shutdown(ctx) after the statement that creates it, when that
// statement is directly in func main; ctx is a variable holding
// context.Background() or context.TODO(), else context.Background(),
// never a context cancelled on the way out (Shutdown would return before
// exporting).
//
// # Bad
//
//	func main() {
//		tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp),
//			sdktrace.WithResource(resource.NewWithAttributes(semconv.SchemaURL,
//				semconv.ServiceVersion("1.4.2"))))
//		otel.SetTracerProvider(tp)
//		http.ListenAndServe(":8080", otelhttp.NewHandler(mux, "server"))
//	}
//
// # Good
//
//	func main() {
//		res, err := resource.Merge(resource.Default(), resource.NewSchemaless(
//			semconv.ServiceName("checkout"), semconv.ServiceVersion("1.4.2")))
//		if err != nil {
//			log.Fatal(err)
//		}
//		tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
//		defer tp.Shutdown(context.Background())
//		otel.SetTracerProvider(tp)
//		otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(
//			propagation.TraceContext{}, propagation.Baggage{}))
//		http.ListenAndServe(":8080", otelhttp.NewHandler(mux, "server"))
//	}
//
// # Options
//
// None.
package sdksetup
