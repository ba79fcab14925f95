package cli

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseUnifiedDiff(t *testing.T) {
	root := filepath.FromSlash("/repo")
	diff := `diff --git a/svc/h.go b/svc/h.go
index 1..2 100644
--- a/svc/h.go
+++ b/svc/h.go
@@ -10,0 +11,2 @@ func f() {
+	a()
+	b()
@@ -20 +22 @@
-x
+y
@@ -30,3 +32,0 @@
diff --git a/old.go b/old.go
--- a/old.go
+++ /dev/null
@@ -1,3 +0,0 @@
--- svc/plain.go	2026-01-01 10:00:00
+++ svc/plain.go	2026-01-01 10:00:01
@@ -1,4 +1,5 @@
`
	got, err := parseUnifiedDiff(strings.NewReader(diff), root)
	if err != nil {
		t.Fatal(err)
	}
	want := changedLines{
		filepath.Join(root, "svc", "h.go"):     {{11, 12}, {22, 22}},
		filepath.Join(root, "svc", "plain.go"): {{1, 5}},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(lineRange{})); diff != "" {
		t.Errorf("changed lines (-want +got):\n%s", diff)
	}
	if _, err := parseUnifiedDiff(strings.NewReader("+++ b/x.go\n@@ -1 +x @@\n"), root); err == nil {
		t.Error("a malformed hunk header was accepted")
	}
}

// A finding is new when its line changed, or the line of a related
// location did: a span started on an old line that leaks on a new return.
func TestChangedLinesKeep(t *testing.T) {
	c := changedLines{"/r/a.go": {{10, 12}}, "/r/new.go": {wholeFile}}
	at := func(file string, line int) token.Position { return token.Position{Filename: file, Line: line} }
	for _, tc := range []struct {
		f    Finding
		want bool
	}{
		{Finding{Pos: at("/r/a.go", 11)}, true},
		{Finding{Pos: at("/r/a.go", 13)}, false},
		{Finding{Pos: at("/r/b.go", 11)}, false},
		{Finding{Pos: at("/r/new.go", 400)}, true},
		{Finding{Pos: at("/r/a.go", 3), Related: []Related{{Pos: at("/r/a.go", 12)}}}, true},
	} {
		if got := c.keeps(tc.f); got != tc.want {
			t.Errorf("keeps(%v) = %v, want %v", tc.f.Pos, got, tc.want)
		}
	}
}

// Baselined findings stay hidden when the code around them moves (their
// messages cite other line numbers then); one more of the same is new, and
// so is the same message in another file or from another analyzer.
func TestBaseline(t *testing.T) {
	m := pathMapper{cwd: "/repo", root: "/repo"}
	f := func(analyzer, file string, line int, msg string) Finding {
		return Finding{Analyzer: analyzer, Pos: token.Position{Filename: file, Line: line}, Message: msg}
	}
	old := []Finding{
		f("spanend", "/repo/a.go", 52, `span "span" is not ended on the return at line 54; an unended span is never exported`),
		f("spanname", "/repo/a.go", 61, `span name "process" is too generic`),
		f("spanname", "/repo/a.go", 70, `span name "process" is too generic`),
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "baseline.json")
	if err := writeBaseline(name, old, m); err != nil {
		t.Fatal(err)
	}
	b, err := readBaseline(name)
	if err != nil {
		t.Fatal(err)
	}
	now := []Finding{
		f("spanend", "/repo/a.go", 60, `span "span" is not ended on the return at line 62; an unended span is never exported`), // moved down 8 lines
		f("spanname", "/repo/a.go", 69, `span name "process" is too generic`),
		f("spanname", "/repo/a.go", 78, `span name "process" is too generic`),
		f("spanname", "/repo/a.go", 90, `span name "process" is too generic`), // a third: new
		f("spanname", "/repo/b.go", 5, `span name "process" is too generic`),  // another file: new
		f("spanend", "/repo/a.go", 61, `span name "process" is too generic`),  // another analyzer: new
	}
	left, hidden := b.filter(now, m)
	if hidden != 3 || len(left) != 3 || left[0].Pos.Line != 90 || left[1].Pos.Filename != "/repo/b.go" || left[2].Analyzer != "spanend" {
		t.Errorf("baseline hid %d, left %+v", hidden, left)
	}
	for _, bad := range []string{`{"version": 2, "findings": []}`, `[1, 2]`} {
		p := filepath.Join(dir, "bad.json")
		if err := os.WriteFile(p, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := readBaseline(p); err == nil {
			t.Errorf("baseline %s accepted", bad)
		}
	}
}
