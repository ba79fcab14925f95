package telemetry

import (
	"testing"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// The package and its test variant are both analyzed; otellint reports
// each finding in telemetry.go once. Tests may export synchronously.
func TestDebugProcessor(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	if NewDebugProcessor(exp) == nil {
		t.Fatal("no processor")
	}
}
