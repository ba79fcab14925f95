// Package metric is a hermetic stub of go.opentelemetry.io/otel/sdk/metric.
package metric

import (
	"context"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/sdk/resource"
)

type MeterProvider struct{}

func (mp *MeterProvider) Meter(name string, options ...metric.MeterOption) metric.Meter { return nil }
func (mp *MeterProvider) ForceFlush(ctx context.Context) error                          { return nil }
func (mp *MeterProvider) Shutdown(ctx context.Context) error                            { return nil }

type Option interface{ apply() }

type opt struct{}

func (opt) apply() {}

type Reader interface {
	Shutdown(ctx context.Context) error
}

func NewMeterProvider(options ...Option) *MeterProvider { return &MeterProvider{} }
func WithReader(r Reader) Option                        { return opt{} }
func WithResource(res *resource.Resource) Option        { return opt{} }

type Exporter interface {
	Shutdown(ctx context.Context) error
}

type PeriodicReader struct{}

func (r *PeriodicReader) Shutdown(ctx context.Context) error { return nil }

type PeriodicReaderOption interface{ applyPeriodic() }

func NewPeriodicReader(exporter Exporter, options ...PeriodicReaderOption) *PeriodicReader {
	return &PeriodicReader{}
}

type ManualReader struct{}

func (r *ManualReader) Shutdown(ctx context.Context) error { return nil }

type ManualReaderOption interface{ applyManual() }

func NewManualReader(opts ...ManualReaderOption) *ManualReader { return &ManualReader{} }
