// Command shutdown creates providers and shuts some of them down.
package main

import (
	"context"
	"os/signal"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/log/global"
	"go.opentelemetry.io/otel/propagation"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

var (
	exporter sdktrace.SpanExporter
	metrics  sdkmetric.Exporter
	logs     sdklog.Exporter
	kept     *sdktrace.TracerProvider
)

type app struct{ mp *sdkmetric.MeterProvider }

func main() {
	ctx, stop := signal.NotifyContext(context.Background())
	defer stop()
	otel.SetTextMapPropagator(propagation.TraceContext{})

	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter)) // want `tracer provider tp is never shut down: spans still in its last batch are lost when the program exits; defer tp.Shutdown`
	otel.SetTracerProvider(tp)

	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metrics))) // want `meter provider mp is never shut down: metrics still in its last batch are lost when the program exits; defer mp.Shutdown`
	otel.SetMeterProvider(mp)
	_ = mp.Meter("shutdown")

	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewBatchProcessor(logs))) // want `logger provider lp is never shut down`
	global.SetLoggerProvider(lp)

	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))) // want `tracer provider created here is passed only to otel.SetTracerProvider, which never shuts it down`

	// Shut down, deferred or as a method value kept for later.
	done := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
	defer done.Shutdown(ctx)
	later := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metrics)))
	shutdowns := []func(context.Context) error{later.Shutdown}

	// Handed on: whoever receives them may shut them down.
	kept = sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
	a := app{mp: sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(metrics)))}
	handed := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
	register(handed)

	_, _, _ = ctx, shutdowns, a
	run()
}

func register(tp *sdktrace.TracerProvider) {}

// nothingToLose creates providers that hold no batch: synchronous export,
// a scraped Prometheus reader, no processor, options we cannot see.
func nothingToLose(opts []sdktrace.TracerProviderOption) {
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter)))
	synced := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sdktrace.NewSimpleSpanProcessor(exporter)))
	otel.SetTracerProvider(synced)
	prom, _ := prometheus.New()
	scraped := sdkmetric.NewMeterProvider(sdkmetric.WithReader(prom))
	otel.SetMeterProvider(scraped)
	bare := sdktrace.NewTracerProvider()
	otel.SetTracerProvider(bare)
	spread := sdktrace.NewTracerProvider(opts...)
	otel.SetTracerProvider(spread)
	simpleLogs := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(logs)))
	global.SetLoggerProvider(simpleLogs)

	// Flushed by hand.
	flushed := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
	otel.SetTracerProvider(flushed)
	defer flushed.ForceFlush(context.Background())

	// The processor and the reader are shut down themselves.
	bsp := sdktrace.NewBatchSpanProcessor(exporter)
	defer bsp.Shutdown(context.Background())
	viaProcessor := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(bsp))
	otel.SetTracerProvider(viaProcessor)
	reader := sdkmetric.NewPeriodicReader(metrics)
	defer reader.Shutdown(context.Background())
	viaReader := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	otel.SetMeterProvider(viaReader)
	unflushed := sdktrace.NewBatchSpanProcessor(exporter)
	lost := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(unflushed)) // want `tracer provider lost is never shut down`
	otel.SetTracerProvider(lost)
}

// setup is not main: a deferred Shutdown would run when it returns, so the
// finding has no fix.
func setup() {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter)) // want `tracer provider tp is never shut down`
	otel.SetTracerProvider(tp)
}

// provider returns its provider: the caller shuts it down.
func provider() *sdktrace.TracerProvider {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
	otel.SetTracerProvider(tp)
	return tp
}

func run() {
	setup()
	_ = provider()
	nothingToLose(nil)
}
