package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/otellint/otellint/analyzers"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func sampleFindings() []Finding {
	file := "/repo/svc/handler.go"
	pos := func(line, col, off int) token.Position {
		return token.Position{Filename: file, Line: line, Column: col, Offset: off}
	}
	return []Finding{
		{
			Analyzer: "simpleprocessor",
			Severity: "error",
			Pos:      pos(12, 3, 200),
			End:      pos(12, 22, 219),
			Message:  "sdktrace.WithSyncer exports each span synchronously as it ends, so every request waits for the exporter; the SDK documents it as not for production: use WithBatcher",
			Fixes: []Fix{{Message: "Use WithBatcher", Edits: []Edit{
				{Start: pos(12, 12, 209), End: pos(12, 22, 219), NewText: "WithBatcher"},
			}}},
		},
		{
			Analyzer: "otellint",
			Severity: "warning",
			Pos:      pos(30, 2, 500),
			End:      pos(30, 2, 500),
			Message:  "this //otellint:ignore directive for spanend suppressed nothing; remove it",
			Related:  []Related{{Pos: pos(31, 2, 540), Message: "the line it covers, with: commas, colons\nand a newline"}},
		},
	}
}

func TestFormatsGolden(t *testing.T) {
	m := pathMapper{cwd: "/repo/svc", root: "/repo"}
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := writeFindings(&buf, format, sampleFindings(), m, analyzers.All); err != nil {
				t.Fatal(err)
			}
			got := buf.String()
			if format == "sarif" {
				got = strings.ReplaceAll(got, `"version": "`+version()+`"`, `"version": "VERSION"`)
			}
			golden := filepath.Join("testdata", "findings."+format+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s output differs from %s (-want +got); rerun with -update if intended:\n%s", format, golden, diff)
			}
		})
	}
}

// The SARIF log must have what GitHub code scanning requires: version,
// a driver with rules, and results whose ruleIndex points at their rule
// and whose locations are repository-relative.
func TestSARIFShape(t *testing.T) {
	var buf bytes.Buffer
	m := pathMapper{cwd: "/repo/svc", root: "/repo"}
	if err := writeFindings(&buf, "sarif", sampleFindings(), m, analyzers.All); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if len(run.Tool.Driver.Rules) != len(analyzers.All)+1 {
		t.Errorf("%d rules, want one per analyzer plus the directive rule", len(run.Tool.Driver.Rules))
	}
	for _, r := range run.Results {
		if rule := run.Tool.Driver.Rules[r.RuleIndex]; rule.ID != r.RuleID {
			t.Errorf("result %s points at rule %s", r.RuleID, rule.ID)
		}
		uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if uri != "svc/handler.go" {
			t.Errorf("uri %q, want the repository-relative svc/handler.go", uri)
		}
	}
	for _, rule := range run.Tool.Driver.Rules {
		if rule.ShortDescription.Text == "" || rule.HelpURI == "" {
			t.Errorf("rule %s lacks a description or help URI", rule.ID)
		}
	}
}

func TestUnifiedDiff(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\no\n"
	off := func(s string) int { return strings.Index(old, s) }
	edits := []Edit{
		{Start: token.Position{Offset: off("b")}, End: token.Position{Offset: off("b") + 1}, NewText: "B"},
		{Start: token.Position{Offset: off("c")}, End: token.Position{Offset: off("c") + 1}, NewText: "C1\nC2"},
		{Start: token.Position{Offset: off("n")}, End: token.Position{Offset: off("n") + 2}, NewText: ""},
	}
	var buf bytes.Buffer
	if err := unifiedDiff(&buf, "f.txt", []byte(old), edits); err != nil {
		t.Fatal(err)
	}
	want := `--- f.txt
+++ f.txt
@@ -1,6 +1,7 @@
 a
-b
+B
-c
+C1
+C2
 d
 e
 f
@@ -11,5 +12,4 @@
 k
 l
 m
-n
 o
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("unified diff (-want +got):\n%s", diff)
	}
}

// An edit that inserts at the end of a line, or deletes a whole line with
// the newline before it, leaves that line as it was: the diff shows only
// the added or removed lines, not the untouched one removed and re-added.
func TestUnifiedDiffKeepsUnchangedLines(t *testing.T) {
	old := "a\n\tspan.RecordError(err)\n\treturn\nb\nc\n"
	at := strings.Index(old, "(err)") + len("(err)")
	dup := strings.Index(old, "\nb")
	edits := []Edit{
		{Start: token.Position{Offset: at}, End: token.Position{Offset: at}, NewText: "\n\tspan.SetStatus(codes.Error, err.Error())"},
		{Start: token.Position{Offset: dup}, End: token.Position{Offset: dup + 2}, NewText: ""},
	}
	var buf bytes.Buffer
	if err := unifiedDiff(&buf, "f.go", []byte(old), edits); err != nil {
		t.Fatal(err)
	}
	want := `--- f.go
+++ f.go
@@ -1,5 +1,5 @@
 a
 	span.RecordError(err)
+	span.SetStatus(codes.Error, err.Error())
 	return
-b
 c
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("unified diff (-want +got):\n%s", diff)
	}
}

func TestPlanFixesSkipsConflicts(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "x.go")
	if err := os.WriteFile(name, []byte("0123456789"), 0o644); err != nil {
		t.Fatal(err)
	}
	e := func(s, en int, text string) Edit {
		return Edit{Start: token.Position{Filename: name, Offset: s}, End: token.Position{Filename: name, Offset: en}, NewText: text}
	}
	fs := []Finding{
		{Fixes: []Fix{{Edits: []Edit{e(1, 3, "ab")}}}},
		{Fixes: []Fix{{Edits: []Edit{e(1, 3, "ab")}}}}, // the same fix from a test variant
		{Fixes: []Fix{{Edits: []Edit{e(2, 4, "zz")}}}}, // overlaps: skipped whole
		{Fixes: []Fix{{Edits: []Edit{e(8, 8, "+")}}}},
		{},
	}
	files, applied, err := planFixes(fs)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]bool{true, true, false, true, false}, applied); diff != "" {
		t.Errorf("applied (-want +got):\n%s", diff)
	}
	if len(files) != 1 || string(files[0].New) != "0ab34567+89" {
		t.Errorf("new content %q, want %q", files[0].New, "0ab34567+89")
	}
}
