// Package glob matches slash-separated paths against the patterns of
// configuration exclude lists and analyzer allow lists, with
// github.com/bmatcuk/doublestar: "**" stands for any number of path
// segments (including none), {a,b} for alternatives, and every other
// segment follows path.Match. So "**/examples/**" means "anywhere under a
// directory named examples" and "**/*.{pb,gen}.go" every generated file,
// in every mode.
package glob

import (
	"fmt"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// Validate reports whether pattern is well formed.
func Validate(pattern string) error {
	if !doublestar.ValidatePattern(normalize(pattern)) {
		return fmt.Errorf("bad glob %q: %v", pattern, doublestar.ErrBadPattern)
	}
	return nil
}

// Match reports whether the slash-separated name matches pattern.
// A pattern that does not start with "**" is anchored at the start of
// name, which callers make relative to a module or config directory; a
// leading "./" or "/" changes nothing.
func Match(pattern, name string) bool {
	ok, err := doublestar.Match(normalize(pattern), strings.TrimPrefix(name, "/"))
	return err == nil && ok
}

func normalize(pattern string) string {
	return strings.TrimPrefix(strings.TrimPrefix(pattern, "./"), "/")
}

// Any reports whether name matches any of patterns.
func Any(patterns []string, name string) bool {
	for _, p := range patterns {
		if Match(p, name) {
			return true
		}
	}
	return false
}
