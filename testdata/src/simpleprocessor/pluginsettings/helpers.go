// Package pluginsettings is reported under the default allow list; the
// plugin test allows it through the settings block, so no diagnostic is
// expected here.
package pluginsettings

import "go.opentelemetry.io/otel/sdk/trace"

func newProvider(exp trace.SpanExporter) *trace.TracerProvider {
	return trace.NewTracerProvider(trace.WithSyncer(exp))
}
