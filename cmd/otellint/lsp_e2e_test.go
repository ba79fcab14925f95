package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// lspClient is a test editor: it starts `otellint lsp` as a subprocess and
// speaks LSP to it over pipes.
type lspClient struct {
	t    testing.TB
	conn jsonrpc2.Conn
	cmd  *exec.Cmd
	ctx  context.Context

	mu       sync.Mutex
	cond     *sync.Cond
	diags    map[protocol.DocumentURI][]protocol.Diagnostic
	versions map[protocol.DocumentURI]int // publications seen per file
	progress []string
	messages []string
}

type pipeRWC struct {
	io.ReadCloser
	io.WriteCloser
}

func (p pipeRWC) Close() error {
	p.WriteCloser.Close()
	return p.ReadCloser.Close()
}

func startLSP(t testing.TB, dir string) *lspClient {
	t.Helper()
	cmd := exec.Command(binary, "lsp", "--stdio")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly", "OTELLINT_CACHE="+t.TempDir())
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &lspClient{t: t, cmd: cmd, ctx: context.Background(), diags: map[protocol.DocumentURI][]protocol.Diagnostic{}, versions: map[protocol.DocumentURI]int{}}
	c.cond = sync.NewCond(&c.mu)
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(pipeRWC{stdout, stdin}))
	c.conn.Go(c.ctx, c.handle)
	t.Cleanup(func() {
		c.conn.Close()
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("server stderr:\n%s", stderr.String())
		}
	})
	return c
}

func (c *lspClient) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	defer c.cond.Broadcast()
	switch req.Method() {
	case protocol.MethodTextDocumentPublishDiagnostics:
		var p protocol.PublishDiagnosticsParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			c.t.Errorf("bad publishDiagnostics: %v", err)
		}
		c.diags[p.URI] = p.Diagnostics
		c.versions[p.URI]++
	case protocol.MethodProgress:
		var p struct {
			Value struct{ Kind, Title, Message string } `json:"value"`
		}
		json.Unmarshal(req.Params(), &p)
		c.progress = append(c.progress, p.Value.Kind)
	case protocol.MethodWindowShowMessage, protocol.MethodWindowLogMessage:
		var p protocol.ShowMessageParams
		json.Unmarshal(req.Params(), &p)
		c.messages = append(c.messages, p.Message)
	case protocol.MethodWorkDoneProgressCreate:
		return reply(ctx, nil, nil)
	}
	if _, ok := req.(*jsonrpc2.Call); ok {
		return reply(ctx, nil, nil)
	}
	return nil
}

func (c *lspClient) call(method string, params, result any) error {
	ctx, cancel := context.WithTimeout(c.ctx, 2*time.Minute)
	defer cancel()
	_, err := c.conn.Call(ctx, method, params, result)
	return err
}

func (c *lspClient) notify(method string, params any) {
	if err := c.conn.Notify(c.ctx, method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// waitFor waits until cond holds for the diagnostics of u, or fails the
// test after a generous deadline (a CI machine may be slow; nothing here
// measures speed).
func (c *lspClient) waitFor(u protocol.DocumentURI, what string, cond func([]protocol.Diagnostic) bool) []protocol.Diagnostic {
	c.t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	timer := time.AfterFunc(time.Until(deadline), func() { c.mu.Lock(); c.cond.Broadcast(); c.mu.Unlock() })
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		if ds, ok := c.diags[u]; ok && cond(ds) {
			return ds
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("waiting for %s on %s: last diagnostics %s", what, u, describe(c.diags[u]))
		}
		c.cond.Wait()
	}
}

func describe(ds []protocol.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "\n\t%d:%d-%d:%d %v: %s", d.Range.Start.Line+1, d.Range.Start.Character, d.Range.End.Line+1, d.Range.End.Character, d.Code, d.Message)
	}
	return b.String()
}

func hasCode(code string) func([]protocol.Diagnostic) bool {
	return func(ds []protocol.Diagnostic) bool {
		return slices.ContainsFunc(ds, func(d protocol.Diagnostic) bool { return d.Code == code })
	}
}

func lacksCode(code string) func([]protocol.Diagnostic) bool {
	return func(ds []protocol.Diagnostic) bool { return !hasCode(code)(ds) }
}

