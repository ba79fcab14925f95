// Package global is a hermetic stub of go.opentelemetry.io/otel/log/global.
package global

import "go.opentelemetry.io/otel/log"

func GetLoggerProvider() log.LoggerProvider         { return nil }
func SetLoggerProvider(provider log.LoggerProvider) {}
