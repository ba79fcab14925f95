package otelhttp

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel/attribute"
)

// Metric attribute hooks (real signatures of v0.59.0), for the highcard tests.

type Labeler struct{ attributes []attribute.KeyValue }

func (l *Labeler) Add(ls ...attribute.KeyValue)                             { l.attributes = append(l.attributes, ls...) }
func (l *Labeler) Get() []attribute.KeyValue                                { return l.attributes }
func LabelerFromContext(ctx context.Context) (*Labeler, bool)               { return &Labeler{}, false }
func ContextWithLabeler(parent context.Context, l *Labeler) context.Context { return parent }

func WithMetricAttributesFn(metricAttributesFn func(r *http.Request) []attribute.KeyValue) Option {
	return optionFunc(func(*config) {})
}
