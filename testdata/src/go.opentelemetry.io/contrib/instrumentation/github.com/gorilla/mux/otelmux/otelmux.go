// Package otelmux is a hermetic stub of
// go.opentelemetry.io/contrib/instrumentation/github.com/gorilla/mux/otelmux (v0.58.0).
package otelmux

import "github.com/gorilla/mux"

type Option interface{ apply() }

func Middleware(service string, opts ...Option) mux.MiddlewareFunc { return nil }
