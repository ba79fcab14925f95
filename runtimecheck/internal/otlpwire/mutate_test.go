package otlpwire

import (
	"math/rand"
	"testing"
)

// mutate applies a few random byte edits, chunk duplications and
// truncations to b (a cheap, deterministic complement to the fuzzers).
func mutate(r *rand.Rand, b []byte) []byte {
	b = append([]byte{}, b...)
	for k := 0; k < 1+r.Intn(4); k++ {
		if len(b) == 0 {
			return []byte{byte(r.Intn(256))}
		}
		switch r.Intn(3) {
		case 0:
			b[r.Intn(len(b))] = byte(r.Intn(256))
		case 1:
			p := r.Intn(len(b))
			q := p + r.Intn(len(b)-p)
			b = append(b[:q:q], append(append([]byte{}, b[p:q]...), b[q:]...)...)
		case 2:
			b = b[:r.Intn(len(b))]
		}
	}
	return b
}

func TestRandomMutationsAgree(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	n := 8000
	if testing.Short() {
		n = 2000
	}
	tr, me, lo := seedTraces(), seedMetrics(), seedLogs()
	for i := 0; i < n; i++ {
		checkTraces(t, mutate(r, tr[i%2]))
		checkMetrics(t, mutate(r, me[0]))
		checkLogs(t, mutate(r, lo[0]))
	}
}
