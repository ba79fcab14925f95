package a

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"
)

// Tests may assert legacy keys.
func TestLegacy(t *testing.T) {
	_ = attribute.Int("http.status_code", 200)
}
