package telemetry

import (
	"go.opentelemetry.io/otel/sdk/resource"
	semconv "go.opentelemetry.io/otel/semconv/v1.26.0"
)

// Version is the release of the checkout service.
const Version = "1.4.2"

// Resource describes the service for the metrics pipeline: the SDK's
// defaults (host, SDK version) with the service's name and version.
func Resource() *resource.Resource {
	res, _ := resource.Merge(resource.Default(),
		resource.NewWithAttributes(semconv.SchemaURL, semconv.ServiceName("checkout"), semconv.ServiceVersion(Version)))
	return res
}
