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
	"github.com/otellint/otellint/runtimecheck"
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

// The README's table of live and audit finding ids lists every id of
// runtimecheck once, with its level and Instrumentation Score rule.
func TestReadmeLiveIDs(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "<!-- live-ids:begin")
	table, _, ok2 := strings.Cut(rest, "<!-- live-ids:end -->")
	if !ok || !ok2 {
		t.Fatal("README.md lacks the live-ids markers")
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 5 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		id := strings.Trim(strings.TrimSpace(cells[1]), "`")
		if _, dup := rows[id]; dup {
			t.Errorf("%s listed twice", id)
		}
		rows[id] = []string{strings.TrimSpace(cells[2]), strings.TrimSpace(cells[3])}
	}
	for _, id := range runtimecheck.IDs() {
		row, ok := rows[id]
		if !ok {
			t.Errorf("README live-ids table lacks %s", id)
			continue
		}
		delete(rows, id)
		if row[0] != string(runtimecheck.LevelOf(id)) || !strings.HasPrefix(row[1], runtimecheck.RuleForFinding(id)) || (row[1] == "") != (runtimecheck.RuleForFinding(id) == "") {
			t.Errorf("README row of %s says %v, want level %s, rule %q", id, row, runtimecheck.LevelOf(id), runtimecheck.RuleForFinding(id))
		}
	}
	for id := range rows {
		t.Errorf("README lists %s, which runtimecheck does not know", id)
	}
}
