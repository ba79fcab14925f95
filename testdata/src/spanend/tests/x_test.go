package tests

import (
	"context"
	"testing"
)

// Tests leave spans open on purpose: not reported by default.
func TestOpen(t *testing.T) {
	_, span := Open(context.Background())
	if span == nil {
		t.Fatal("no span")
	}
}
