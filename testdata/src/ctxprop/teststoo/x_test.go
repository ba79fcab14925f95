package teststoo

import (
	"context"
	"testing"
)

// With the tests option on, test files are checked too.
func helper(ctx context.Context, t *testing.T) {
	_, span := tracer.Start(context.Background(), "test") // want `span "test" is started from context.Background\(\) while ctx is in scope`
	span.End()
}
