// Package metrics is an in-house wrapper around the metrics API: facts
// say which parameters become metric attributes, so that the values
// passed to them are checked where they are called.
package metrics

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

var counter metric.Int64Counter

// IncrementCounter takes its attributes as key/value pairs of strings.
func IncrementCounter(ctx context.Context, name string, labels ...string) { // want IncrementCounter:"metricParams\\(2:pairs\\)"
	attrs := make([]attribute.KeyValue, 0, len(labels)/2)
	for i := 0; i+1 < len(labels); i += 2 {
		attrs = append(attrs, attribute.String(labels[i], labels[i+1]))
	}
	counter.Add(ctx, 1, metric.WithAttributes(attrs...))
}

// ObservePath records the path it is given.
func ObservePath(ctx context.Context, path string) { // want ObservePath:"metricParams\\(1:value url.path\\)"
	counter.Add(ctx, 1, metric.WithAttributes(attribute.String("url.path", path))) // want `metric attribute "url.path" is unbounded by convention`
}

// Recorder is implemented below with metric.WithAttributes.
type Recorder interface {
	Inc(ctx context.Context, attrs ...attribute.KeyValue) // want Inc:"metricParams\\(1:kvs\\)"
}

type otelRecorder struct{ c metric.Int64Counter }

func (o *otelRecorder) Inc(ctx context.Context, attrs ...attribute.KeyValue) {
	o.c.Add(ctx, 1, metric.WithAttributes(attrs...))
}

// New returns the Recorder.
func New(c metric.Int64Counter) Recorder { return &otelRecorder{c} }
