package lsp

import (
	"bytes"
	"fmt"
	"go/token"
	"os"
	"slices"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/otellint/otellint/cmd/otellint/internal/engine"
	lintsuite "github.com/otellint/otellint/cmd/otellint/internal/suite"
)

func (s *server) encodingUTF8() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.utf8
}

// diagnostics turns the findings of a file, computed from text, into LSP
// diagnostics.
func (m *module) diagnostics(fs []engine.Finding, text []byte) []protocol.Diagnostic {
	utf8 := m.s.encodingUTF8()
	ls := newLines(text, utf8)
	out := []protocol.Diagnostic{}
	for _, f := range fs {
		d := protocol.Diagnostic{
			Range:           ls.span(f.Pos, f.End),
			Severity:        protocol.DiagnosticSeverityError,
			Code:            f.Analyzer,
			CodeDescription: &protocol.CodeDescription{Href: uri.URI(m.ruleURL(f.Analyzer))},
			Source:          "otellint",
			Message:         f.Message,
		}
		if f.Severity == "warning" {
			d.Severity = protocol.DiagnosticSeverityWarning
		}
		for _, r := range f.Related {
			rl := ls
			if r.Pos.Filename != f.Pos.Filename {
				other, err := os.ReadFile(r.Pos.Filename)
				if err != nil {
					continue
				}
				rl = newLines(other, utf8)
			}
			d.RelatedInformation = append(d.RelatedInformation, protocol.DiagnosticRelatedInformation{
				Location: protocol.Location{URI: uri.File(r.Pos.Filename), Range: rl.span(r.Pos, r.Pos)},
				Message:  r.Message,
			})
		}
		out = append(out, d)
	}
	return out
}

// codeActions answers textDocument/codeAction: a quick fix for each
// suggested fix of the findings in the range, one to ignore each finding
// with a directive, and source.fixAll.otellint for every fix of the file.
func (s *server) codeActions(p *protocol.CodeActionParams) ([]protocol.CodeAction, error) {
	path := p.TextDocument.URI.Filename()
	doc := s.document(path)
	if doc == nil {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("%s is not open: open it (textDocument/didOpen) first", path))
	}
	out := []protocol.CodeAction{}
	m := s.moduleOf(path)
	if m == nil {
		return out, nil
	}
	af, ok := m.findingsAt(path)
	if !ok || !bytes.Equal(af.text, doc.text) {
		return out, nil // not analysed yet, or edited since: its fixes would not apply
	}
	wantQuick, wantAll := kinds(p.Context.Only)
	ls := newLines(doc.text, s.encodingUTF8())
	diags := m.diagnostics(af.findings, doc.text)
	if wantQuick {
		for i, f := range af.findings {
			if !overlaps(diags[i].Range, p.Range) {
				continue
			}
			for _, fix := range f.Fixes {
				edit, err := s.workspaceEdit(doc, ls, fix.Edits)
				if err != nil {
					s.logf("fix %q: %v", fix.Message, err)
					continue
				}
				out = append(out, protocol.CodeAction{
					Title: fix.Message, Kind: protocol.QuickFix, Diagnostics: []protocol.Diagnostic{diags[i]},
					IsPreferred: true, Edit: edit,
				})
			}
			if f.Analyzer != lintsuite.DirectiveRule {
				out = append(out, s.ignoreAction(doc, ls, f, diags[i]))
			}
		}
	}
	if wantAll {
		var edits []engine.Edit
		n := 0
		for _, f := range af.findings {
			if len(f.Fixes) == 0 || conflicts(edits, f.Fixes[0].Edits) {
				continue
			}
			edits = append(edits, f.Fixes[0].Edits...)
			n++
		}
		if n > 0 {
			if edit, err := s.workspaceEdit(doc, ls, edits); err == nil {
				out = append(out, protocol.CodeAction{
					Title: fmt.Sprintf("Apply all otellint fixes in this file (%d)", n), Kind: FixAllKind, Edit: edit,
				})
			}
		}
	}
	return out, nil
}

