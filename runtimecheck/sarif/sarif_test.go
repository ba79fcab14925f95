package sarif

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/otellint/otellint/runtimecheck/sarif/sariftest"
)

// The hashes github/codeql-action's own tests expect of its
// fingerprinting (src/fingerprints.test.ts): equal inputs must give equal
// fingerprints here, or uploads would open every alert anew.
func TestLineHashesMatchCodeQLAction(t *testing.T) {
	ends := []string{"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"}
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", []string{"c129715d7a2bc9a3:1"}},
		{" a\nb\n  \t\tc\n d", []string{"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"}},
		{" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End", []string{"8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1"}},
		{" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", ends},
		{" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", ends},
		{" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", ends},
		{" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", ends},
		{strings.Repeat("Lorem ipsum dolor sit amet.\n", 10), []string{
			"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6",
			"a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"}},
	} {
		if diff := cmp.Diff(tc.want, LineHashes([]byte(tc.in))); diff != "" {
			t.Errorf("LineHashes(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestUTF16Column(t *testing.T) {
	line := []byte("\tx := \"héllo 😀\" + y")
	for _, tc := range []struct{ byteCol, want int }{
		{1, 1},
		{2, 2}, // x
		{strings.Index(string(line), "é") + 1, 9}, // é: one code unit
		{strings.Index(string(line), "l") + 1, 10},
		{strings.Index(string(line), "😀") + 1, 14},
		{strings.Index(string(line), "\" +") + 1, 16}, // after 😀: two code units
		{len(line) + 1, 21},                           // the end of the line
		{len(line) + 3, 23},
	} {
		if got := UTF16Column(line, tc.byteCol); got != tc.want {
			t.Errorf("UTF16Column(byte column %d) = %d, want %d", tc.byteCol, got, tc.want)
		}
	}
}

func TestToolVersion(t *testing.T) {
	for in, want := range map[string]string{
		"v1.2.3": "1.2.3",
		"v0.0.0-20261201224416-d2e41f52a92a+dirty": "0.0.0-20261201224416-d2e41f52a92a+dirty",
		"devel-0123456789ab":                       "0.0.0+0123456789ab",
		"devel-0123456789ab-dirty":                 "0.0.0+0123456789ab.dirty",
		"devel":                                    "",
	} {
		if got := ToolVersion(in); got != want {
			t.Errorf("ToolVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRunShape(t *testing.T) {
	run := NewRun("v1.2.3")
	i := AddRule(run, Rule{ID: "missing_attribute", Summary: "s", Description: "d", HelpText: "h", HelpMarkdown: "**h**", Level: "error", Tags: []string{"t"}})
	run.AddResult(NewResult("missing_attribute", i, "error", "m").WithLocations([]*Location{SourceLocation("a/b.go", &Region{StartLine: ptr(3)})}))
	var buf bytes.Buffer
	if err := Write(&buf, run); err != nil {
		t.Fatal(err)
	}
	sariftest.Validate(t, buf.Bytes())
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	r := got["runs"].([]any)[0].(map[string]any)
	d := r["tool"].(map[string]any)["driver"].(map[string]any)
	rule := d["rules"].([]any)[0].(map[string]any)
	res := r["results"].([]any)[0].(map[string]any)
	for what, pair := range map[string][2]any{
		"$schema":          {got["$schema"], SchemaURI},
		"columnKind":       {r["columnKind"], "utf16CodeUnits"},
		"version":          {d["version"], "1.2.3"},
		"semanticVersion":  {d["semanticVersion"], "1.2.3"},
		"rule name":        {rule["name"], "MissingAttribute"},
		"help markdown":    {rule["help"].(map[string]any)["markdown"], "**h**"},
		"ruleIndex":        {res["ruleIndex"], 0.0},
		"result uriBaseId": {res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)["uriBaseId"], "%SRCROOT%"},
	} {
		if pair[0] != pair[1] {
			t.Errorf("%s = %v, want %v", what, pair[0], pair[1])
		}
	}
	if _, ok := d["version"]; !ok {
		t.Error("no driver version")
	}
	empty := NewRun("devel")
	if empty.Tool.Driver.Version != nil {
		t.Errorf("a devel build names version %q", *empty.Tool.Driver.Version)
	}
}

func ptr[T any](v T) *T { return &v }

func TestFileURI(t *testing.T) {
	for in, want := range map[string]string{
		"internal/shop/cart.go": "internal/shop/cart.go",
		"/src/app/main.go":      "file:///src/app/main.go",
	} {
		if got := FileURI(in); got != want {
			t.Errorf("FileURI(%q) = %q, want %q", in, got, want)
		}
	}
}
