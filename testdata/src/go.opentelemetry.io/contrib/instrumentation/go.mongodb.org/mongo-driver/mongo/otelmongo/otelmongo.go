// Package otelmongo is a hermetic stub of
// go.opentelemetry.io/contrib/instrumentation/go.mongodb.org/mongo-driver/mongo/otelmongo (v0.40.0).
package otelmongo

import "go.mongodb.org/mongo-driver/event"

type Option interface{ apply() }

func NewMonitor(opts ...Option) *event.CommandMonitor { return &event.CommandMonitor{} }
