// Package lsp is otellint's language server: the analyzers' findings as
// editor diagnostics, and their suggested fixes as code actions, over the
// Language Server Protocol on stdio.
//
// The protocol types are go.lsp.dev/protocol's, and so is the transport
// (go.lsp.dev/jsonrpc2); what protocol 3.17 added and that library lacks
// (position encodings) is declared here.
//
// Each Go module with an open file gets a workspace (see module.go): its
// packages are listed and analysed once, with progress, and after that an
// edit re-analyses only the edited package, from the dependencies' types
// and facts kept in memory; the results cache is shared with otellint
// check.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/otellint/otellint/cmd/otellint/internal/engine"
)

// Options configure a server.
type Options struct {
	Version string        // reported in serverInfo
	Cache   *engine.Cache // shared with otellint check; nil for none
	Log     io.Writer     // the server's own log (stderr); nil for none
	// Debounce is how long after the last change an unsaved buffer is
	// analysed (default 400ms).
	Debounce time.Duration
}

// Serve speaks LSP on rw until the client sends exit or goes away. It
// returns nil after shutdown and exit, and an error when the client left
// without them.
func Serve(ctx context.Context, rw io.ReadWriteCloser, opts Options) error {
	if opts.Debounce == 0 {
		opts.Debounce = 400 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &server{
		opts:    opts,
		docs:    map[string]*document{},
		modules: map[string]*module{},
		ctx:     ctx,
	}
	s.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(rw))
	s.conn.Go(ctx, protocol.Handlers(s.handle))
	select {
	case <-s.conn.Done():
	case <-ctx.Done():
	}
	cancel()
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.exited && s.shutdown {
		return nil
	}
	if s.exited {
		return errors.New("exit without shutdown")
	}
	return fmt.Errorf("the client went away: %v", s.conn.Err())
}

type server struct {
	opts Options
	conn jsonrpc2.Conn
	ctx  context.Context
	wg   sync.WaitGroup // analyses in flight

	mu         sync.Mutex
	utf8       bool // positions count bytes, not UTF-16 units
	docChanges bool // the client takes versioned documentChanges
	progress   bool // the client shows work-done progress
	roots      []string
	docs       map[string]*document // open files, by path
	modules    map[string]*module   // by module root
	shutdown   bool
	exited     bool
	progressID int
}

type document struct {
	uri     protocol.DocumentURI
	path    string
	version int32
	text    []byte
}

func (s *server) logf(format string, args ...any) {
	if s.opts.Log != nil {
		fmt.Fprintf(s.opts.Log, "otellint lsp: "+format+"\n", args...)
	}
}

// handle answers one request or notification (jsonrpc2 wants a reply to
// both; for a notification it sends nothing). A panic is answered as an
// internal error: one bad request must not take the server down.
func (s *server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.logf("panic handling %s: %v\n%s", req.Method(), r, debug.Stack())
			err = reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InternalError, fmt.Sprintf("otellint lsp: %v", r)))
		}
	}()
	result, rerr := s.dispatch(req)
	return reply(ctx, result, rerr)
}

// dispatch does what a request or notification asks.
func (s *server) dispatch(req jsonrpc2.Request) (any, error) {
	s.mu.Lock()
	down := s.shutdown
	s.mu.Unlock()
	if down && req.Method() != protocol.MethodExit {
		if _, ok := req.(*jsonrpc2.Call); ok {
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "the server is shutting down")
		}
		return nil, nil
	}
	switch req.Method() {
	case protocol.MethodInitialize:
		var p initializeParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, err.Error())
		}
		return s.initialize(&p), nil
	case protocol.MethodInitialized:
		return nil, nil
	case protocol.MethodShutdown:
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil, nil
	case protocol.MethodExit:
		s.mu.Lock()
		s.exited = true
		s.mu.Unlock()
		go func() { _ = s.conn.Close() }() // after the (empty) reply
		return nil, nil
	case protocol.MethodTextDocumentDidOpen:
		var p protocol.DidOpenTextDocumentParams
		if err := json.Unmarshal(req.Params(), &p); err == nil {
			s.didOpen(p.TextDocument.URI, p.TextDocument.Version, []byte(p.TextDocument.Text))
		}
		return nil, nil
	case protocol.MethodTextDocumentDidChange:
		var p protocol.DidChangeTextDocumentParams
		if err := json.Unmarshal(req.Params(), &p); err == nil && len(p.ContentChanges) > 0 {
			// Full sync: the last change holds the whole text.
			s.didChange(p.TextDocument.URI, p.TextDocument.Version, []byte(p.ContentChanges[len(p.ContentChanges)-1].Text))
		}
		return nil, nil
	case protocol.MethodTextDocumentDidSave:
		var p protocol.DidSaveTextDocumentParams
		if err := json.Unmarshal(req.Params(), &p); err == nil {
			s.didSave(p.TextDocument.URI)
		}
		return nil, nil
	case protocol.MethodTextDocumentDidClose:
		var p protocol.DidCloseTextDocumentParams
		if err := json.Unmarshal(req.Params(), &p); err == nil {
			s.didClose(p.TextDocument.URI)
		}
		return nil, nil
	case protocol.MethodWorkspaceDidChangeWatchedFiles:
		var p protocol.DidChangeWatchedFilesParams
		if err := json.Unmarshal(req.Params(), &p); err == nil {
			for _, c := range p.Changes {
				s.fileChanged(c.URI.Filename())
			}
		}
		return nil, nil
	case protocol.MethodWorkspaceDidChangeWorkspaceFolders:
		return nil, nil
	case protocol.MethodTextDocumentCodeAction:
		var p protocol.CodeActionParams
		if err := json.Unmarshal(req.Params(), &p); err != nil {
			return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, err.Error())
		}
		actions, err := s.codeActions(&p)
		return actions, err
	}
	if _, ok := req.(*jsonrpc2.Call); ok {
		return nil, jsonrpc2.NewError(jsonrpc2.MethodNotFound, "otellint lsp does not implement "+req.Method())
	}
	return nil, nil // notifications we do not use ($/setTrace; $/cancelRequest is handled above us)
}

