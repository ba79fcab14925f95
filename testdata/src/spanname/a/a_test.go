package a

import "context"

// Test files are not checked by default.
func helperForTests(ctx context.Context) {
	tracer.Start(ctx, "test")
}
