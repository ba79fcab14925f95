package lsp

import (
	"bytes"
	"go/token"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// lines indexes the start of each line of a file's contents, to turn byte
// offsets into LSP positions and back, in UTF-16 code units (the protocol's
// default) or in bytes (UTF-8, when the client offers it).
type lines struct {
	src   []byte
	start []int
	utf8  bool
}

func newLines(src []byte, utf8 bool) *lines {
	l := &lines{src: src, start: []int{0}, utf8: utf8}
	for i, b := range src {
		if b == '\n' {
			l.start = append(l.start, i+1)
		}
	}
	return l
}

// position returns the LSP position of a byte offset.
func (l *lines) position(off int) protocol.Position {
	off = max(0, min(off, len(l.src)))
	line := 0
	lo, hi := 0, len(l.start)-1
	for lo <= hi {
		mid := (lo + hi) / 2
		if l.start[mid] <= off {
			line, lo = mid, mid+1
		} else {
			hi = mid - 1
		}
	}
	text := l.src[l.start[line]:off]
	return protocol.Position{Line: uint32(line), Character: uint32(l.units(text))}
}

// units counts the characters of text in the position encoding.
func (l *lines) units(text []byte) int {
	if l.utf8 {
		return len(text)
	}
	n := 0
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		text = text[size:]
		if r >= 0x10000 {
			n += 2 // a surrogate pair
		} else {
			n++
		}
	}
	return n
}

// span returns the LSP range of [from, to) in the file, widening an empty
// range to the word (or character) at from so that editors can show it.
func (l *lines) span(from, to token.Position) protocol.Range {
	start, end := from.Offset, to.Offset
	if end <= start {
		end = wordEnd(l.src, start)
	}
	return protocol.Range{Start: l.position(start), End: l.position(end)}
}

func wordEnd(src []byte, off int) int {
	if off >= len(src) {
		return off
	}
	isWord := func(b byte) bool {
		return b == '_' || b == '.' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
	}
	end := off
	for end < len(src) && isWord(src[end]) && src[end] != '\n' {
		end++
	}
	if end == off {
		if i := bytes.IndexByte(src[off:], '\n'); i != 0 {
			end = off + 1
		}
	}
	return end
}

// before reports whether position a comes before b.
func before(a, b protocol.Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// overlaps reports whether two ranges share a position (an empty range
// overlaps the range it is in).
func overlaps(a, b protocol.Range) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}
