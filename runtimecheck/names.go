package runtimecheck

// isVagueWord reports whether a normalized (lower-case, no separators)
// span name is a generic word that says nothing about the operation.
func isVagueWord(w string) bool {
	switch w {
	case "span", "functioncall", "handler", "process", "run", "do", "execute",
		"operation", "task", "work", "test", "todo", "foo", "bar", "main",
		"unknown", "unnamed", "default", "function", "method", "call", "action",
		"myspan", "testspan", "newspan":
		return true
	}
	return false
}

// maxVagueLen is the longest normalized vague name.
const maxVagueLen = 12

// isVagueName reports whether name is empty or a generic word, ignoring
// case and the separators ' ', '_', '-', '.', '/', ':'. It does not allocate.
func isVagueName(name []byte) bool {
	if len(name) == 0 {
		return true
	}
	if len(name) > 3*maxVagueLen {
		return false
	}
	var buf [maxVagueLen]byte
	n := 0
	for _, c := range name {
		switch {
		case c == ' ' || c == '_' || c == '-' || c == '.' || c == '/' || c == ':' || c == '\t':
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 'a' && c <= 'z':
		default:
			return false
		}
		if n == len(buf) {
			return false
		}
		buf[n] = c
		n++
	}
	return n == 0 || isVagueWord(string(buf[:n]))
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
