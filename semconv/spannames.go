package semconv

import (
	"strings"
	"unicode"
)

// VagueSpanNames are generic words that say nothing about an operation
// when a span is named with them alone: otellint's own list (the semantic
// conventions ask for low-cardinality names that identify the operation,
// and name none of these), kept here so that the spanname analyzer and the
// runtime checker judge the same names.
var VagueSpanNames = []string{
	"span", "function_call", "func", "function", "call", "handler", "handle", "process", "run",
	"do", "execute", "exec", "operation", "op", "task", "job", "work", "test", "todo", "foo",
	"bar", "baz", "main", "method", "request", "unknown", "unnamed", "default", "untitled",
	"action", "tmp", "temp", "myspan", "testspan", "newspan",
}

var vagueWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range VagueSpanNames {
		m[NormalizeSpanWord(w)] = true
	}
	return m
}()

// MaxVagueSpanWord is the length of the longest normalized vague word.
var MaxVagueSpanWord = func() int {
	n := 0
	for w := range vagueWords {
		n = max(n, len(w))
	}
	return n
}()

// IsVagueSpanWord reports whether w, normalized (lower case, letters and
// digits only: NormalizeSpanWord), is one of VagueSpanNames.
func IsVagueSpanWord(w string) bool { return vagueWords[w] }

// NormalizeSpanWord lowercases s and keeps only its letters and digits, so
// that "Function_Call" and "functioncall" compare equal.
func NormalizeSpanWord(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
