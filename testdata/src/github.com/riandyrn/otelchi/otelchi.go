// Package otelchi is a hermetic stub of github.com/riandyrn/otelchi (v0.12.2).
package otelchi

import "net/http"

type Option interface{ apply() }

func Middleware(serverName string, opts ...Option) func(next http.Handler) http.Handler {
	return func(next http.Handler) http.Handler { return next }
}
