package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/otellint/otellint/runtimecheck/sarif/sariftest"
)

// actionYAML is the part of a composite action's action.yml the test runs.
type actionYAML struct {
	Inputs map[string]struct {
		Default string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID               string            `yaml:"id"`
			If               string            `yaml:"if"`
			Shell            string            `yaml:"shell"`
			Run              string            `yaml:"run"`
			Uses             string            `yaml:"uses"`
			WorkingDirectory string            `yaml:"working-directory"`
			Env              map[string]string `yaml:"env"`
			With             map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

// The GitHub Action's shell steps, run here as the runner runs them: the
// steps of action.yml in order, with its ${{ }} expressions for inputs
// and the action's path substituted, under bash -eo pipefail, with the
// runner's files (GITHUB_OUTPUT, GITHUB_PATH, GITHUB_STEP_SUMMARY).
func TestGitHubAction(t *testing.T) {
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	actionPath := filepath.Join(root, ".github", "actions", "otellint")
	var action actionYAML
	if err := yaml.Unmarshal([]byte(read(t, filepath.Join(actionPath, "action.yml"))), &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" {
		t.Fatalf("runs.using %q, want composite", action.Runs.Using)
	}
	runner := t.TempDir()
	expr := regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)
	runAction := func(t *testing.T, workspace string, inputs map[string]string) (code int, outputs, stdout string) {
		t.Helper()
		temp := t.TempDir()
		files := map[string]string{}
		for _, f := range []string{"GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STEP_SUMMARY"} {
			files[f] = filepath.Join(temp, f)
			write(t, files[f], "")
		}
		value := func(e string) string {
			if name, ok := strings.CutPrefix(e, "inputs."); ok {
				if v, ok := inputs[name]; ok {
					return v
				}
				in, ok := action.Inputs[name]
				if !ok {
					t.Fatalf("action.yml uses undeclared input %q", name)
				}
				return in.Default
			}
			if e == "github.action_path" {
				return actionPath
			}
			t.Fatalf("the test does not know the expression ${{ %s }} of action.yml", e)
			return ""
		}
		subst := func(s string) string {
			return expr.ReplaceAllStringFunc(s, func(m string) string { return value(expr.FindStringSubmatch(m)[1]) })
		}
		var out bytes.Buffer
		for _, step := range action.Runs.Steps {
			if step.Uses != "" {
				continue // actions of GitHub's (upload-sarif) run on GitHub only
			}
			if step.Shell != "bash" {
				t.Fatalf("step %q: shell %q, want bash", step.ID, step.Shell)
			}
			cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", subst(step.Run))
			cmd.Dir = filepath.Join(workspace, subst(step.WorkingDirectory))
			cmd.Env = append(os.Environ(), "RUNNER_TEMP="+runner, "GITHUB_WORKSPACE="+workspace, "GOWORK=off", "GOFLAGS=-mod=readonly")
			for k, v := range files {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			for k, v := range step.Env {
				cmd.Env = append(cmd.Env, k+"="+subst(v))
			}
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Run(); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatal(err)
				}
				return ee.ExitCode(), read(t, files["GITHUB_OUTPUT"]), out.String()
			}
		}
		return 0, read(t, files["GITHUB_OUTPUT"]), out.String()
	}

	dir := demo(t)
	ws := filepath.Dir(dir)
	wd := filepath.Base(dir)

	code, outputs, stdout := runAction(t, ws, map[string]string{"working-directory": wd})
	if code != 1 || !strings.Contains(stdout, "::error file=") || !strings.Contains(outputs, "findings=") {
		t.Errorf("default inputs on the demo: exit %d, outputs:\n%s\nlog:\n%s", code, outputs, stdout)
	}
	sarifPath := regexp.MustCompile(`(?m)^sarif=(.*)$`).FindStringSubmatch(outputs)
	if sarifPath == nil {
		t.Fatalf("no sarif output for the upload step:\n%s", outputs)
	}
	sariftest.Validate(t, []byte(read(t, sarifPath[1])))
	if code, _, stdout := runAction(t, ws, map[string]string{"working-directory": wd, "fail-on": "never"}); code != 0 {
		t.Errorf("fail-on never: exit %d\n%s", code, stdout)
	}

	// Only a warning (a directive that suppresses nothing): fail-on error
	// passes, fail-on findings fails.
	name := filepath.Join(dir, "rpc", "server.go")
	write(t, name, strings.Replace(read(t, name), "func NewServer", "//otellint:ignore spanend nothing to suppress here\nfunc NewServer", 1))
	warnOnly := map[string]string{"working-directory": wd, "args": "--enable spanend ./rpc/..."}
	if code, outputs, stdout := runAction(t, ws, warnOnly); code != 1 || !strings.Contains(outputs, "findings=1") || !strings.Contains(stdout, "::warning file=") {
		t.Errorf("a warning, fail-on findings: exit %d, want 1\n%s%s", code, outputs, stdout)
	}
	warnOnly["fail-on"] = "error"
	if code, _, stdout := runAction(t, ws, warnOnly); code != 0 {
		t.Errorf("a warning, fail-on error: exit %d, want 0\n%s", code, stdout)
	}
	if code, _, stdout := runAction(t, ws, map[string]string{"working-directory": wd, "fail-on": "sometimes"}); code != 2 {
		t.Errorf("fail-on sometimes: exit %d, want 2\n%s", code, stdout)
	}
	if code, _, stdout := runAction(t, ws, map[string]string{"working-directory": wd, "args": "--enable nosuch ./..."}); code != 2 {
		t.Errorf("a usage error: exit %d, want 2 whatever fail-on says\n%s", code, stdout)
	}
}

// The pre-commit hooks run otellint commands that exist, with flags it
// takes: each entry and its args, run on the demo, behave as check does.
func TestPreCommitHooks(t *testing.T) {
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	var hooks []struct {
		ID, Entry, Language string
		Args                []string
		PassFilenames       *bool `yaml:"pass_filenames"`
	}
	if err := yaml.Unmarshal([]byte(read(t, filepath.Join(root, ".pre-commit-hooks.yaml"))), &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) == 0 {
		t.Fatal("no hooks")
	}
	for _, h := range hooks {
		words := append(strings.Fields(h.Entry), h.Args...)
		if words[0] != "otellint" || h.Language != "golang" || h.PassFilenames == nil || *h.PassFilenames {
			t.Errorf("hook %s: entry %q, language %q, pass_filenames %v", h.ID, h.Entry, h.Language, h.PassFilenames)
			continue
		}
		r := run(t, demo(t), binary, words[1:]...)
		if r.code == 2 || r.code == 3 {
			t.Errorf("hook %s (%s): exit %d\n%s", h.ID, strings.Join(words, " "), r.code, r.stderr)
		}
	}
}
