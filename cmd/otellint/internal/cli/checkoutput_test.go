package cli

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTextColor(t *testing.T) {
	m := pathMapper{cwd: "/repo/svc", root: "/repo"}
	var plain, colored bytes.Buffer
	if err := writeText(&plain, sampleFindings(), m, false); err != nil {
		t.Fatal(err)
	}
	if err := writeText(&colored, sampleFindings(), m, true); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\033[") {
		t.Errorf("plain text has escape sequences:\n%q", plain.String())
	}
	for _, want := range []string{
		"\033[2mhandler.go:12:3:\033[0m sdktrace.WithSyncer", // dim position
		"\033[31m(simpleprocessor)\033[0m\n",                 // an error: red
		"\033[33m(otellint)\033[0m\n",                        // a warning: yellow
		"\t\033[2mhandler.go:31:2:\033[0m the line it covers",
	} {
		if !strings.Contains(colored.String(), want) {
			t.Errorf("coloured text lacks %q:\n%q", want, colored.String())
		}
	}
	stripped := strings.NewReplacer(ansiDim, "", ansiRed, "", ansiYellow, "", ansiReset, "").Replace(colored.String())
	if stripped != plain.String() {
		t.Errorf("colour changed the text:\n%s\nvs\n%s", stripped, plain.String())
	}
}

func TestColorMode(t *testing.T) {
	var buf bytes.Buffer // not a terminal
	for _, tc := range []struct {
		mode, noColor string
		want          bool
	}{
		{"auto", "", false}, // not a terminal
		{"always", "", true},
		{"always", "1", true}, // an explicit flag wins over NO_COLOR
		{"never", "", false},
	} {
		t.Setenv("NO_COLOR", tc.noColor)
		if got, err := colorMode(tc.mode, &buf); err != nil || got != tc.want {
			t.Errorf("--color %s with NO_COLOR=%q: %v, %v; want %v", tc.mode, tc.noColor, got, err, tc.want)
		}
	}
	if _, err := colorMode("sometimes", &buf); err == nil {
		t.Error("--color sometimes accepted")
	}
	// On a terminal, auto colours unless NO_COLOR is set.
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		t.Logf("no terminal to test auto on: %v", err)
		return
	}
	defer tty.Close()
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")
	if got, _ := colorMode("auto", tty); !got {
		t.Error("--color auto does not colour a terminal")
	}
	t.Setenv("NO_COLOR", "1")
	if got, _ := colorMode("auto", tty); got {
		t.Error("--color auto colours a terminal with NO_COLOR set")
	}
}

func TestSummaryLine(t *testing.T) {
	fs := []Finding{{Analyzer: "spanend"}, {Analyzer: "doubleinst"}, {Analyzer: "spanend"}, {Analyzer: "highcard"}}
	if got, want := summaryLine(fs, countPackages([]string{"a", "a_test", "b"})), "4 findings (spanend 2, doubleinst 1, highcard 1) in 2 packages"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if got, want := summaryLine(fs[:1], 1), "1 finding (spanend 1) in 1 package"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if got, want := summaryLine(nil, 3), "no findings in 3 packages"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}

// Checkstyle and JUnit parse back to what was found, with
// repository-relative paths.
func TestCheckstyleAndJUnitParse(t *testing.T) {
	m := pathMapper{cwd: "/repo/svc", root: "/repo"}
	var cs, ju bytes.Buffer
	if err := writeCheckstyle(&cs, sampleFindings(), m); err != nil {
		t.Fatal(err)
	}
	var c checkstyleXML
	if err := xml.Unmarshal(cs.Bytes(), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Files) != 1 || c.Files[0].Name != "svc/handler.go" || len(c.Files[0].Errors) != 2 ||
		c.Files[0].Errors[1].Source != "otellint.otellint" || c.Files[0].Errors[1].Severity != "warning" || c.Files[0].Errors[0].Line != 12 {
		t.Errorf("checkstyle parsed back as %+v", c)
	}
	if err := writeJUnit(&ju, sampleFindings(), m); err != nil {
		t.Fatal(err)
	}
	var j junitXML
	if err := xml.Unmarshal(ju.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Suites) != 1 || j.Suites[0].Failures != 2 || j.Suites[0].Cases[0].Failure == nil ||
		!strings.Contains(j.Suites[0].Cases[1].Failure.Text, "\n\tsvc/handler.go:31:2: the line it covers") {
		t.Errorf("junit parsed back as %+v", j)
	}
	var empty bytes.Buffer
	if err := writeJUnit(&empty, nil, m); err != nil || !strings.Contains(empty.String(), `<testsuite name="otellint" tests="0" failures="0" errors="0">`) {
		t.Errorf("junit without findings: %v\n%s", err, empty.String())
	}
}

func TestParseOutputs(t *testing.T) {
	outs, err := parseOutputs([]string{"sarif=a/otellint.sarif", "junit=j=x.xml"})
	if err != nil || len(outs) != 2 || outs[0].format != "sarif" || outs[0].path != "a/otellint.sarif" || outs[1].path != "j=x.xml" {
		t.Errorf("parseOutputs = %+v, %v", outs, err)
	}
	for _, bad := range []string{"sarif", "sarif=", "xml=x.xml"} {
		if _, err := parseOutputs([]string{bad}); err == nil || exitCode(err) != ExitUsage {
			t.Errorf("--output %s: %v, want a usage error", bad, err)
		}
	}
	missing := filepath.Join(t.TempDir(), "no", "such", "dir", "x.sarif")
	outs, _ = parseOutputs([]string{"sarif=" + missing})
	if err := openOutputs(outs); err == nil || exitCode(err) != ExitUsage {
		t.Errorf("--output into a missing directory: %v, want a usage error at the start", err)
	}
}
