package teststoo

import (
	"context"
	"testing"
)

// With the tests option, test files are checked too.
func TestOpen(t *testing.T) {
	_, span := Open(context.Background()) // want `span "span" started by Open is never ended`
	if span == nil {
		t.Fatal("no span")
	}
}
