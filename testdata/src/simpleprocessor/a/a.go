package a

import (
	"context"

	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/trace"
	sdk "go.opentelemetry.io/otel/sdk/trace"
)

func syncer(exp trace.SpanExporter) *trace.TracerProvider {
	return trace.NewTracerProvider(trace.WithSyncer(exp)) // want `sdktrace.WithSyncer exports each span synchronously as it ends, so every request waits for the exporter; the SDK documents it as not for production: use WithBatcher`
}

func aliased(exp sdk.SpanExporter) sdk.SpanProcessor {
	return sdk.NewSimpleSpanProcessor(exp) // want `sdktrace.NewSimpleSpanProcessor exports each span synchronously as it ends`
}

func registered(tp *trace.TracerProvider, exp trace.SpanExporter) {
	tp.RegisterSpanProcessor(trace.NewSimpleSpanProcessor(exp)) // want `sdktrace.NewSimpleSpanProcessor`
}

func methodValue(exp trace.SpanExporter) trace.SpanProcessor {
	newProc := trace.NewSimpleSpanProcessor // want `sdktrace.NewSimpleSpanProcessor`
	return newProc(exp)
}

func logs(exp sdklog.Exporter) *sdklog.LoggerProvider {
	return sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp))) // want `sdklog.NewSimpleProcessor exports each log record synchronously as it is emitted, so every request waits for the exporter; the SDK documents it as not for production: use NewBatchProcessor`
}

// The result type differs between the simple and batch log processors, so
// no fix is offered when the result is kept in a variable.
func logsKept(exp sdklog.Exporter) *sdklog.SimpleProcessor {
	p := sdklog.NewSimpleProcessor(exp) // want `sdklog.NewSimpleProcessor`
	return p
}

func batched(exp trace.SpanExporter) {
	tp := trace.NewTracerProvider(trace.WithBatcher(exp))
	defer tp.Shutdown(context.Background())
	_ = trace.NewBatchSpanProcessor(exp)
	_ = sdklog.NewBatchProcessor(nil)
}

func ignored(exp trace.SpanExporter) trace.TracerProviderOption {
	//otellint:ignore simpleprocessor this CLI exits right after one span and must not lose it
	return trace.WithSyncer(exp)
}

func ignoredSameLine(exp trace.SpanExporter) trace.TracerProviderOption {
	return trace.WithSyncer(exp) //otellint:ignore simpleprocessor debug build only
}

func noReason(exp trace.SpanExporter) trace.TracerProviderOption {
	//otellint:ignore simpleprocessor // want `//otellint:ignore directive has no reason`
	return trace.WithSyncer(exp)
}

func otherAnalyzer(exp trace.SpanExporter) trace.TracerProviderOption {
	//otellint:ignore nosuchanalyzer because // want `//otellint:ignore directive names unknown analyzer "nosuchanalyzer"`
	return trace.WithSyncer(exp) // want `sdktrace.WithSyncer`
}