func find(ds []protocol.Diagnostic, code string) protocol.Diagnostic {
	for _, d := range ds {
		if d.Code == code {
			return d
		}
	}
	return protocol.Diagnostic{}
}

// applyEdits applies LSP text edits (UTF-16 positions) to text.
func applyEdits(t testing.TB, text string, edits []protocol.TextEdit) string {
	t.Helper()
	offset := func(p protocol.Position) int {
		line, off := 0, 0
		for line < int(p.Line) {
			i := strings.IndexByte(text[off:], '\n')
			if i < 0 {
				t.Fatalf("position %v beyond the text", p)
			}
			off += i + 1
			line++
		}
		units := 0
		for units < int(p.Character) && off < len(text) && text[off] != '\n' {
			r, size := utf8.DecodeRuneInString(text[off:])
			units += len(utf16.Encode([]rune{r}))
			off += size
		}
		return off
	}
	slices.SortFunc(edits, func(a, b protocol.TextEdit) int { return offset(b.Range.Start) - offset(a.Range.Start) })
	for _, e := range edits {
		start, end := offset(e.Range.Start), offset(e.Range.End)
		text = text[:start] + e.NewText + text[end:]
	}
	return text
}

func (c *lspClient) open(path string) (protocol.DocumentURI, string) {
	data, err := os.ReadFile(path)
	if err != nil {
		c.t.Fatal(err)
	}
	u := uri.File(path)
	c.notify(protocol.MethodTextDocumentDidOpen, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: u, LanguageID: "go", Version: 1, Text: string(data)}})
	return u, string(data)
}

func (c *lspClient) change(u protocol.DocumentURI, version int32, text string) {
	c.notify(protocol.MethodTextDocumentDidChange, &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: version},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: text}},
	})
}

func (c *lspClient) save(u protocol.DocumentURI, text string) {
	if err := os.WriteFile(u.Filename(), []byte(text), 0o644); err != nil {
		c.t.Fatal(err)
	}
	c.notify(protocol.MethodTextDocumentDidSave, &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}})
}

func initialize(t testing.TB, c *lspClient, dir string) map[string]any {
	t.Helper()
	var res map[string]any
	params := map[string]any{
		"processId": os.Getpid(),
		"rootUri":   string(uri.File(dir)),
		"capabilities": map[string]any{
			"general":   map[string]any{"positionEncodings": []string{"utf-16"}},
			"workspace": map[string]any{"workspaceEdit": map[string]any{"documentChanges": true}},
			"window":    map[string]any{"workDoneProgress": true},
		},
	}
	if err := c.call(protocol.MethodInitialize, params, &res); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	c.notify(protocol.MethodInitialized, &protocol.InitializedParams{})
	return res
}

