// Package resource is a hermetic stub of go.opentelemetry.io/otel/sdk/resource.
package resource

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel/attribute"
)

var ErrSchemaURLConflict = errors.New("conflicting Schema URL")

type Resource struct{}

func (r *Resource) SchemaURL() string                { return "" }
func (r *Resource) Attributes() []attribute.KeyValue { return nil }

func NewWithAttributes(schemaURL string, attrs ...attribute.KeyValue) *Resource { return &Resource{} }
func NewSchemaless(attrs ...attribute.KeyValue) *Resource                       { return &Resource{} }
func Empty() *Resource                                                          { return nil }
func Merge(a, b *Resource) (*Resource, error)                                   { return a, nil }

type Option interface{ apply() }

type opt struct{}

func (opt) apply() {}

func New(ctx context.Context, opts ...Option) (*Resource, error) { return &Resource{}, nil }
func WithAttributes(attributes ...attribute.KeyValue) Option     { return opt{} }
func WithSchemaURL(schemaURL string) Option                      { return opt{} }
func WithFromEnv() Option                                        { return opt{} }
func WithTelemetrySDK() Option                                   { return opt{} }
func WithHost() Option                                           { return opt{} }
