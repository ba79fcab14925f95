package sarif

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// LineHashes returns, for each line of a file (index 0 is line 1), the
// primaryLocationLineHash GitHub code scanning gives a result on that
// line: a rolling hash over the next 100 characters that are not spaces or
// tabs, line endings normalised to \n, with ":N" telling the Nth equal
// hash from the others. It is what github/codeql-action computes when an
// upload carries no fingerprints; computing it here, from the same bytes,
// makes uploads through the API (which computes none) match alerts across
// runs in the same way, and the action finds nothing to disagree with.
func LineHashes(content []byte) []string {
	const (
		block = 100
		mod   = 37
		eof   = 65535
	)
	var firstMod uint64 = 1
	for range block {
		firstMod *= mod
	}
	var (
		window    [block]uint64
		lineAt    [block]int // the line starting at this window slot, or 0
		hash      uint64
		index     int
		line      int
		lineStart = true
		prevCR    bool
		counts    = map[uint64]int{}
		out       []string
	)
	emit := func() {
		counts[hash]++
		out = append(out, strconv.FormatUint(hash, 16)+":"+strconv.Itoa(counts[hash]))
		lineAt[index] = 0
	}
	update := func(c uint64) {
		hash = mod*hash + c - firstMod*window[index]
		window[index] = c
		index = (index + 1) % block
	}
	process := func(c uint64) {
		if c == ' ' || c == '\t' || (prevCR && c == '\n') {
			prevCR = false
			return
		}
		if c == '\r' {
			c, prevCR = '\n', true
		} else {
			prevCR = false
		}
		if lineAt[index] != 0 {
			emit()
		}
		if lineStart {
			lineStart = false
			line++
			lineAt[index] = line
		}
		if c == '\n' {
			lineStart = true
		}
		update(c)
	}
	// The action reads the file as UTF-8 text and hashes UTF-16 code units.
	for len(content) > 0 {
		r, size := utf8.DecodeRune(content)
		content = content[size:]
		if utf16.RuneLen(r) == 2 {
			r1, r2 := utf16.EncodeRune(r)
			process(uint64(r1))
			process(uint64(r2))
		} else {
			process(uint64(r))
		}
	}
	process(eof)
	for range block {
		if lineAt[index] != 0 {
			emit()
		}
		update(0)
	}
	return out
}

// UTF16Column converts a 1-based byte column on a line (what go/token
// reports) into the 1-based column in UTF-16 code units that ColumnKind
// declares. A column past the end of the line stays as far past it.
func UTF16Column(line []byte, byteCol int) int {
	n := byteCol - 1
	if n <= 0 {
		return byteCol
	}
	past := 0
	if n > len(line) {
		n, past = len(line), n-len(line)
	}
	col := 1 + past
	for b := line[:n]; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		col += utf16.RuneLen(r)
	}
	return col
}
