package tests

import "go.opentelemetry.io/otel"

var tracer = otel.Tracer("tests")
