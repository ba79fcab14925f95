package teststoo

import "go.opentelemetry.io/otel"

var tracer = otel.Tracer("teststoo")
