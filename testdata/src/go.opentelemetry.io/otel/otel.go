// Package otel is a hermetic stub of go.opentelemetry.io/otel for analyzer
// tests. Signatures mirror the real module (v1.47.0); bodies do nothing.
package otel

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

func Tracer(name string, opts ...trace.TracerOption) trace.Tracer { return nil }
func GetTracerProvider() trace.TracerProvider                     { return nil }
func SetTracerProvider(tp trace.TracerProvider)                   {}
func Meter(name string, opts ...metric.MeterOption) metric.Meter  { return nil }
func GetMeterProvider() metric.MeterProvider                      { return nil }
func SetMeterProvider(mp metric.MeterProvider)                    {}
func GetTextMapPropagator() propagation.TextMapPropagator         { return nil }
func SetTextMapPropagator(p propagation.TextMapPropagator)        {}
