// Package mid imports nothing from OpenTelemetry, but its Get starts a
// span through lib: the fact crosses it.
package mid

import (
	"context"

	"ctxprop/lib"
)

func Get(ctx context.Context) error { return lib.Load(ctx, "mid") } // want Get:"startsSpan\\(0\\)"
