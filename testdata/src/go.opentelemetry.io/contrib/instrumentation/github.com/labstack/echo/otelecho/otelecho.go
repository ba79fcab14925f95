// Package otelecho is a hermetic stub of
// go.opentelemetry.io/contrib/instrumentation/github.com/labstack/echo/otelecho (v0.60.0).
package otelecho

import "github.com/labstack/echo/v4"

type Option interface{ apply() }

func Middleware(service string, opts ...Option) echo.MiddlewareFunc { return nil }
