package analyzers_test

import (
	"sync"
	"testing"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/analyzers/driver"
	"github.com/otellint/otellint/analyzers/internal/testutil"
)

// Two sets built for different configurations analyse at the same time in
// one process without seeing each other's configuration: what the editor
// server does for two workspaces.
func TestSetsAreIndependent(t *testing.T) {
	off, err := driver.ParseConfig("off.yml", []byte("disable: [spanend]\n"))
	if err != nil {
		t.Fatal(err)
	}
	sets := []*analyzers.Set{analyzers.New(analyzers.Source{File: off}), analyzers.New(analyzers.Source{})}
	counts := make([]int, len(sets))
	var wg sync.WaitGroup
	for i, s := range sets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i] = len(testutil.Diagnostics(t, s.ByName("spanend"), "spanend/a"))
		}()
	}
	wg.Wait()
	if counts[0] != 0 || counts[1] == 0 {
		t.Errorf("spanend findings: %d with spanend disabled (want 0), %d with the defaults (want some)", counts[0], counts[1])
	}
	if sets[0].ByName("spanend") == sets[1].ByName("spanend") || sets[1].ByName("spanend") == analyzers.ByName("spanend") {
		t.Error("sets share analyzer instances")
	}
}
