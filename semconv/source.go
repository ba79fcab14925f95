package semconv

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// file is one YAML file of a registry source. name is what error messages
// show: a real path for directories, "archive.tar.gz/inner/path" for archive
// members.
type file struct {
	name string
	rel  string // slash-separated path inside the source
	data []byte
}

// maxArchiveFile bounds the size of one archive member read into memory, so a
// hostile or corrupt archive cannot exhaust memory. The largest file of the
// official registry is well under 1 MB.
const maxArchiveFile = 64 << 20

// splitSubFolder splits Weaver's "archive.tar.gz[model]" notation.
func splitSubFolder(p string) (string, string) {
	if strings.HasSuffix(p, "]") {
		if i := strings.LastIndexByte(p, '['); i > 0 {
			return p[:i], strings.Trim(p[i+1:len(p)-1], "/")
		}
	}
	return p, ""
}

// readSource reads the YAML files of one registry source given as a path.
func readSource(p string) ([]file, error) {
	base, sub := splitSubFolder(p)
	lower := strings.ToLower(base)
	switch {
	case strings.HasSuffix(lower, ".tar.gz"), strings.HasSuffix(lower, ".tgz"):
		files, err := readTarGz(base)
		if err != nil {
			return nil, err
		}
		return selectSub(base, files, sub)
	case strings.HasSuffix(lower, ".zip"):
		files, err := readZip(base)
		if err != nil {
			return nil, err
		}
		return selectSub(base, files, sub)
	}
	dir := base
	if sub != "" {
		dir = filepath.Join(base, filepath.FromSlash(sub))
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("semconv: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("semconv: %s: not a directory or a .tar.gz, .tgz or .zip archive", dir)
	}
	return readFS(os.DirFS(dir), func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) })
}

func isYAML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// readFS reads every YAML file of fsys in lexical order. display maps a path
// inside fsys to the name used in error messages.
func readFS(fsys fs.FS, display func(string) string) ([]file, error) {
	var files []file
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !isYAML(p) {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files = append(files, file{name: display(p), rel: p, data: data})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("semconv: %w", err)
	}
	return files, nil
}

func readTarGz(name string) ([]file, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("semconv: %w", err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("semconv: %s: %w", name, err)
	}
	defer gz.Close()
	tr := tar.NewReader(gz)
	var files []file
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("semconv: %s: %w", name, err)
		}
		if h.Typeflag != tar.TypeReg || !isYAML(h.Name) {
			continue
		}
		rel := path.Clean(strings.TrimPrefix(h.Name, "./"))
		if !fs.ValidPath(rel) {
			continue
		}
		if h.Size > maxArchiveFile {
			return nil, fmt.Errorf("semconv: %s/%s: file too large (%d bytes)", name, rel, h.Size)
		}
		data, err := io.ReadAll(io.LimitReader(tr, maxArchiveFile))
		if err != nil {
			return nil, fmt.Errorf("semconv: %s/%s: %w", name, rel, err)
		}
		files = append(files, file{name: name + "/" + rel, rel: rel, data: data})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].rel < files[j].rel })
	return files, nil
}

func readZip(name string) ([]file, error) {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return nil, fmt.Errorf("semconv: %s: %w", name, err)
	}
	defer zr.Close()
	var files []file
	for _, zf := range zr.File {
		rel := path.Clean(strings.TrimPrefix(zf.Name, "./"))
		if zf.FileInfo().IsDir() || !isYAML(rel) || !fs.ValidPath(rel) {
			continue
		}
		if zf.UncompressedSize64 > maxArchiveFile {
			return nil, fmt.Errorf("semconv: %s/%s: file too large (%d bytes)", name, rel, zf.UncompressedSize64)
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, fmt.Errorf("semconv: %s/%s: %w", name, rel, err)
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxArchiveFile))
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("semconv: %s/%s: %w", name, rel, err)
		}
		files = append(files, file{name: name + "/" + rel, rel: rel, data: data})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].rel < files[j].rel })
	return files, nil
}

// selectSub keeps the archive members below sub and makes their paths
// relative to it. Release archives (GitHub's among them) wrap everything in
// one top-level directory such as "semantic-conventions-1.44.0/"; like Weaver,
// sub is looked up below that directory when it is not found at the root.
func selectSub(archive string, files []file, sub string) ([]file, error) {
	if sub == "" {
		return files, nil
	}
	pick := func(prefix string) []file {
		var out []file
		for _, f := range files {
			if rest, ok := strings.CutPrefix(f.rel, prefix+"/"); ok {
				f.rel = rest
				out = append(out, f)
			}
		}
		return out
	}
	if out := pick(sub); len(out) > 0 {
		return out, nil
	}
	if top := singleTopDir(files); top != "" {
		if out := pick(top + "/" + sub); len(out) > 0 {
			return out, nil
		}
	}
	return nil, fmt.Errorf("semconv: %s: no YAML files under [%s]", archive, sub)
}

func singleTopDir(files []file) string {
	top := ""
	for _, f := range files {
		d, _, ok := strings.Cut(f.rel, "/")
		if !ok || (top != "" && d != top) {
			return ""
		}
		top = d
	}
	return top
}

// manifestNames are the registry manifest file names Weaver recognises. They
// are not semantic-convention files.
var manifestNames = map[string]bool{"manifest.yaml": true, "registry_manifest.yaml": true}

// splitManifest separates the shallowest manifest from the convention files.
func splitManifest(files []file) (manifest *file, rest []file) {
	depth := -1
	for i := range files {
		f := &files[i]
		if manifestNames[path.Base(f.rel)] {
			if d := strings.Count(f.rel, "/"); depth < 0 || d < depth {
				depth, manifest = d, f
			}
			continue
		}
		rest = append(rest, *f)
	}
	return manifest, rest
}

// trimBOM drops a UTF-8 byte order mark, which some editors add.
func trimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) }
