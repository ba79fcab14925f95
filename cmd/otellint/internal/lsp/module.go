package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/otellint/otellint/analyzers"
	"github.com/otellint/otellint/cmd/otellint/internal/engine"
	lintsuite "github.com/otellint/otellint/cmd/otellint/internal/suite"
)

// module is the workspace of one Go module: its analyzers (with the
// configuration discovered in it), its listing, and what was published.
//
// Analyses run one at a time, in a goroutine of their own. A change that
// arrives while one runs cancels it (its results would be stale) and the
// next run takes every file changed in between.
type module struct {
	s    *server
	root string

	mu        sync.Mutex
	set       *analyzers.Set
	listing   *engine.Listing
	pending   map[string]bool // files changed since the last analysis
	reloadReq bool
	timer     *time.Timer
	running   bool
	cancel    context.CancelFunc

	results   map[string]*engine.Package // by package ID: the latest results
	analysed  map[string]analysedFile    // what each published file's findings were computed from
	published map[string]bool            // files with diagnostics in the client
	configErr map[string]bool            // configuration files with a diagnostic in the client
}

// analysedFile is a file's findings with the text they were computed from:
// a fix applies only to that text.
type analysedFile struct {
	text     []byte
	findings []engine.Finding
}

func newModule(s *server, root string) *module {
	return &module{
		s:         s,
		root:      root,
		pending:   map[string]bool{},
		results:   map[string]*engine.Package{},
		analysed:  map[string]analysedFile{},
		published: map[string]bool{},
		configErr: map[string]bool{},
	}
}

// changed records that path changed (text nil: go back to the file on
// disk) and starts an analysis, after the debounce delay when the change
// is an unsaved edit.
func (m *module) changed(path string, text []byte, debounce bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pending[path] = true
	if m.listing != nil {
		m.listing.SetFile(path, text)
	}
	if m.timer != nil {
		m.timer.Stop()
		m.timer = nil
	}
	if debounce {
		m.timer = time.AfterFunc(m.s.opts.Debounce, m.kick)
		return
	}
	m.kickLocked()
}

// reload drops the listing and the configuration: a configuration file or
// go.mod changed.
func (m *module) reload() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reloadReq = true
	m.kickLocked()
}

func (m *module) kick() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.kickLocked()
}

func (m *module) kickLocked() {
	if m.running {
		if m.cancel != nil {
			m.cancel() // stale: the loop runs again with the new changes
		}
		return
	}
	m.running = true
	m.s.wg.Add(1)
	go m.loop()
}

func (m *module) loop() {
	defer m.s.wg.Done()
	for {
		m.mu.Lock()
		if len(m.pending) == 0 && !m.reloadReq || m.s.ctx.Err() != nil {
			m.running = false
			m.mu.Unlock()
			return
		}
		files := make([]string, 0, len(m.pending))
		for f := range m.pending {
			files = append(files, f)
		}
		slices.Sort(files)
		m.pending = map[string]bool{}
		reload := m.reloadReq
		m.reloadReq = false
		ctx, cancel := context.WithCancel(m.s.ctx)
		m.cancel = cancel
		m.mu.Unlock()

		done := m.analyse(ctx, files, reload)
		cancel()
		if !done {
			// Cancelled by a newer change: analyse these files again with it.
			m.mu.Lock()
			for _, f := range files {
				m.pending[f] = true
			}
			m.reloadReq = m.reloadReq || reload
			m.mu.Unlock()
		}
	}
}

// analyse brings the results up to date for files, and publishes them. It
// returns false when ctx was cancelled before it finished.
func (m *module) analyse(ctx context.Context, files []string, reload bool) bool {
	open := m.s.openIn(m.root)
	if reload || m.set == nil {
		m.set = analyzers.New(analyzers.Source{})
		m.setListing(nil)
		for f := range open {
			if !slices.Contains(files, f) {
				files = append(files, f)
			}
		}
	}
	if !m.checkConfig(files) {
		return true
	}
	list := m.listing == nil
	for _, f := range files {
		if text, ok := open[f]; ok && !list && !m.listing.Covers(f, text) {
			list = true // a new file or a new import: only the go command knows
		}
	}
	var res *engine.Result
	if list {
		p := m.s.beginProgress("otellint: analysing " + filepath.Base(m.root))
		opts := lintsuite.EngineOptions(m.set, m.set.Analyzers)
		opts.Dir, opts.Patterns, opts.Tests = m.root, []string{"./..."}, true
		opts.Cache, opts.Overlay, opts.Progress = m.s.opts.Cache, open, p.report
		l, err := engine.List(opts)
		if err != nil {
			p.end("failed")
			m.s.showMessage(protocol.MessageTypeError, "listing the packages of %s: %v", m.root, err)
			return true
		}
		if ctx.Err() != nil {
			p.end("cancelled")
			return false
		}
		res = l.Analyze(ctx)
		p.end(fmt.Sprintf("%d packages", res.Stats.Analysed+res.Stats.CacheHits))
		if ctx.Err() != nil {
			return false
		}
		m.setListing(l)
		m.results = map[string]*engine.Package{}
		files = nil // publish for every open file's package
		for f := range open {
			files = append(files, f)
		}
		for _, e := range res.Errors {
			m.s.logMessage("%s", e)
		}
	} else {
		res = m.listing.Reanalyze(ctx, files)
		if ctx.Err() != nil {
			return false
		}
	}
	for _, p := range res.Packages {
		m.results[p.ID] = p
	}
	m.publish(files, open)
	return true
}

