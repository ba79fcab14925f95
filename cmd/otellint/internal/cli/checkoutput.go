package cli

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
)

// formats are the output formats of check: text for people, the others
// for machines (json, sarif for code scanning, github annotations,
// checkstyle for Jenkins and others, junit for GitLab and others).
var formats = []string{"text", "json", "sarif", "github", "checkstyle", "junit"}

// checkOutput is an --output FORMAT=FILE: the findings written to FILE
// in FORMAT, beside what --format prints on stdout.
type checkOutput struct {
	format, path string
	file         *reportFile
}

func parseOutputs(specs []string) ([]*checkOutput, error) {
	var out []*checkOutput
	for _, spec := range specs {
		format, path, ok := strings.Cut(spec, "=")
		if !ok || path == "" {
			return nil, usageErrorf("--output %q: want FORMAT=FILE, e.g. sarif=otellint.sarif", spec)
		}
		if !slices.Contains(formats, format) {
			return nil, usageErrorf("--output %q: unknown format %q (want %s)", spec, format, strings.Join(formats, ", "))
		}
		out = append(out, &checkOutput{format: format, path: path})
	}
	return out, nil
}

// openOutputs creates the files of the outputs before the analysis, so a
// file that cannot be written is an error at the start, not after minutes.
func openOutputs(outs []*checkOutput) error {
	for _, o := range outs {
		f, err := createReportFile(o.path, false)
		if err != nil {
			discardOutputs(outs)
			return usageErrorf("--output %s=%s: %v", o.format, o.path, err)
		}
		o.file = f
	}
	return nil
}

func discardOutputs(outs []*checkOutput) {
	for _, o := range outs {
		o.file.discard()
		o.file = nil
	}
}

// ANSI colours of the text format on a terminal.
const (
	ansiDim    = "\033[2m"
	ansiRed    = "\033[31m"
	ansiYellow = "\033[33m"
	ansiReset  = "\033[0m"
)

// colorMode resolves --color: auto colours a terminal unless NO_COLOR is
// set or TERM is dumb; always and never are what they say.
func colorMode(mode string, w io.Writer) (bool, error) {
	switch mode {
	case "auto", "":
		return useColor(w), nil
	case "always":
		return true, nil
	case "never":
		return false, nil
	}
	return false, usageErrorf("unknown --color %q (want auto, always or never)", mode)
}

// writeText writes path:line:col: message (analyzer), related lines
// indented below. In colour, the position is dim and the analyzer's name
// is red for errors and yellow for warnings.
func writeText(w io.Writer, fs []Finding, m pathMapper, color bool) error {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return code + s + ansiReset
	}
	for _, f := range fs {
		sev := ansiRed
		if f.Severity == "warning" {
			sev = ansiYellow
		}
		pos := fmt.Sprintf("%s:%d:%d:", m.display(f.Pos.Filename), f.Pos.Line, f.Pos.Column)
		if _, err := fmt.Fprintf(w, "%s %s %s\n", paint(ansiDim, pos), f.Message, paint(sev, "("+f.Analyzer+")")); err != nil {
			return err
		}
		for _, r := range f.Related {
			rpos := fmt.Sprintf("%s:%d:%d:", m.display(r.Pos.Filename), r.Pos.Line, r.Pos.Column)
			if _, err := fmt.Fprintf(w, "\t%s %s\n", paint(ansiDim, rpos), r.Message); err != nil {
				return err
			}
		}
	}
	return nil
}

// Checkstyle XML, as Jenkins (warnings-ng), SonarQube and reviewdog read it.
type checkstyleXML struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

func writeCheckstyle(w io.Writer, fs []Finding, m pathMapper) error {
	doc := checkstyleXML{Version: "5.0"}
	for _, g := range byFile(fs, m) {
		cf := checkstyleFile{Name: g.name}
		for _, f := range g.findings {
			cf.Errors = append(cf.Errors, checkstyleError{
				Line: f.Pos.Line, Column: f.Pos.Column, Severity: f.Severity,
				Message: f.Message, Source: "otellint." + f.Analyzer,
			})
		}
		doc.Files = append(doc.Files, cf)
	}
	return writeXML(w, doc)
}

// JUnit XML, as GitLab (artifacts:reports:junit), Jenkins and Azure
// Pipelines read it: one test suite per file, one failed test case per
// finding.
type junitXML struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func writeJUnit(w io.Writer, fs []Finding, m pathMapper) error {
	var doc junitXML
	for _, g := range byFile(fs, m) {
		s := junitSuite{Name: g.name, Tests: len(g.findings), Failures: len(g.findings)}
		for _, f := range g.findings {
			at := fmt.Sprintf("%s:%d:%d", g.name, f.Pos.Line, f.Pos.Column)
			text := fmt.Sprintf("%s: %s (%s)", at, f.Message, f.Analyzer)
			for _, r := range f.Related {
				text += fmt.Sprintf("\n\t%s:%d:%d: %s", m.repo(r.Pos.Filename), r.Pos.Line, r.Pos.Column, r.Message)
			}
			s.Cases = append(s.Cases, junitCase{
				Name:      f.Analyzer,
				ClassName: at,
				Failure:   &junitFailure{Message: at + ": " + f.Message, Type: f.Severity, Text: text},
			})
		}
		doc.Suites = append(doc.Suites, s)
	}
	if len(doc.Suites) == 0 {
		doc.Suites = []junitSuite{{Name: "otellint"}} // a report that says nothing failed
	}
	return writeXML(w, doc)
}

func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

type fileFindings struct {
	name     string // repository-relative
	findings []Finding
}

// byFile groups sorted findings by file.
func byFile(fs []Finding, m pathMapper) []fileFindings {
	var out []fileFindings
	for _, f := range fs {
		name := m.repo(f.Pos.Filename)
		if len(out) == 0 || out[len(out)-1].name != name {
			out = append(out, fileFindings{name: name})
		}
		out[len(out)-1].findings = append(out[len(out)-1].findings, f)
	}
	return out
}

// summaryLine is the closing line on stderr: "11 findings (spanend 2,
// doubleinst 3, ...) in 7 packages", analyzers by count, most first.
func summaryLine(fs []Finding, packages int) string {
	pkgs := fmt.Sprintf("%d %s", packages, plural(packages, "package", "packages"))
	if len(fs) == 0 {
		return "no findings in " + pkgs
	}
	counts := map[string]int{}
	for _, f := range fs {
		counts[f.Analyzer]++
	}
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b)) })
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %d", n, counts[n])
	}
	return fmt.Sprintf("%d %s (%s) in %s", len(fs), plural(len(fs), "finding", "findings"), strings.Join(parts, ", "), pkgs)
}

// countPackages counts the packages analysed, a package and its tests once.
func countPackages(paths []string) int {
	seen := map[string]bool{}
	for _, p := range paths {
		seen[strings.TrimSuffix(p, "_test")] = true
	}
	return len(seen)
}
