package runtimecheck

import "strings"

// A small validator of UCUM (case-sensitive) unit expressions, enough for
// the units telemetry uses: products and quotients of prefixed atoms with
// exponents, annotations ({request}), factors (1, 10*3) and parentheses.
// It errs towards accepting: an atom it does not know is rejected only
// when it is made of letters that no UCUM atom, prefixed or not, spells.

// ucumMetric are the atoms that take a metric (or binary) prefix.
var ucumMetric = map[string]bool{
	"s": true, "g": true, "m": true, "l": true, "L": true, "By": true, "bit": true, "Bd": true,
	"Hz": true, "N": true, "Pa": true, "J": true, "W": true, "A": true, "V": true, "C": true,
	"Ohm": true, "S": true, "F": true, "T": true, "Wb": true, "H": true, "K": true, "Cel": true,
	"mol": true, "cd": true, "rad": true, "sr": true, "lm": true, "lx": true, "Bq": true,
	"Gy": true, "Sv": true, "kat": true, "eV": true, "t": true, "bar": true, "B": true, "u": true,
	"cal": true, "Ci": true, "R": true, "P": true, "St": true, "G": true, "Mx": true, "Oe": true,
}

// ucumPlain are atoms that take no prefix.
var ucumPlain = map[string]bool{
	"min": true, "h": true, "d": true, "wk": true, "mo": true, "a": true, "%": true, "deg": true,
	"'": true, "''": true, "[ppm]": true, "[ppb]": true, "[ppth]": true, "[pi]": true,
	"[degF]": true, "[in_i]": true, "[ft_i]": true, "[mi_i]": true, "[lb_av]": true, "10*": true, "10^": true,
}

var ucumPrefixes = []string{"da", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Y", "Z", "E", "P", "T", "G", "M", "k", "h", "d", "c", "m", "u", "n", "p", "f", "a", "z", "y"}

// validUCUM reports whether unit is a non-empty UCUM expression.
func validUCUM(unit []byte) bool {
	if len(unit) == 0 || len(unit) > 128 {
		return false
	}
	p := ucumParser{s: string(unit)}
	if p.peek() == '/' { // "/s"
		p.i++
	}
	if !p.term() {
		return false
	}
	return p.i == len(p.s)
}

type ucumParser struct {
	s     string
	i     int
	depth int
}

func (p *ucumParser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *ucumParser) term() bool {
	if !p.component() {
		return false
	}
	for p.peek() == '.' || p.peek() == '/' {
		p.i++
		if !p.component() {
			return false
		}
	}
	return true
}

func (p *ucumParser) component() bool {
	switch c := p.peek(); {
	case c == '(':
		if p.depth > 8 {
			return false
		}
		p.i++
		p.depth++
		if !p.term() || p.peek() != ')' {
			return false
		}
		p.i++
		p.depth--
		return p.annotation()
	case c == '{':
		return p.annotation()
	case c >= '0' && c <= '9':
		start := p.i
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		if p.peek() == '*' || p.peek() == '^' { // 10*3
			if p.s[start:p.i] != "10" {
				return false
			}
			p.i++
			p.exponent()
		}
		return p.annotation()
	}
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '.' || c == '/' || c == '{' || c == '(' || c == ')' || (c >= '0' && c <= '9') || c == '+' || c == '-' {
			break
		}
		if c == '[' { // bracketed atoms: [ppm]
			end := strings.IndexByte(p.s[p.i:], ']')
			if end < 0 {
				return false
			}
			p.i += end + 1
			continue
		}
		p.i++
	}
	if !ucumAtom(p.s[start:p.i]) {
		return false
	}
	p.exponent()
	return p.annotation()
}

func (p *ucumParser) exponent() {
	if c := p.peek(); c == '+' || c == '-' {
		if p.i+1 < len(p.s) && p.s[p.i+1] >= '0' && p.s[p.i+1] <= '9' {
			p.i++
		}
	}
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
}

func (p *ucumParser) annotation() bool {
	if p.peek() != '{' {
		return true
	}
	end := strings.IndexByte(p.s[p.i:], '}')
	if end < 0 {
		return false
	}
	p.i += end + 1
	return true
}

func ucumAtom(a string) bool {
	if a == "" {
		return false
	}
	if ucumPlain[a] || ucumMetric[a] {
		return true
	}
	for _, pre := range ucumPrefixes {
		if len(a) > len(pre) && a[:len(pre)] == pre && ucumMetric[a[len(pre):]] {
			return true
		}
	}
	return false
}

// unitWords are unit names that do not belong in a metric name (MET-005).
var unitWords = map[string]bool{
	"seconds": true, "second": true, "milliseconds": true, "millisecond": true, "microseconds": true,
	"nanoseconds": true, "minutes": true, "hours": true, "ms": true, "ns": true,
	"bytes": true, "kilobytes": true, "megabytes": true, "gigabytes": true, "kibibytes": true,
	"mebibytes": true, "gibibytes": true, "kb": true, "mb": true, "gb": true, "bits": true,
	"percent": true, "celsius": true, "fahrenheit": true, "hertz": true,
}

// unitInName returns the unit word a metric name contains as one of its
// dot-, underscore- or dash-separated parts, or "".
func unitInName(name []byte) string {
	start := 0
	for i := 0; i <= len(name); i++ {
		if i < len(name) && name[i] != '.' && name[i] != '_' && name[i] != '-' {
			continue
		}
		if w := name[start:i]; len(w) >= 2 && len(w) <= 12 {
			var buf [12]byte
			for j, c := range w {
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf[j] = c
			}
			if unitWords[string(buf[:len(w)])] {
				return string(buf[:len(w)])
			}
		}
		start = i + 1
	}
	return ""
}
