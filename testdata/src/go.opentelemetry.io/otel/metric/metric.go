// Package metric is a hermetic stub of go.opentelemetry.io/otel/metric.
package metric

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
)

type MeterProvider interface {
	Meter(name string, opts ...MeterOption) Meter
}

type MeterOption interface{ applyMeter() }

type Meter interface {
	Int64Counter(name string, options ...Int64CounterOption) (Int64Counter, error)
	Int64UpDownCounter(name string, options ...Int64UpDownCounterOption) (Int64UpDownCounter, error)
	Int64Histogram(name string, options ...Int64HistogramOption) (Int64Histogram, error)
	Int64Gauge(name string, options ...Int64GaugeOption) (Int64Gauge, error)
	Float64Counter(name string, options ...Float64CounterOption) (Float64Counter, error)
	Float64UpDownCounter(name string, options ...Float64UpDownCounterOption) (Float64UpDownCounter, error)
	Float64Histogram(name string, options ...Float64HistogramOption) (Float64Histogram, error)
	Float64Gauge(name string, options ...Float64GaugeOption) (Float64Gauge, error)
	Int64ObservableGauge(name string, options ...Int64ObservableGaugeOption) (Int64ObservableGauge, error)
}

type Int64Counter interface {
	Add(ctx context.Context, incr int64, options ...AddOption)
}
type Int64UpDownCounter interface {
	Add(ctx context.Context, incr int64, options ...AddOption)
}
type Int64Histogram interface {
	Record(ctx context.Context, incr int64, options ...RecordOption)
}
type Int64Gauge interface {
	Record(ctx context.Context, value int64, options ...RecordOption)
}
type Float64Counter interface {
	Add(ctx context.Context, incr float64, options ...AddOption)
}
type Float64UpDownCounter interface {
	Add(ctx context.Context, incr float64, options ...AddOption)
}
type Float64Histogram interface {
	Record(ctx context.Context, incr float64, options ...RecordOption)
}
type Float64Gauge interface {
	Record(ctx context.Context, value float64, options ...RecordOption)
}
type Int64ObservableGauge interface{ int64Observable() }

type Int64Observer interface {
	Observe(value int64, options ...ObserveOption)
}

type AddOption interface{ applyAdd() }
type RecordOption interface{ applyRecord() }
type ObserveOption interface{ applyObserve() }

type MeasurementOption interface {
	AddOption
	RecordOption
	ObserveOption
}

type InstrumentOption interface {
	Int64CounterOption
	Int64UpDownCounterOption
	Int64HistogramOption
	Int64GaugeOption
	Float64CounterOption
	Float64UpDownCounterOption
	Float64HistogramOption
	Float64GaugeOption
	Int64ObservableGaugeOption
}

type Int64CounterOption interface{ applyInt64Counter() }
type Int64UpDownCounterOption interface{ applyInt64UpDownCounter() }
type Int64HistogramOption interface{ applyInt64Histogram() }
type Int64GaugeOption interface{ applyInt64Gauge() }
type Float64CounterOption interface{ applyFloat64Counter() }
type Float64UpDownCounterOption interface{ applyFloat64UpDownCounter() }
type Float64HistogramOption interface{ applyFloat64Histogram() }
type Float64GaugeOption interface{ applyFloat64Gauge() }
type Int64ObservableGaugeOption interface{ applyInt64ObservableGauge() }

type opt struct{}

func (opt) applyAdd()                  {}
func (opt) applyRecord()               {}
func (opt) applyObserve()              {}
func (opt) applyMeter()                {}
func (opt) applyInt64Counter()         {}
func (opt) applyInt64UpDownCounter()   {}
func (opt) applyInt64Histogram()       {}
func (opt) applyInt64Gauge()           {}
func (opt) applyFloat64Counter()       {}
func (opt) applyFloat64UpDownCounter() {}
func (opt) applyFloat64Histogram()     {}
func (opt) applyFloat64Gauge()         {}
func (opt) applyInt64ObservableGauge() {}

func WithAttributes(attributes ...attribute.KeyValue) MeasurementOption { return opt{} }
func WithAttributeSet(attributes attribute.Set) MeasurementOption       { return opt{} }
func WithUnit(u string) InstrumentOption                                { return opt{} }
func WithDescription(desc string) InstrumentOption                      { return opt{} }
func WithInstrumentationVersion(version string) MeterOption             { return opt{} }
