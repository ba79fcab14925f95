// Command shutdown creates providers and shuts some of them down.
package main

import (
	"context"
	"os/signal"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/log/global"
	"go.opentelemetry.io/otel/propagation"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

var (
	exporter sdktrace.SpanExporter
	kept     *sdktrace.TracerProvider
)

type app struct{ mp *sdkmetric.MeterProvider }

func main() {
	ctx, stop := signal.NotifyContext(context.Background())
	defer stop()
	otel.SetTextMapPropagator(propagation.TraceContext{})

	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter)) // want `tracer provider tp is never shut down: spans still in its last batch are lost when the program exits; defer tp.Shutdown`
	otel.SetTracerProvider(tp)

	mp := sdkmetric.NewMeterProvider() // want `meter provider mp is never shut down: metrics still in its last batch are lost when the program exits; defer mp.Shutdown`
	otel.SetMeterProvider(mp)
	_ = mp.Meter("shutdown")

	lp := sdklog.NewLoggerProvider() // want `logger provider lp is never shut down`
	global.SetLoggerProvider(lp)

	otel.SetTracerProvider(sdktrace.NewTracerProvider()) // want `tracer provider created here is passed only to otel.SetTracerProvider, which never shuts it down`

	// Shut down, deferred or as a method value kept for later.
	done := sdktrace.NewTracerProvider()
	defer done.Shutdown(ctx)
	later := sdkmetric.NewMeterProvider()
	shutdowns := []func(context.Context) error{later.Shutdown}

	// Handed on: whoever receives them may shut them down.
	kept = sdktrace.NewTracerProvider()
	a := app{mp: sdkmetric.NewMeterProvider()}
	handed := sdktrace.NewTracerProvider()
	register(handed)

	_, _, _ = ctx, shutdowns, a
	run()
}

func register(tp *sdktrace.TracerProvider) {}

// setup is not main: a deferred Shutdown would run when it returns, so the
// finding has no fix.
func setup() {
	tp := sdktrace.NewTracerProvider() // want `tracer provider tp is never shut down`
	otel.SetTracerProvider(tp)
}

// provider returns its provider: the caller shuts it down.
func provider() *sdktrace.TracerProvider {
	tp := sdktrace.NewTracerProvider()
	otel.SetTracerProvider(tp)
	return tp
}

func run() {
	setup()
	_ = provider()
}
