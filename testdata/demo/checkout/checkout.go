// Package checkout is a small HTTP service with the instrumentation
// mistakes otellint finds in real code.
package checkout

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

var (
	tracer = otel.Tracer("example.com/demo/checkout")
	meter  = otel.Meter("example.com/demo/checkout")
)

var orders, _ = meter.Int64Counter("checkout.orders")

// Handler serves the checkout API, instrumented with otelhttp.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders/{user}", placeOrder)
	return otelhttp.NewHandler(mux, "checkout")
}

func placeOrder(w http.ResponseWriter, r *http.Request) {
	// otelhttp already created the SERVER span for this request.
	ctx, span := tracer.Start(r.Context(), "POST /orders", trace.WithSpanKind(trace.SpanKindServer))
	defer span.End()

	user := r.PathValue("user")
	if err := reserve(ctx, user); err != nil {
		span.RecordError(err)
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	orderID := uuid.NewString()
	orders.Add(ctx, 1, metric.WithAttributes(attribute.String("order.id", orderID)))
	span.SetAttributes(attribute.Int("http.status_code", http.StatusCreated))
	w.WriteHeader(http.StatusCreated)
}

func reserve(ctx context.Context, user string) error {
	ctx, span := tracer.Start(ctx, fmt.Sprintf("reserve stock for %s", user))
	if user == "" {
		return errors.New("no user")
	}
	defer span.End()
	return charge(ctx)
}

func charge(ctx context.Context) error {
	_, span := tracer.Start(ctx, "process")
	defer span.End()
	if err := ctx.Err(); err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
		return err
	}
	return nil
}
