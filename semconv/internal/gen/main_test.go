package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// model is the official model the committed registry_gen.go is generated
// from, shared beside the repository (../shared/semconv from the repo root).
const model = "../../../../shared/semconv/v1.44.0/model"

const committed = "../../registry_gen.go"

func needModel(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(model); err != nil {
		t.Skipf("official model not available (expected ../shared/semconv/v1.44.0/model beside the repository): %v", err)
	}
}

// TestCommittedFileIsUpToDate regenerates the registry and compares it with
// the committed file byte for byte, so a generator change without
// `go generate` (or a hand edit) fails.
func TestCommittedFileIsUpToDate(t *testing.T) {
	needModel(t)
	out := filepath.Join(t.TempDir(), "registry_gen.go")
	if err := run(model, out, "semconv"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("semconv/registry_gen.go is stale: run `go generate ./semconv` (generated %d bytes, committed %d)", len(got), len(want))
	}
}

// proseOf returns the brief and note texts of every YAML file of the model.
func proseOf(t *testing.T) []string {
	t.Helper()
	var texts []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if (k.Value == "brief" || k.Value == "note") && v.Kind == yaml.ScalarNode {
					texts = append(texts, strings.TrimSpace(v.Value))
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	err := filepath.WalkDir(model, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return err
		}
		walk(&doc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

// TestNoProse checks that no brief or note of the model leaked into the
// generated file: only facts may be embedded. Texts shorter than three words
// are skipped because they can legitimately equal a fact ("Seconds.").
func TestNoProse(t *testing.T) {
	needModel(t)
	gen, err := os.ReadFile(committed)
	if err != nil {
		t.Fatal(err)
	}
	texts := proseOf(t)
	if len(texts) < 1000 {
		t.Fatalf("found only %d brief/note texts in the model; the walk is broken", len(texts))
	}
	checked := 0
	for _, s := range texts {
		if strings.Count(s, " ") < 2 {
			continue
		}
		checked++
		// Prose would be embedded as a quoted Go string; look for its
		// first line, which survives any quoting.
		line, _, _ := strings.Cut(s, "\n")
		if bytes.Contains(gen, []byte(line)) {
			t.Errorf("generated registry contains prose: %q", line)
		}
	}
	if checked < 1000 {
		t.Fatalf("checked only %d texts", checked)
	}
	// Two well-known briefs, as a readable canary.
	for _, s := range []string{"HTTP request method.", "Server port number."} {
		if bytes.Contains(gen, []byte(s)) {
			t.Errorf("generated registry contains %q", s)
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	needModel(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.go")
	for _, out := range []string{a, b} {
		if err := run(model, out, "semconv"); err != nil {
			t.Fatal(err)
		}
	}
	da, _ := os.ReadFile(a)
	db, _ := os.ReadFile(b)
	if !bytes.Equal(da, db) {
		t.Error("two runs of the generator differ")
	}
}

func TestGenerateSmallModel(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.go")
	if err := run("../../testdata/basic", out, "other"); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"package other\n",
		`const defaultVersion = "9.9.0"`,
		`{Key: "http.request.header", Type: "string[]", Template: true, Stability: "stable"}`,
		`Deprecated: &Deprecation{"renamed", "http.verb"}`,
		`{ID: "two", Value: "2", Deprecated: &Deprecation{Reason: "obsoleted"}}`,
		`{ID: "span.net.connect.tls.client", Type: "span", Extends: "span.net.connect.client", SpanKind: "client"`,
		`{"server.port", "required"}`,
	} {
		if !strings.Contains(string(src), want) {
			t.Errorf("generated source lacks %s", want)
		}
	}
	if err := run("../../testdata/errors/cycle", out, "x"); err == nil {
		t.Error("generating from a broken model succeeded")
	}
}