func TestLSP(t *testing.T) {
	dir := demo(t)
	c := startLSP(t, dir)
	res := initialize(t, c, dir)
	caps, _ := res["capabilities"].(map[string]any)
	if caps["positionEncoding"] != "utf-16" || caps["codeActionProvider"] == nil {
		t.Errorf("capabilities: %v", caps)
	}
	if kinds := fmt.Sprint(caps["codeActionProvider"]); !strings.Contains(kinds, "quickfix") || !strings.Contains(kinds, "source.fixAll.otellint") {
		t.Errorf("code action kinds: %s", kinds)
	}

	name := filepath.Join(dir, "checkout", "checkout.go")
	u, text := c.open(name)
	ds := c.waitFor(u, "the demo's findings", hasCode("spanerror"))

	// Each diagnostic: a real range, the rule as code with its doc, the
	// severity the CLI prints, related information as such.
	rec := find(ds, "spanerror")
	if rec.Range.Start == rec.Range.End {
		t.Errorf("spanerror diagnostic has an empty range: %+v", rec.Range)
	}
	if rec.Source != "otellint" || rec.CodeDescription == nil || !strings.HasSuffix(string(rec.CodeDescription.Href), "/analyzers/spanerror") {
		t.Errorf("spanerror diagnostic: source %q, codeDescription %+v", rec.Source, rec.CodeDescription)
	}
	if rec.Severity != protocol.DiagnosticSeverityError || len(rec.RelatedInformation) == 0 {
		t.Errorf("spanerror diagnostic: severity %v, related %v", rec.Severity, rec.RelatedInformation)
	}
	for _, d := range ds {
		if d.Code == "otellint" || strings.Contains(d.Message, "the span ends here") {
			t.Errorf("related information published as a diagnostic of its own: %s", d.Message)
		}
	}

	// The quick fix for it, applied and saved: the finding goes away.
	var actions []protocol.CodeAction
	if err := c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Range: rec.Range,
		Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{rec}},
	}, &actions); err != nil {
		t.Fatal(err)
	}
	var fix, ignore *protocol.CodeAction
	for i, a := range actions {
		switch {
		case a.Kind == protocol.QuickFix && strings.HasPrefix(a.Title, "Set the status"):
			fix = &actions[i]
		case a.Kind == protocol.QuickFix && strings.HasPrefix(a.Title, "Ignore spanerror"):
			ignore = &actions[i]
		}
	}
	if fix == nil || ignore == nil {
		t.Fatalf("code actions: want the SetStatus fix and the ignore action, got %+v", actions)
	}
	if len(fix.Edit.DocumentChanges) != 1 || fix.Edit.DocumentChanges[0].TextDocument.Version == nil || *fix.Edit.DocumentChanges[0].TextDocument.Version != 1 {
		t.Fatalf("the fix is not a versioned document change: %+v", fix.Edit)
	}
	fixed := applyEdits(t, text, fix.Edit.DocumentChanges[0].Edits)
	if !strings.Contains(fixed, "span.SetStatus(codes.Error, err.Error())") {
		t.Fatalf("the fix did not add SetStatus:\n%s", fixed)
	}
	c.change(u, 2, fixed)
	c.save(u, fixed)
	c.waitFor(u, "the spanerror finding to go away", lacksCode("spanerror"))

	// The ignore action inserts a directive with a reason to write.
	if got := applyEdits(t, text, ignore.Edit.DocumentChanges[0].Edits); !strings.Contains(got, "//otellint:ignore spanerror REASON") {
		t.Errorf("the ignore action did not insert a directive:\n%s", got)
	}

	// source.fixAll.otellint applies every fix of the file.
	var all []protocol.CodeAction
	if err := c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u}, Range: protocol.Range{},
		Context: protocol.CodeActionContext{Only: []protocol.CodeActionKind{"source.fixAll.otellint"}},
	}, &all); err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Kind != "source.fixAll.otellint" {
		t.Fatalf("fixAll: %+v", all)
	}
	fixedAll := applyEdits(t, fixed, all[0].Edit.DocumentChanges[0].Edits)
	if !strings.Contains(fixedAll, `"http.response.status_code"`) {
		t.Errorf("fixAll did not fix the deprecated key:\n%s", fixedAll)
	}
	c.change(u, 3, fixedAll)
	c.waitFor(u, "the semconvattr finding to go away in the unsaved buffer", lacksCode("semconvattr"))

	// A file that does not parse: nothing of ours, no crash; gopls shows the error.
	c.change(u, 4, fixedAll+"\nfunc broken( {\n")
	c.waitFor(u, "the diagnostics of a broken file to be cleared", func(ds []protocol.Diagnostic) bool { return len(ds) == 0 })
	c.change(u, 5, fixedAll)
	c.waitFor(u, "the findings to come back", hasCode("spanname"))

	// A newer edit makes the older one's analysis stale: what is published
	// last is the newest buffer's findings.
	withLeak := strings.Replace(fixedAll, "func charge(", "func leak(ctx context.Context) { tracer.Start(ctx, \"leak\") }\n\nfunc charge(", 1)
	c.change(u, 6, withLeak)
	c.change(u, 7, fixedAll)
	c.change(u, 8, withLeak)
	c.waitFor(u, "the newest buffer's leak", func(ds []protocol.Diagnostic) bool {
		return slices.ContainsFunc(ds, func(d protocol.Diagnostic) bool { return strings.Contains(d.Message, "is discarded") })
	})

	// The configuration is read again when it changes.
	cfg := filepath.Join(dir, ".otellint.yml")
	write(t, cfg, "disable: [spanname]\n")
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{{URI: uri.File(cfg), Type: protocol.FileChangeTypeCreated}}})
	c.waitFor(u, "spanname to be disabled", lacksCode("spanname"))
	// A broken configuration is a diagnostic on the file and a message, not a crash.
	write(t, cfg, "disable: [nosuch]\n")
	c.notify(protocol.MethodWorkspaceDidChangeWatchedFiles, &protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{{URI: uri.File(cfg), Type: protocol.FileChangeTypeChanged}}})
	cds := c.waitFor(uri.File(cfg), "a diagnostic on the configuration", func(ds []protocol.Diagnostic) bool { return len(ds) == 1 })
	if !strings.Contains(cds[0].Message, `unknown analyzer "nosuch"`) || cds[0].Range.Start.Line != 0 {
		t.Errorf("configuration diagnostic: %+v", cds[0])
	}

	// Requests about documents the server does not have are errors.
	err := c.call(protocol.MethodTextDocumentCodeAction, &protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(filepath.Join(dir, "nope.go"))}}, &actions)
	if err == nil || !strings.Contains(err.Error(), "not open") {
		t.Errorf("code action on an unknown document: %v", err)
	}

	c.mu.Lock()
	progress := slices.Clone(c.progress)
	c.mu.Unlock()
	if !slices.Contains(progress, "begin") || !slices.Contains(progress, "end") {
		t.Errorf("no work-done progress for the first load: %v", progress)
	}

	// shutdown and exit: the process ends with status 0.
	if err := c.call(protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatal(err)
	}
	c.notify(protocol.MethodExit, nil)
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after shutdown and exit: %v", err)
		}
	case <-time.After(time.Minute):
		t.Error("the server did not exit after shutdown and exit")
	}
}