// initializeParams adds what protocol 3.17 says about position encodings.
type initializeParams struct {
	protocol.InitializeParams
	Capabilities struct {
		protocol.ClientCapabilities
		General struct {
			PositionEncodings []string `json:"positionEncodings"`
		} `json:"general"`
	} `json:"capabilities"`
}

type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

type serverCapabilities struct {
	protocol.ServerCapabilities
	PositionEncoding string `json:"positionEncoding"`
}

// FixAllKind is the code action kind of "apply every otellint fix".
const FixAllKind protocol.CodeActionKind = "source.fixAll.otellint"

func (s *server) initialize(p *initializeParams) *initializeResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range p.Capabilities.General.PositionEncodings {
		if e == "utf-8" {
			s.utf8 = true
		}
	}
	caps := p.Capabilities.ClientCapabilities
	if ws := caps.Workspace; ws != nil && ws.WorkspaceEdit != nil {
		s.docChanges = ws.WorkspaceEdit.DocumentChanges
	}
	if w := caps.Window; w != nil {
		s.progress = w.WorkDoneProgress
	}
	for _, f := range p.WorkspaceFolders {
		if u, err := uri.Parse(f.URI); err == nil {
			s.roots = append(s.roots, u.Filename())
		}
	}
	//nolint:staticcheck // rootUri is deprecated, but clients that send no workspace folders still send it
	if len(s.roots) == 0 && p.RootURI != "" {
		s.roots = append(s.roots, p.RootURI.Filename()) //nolint:staticcheck // as above
	}
	enc := "utf-16"
	if s.utf8 {
		enc = "utf-8"
	}
	s.logf("initialized for %s, positions in %s", strings.Join(s.roots, ", "), enc)
	return &initializeResult{
		Capabilities: serverCapabilities{
			ServerCapabilities: protocol.ServerCapabilities{
				TextDocumentSync: &protocol.TextDocumentSyncOptions{
					OpenClose: true,
					Change:    protocol.TextDocumentSyncKindFull,
					Save:      &protocol.SaveOptions{},
				},
				CodeActionProvider: &protocol.CodeActionOptions{
					CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, FixAllKind},
				},
			},
			PositionEncoding: enc,
		},
		ServerInfo: &protocol.ServerInfo{Name: "otellint", Version: s.opts.Version},
	}
}

func isGo(path string) bool { return strings.HasSuffix(path, ".go") }

func (s *server) didOpen(u protocol.DocumentURI, version int32, text []byte) {
	path := u.Filename()
	if !isGo(path) {
		return
	}
	s.mu.Lock()
	s.docs[path] = &document{uri: u, path: path, version: version, text: text}
	s.mu.Unlock()
	if m := s.moduleOf(path); m != nil {
		m.changed(path, text, false)
	}
}

func (s *server) didChange(u protocol.DocumentURI, version int32, text []byte) {
	path := u.Filename()
	s.mu.Lock()
	d := s.docs[path]
	if d != nil {
		d.version, d.text = version, text
	}
	s.mu.Unlock()
	if d == nil {
		return
	}
	if m := s.moduleOf(path); m != nil {
		m.changed(path, text, true)
	}
}

func (s *server) didSave(u protocol.DocumentURI) {
	path := u.Filename()
	if isConfig(path) {
		s.fileChanged(path)
		return
	}
	s.mu.Lock()
	d := s.docs[path]
	s.mu.Unlock()
	if d == nil {
		return
	}
	if m := s.moduleOf(path); m != nil {
		m.changed(path, d.text, false)
	}
}

