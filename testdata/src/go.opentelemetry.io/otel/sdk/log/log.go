// Package log is a hermetic stub of go.opentelemetry.io/otel/sdk/log.
package log

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/sdk/resource"
)

type Record struct{}

type Exporter interface {
	Export(ctx context.Context, records []Record) error
	Shutdown(ctx context.Context) error
	ForceFlush(ctx context.Context) error
}

type Processor interface {
	OnEmit(ctx context.Context, record *Record) error
	Shutdown(ctx context.Context) error
	ForceFlush(ctx context.Context) error
}

type SimpleProcessor struct{}

func (p *SimpleProcessor) OnEmit(ctx context.Context, r *Record) error { return nil }
func (p *SimpleProcessor) Shutdown(ctx context.Context) error          { return nil }
func (p *SimpleProcessor) ForceFlush(ctx context.Context) error        { return nil }

type BatchProcessor struct{}

func (p *BatchProcessor) OnEmit(ctx context.Context, r *Record) error { return nil }
func (p *BatchProcessor) Shutdown(ctx context.Context) error          { return nil }
func (p *BatchProcessor) ForceFlush(ctx context.Context) error        { return nil }

type SimpleProcessorOption interface{ applySimple() }
type BatchProcessorOption interface{ applyBatch() }

type batchOpt struct{}

func (batchOpt) applyBatch() {}

func NewSimpleProcessor(exporter Exporter, _ ...SimpleProcessorOption) *SimpleProcessor {
	return &SimpleProcessor{}
}
func NewBatchProcessor(exporter Exporter, opts ...BatchProcessorOption) *BatchProcessor {
	return &BatchProcessor{}
}
func WithExportInterval(d time.Duration) BatchProcessorOption { return batchOpt{} }

type LoggerProvider struct{}
type LoggerProviderOption interface{ applyLP() }

type lpOpt struct{}

func (lpOpt) applyLP() {}

func NewLoggerProvider(opts ...LoggerProviderOption) *LoggerProvider { return &LoggerProvider{} }
func WithProcessor(processor Processor) LoggerProviderOption         { return lpOpt{} }
func WithResource(res *resource.Resource) LoggerProviderOption       { return lpOpt{} }
func (p *LoggerProvider) Shutdown(ctx context.Context) error         { return nil }

func (p *LoggerProvider) Logger(name string, opts ...log.LoggerOption) log.Logger { return nil }
func (p *LoggerProvider) ForceFlush(ctx context.Context) error                    { return nil }