// kinds says which kinds a codeAction request with only asks for.
func kinds(only []protocol.CodeActionKind) (quick, all bool) {
	if len(only) == 0 {
		return true, true
	}
	for _, k := range only {
		switch k {
		case protocol.QuickFix:
			quick = true
		case protocol.Source, "source.fixAll", FixAllKind:
			all = true
		}
	}
	return quick, all
}

// conflicts reports whether an edit of b overlaps one of a, in the same file.
func conflicts(a, b []engine.Edit) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Start.Filename == y.Start.Filename && x.Start.Offset < y.End.Offset+1 && y.Start.Offset < x.End.Offset+1 {
				return true
			}
		}
	}
	return false
}

// workspaceEdit turns edits (byte offsets in the text analysed) into a
// WorkspaceEdit: versioned document changes when the client takes them.
func (s *server) workspaceEdit(doc *document, ls *lines, edits []engine.Edit) (*protocol.WorkspaceEdit, error) {
	byFile := map[string][]protocol.TextEdit{}
	var files []string
	for _, e := range edits {
		fl := ls
		if e.Start.Filename != doc.path {
			text, err := s.fileText(e.Start.Filename)
			if err != nil {
				return nil, err
			}
			fl = newLines(text, ls.utf8)
		}
		if _, ok := byFile[e.Start.Filename]; !ok {
			files = append(files, e.Start.Filename)
		}
		byFile[e.Start.Filename] = append(byFile[e.Start.Filename], protocol.TextEdit{
			Range:   protocol.Range{Start: fl.position(e.Start.Offset), End: fl.position(e.End.Offset)},
			NewText: e.NewText,
		})
	}
	slices.Sort(files)
	s.mu.Lock()
	docChanges := s.docChanges
	s.mu.Unlock()
	we := &protocol.WorkspaceEdit{}
	if !docChanges {
		we.Changes = map[protocol.DocumentURI][]protocol.TextEdit{}
		for _, f := range files {
			we.Changes[uri.File(f)] = byFile[f]
		}
		return we, nil
	}
	for _, f := range files {
		id := protocol.OptionalVersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri.File(f)}}
		if d := s.document(f); d != nil {
			v := d.version
			id.Version = &v
		}
		we.DocumentChanges = append(we.DocumentChanges, protocol.TextDocumentEdit{TextDocument: id, Edits: byFile[f]})
	}
	return we, nil
}

// fileText is the text of a file as the editor has it, else on disk.
func (s *server) fileText(path string) ([]byte, error) {
	if d := s.document(path); d != nil {
		return d.text, nil
	}
	return os.ReadFile(path)
}

// ignoreAction inserts //otellint:ignore NAME above the finding's line,
// with a reason for the user to write.
func (s *server) ignoreAction(doc *document, ls *lines, f engine.Finding, d protocol.Diagnostic) protocol.CodeAction {
	lineStart := ls.start[d.Range.Start.Line]
	line := doc.text[lineStart:]
	indent := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
	text := fmt.Sprintf("%s//otellint:ignore %s %s\n", indent, f.Analyzer, ignoreReason)
	at := token.Position{Filename: doc.path, Offset: lineStart}
	edit, _ := s.workspaceEdit(doc, ls, []engine.Edit{{Start: at, End: at, NewText: text}})
	return protocol.CodeAction{
		Title:       fmt.Sprintf("Ignore %s here with //otellint:ignore (then write why)", f.Analyzer),
		Kind:        protocol.QuickFix,
		Diagnostics: []protocol.Diagnostic{d},
		Edit:        edit,
	}
}

// ignoreReason is the placeholder reason of an inserted directive: the
// directive needs one, and only the user knows it.
const ignoreReason = "REASON: say why this finding does not apply"
