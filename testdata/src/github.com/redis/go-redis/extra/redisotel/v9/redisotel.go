// Package redisotel is a hermetic stub of github.com/redis/go-redis/extra/redisotel/v9 (v9.23.0).
package redisotel

import "github.com/redis/go-redis/v9"

type TracingOption interface{ tracing() }

func InstrumentTracing(rdb redis.UniversalClient, opts ...TracingOption) error { return nil }