var configPos = regexp.MustCompile(`^(.*\.otellint\.ya?ml):(\d+):(\d+): (.*)$`)

// checkConfig validates the configuration of the files' directories. A bad
// file gets a diagnostic at its line and a message; nothing is analysed
// with it.
func (m *module) checkConfig(files []string) bool {
	ok := true
	seen := map[string]bool{}
	for _, f := range files {
		_, err := m.set.FindConfig(filepath.Dir(f))
		if err == nil {
			continue
		}
		ok = false
		msg := err.Error()
		if seen[msg] {
			continue
		}
		seen[msg] = true
		m.s.showMessage(protocol.MessageTypeError, "%s (fix it to see findings)", msg)
		if sm := configPos.FindStringSubmatch(msg); sm != nil {
			line, _ := strconv.Atoi(sm[2])
			col, _ := strconv.Atoi(sm[3])
			pos := protocol.Position{Line: uint32(max(line-1, 0)), Character: uint32(max(col-1, 0))}
			end := pos
			end.Character += 1
			m.s.notify(protocol.MethodTextDocumentPublishDiagnostics, &protocol.PublishDiagnosticsParams{
				URI: uri.File(sm[1]),
				Diagnostics: []protocol.Diagnostic{{
					Range: protocol.Range{Start: pos, End: end}, Severity: protocol.DiagnosticSeverityError,
					Source: "otellint", Message: sm[4],
				}},
			})
			m.configErr[sm[1]] = true
		}
	}
	if ok {
		for f := range m.configErr {
			m.s.notify(protocol.MethodTextDocumentPublishDiagnostics, &protocol.PublishDiagnosticsParams{URI: uri.File(f), Diagnostics: []protocol.Diagnostic{}})
			delete(m.configErr, f)
		}
	}
	return ok
}

// publish sends the diagnostics of every file of the packages that contain
// files, and clears those of files whose findings went away.
func (m *module) publish(files []string, open map[string][]byte) {
	want := map[string]bool{}
	byFile := map[string][]engine.Finding{}
	var uses []engine.DirectiveUse
	var failed []*engine.Package
	for _, p := range m.results {
		if !slices.ContainsFunc(files, func(f string) bool { return slices.Contains(p.Files, f) }) {
			continue
		}
		if p.NotAnalysed {
			failed = append(failed, p)
		}
		for _, f := range p.Files {
			want[f] = true
		}
		for _, fd := range p.Findings {
			byFile[fd.Pos.Filename] = append(byFile[fd.Pos.Filename], fd)
		}
		uses = append(uses, p.Directives...)
	}
	for _, fd := range lintsuite.UnusedDirectives(m.set, uses, m.set.Analyzers) {
		byFile[fd.Pos.Filename] = append(byFile[fd.Pos.Filename], fd)
	}
	for _, p := range failed {
		// The compiler's errors are gopls's to show; ours would be stale.
		m.s.logMessage("%s not analysed: %s", p.ID, p.Failure)
		for _, f := range p.Files {
			delete(byFile, f)
		}
	}
	for f := range want {
		if !isGo(f) || strings.Contains(f, string(filepath.Separator)+"go-build") {
			continue // files the go command generated
		}
		fs := dedupe(byFile[f])
		if _, isOpen := open[f]; len(fs) == 0 && !m.published[f] && !isOpen {
			continue // an open file always hears that it is clean
		}
		text, ok := open[f]
		if !ok {
			text, _ = m.readFile(f)
		}
		m.mu.Lock()
		m.analysed[f] = analysedFile{text: text, findings: fs}
		m.mu.Unlock()
		m.s.notify(protocol.MethodTextDocumentPublishDiagnostics, &protocol.PublishDiagnosticsParams{
			URI:         uri.File(f),
			Diagnostics: m.diagnostics(fs, text),
		})
		m.published[f] = len(fs) > 0
	}
}

func (m *module) setListing(l *engine.Listing) {
	m.mu.Lock()
	m.listing = l
	m.mu.Unlock()
}

func (m *module) readFile(path string) ([]byte, error) { return os.ReadFile(path) }

// dedupe drops the second report of a finding in a file two packages
// compile (a package and its test variant).
func dedupe(fs []engine.Finding) []engine.Finding {
	seen := map[string]bool{}
	var out []engine.Finding
	for _, f := range fs {
		k := fmt.Sprintf("%d:%d:%s:%s", f.Pos.Offset, f.End.Offset, f.Analyzer, f.Message)
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b engine.Finding) int { return a.Pos.Offset - b.Pos.Offset })
	return out
}

// findingsAt returns the published findings of a file with the text they
// were computed from.
func (m *module) findingsAt(path string) (analysedFile, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	af, ok := m.analysed[path]
	return af, ok
}

// ruleURL is where a finding's rule is documented.
func (m *module) ruleURL(analyzer string) string {
	if a := m.set.ByName(analyzer); a != nil && a.URL != "" {
		return a.URL
	}
	return "https://github.com/otellint/otellint#suppressing-findings"
}
