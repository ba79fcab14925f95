package checkout

import (
	"context"

	"go.opentelemetry.io/otel/codes"
)

// Quote prices n items of sku; the stock level decides the discount.
func Quote(ctx context.Context, sku string, n int) (int, error) {
	// The context Start returns is dropped: the CLIENT span of the
	// inventory request below becomes a sibling of "checkout.quote".
	_, span := tracer.Start(ctx, "checkout.quote")
	defer span.End()
	resp, err := StockLevel(ctx, sku)
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
		return 0, err
	}
	defer resp.Body.Close()
	price := 100 * n
	if resp.ContentLength > 1000 {
		price = price * 9 / 10
	}
	return price, nil
}
