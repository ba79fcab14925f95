package plugin

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/otellint/otellint/analyzers/internal/testutil"
)

func newPlugin(t *testing.T, settings any) (register.LinterPlugin, error) {
	t.Helper()
	newF, err := register.GetPlugin("otellint")
	if err != nil {
		t.Fatal(err)
	}
	return newF(settings)
}

func TestPluginRunsTheSuite(t *testing.T) {
	p, err := newPlugin(t, map[string]any{
		"enable": []any{"simpleprocessor"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", p.GetLoadMode(), register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || as[0].Name != "simpleprocessor" {
		t.Fatalf("BuildAnalyzers with enable=[simpleprocessor] = %v", as)
	}
	testdata, _ := filepath.Abs(filepath.Join("..", "..", "testdata"))
	analysistest.Run(t, testdata, as[0], "simpleprocessor/a", "simpleprocessor/b")
}

// Settings reach the analyzers: the package is reported by default (see
// TestDefaultReportsPluginSettingsPackage) and allowed by the settings block.
func TestPluginSettingsReachAnalyzers(t *testing.T) {
	p, err := newPlugin(t, map[string]any{
		"settings": map[string]any{"simpleprocessor": map[string]any{"allow": []any{"**/pluginsettings/**"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	as, _ := p.BuildAnalyzers()
	var sp = as[0]
	for _, a := range as {
		if a.Name == "simpleprocessor" {
			sp = a
		}
	}
	testdata, _ := filepath.Abs(filepath.Join("..", "..", "testdata"))
	analysistest.Run(t, testdata, sp, "simpleprocessor/pluginsettings")
}

func TestPluginRejectsBadSettings(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings any
		want     string
	}{
		{"unknown key", map[string]any{"enabel": []any{"x"}}, `unknown field "enabel"`},
		{"unknown analyzer", map[string]any{"disable": []any{"nosuch"}}, `unknown analyzer "nosuch"`},
		{"unknown option", map[string]any{"settings": map[string]any{"simpleprocessor": map[string]any{"alow": true}}}, `unknown option "alow"`},
		{"wrong type", map[string]any{"settings": map[string]any{"simpleprocessor": map[string]any{"allow": 3}}}, `want a list of strings`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := newPlugin(t, tc.settings)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New(%v) error = %v, want one containing %q", tc.settings, err, tc.want)
			}
		})
	}
}

func TestDefaultReportsPluginSettingsPackage(t *testing.T) {
	p, err := newPlugin(t, map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	as, _ := p.BuildAnalyzers()
	for _, a := range as {
		if a.Name != "simpleprocessor" {
			continue
		}
		if n := len(testutil.Diagnostics(t, a, "simpleprocessor/pluginsettings")); n != 1 {
			t.Errorf("default settings: %d diagnostics in simpleprocessor/pluginsettings, want 1", n)
		}
	}
}

// Under golangci-lint, related information is folded into the message:
// golangci-lint would make each related location an issue of its own.
func TestPluginFoldsRelatedInformation(t *testing.T) {
	p, err := newPlugin(t, map[string]any{"enable": []any{"spanend"}})
	if err != nil {
		t.Fatal(err)
	}
	as, _ := p.BuildAnalyzers()
	diags := testutil.Diagnostics(t, as[0], "spanend/a")
	if len(diags) == 0 {
		t.Fatal("no spanend diagnostics in spanend/a")
	}
	folded := 0
	for _, d := range diags {
		if len(d.Related) > 0 {
			t.Errorf("diagnostic %q keeps %d related locations", d.Message, len(d.Related))
		}
		if strings.Contains(d.Message, ": the span leaks here)") {
			folded++
		}
	}
	if folded == 0 {
		t.Errorf("no message carries its related location:\n%v", diags)
	}
}