// A client that goes away without shutdown: the server notices and ends
// (with an error status), it does not spin or hang.
func TestLSPClientGoesAway(t *testing.T) {
	dir := demo(t)
	c := startLSP(t, dir)
	initialize(t, c, dir)
	c.open(filepath.Join(dir, "checkout", "checkout.go"))
	c.conn.Close()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("the server exited 0 although the client never sent shutdown")
		}
	case <-time.After(2 * time.Minute):
		t.Error("the server did not end when its client went away")
	}
}

// A real editor: headless Neovim applies a quick fix through otellint lsp
// (testdata/lsp/neovim.lua).
func TestLSPNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim (Neovim 0.7 or newer) is not installed: apt-get install neovim, or run testdata/scripts/lsp-neovim.sh")
	}
	dir := demo(t)
	script, err := filepath.Abs(filepath.Join("..", "..", "testdata", "lsp", "neovim.lua"))
	if err != nil {
		t.Fatal(err)
	}
	result := filepath.Join(t.TempDir(), "result")
	cmd := exec.Command(nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "OTELLINT="+binary, "FILE="+filepath.Join(dir, "checkout", "checkout.go"), "RESULT="+result,
		"OTELLINT_CACHE="+t.TempDir(), "GOWORK=off", "GOFLAGS=-mod=readonly")
	out, err := cmd.CombinedOutput()
	got, rerr := os.ReadFile(result)
	if rerr != nil || strings.TrimSpace(string(got)) != "ok" {
		t.Fatalf("neovim: %s (nvim: %v)\n%s", got, err, out)
	}
}

// Two modules in one workspace, with configurations of their own, served
// by one process.
func TestLSPTwoModules(t *testing.T) {
	ws := t.TempDir()
	a, b := filepath.Join(ws, "a"), filepath.Join(ws, "b")
	for _, d := range []string{a, b} {
		if err := os.CopyFS(d, os.DirFS(filepath.Join("..", "..", "testdata", "demo"))); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(b, ".otellint.yml"), "disable: [spanerror]\n")
	c := startLSP(t, ws)
	initialize(t, c, ws)
	ua, _ := c.open(filepath.Join(a, "checkout", "checkout.go"))
	ub, _ := c.open(filepath.Join(b, "checkout", "checkout.go"))
	c.waitFor(ua, "spanerror in module a", hasCode("spanerror"))
	got := c.waitFor(ub, "module b's findings", hasCode("spanname"))
	if hasCode("spanerror")(got) {
		t.Errorf("module b disables spanerror, yet got:%s", describe(got))
	}
}
