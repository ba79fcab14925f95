// Package otelaws is a hermetic stub of
// go.opentelemetry.io/contrib/instrumentation/github.com/aws/aws-sdk-go-v2/otelaws (v0.72.0).
package otelaws

import "github.com/aws/smithy-go/middleware"

type Option interface{ apply() }

func AppendMiddlewares(apiOptions *[]func(*middleware.Stack) error, opts ...Option) {}
