// Package resource is a hermetic stub of go.opentelemetry.io/otel/sdk/resource.
package resource

import "go.opentelemetry.io/otel/attribute"

type Resource struct{}

func NewWithAttributes(schemaURL string, attrs ...attribute.KeyValue) *Resource { return &Resource{} }
func NewSchemaless(attrs ...attribute.KeyValue) *Resource                       { return &Resource{} }
func Default() *Resource                                                        { return &Resource{} }
