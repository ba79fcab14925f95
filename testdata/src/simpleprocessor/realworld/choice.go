// Package realworld holds shapes from real code that must not be reported.
package realworld

import (
	"context"
	"errors"

	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

type processorConfig struct {
	Batch  *struct{}
	Simple *struct{}
}

// Shape of go.opentelemetry.io/contrib/otelconf: the configuration file
// names the processor type; "simple" is the user's explicit choice.
func spanProcessor(exp sdktrace.SpanExporter, p processorConfig) (sdktrace.SpanProcessor, error) {
	if p.Batch != nil {
		return batchSpanProcessor(exp)
	}
	if p.Simple != nil {
		return sdktrace.NewSimpleSpanProcessor(exp), nil
	}
	return nil, errors.New("unsupported span processor type")
}

func batchSpanProcessor(exp sdktrace.SpanExporter) (sdktrace.SpanProcessor, error) {
	return sdktrace.NewBatchSpanProcessor(exp), nil
}

// Shape of telemetrygen: a --batch flag chooses.
func generator(exp sdktrace.SpanExporter, batch bool) sdktrace.SpanProcessor {
	var ssp sdktrace.SpanProcessor
	if batch {
		ssp = sdktrace.NewBatchSpanProcessor(exp)
	} else {
		ssp = sdktrace.NewSimpleSpanProcessor(exp)
	}
	return ssp
}

// Shape of docker's otelutil: an in-process recorder exported
// synchronously beside the batched network exporter.
func provider(recorder, exp sdktrace.SpanExporter) *sdktrace.TracerProvider {
	return sdktrace.NewTracerProvider(
		sdktrace.WithSyncer(recorder),
		sdktrace.WithBatcher(exp),
	)
}

func logProcessor(exp sdklog.Exporter, simple bool) sdklog.Processor {
	if simple {
		return sdklog.NewSimpleProcessor(exp)
	}
	return sdklog.NewBatchProcessor(exp)
}

var _ = context.Background
