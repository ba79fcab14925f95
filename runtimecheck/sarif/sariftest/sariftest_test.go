package sariftest

import (
	"testing"
)

// The validator rejects what the schema forbids, so a passing log means
// something.
func TestValidateRejects(t *testing.T) {
	for name, log := range map[string]string{
		"no runs":          `{"version": "2.1.0"}`,
		"bad version":      `{"version": "2.0", "runs": []}`,
		"negative line":    `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.go"}, "region": {"startLine": 0}}}]}]}]}`,
		"unknown property": `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "colour": "red"}}}]}`,
		"bad column kind":  `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "columnKind": "bytes"}]}`,
	} {
		ft := &fakeT{TB: t}
		Validate(ft, []byte(log))
		if !ft.failed {
			t.Errorf("%s: %s validated", name, log)
		}
	}
	ok := &fakeT{TB: t}
	Validate(ok, []byte(`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "columnKind": "utf16CodeUnits", "results": []}]}`))
	if ok.failed {
		t.Error("a minimal valid log did not validate")
	}
}

type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Errorf(string, ...any) { f.failed = true }
func (f *fakeT) Fatalf(string, ...any) { f.failed = true }
func (f *fakeT) Helper()               {}
