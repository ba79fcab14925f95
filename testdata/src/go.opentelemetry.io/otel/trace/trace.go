// Package trace is a hermetic stub of go.opentelemetry.io/otel/trace.
package trace

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
)

type Tracer interface {
	Start(ctx context.Context, spanName string, opts ...SpanStartOption) (context.Context, Span)
}

type TracerProvider interface {
	Tracer(name string, options ...TracerOption) Tracer
}

type Span interface {
	End(options ...SpanEndOption)
	AddEvent(name string, options ...EventOption)
	AddLink(link Link)
	IsRecording() bool
	RecordError(err error, options ...EventOption)
	SpanContext() SpanContext
	SetStatus(code codes.Code, description string)
	SetName(name string)
	SetAttributes(kv ...attribute.KeyValue)
	TracerProvider() TracerProvider
}

type Link struct {
	SpanContext SpanContext
	Attributes  []attribute.KeyValue
}

type TraceID [16]byte
type SpanID [8]byte

type SpanContext struct{}

func (sc SpanContext) IsValid() bool    { return false }
func (sc SpanContext) TraceID() TraceID { return TraceID{} }
func (sc SpanContext) SpanID() SpanID   { return SpanID{} }
func (t TraceID) String() string        { return "" }
func (s SpanID) String() string         { return "" }

type SpanKind int

const (
	SpanKindUnspecified SpanKind = 0
	SpanKindInternal    SpanKind = 1
	SpanKindServer      SpanKind = 2
	SpanKindClient      SpanKind = 3
	SpanKindProducer    SpanKind = 4
	SpanKindConsumer    SpanKind = 5
)

type SpanConfig struct{}

type SpanStartOption interface{ applySpanStart(SpanConfig) SpanConfig }
type SpanEndOption interface{ applySpanEnd(SpanConfig) SpanConfig }
type EventOption interface{ applyEvent(SpanConfig) SpanConfig }
type TracerOption interface{ apply(SpanConfig) SpanConfig }

type SpanStartEventOption interface {
	SpanStartOption
	EventOption
}

type SpanEndEventOption interface {
	SpanEndOption
	EventOption
}

type option struct{}

func (option) applySpanStart(c SpanConfig) SpanConfig { return c }
func (option) applySpanEnd(c SpanConfig) SpanConfig   { return c }
func (option) applyEvent(c SpanConfig) SpanConfig     { return c }
func (option) apply(c SpanConfig) SpanConfig          { return c }

func WithAttributes(attributes ...attribute.KeyValue) SpanStartEventOption { return option{} }
func WithSpanKind(kind SpanKind) SpanStartOption                           { return option{} }
func WithTimestamp(t time.Time) SpanEventOption                            { return option{} }
func WithStackTrace(b bool) SpanEndEventOption                             { return option{} }
func WithLinks(links ...Link) SpanStartOption                              { return option{} }
func WithNewRoot() SpanStartOption                                         { return option{} }
func WithInstrumentationVersion(version string) TracerOption               { return option{} }

type SpanEventOption interface {
	SpanOption
	EventOption
}

type SpanOption interface {
	SpanStartOption
	SpanEndOption
}

func SpanFromContext(ctx context.Context) Span                          { return nil }
func ContextWithSpan(parent context.Context, span Span) context.Context { return parent }
func SpanContextFromContext(ctx context.Context) SpanContext            { return SpanContext{} }
func ContextWithSpanContext(parent context.Context, sc SpanContext) context.Context {
	return parent
}
func ContextWithRemoteSpanContext(parent context.Context, rsc SpanContext) context.Context {
	return parent
}
func LinkFromContext(ctx context.Context, attrs ...attribute.KeyValue) Link { return Link{} }
