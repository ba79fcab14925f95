// Package trace is a hermetic stub of go.opentelemetry.io/otel/sdk/trace.
package trace

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/sdk/resource"
	"go.opentelemetry.io/otel/trace"
)

type ReadOnlySpan interface{ Name() string }
type ReadWriteSpan interface{ ReadOnlySpan }

type SpanExporter interface {
	ExportSpans(ctx context.Context, spans []ReadOnlySpan) error
	Shutdown(ctx context.Context) error
}

type SpanProcessor interface {
	OnStart(parent context.Context, s ReadWriteSpan)
	OnEnd(s ReadOnlySpan)
	Shutdown(ctx context.Context) error
	ForceFlush(ctx context.Context) error
}

type TracerProvider struct{}

func (p *TracerProvider) Tracer(name string, opts ...trace.TracerOption) trace.Tracer { return nil }
func (p *TracerProvider) Shutdown(ctx context.Context) error                          { return nil }
func (p *TracerProvider) ForceFlush(ctx context.Context) error                        { return nil }
func (p *TracerProvider) RegisterSpanProcessor(sp SpanProcessor)                      {}

type TracerProviderOption interface{ apply() }
type BatchSpanProcessorOption func()

type tpOption struct{}

func (tpOption) apply() {}

type proc struct{}

func (proc) OnStart(parent context.Context, s ReadWriteSpan) {}
func (proc) OnEnd(s ReadOnlySpan)                            {}
func (proc) Shutdown(ctx context.Context) error              { return nil }
func (proc) ForceFlush(ctx context.Context) error            { return nil }

func NewTracerProvider(opts ...TracerProviderOption) *TracerProvider { return &TracerProvider{} }

// WithSyncer mirrors the real definition, which the analyzer must not
// report: it is the SDK defining the option, not a use of it.
func WithSyncer(e SpanExporter) TracerProviderOption {
	return WithSpanProcessor(NewSimpleSpanProcessor(e))
}
func WithBatcher(e SpanExporter, opts ...BatchSpanProcessorOption) TracerProviderOption {
	return tpOption{}
}
func WithSpanProcessor(sp SpanProcessor) TracerProviderOption    { return tpOption{} }
func WithResource(r *resource.Resource) TracerProviderOption     { return tpOption{} }
func NewSimpleSpanProcessor(exporter SpanExporter) SpanProcessor { return proc{} }
func NewBatchSpanProcessor(exporter SpanExporter, options ...BatchSpanProcessorOption) SpanProcessor {
	return proc{}
}
func WithBatchTimeout(delay time.Duration) BatchSpanProcessorOption { return func() {} }
func WithMaxExportBatchSize(size int) BatchSpanProcessorOption      { return func() {} }
