package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
)

// The editor server's figures (issue: diagnostics after a save in a large
// module within 1 s, RSS under 1 GB with 20 files open, the demo's first
// diagnostics within 2 s):
//
//	go test ./cmd/otellint -run '^$' -bench LSPOpenDemo
//	OTELLINT_BENCH_MODULE=/path/to/jaeger OTELLINT_BENCH_PACKAGE=cmd/query/app \
//	  go test ./cmd/otellint -run '^$' -bench LSPModule -benchtime 10x
//
// testdata/bench/engine.sh fetches jaeger; the path it prints is the module.

// A fresh server (no results cache) opens a demo file: time to its first
// diagnostics.
func BenchmarkLSPOpenDemo(b *testing.B) {
	dir := demoB(b)
	for range b.N {
		c := startLSP(b, dir)
		start := time.Now()
		initialize(b, c, dir)
		u, _ := c.open(filepath.Join(dir, "checkout", "checkout.go"))
		c.waitFor(u, "diagnostics", func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms-to-diagnostics")
		c.call(protocol.MethodShutdown, nil, nil)
		c.notify(protocol.MethodExit, nil)
		c.cmd.Wait()
	}
}

// In a real module: the first load, then saves of a file of one package
// (each iteration one save, timed to the new diagnostics), with 20 files
// of the module open; reports the server's peak RSS.
func BenchmarkLSPModule(b *testing.B) {
	root, pkg := os.Getenv("OTELLINT_BENCH_MODULE"), os.Getenv("OTELLINT_BENCH_PACKAGE")
	if root == "" || pkg == "" {
		b.Skip("set OTELLINT_BENCH_MODULE (a module directory, e.g. jaeger v1.76.0) and OTELLINT_BENCH_PACKAGE (a package directory in it)")
	}
	c := startLSP(b, root)
	initialize(b, c, root)
	files, _ := filepath.Glob(filepath.Join(root, pkg, "*.go"))
	var target string
	for _, f := range files {
		if !strings.HasSuffix(f, "_test.go") {
			target = f
			break
		}
	}
	start := time.Now()
	u, text := c.open(target)
	c.waitFor(u, "first diagnostics", func([]protocol.Diagnostic) bool { return true })
	firstLoad := time.Since(start)
	// Nineteen more open files from other packages.
	others := goFiles(root, 19, filepath.Join(root, pkg))
	for _, f := range others {
		c.open(f)
	}
	time.Sleep(2 * time.Second) // let their analyses finish before timing saves
	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		edited := text + "\n// edit " + strconv.Itoa(i) + "\n"
		before := c.published(u)
		t0 := time.Now()
		c.change(u, int32(i+2), edited)
		c.save(u, edited)
		c.waitFor(u, "diagnostics after the save", func([]protocol.Diagnostic) bool { return c.publishedLocked(u) > before })
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	os.WriteFile(target, []byte(text), 0o644)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)/2].Milliseconds()), "ms-median-save")
	}
	b.ReportMetric(float64(peakRSS(c.cmd.Process.Pid))/(1<<20), "MiB-peak-RSS")
	b.ReportMetric(firstLoad.Seconds(), "s-first-load")
}

func (c *lspClient) published(u protocol.DocumentURI) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.versions[u]
}

// publishedLocked is published for use inside waitFor's condition, which
// runs with c.mu held.
func (c *lspClient) publishedLocked(u protocol.DocumentURI) int { return c.versions[u] }

// peakRSS reads the peak resident set of a process (VmHWM), in bytes.
func peakRSS(pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseInt(strings.Fields(line)[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// goFiles returns up to n non-test Go files of different packages under
// root, other than skip.
func goFiles(root string, n int, skip string) []string {
	var out []string
	seen := map[string]bool{skip: true}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || len(out) >= n {
			return filepath.SkipDir
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "vendor") {
			return filepath.SkipDir
		}
		dir := filepath.Dir(p)
		if !d.IsDir() && strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") && !seen[dir] {
			seen[dir] = true
			out = append(out, p)
		}
		return nil
	})
	return out
}

func demoB(b *testing.B) string {
	dir := b.TempDir()
	src := filepath.Join("..", "..", "testdata", "demo")
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	return dir
}
