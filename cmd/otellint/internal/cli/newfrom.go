package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// changedLines are the lines a diff adds or changes, by absolute file
// name: what --new-from-rev and --new-from-patch keep findings on, as
// golangci-lint's options of the same names do, so a team can adopt a
// check on legacy code and hold new code to it.
type changedLines map[string][]lineRange

type lineRange struct{ first, last int }

// wholeFile marks a file that is new: every line counts as changed.
var wholeFile = lineRange{1, math.MaxInt}

func (c changedLines) has(file string, line int) bool {
	for _, r := range c[file] {
		if r.first <= line && line <= r.last {
			return true
		}
	}
	return false
}

// keeps reports whether a finding is on a changed line: its own line, or
// the line of one of its related locations (a span started on an old line
// that leaks on a new early return is a new finding).
func (c changedLines) keeps(f Finding) bool {
	if c.has(f.Pos.Filename, f.Pos.Line) {
		return true
	}
	for _, r := range f.Related {
		if c.has(r.Pos.Filename, r.Pos.Line) {
			return true
		}
	}
	return false
}

func (c changedLines) filter(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if c.keeps(f) {
			out = append(out, f)
		}
	}
	return out
}

// parseUnifiedDiff reads the new side of a unified diff (git diff, diff
// -u): for each file, the line ranges its hunks add. Paths are resolved
// against root, after the a/ and b/ prefixes git adds are dropped.
func parseUnifiedDiff(r io.Reader, root string) (changedLines, error) {
	c := changedLines{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	file, n := "", 0
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "+++ "):
			name := strings.TrimPrefix(line, "+++ ")
			if i := strings.IndexByte(name, '\t'); i >= 0 {
				name = name[:i] // diff -u appends a timestamp
			}
			name = strings.Trim(name, `"`)
			if name == "/dev/null" {
				file = "" // deleted: no new lines
				continue
			}
			name = strings.TrimPrefix(name, "b/")
			if !filepath.IsAbs(name) {
				name = filepath.Join(root, filepath.FromSlash(name))
			}
			file = filepath.Clean(name)
			if _, ok := c[file]; !ok {
				c[file] = nil
			}
		case strings.HasPrefix(line, "@@ ") && file != "":
			// @@ -a[,b] +c[,d] @@: d lines from line c (d defaults to 1;
			// d = 0 is a pure deletion).
			fields := strings.Fields(line)
			if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
				return nil, fmt.Errorf("line %d: malformed hunk header %q", n, line)
			}
			startS, countS, hasCount := strings.Cut(fields[2][1:], ",")
			start, err := strconv.Atoi(startS)
			count := 1
			if err == nil && hasCount {
				count, err = strconv.Atoi(countS)
			}
			if err != nil {
				return nil, fmt.Errorf("line %d: malformed hunk header %q", n, line)
			}
			if count > 0 {
				c[file] = append(c[file], lineRange{start, start + count - 1})
			}
		}
	}
	return c, sc.Err()
}

// gitChangedLines is what changed in the work tree of dir since rev: the
// lines git diff rev shows as added, and every line of untracked files.
func gitChangedLines(dir, rev string) (changedLines, error) {
	git := func(args ...string) ([]byte, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	top, err := git("rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	root := strings.TrimSpace(string(top))
	if _, err := git("rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("%q is not a revision of the repository at %s", rev, root)
	}
	diff, err := git("diff", "--no-color", "--no-ext-diff", "--unified=0", "--no-renames", rev, "--")
	if err != nil {
		return nil, err
	}
	c, err := parseUnifiedDiff(bytes.NewReader(diff), root)
	if err != nil {
		return nil, err
	}
	untracked, err := git("ls-files", "--others", "--exclude-standard", "--full-name", "-z", ":/")
	if err != nil {
		return nil, err
	}
	for _, name := range strings.Split(string(untracked), "\x00") {
		if name != "" {
			c[filepath.Join(root, filepath.FromSlash(name))] = []lineRange{wholeFile}
		}
	}
	return c, nil
}

// patchChangedLines reads --new-from-patch: a unified diff whose paths are
// relative to the repository root (as git diff writes them).
func patchChangedLines(path string, root string) (changedLines, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, err := parseUnifiedDiff(f, root)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return c, nil
}
