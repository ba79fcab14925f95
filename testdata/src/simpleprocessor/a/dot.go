package a

import . "go.opentelemetry.io/otel/sdk/trace"

func dotted(exp SpanExporter) TracerProviderOption {
	return WithSyncer(exp) // want `sdktrace.WithSyncer`
}
