package runtimecheck

import "github.com/otellint/otellint/semconv"

// isVagueWord reports whether a normalized (lower-case, no separators)
// span name is a generic word that says nothing about the operation: one
// of semconv.VagueSpanNames, the list the spanname analyzer uses too.
func isVagueWord(w string) bool { return semconv.IsVagueSpanWord(w) }

// maxVagueLen is the longest normalized vague name.
var maxVagueLen = semconv.MaxVagueSpanWord

// isVagueName reports whether name is empty or made only of generic words
// ("handler", "do_work", "Function_Call", "runTask"), ignoring case and
// the separators ' ', '_', '-', '.', '/', ':' and camelCase boundaries.
// The whole name, with separators removed, may also be one generic word
// ("functioncall"). It does not allocate.
func isVagueName(name []byte) bool {
	if len(name) == 0 {
		return true
	}
	if len(name) > 3*maxVagueLen {
		return false
	}
	var all, word [3 * 16]byte // 3*maxVagueLen, checked by TestVagueListFits
	na, nw, words := 0, 0, 0
	allVague := true
	flush := func() {
		if nw > 0 {
			words++
			if !isVagueWord(string(word[:nw])) {
				allVague = false
			}
			nw = 0
		}
	}
	for i, c := range name {
		switch {
		case c == ' ' || c == '_' || c == '-' || c == '.' || c == '/' || c == ':' || c == '\t':
			flush()
			continue
		case c >= 'A' && c <= 'Z':
			if i > 0 && name[i-1] >= 'a' && name[i-1] <= 'z' {
				flush() // camelCase boundary
			}
			c += 'a' - 'A'
		case c >= 'a' && c <= 'z':
		default:
			return false
		}
		all[na], word[nw] = c, c
		na++
		nw++
	}
	flush()
	if na == 0 {
		return true
	}
	return (words > 0 && allVague) || (na <= maxVagueLen && isVagueWord(string(all[:na])))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func isAlnum(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// hasDigit reports whether b contains an ASCII digit.
func hasDigit(b []byte) bool {
	for _, c := range b {
		if isDigit(c) {
			return true
		}
	}
	return false
}

// idPlaceholder replaces ids in templated span names.
const idPlaceholder = "{id}"

// templateName appends name to dst with ids replaced by {id} and reports
// whether anything was replaced. Ids are alphanumeric runs that are all
// digits, or hex (with at least one digit) of 4+ characters (so UUID parts
// and hashes are caught), and trailing runs of 3+ digits ("user1234").
func templateName(dst, name []byte) ([]byte, bool) {
	changed := false
	for i := 0; i < len(name); {
		if !isAlnum(name[i]) {
			dst = append(dst, name[i])
			i++
			continue
		}
		j := i
		digits, hex := 0, true
		for j < len(name) && isAlnum(name[j]) {
			if isDigit(name[j]) {
				digits++
			} else if !isHex(name[j]) {
				hex = false
			}
			j++
		}
		tok := name[i:j]
		switch {
		case digits == len(tok), hex && digits > 0 && len(tok) >= 4:
			dst = append(dst, idPlaceholder...)
			changed = true
		default:
			k := len(tok)
			for k > 0 && isDigit(tok[k-1]) {
				k--
			}
			if len(tok)-k >= 3 {
				dst = append(dst, tok[:k]...)
				dst = append(dst, idPlaceholder...)
				changed = true
			} else {
				dst = append(dst, tok...)
			}
		}
		i = j
	}
	return dst, changed
}
