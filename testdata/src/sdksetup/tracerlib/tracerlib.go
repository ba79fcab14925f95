// Package tracerlib takes its tracer from the global provider.
package tracerlib

import (
	"context"

	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("sdksetup/tracerlib")

func Work(ctx context.Context) {
	_, span := tracer.Start(ctx, "work")
	defer span.End()
}
