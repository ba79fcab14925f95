package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/analyzers/driver"
)

// rulesTable renders the README's rules table from the analyzers' docs.
func rulesTable() string {
	var b strings.Builder
	b.WriteString("| analyzer | finds |\n|---|---|\n")
	for _, a := range analyzers.All {
		fmt.Fprintf(&b, "| [`%s`](analyzers/%s/doc.go) | %s |\n", a.Name, a.Name, driver.Summary(a.Doc))
	}
	return b.String()
}

// The README's rules table is generated; this test fails when it drifts
// from the analyzers (rerun with -update to rewrite it).
func TestReadmeRulesTable(t *testing.T) {
	name := filepath.Join("..", "..", "..", "..", "README.md")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	const beginPrefix, end = "<!-- rules:begin", "<!-- rules:end -->"
	i := strings.Index(readme, beginPrefix)
	j := strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatal("README.md lacks the rules:begin/rules:end markers")
	}
	i += strings.Index(readme[i:], "-->\n") + len("-->\n")
	got, want := readme[i:j], rulesTable()
	if *update {
		if err := os.WriteFile(name, []byte(readme[:i]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("README.md rules table is stale; run go test ./cmd/otellint/internal/cli -run Readme -update (-want +got):\n%s", diff)
	}
}
