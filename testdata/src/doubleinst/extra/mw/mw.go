// Package mw is an in-house tracing middleware, configured through
// extra-server-wrappers and extra-client-wrappers.
package mw

import "net/http"

// Trace wraps h in a handler that creates a SERVER span.
func Trace(h http.Handler, name string) http.Handler { return h }

// TracedClient returns a client whose requests create CLIENT spans.
func TracedClient() *http.Client { return &http.Client{} }
