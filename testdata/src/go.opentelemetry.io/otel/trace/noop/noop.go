// Package noop is a hermetic stub of go.opentelemetry.io/otel/trace/noop.
// Signatures mirror the real module (v1.47.0); bodies do nothing.
package noop

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

type TracerProvider struct{}

func NewTracerProvider() TracerProvider { return TracerProvider{} }

func (TracerProvider) Tracer(string, ...trace.TracerOption) trace.Tracer { return Tracer{} }

type Tracer struct{}

func (Tracer) Start(ctx context.Context, _ string, _ ...trace.SpanStartOption) (context.Context, trace.Span) {
	return ctx, Span{}
}

type Span struct{ sc trace.SpanContext }

func (s Span) SpanContext() trace.SpanContext        { return s.sc }
func (Span) IsRecording() bool                       { return false }
func (Span) SetStatus(codes.Code, string)            {}
func (Span) SetAttributes(...attribute.KeyValue)     {}
func (Span) End(...trace.SpanEndOption)              {}
func (Span) RecordError(error, ...trace.EventOption) {}
func (Span) AddEvent(string, ...trace.EventOption)   {}
func (Span) AddLink(trace.Link)                      {}
func (Span) SetName(string)                          {}
func (Span) TracerProvider() trace.TracerProvider    { return TracerProvider{} }
