package company

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

func f(span trace.Span) {
	span.SetAttributes(
		attribute.String("acme.tenant.id", "t"),
		attribute.String("acme.tenant.idd", "t"),      // want `attribute key "acme.tenant.idd" is not defined by the registry \(0.1.0\), which owns its namespace; did you mean "acme.tenant.id"\?`
		attribute.Float64("acme.order.amount", 1),     // want `attribute key "acme.order.amount" is deprecated in the registry \(0.1.0\): renamed to "acme.order.total"`
		attribute.Int("acme.tenant.id", 1),            // want `attribute "acme.tenant.id" is string in the registry \(0.1.0\), but an int value is written`
		attribute.String("acme.tier", "platinum"),     // want `value "platinum" is not allowed for attribute "acme.tier", whose values are a closed set: "gold", "silver"`
		attribute.String("acme.region", "eu"),         // want `attribute key "acme.region" is not defined by the registry, though namespace "acme" is owned by it \(owned-namespaces\)`
		attribute.String("http.request.methd", "GET"), // want `did you mean "http.request.method"`
	)
}
