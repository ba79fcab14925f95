package driver

import (
	"strings"
	"testing"
)

func TestRuleName(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"spanend", "spanend: span not ended on every path, so it is never exported", "SpanNotEnded"},
		// An analyzer added without a name of its own is named after its summary.
		{"ctxlost", "ctxlost: context dropped between spans; traces break", "ContextDroppedBetweenSpans"},
		{"x", "x: x", ""},
	} {
		if got := RuleName(tc.name, tc.doc); got != tc.want {
			t.Errorf("RuleName(%q) = %q, want %q", tc.name, got, tc.want)
		}
		if got := RuleName(tc.name, tc.doc); strings.EqualFold(got, tc.name) {
			t.Errorf("RuleName(%q) = %q: the id again", tc.name, got)
		}
	}
}
