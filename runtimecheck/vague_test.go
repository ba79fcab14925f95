package runtimecheck

import (
	"testing"

	"github.com/otellint/otellint/semconv"
)

// The runtime checker judges span names by the list the spanname analyzer
// uses (semconv.VagueSpanNames): every entry, as written, is vague here.
func TestVagueListShared(t *testing.T) {
	for _, w := range semconv.VagueSpanNames {
		if !isVagueName([]byte(w)) {
			t.Errorf("%q is in semconv.VagueSpanNames but not vague at runtime", w)
		}
	}
	if isVagueName([]byte("checkout.place_order")) {
		t.Error("a name of the operation is vague")
	}
}

// isVagueName's buffers hold three of the longest vague words.
func TestVagueListFits(t *testing.T) {
	if 3*maxVagueLen > 3*16 {
		t.Fatalf("the longest vague word has %d letters; isVagueName's buffers hold 16", maxVagueLen)
	}
}
