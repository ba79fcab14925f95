package wrapuser

import (
	"semconvattr/wrappers"

	"go.opentelemetry.io/otel/trace"
)

// Facts carry wrappers across packages.
func use(span trace.Span) {
	wrappers.SetTag(span, "http.status_code", "200") // want `attribute key "http.status_code" is deprecated`
	wrappers.Tag(span, "app.order_id")
}
