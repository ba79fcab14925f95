// Package glob matches slash-separated paths against patterns where "**"
// stands for any number of path segments (including none) and every other
// segment follows path.Match. Config exclude lists and analyzer allow lists
// use it, so "**/examples/**" means "anywhere under a directory named
// examples" in every mode.
package glob

import (
	"fmt"
	"path"
	"strings"
)

// Validate reports whether pattern is well formed.
func Validate(pattern string) error {
	for _, seg := range strings.Split(pattern, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("bad glob %q: %v", pattern, err)
		}
	}
	return nil
}

// Match reports whether the slash-separated name matches pattern.
// A pattern that does not start with "/" or "**" is anchored at the start
// of name, which callers make relative to a module or config directory.
func Match(pattern, name string) bool {
	pattern = strings.TrimPrefix(pattern, "./")
	name = strings.TrimPrefix(name, "/")
	pattern = strings.TrimPrefix(pattern, "/")
	return match(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func match(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			rest := pat[1:]
			if len(rest) == 0 {
				return true
			}
			for i := 0; i <= len(segs); i++ {
				if match(rest, segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		ok, err := path.Match(pat[0], segs[0])
		if err != nil || !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// Any reports whether name matches any of the patterns.
func Any(patterns []string, name string) bool {
	for _, p := range patterns {
		if Match(p, name) {
			return true
		}
	}
	return false
}
