package checkout

import (
	"context"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/trace"
)

// inventory is the HTTP client for the inventory service; otelhttp creates
// a CLIENT span for every request it sends.
var inventory = &http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport)}

// StockLevel asks the inventory service how many items of sku are left.
func StockLevel(ctx context.Context, sku string) (*http.Response, error) {
	ctx, span := tracer.Start(ctx, "GET /stock/{sku}", trace.WithSpanKind(trace.SpanKindClient))
	defer span.End()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:8081/stock/"+sku, nil)
	if err != nil {
		return nil, err
	}
	return inventory.Do(req)
}