func (s *server) didClose(u protocol.DocumentURI) {
	path := u.Filename()
	s.mu.Lock()
	_, open := s.docs[path]
	delete(s.docs, path)
	s.mu.Unlock()
	if !open {
		return
	}
	if m := s.moduleOf(path); m != nil {
		m.changed(path, nil, false) // back to the file on disk
	}
}

// fileChanged reacts to a file changed outside the editor: a configuration
// file or go.mod means a new listing with a new configuration.
func (s *server) fileChanged(path string) {
	if !isConfig(path) && filepath.Base(path) != "go.mod" && filepath.Base(path) != "go.work" {
		return
	}
	s.mu.Lock()
	var ms []*module
	for root, m := range s.modules {
		if strings.HasPrefix(path, root+string(filepath.Separator)) || filepath.Dir(path) == root {
			ms = append(ms, m)
		}
	}
	s.mu.Unlock()
	for _, m := range ms {
		s.logf("%s changed: reloading %s", path, m.root)
		m.reload()
	}
}

func isConfig(path string) bool {
	base := filepath.Base(path)
	return base == ".otellint.yml" || base == ".otellint.yaml"
}

// moduleOf returns the workspace of the module that holds path, creating
// it on first use; nil for a file outside any module.
func (s *server) moduleOf(path string) *module {
	root := moduleRoot(filepath.Dir(path))
	if root == "" {
		s.logf("%s is in no Go module; not analysed", path)
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.modules[root]
	if m == nil {
		m = newModule(s, root)
		s.modules[root] = m
	}
	return m
}

func moduleRoot(dir string) string {
	for d := dir; ; {
		if st, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !st.IsDir() {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// document returns a copy of the open document at path, or nil.
func (s *server) document(path string) *document {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.docs[path]; d != nil {
		c := *d
		return &c
	}
	return nil
}

// openIn returns the open documents under root.
func (s *server) openIn(root string) map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]byte{}
	for p, d := range s.docs {
		if strings.HasPrefix(p, root+string(filepath.Separator)) {
			out[p] = d.text
		}
	}
	return out
}

func (s *server) notify(method string, params any) {
	if err := s.conn.Notify(s.ctx, method, params); err != nil {
		s.logf("sending %s: %v", method, err)
	}
}

// showMessage puts a message in front of the user.
func (s *server) showMessage(typ protocol.MessageType, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.logf("%s", msg)
	s.notify(protocol.MethodWindowShowMessage, &protocol.ShowMessageParams{Type: typ, Message: "otellint: " + msg})
}

// logMessage writes to the client's log of the server.
func (s *server) logMessage(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	s.logf("%s", msg)
	s.notify(protocol.MethodWindowLogMessage, &protocol.LogMessageParams{Type: protocol.MessageTypeLog, Message: "otellint: " + msg})
}

// progress is a work-done progress report in the client, when it shows
// them.
type progress struct {
	s     *server
	token *protocol.ProgressToken
	last  uint32
}

func (s *server) beginProgress(title string) *progress {
	s.mu.Lock()
	ok := s.progress
	s.progressID++
	id := s.progressID
	s.mu.Unlock()
	if !ok {
		return nil
	}
	tok := protocol.NewProgressToken(fmt.Sprintf("otellint-%d", id))
	ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
	defer cancel()
	if _, err := s.conn.Call(ctx, protocol.MethodWorkDoneProgressCreate, &protocol.WorkDoneProgressCreateParams{Token: *tok}, nil); err != nil {
		s.logf("the client refused a progress report: %v", err)
		return nil
	}
	s.notify(protocol.MethodProgress, &protocol.ProgressParams{Token: *tok, Value: &protocol.WorkDoneProgressBegin{Kind: protocol.WorkDoneProgressKindBegin, Title: title, Percentage: 0}})
	return &progress{s: s, token: tok}
}

func (p *progress) report(done, total int) {
	if p == nil || total == 0 {
		return
	}
	pct := uint32(done * 100 / total)
	if pct == p.last {
		return
	}
	p.last = pct
	p.s.notify(protocol.MethodProgress, &protocol.ProgressParams{Token: *p.token, Value: &protocol.WorkDoneProgressReport{
		Kind: protocol.WorkDoneProgressKindReport, Message: fmt.Sprintf("%d/%d packages", done, total), Percentage: pct,
	}})
}

func (p *progress) end(msg string) {
	if p == nil {
		return
	}
	p.s.notify(protocol.MethodProgress, &protocol.ProgressParams{Token: *p.token, Value: &protocol.WorkDoneProgressEnd{Kind: protocol.WorkDoneProgressKindEnd, Message: msg}})
}
