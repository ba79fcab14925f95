package cli

import (
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/otellint/otellint/analyzers/driver"
)

// IsVersionQuery reports whether args are go vet's question for the tool's
// identity (-V=full).
func IsVersionQuery(args []string) bool {
	return len(args) == 1 && (args[0] == "-V=full" || args[0] == "--V=full")
}

// PrintVetVersion answers -V=full as unitchecker does, with one addition:
// the identity covers the .otellint.yml files of the module (or go.work
// workspace) in dir. The go command keys its cache of vet results on this
// line, so without it, adding `disable: [highcard]` would leave go vet
// reporting highcard from the cache, and deleting the file would keep its
// findings hidden.
func PrintVetVersion(w io.Writer, dir string) error {
	progname, err := os.Executable()
	if err != nil {
		return err
	}
	f, err := os.Open(progname)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	if err := hashConfigs(h, dir); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s version devel comments-go-here buildID=%02x\n", progname, h.Sum(nil))
	return err
}

// hashConfigs writes the path and contents of every configuration file
// under the workspace root of dir to w.
func hashConfigs(w io.Writer, dir string) error {
	root := workspaceRoot(dir)
	var names []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return skipUnreadable(d) // it holds no configuration we could read either
		}
		if d.IsDir() {
			n := d.Name()
			if p != root && (strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") || n == "testdata" || n == "vendor" || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if slices.Contains(driver.ConfigFileNames, d.Name()) {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.Sort(names)
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(w, "\x00config %s %x", n, sum)
	}
	return nil
}

// workspaceRoot is the directory of the go.work that applies to dir, else
// of the nearest go.mod, else dir.
func workspaceRoot(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if os.Getenv("GOWORK") != "off" {
		if root := upTo(dir, "go.work"); root != "" {
			return root
		}
	}
	if root := upTo(dir, "go.mod"); root != "" {
		return root
	}
	return dir
}

func upTo(dir, marker string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// skipUnreadable is what a walk does with an entry it cannot read: skip it
// (a directory with all it holds).
func skipUnreadable(d fs.DirEntry) error {
	if d != nil && d.IsDir() {
		return filepath.SkipDir
	}
	return nil
}
