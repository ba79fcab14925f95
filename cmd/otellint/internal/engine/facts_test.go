package engine

import (
	"bytes"
	"testing"
)

// hashFact is a fact with an exported field, which dependents receive, and
// unexported ones that stay in the analysing process (doubleinst keeps a
// position and an AST pointer in its facts this way).
type hashFact struct {
	Where string
	pos   int
	node  *int
}

func (*hashFact) AFact() {}

// The facts digest depends on what a fact exports and on nothing that
// differs between processes: two runs of the same code, or a run and a
// cache hit (whose facts come back through gob without unexported fields),
// must give dependents the same key.
func TestFactsHashIgnoresProcessState(t *testing.T) {
	one, two := 1, 2
	digest := func(f *hashFact) []byte {
		t.Helper()
		h, err := factsHash([]encodedFact{{Object: "F", Fact: f}})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	a := digest(&hashFact{Where: "main.go:12", pos: 40, node: &one})
	// Pinned: an encoding that numbers types in the order a process first
	// meets them (gob) would pass the comparisons below within one process
	// and still differ between two.
	if want := "F\x00*engine.hashFact\x00{\"Where\":\"main.go:12\"}\x00"; string(a) != want {
		t.Errorf("digest = %q, want %q", a, want)
	}
	if b := digest(&hashFact{Where: "main.go:12", pos: 977, node: &two}); !bytes.Equal(a, b) {
		t.Errorf("the same exported fact digests differently:\n%q\n%q", a, b)
	}
	if b := digest(&hashFact{Where: "main.go:12"}); !bytes.Equal(a, b) {
		t.Errorf("a fact decoded from the cache digests differently from the one computed:\n%q\n%q", a, b)
	}
	if b := digest(&hashFact{Where: "main.go:13", pos: 40, node: &one}); bytes.Equal(a, b) {
		t.Error("a changed fact digests the same: dependents would read stale results")
	}
}
