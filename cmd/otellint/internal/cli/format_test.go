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
	"golang.org/x/tools/go/analysis"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/runtimecheck/sarif"
	"github.com/otellint/otellint/runtimecheck/sarif/sariftest"
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
			// One analyzer's rule in the SARIF golden file: the others'
			// documentation would make every doc change a golden change.
			suite := []*analysis.Analyzer{analyzers.ByName("simpleprocessor")}
			if err := writeFindings(&buf, format, sampleFindings(), m, suite); err != nil {
				t.Fatal(err)
			}
			got := buf.String()
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
// and whose locations are repository-relative; and it must be valid
// against the official schema.
func TestSARIFShape(t *testing.T) {
	var buf bytes.Buffer
	m := pathMapper{cwd: "/repo/svc", root: "/repo"}
	if err := writeFindings(&buf, "sarif", sampleFindings(), m, analyzers.All); err != nil {
		t.Fatal(err)
	}
	sariftest.Validate(t, buf.Bytes())
	var log sarif.Log
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind %v", run.ColumnKind)
	}
	rules := run.Tool.Driver.Rules
	if len(rules) != len(analyzers.All)+1 {
		t.Errorf("%d rules, want one per analyzer plus the directive rule", len(rules))
	}
	for _, r := range run.Results {
		if rule := rules[*r.RuleIndex]; rule.ID != *r.RuleID {
			t.Errorf("result %s points at rule %s", *r.RuleID, rule.ID)
		}
		uri := *r.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if uri != "svc/handler.go" {
			t.Errorf("uri %q, want the repository-relative svc/handler.go", uri)
		}
	}
	for _, rule := range rules {
		if rule.ShortDescription.Text == nil || rule.HelpURI == nil || rule.Help.Markdown == nil {
			t.Errorf("rule %s lacks a description, help URI or Markdown help", rule.ID)
			continue
		}
		if rule.Name == nil || strings.EqualFold(*rule.Name, rule.ID) || *rule.Name != sarif.PascalName(*rule.Name) {
			t.Errorf("rule %s: name %v, want a PascalCase name other than the id", rule.ID, rule.Name)
		}
		if rule.ID == "spanend" {
			for _, s := range []string{"**spanend**: span not ended", "\n## Why\n", "\n## Bad\n\n```go\nctx, span := tracer.Start(ctx, \"load\")\n", "\n## Good\n"} {
				if !strings.Contains(*rule.Help.Markdown, s) {
					t.Errorf("spanend's Markdown help lacks %q:\n%s", s, *rule.Help.Markdown)
				}
			}
		}
	}
}

// Results on real files carry GitHub's line hash, and columns counted in
// UTF-16 code units, as columnKind says.
func TestSARIFFingerprintsAndColumns(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "svc", "h.go")
	src := "package svc\n\n// héllo 😀\nvar x = f(\"é\", y)\n"
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	line4 := strings.Index(src, "var")
	yCol := strings.Index(src[line4:], "y") + 1 // byte column of y: 16; é takes 2 bytes, 1 code unit
	pos := func(line, col int) token.Position {
		return token.Position{Filename: name, Line: line, Column: col}
	}
	fs := []Finding{{Analyzer: "spanname", Severity: "error", Pos: pos(4, yCol), End: pos(4, yCol+1), Message: "m",
		Related: []Related{{Pos: pos(3, strings.Index("// héllo 😀", "😀")+1), Message: "here"}}}}
	var buf bytes.Buffer
	if err := writeSARIF(&buf, fs, pathMapper{cwd: dir, root: dir}, analyzers.All); err != nil {
		t.Fatal(err)
	}
	sariftest.Validate(t, buf.Bytes())
	var log sarif.Log
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	r := log.Runs[0].Results[0]
	if got, want := r.PartialFingerprints["primaryLocationLineHash"], sarif.LineHashes([]byte(src))[3]; got != want {
		t.Errorf("primaryLocationLineHash %v, want %v", got, want)
	}
	reg := r.Locations[0].PhysicalLocation.Region
	if *reg.StartColumn != yCol-1 || *reg.EndColumn != yCol {
		t.Errorf("columns %d-%d, want %d-%d (UTF-16)", *reg.StartColumn, *reg.EndColumn, yCol-1, yCol)
	}
	if c := *r.RelatedLocations[0].PhysicalLocation.Region.StartColumn; c != 10 {
		t.Errorf("related column %d, want 10 (after é, one code unit)", c)
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
