package otel

import "go.opentelemetry.io/otel/propagation"

func GetTextMapPropagator() propagation.TextMapPropagator           { return nil }
func SetTextMapPropagator(propagator propagation.TextMapPropagator) {}
