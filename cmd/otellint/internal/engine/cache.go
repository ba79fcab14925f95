package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// record is what the cache keeps of one analysed package.
type record struct {
	Findings    []Finding
	Directives  []DirectiveUse
	Failure     string
	NotAnalysed bool
	Facts       []encodedFact
	FactsHash   []byte

	cacheable bool // a failed analysis is never cached
}

func hashFacts(fs []encodedFact) []byte {
	data, err := factsHash(fs)
	if err != nil {
		return []byte("unencodable facts " + err.Error())
	}
	sum := sha256.Sum256(data)
	return sum[:]
}

// Cache is the on-disk store of per-package results: one file per key,
// written to a temporary name and renamed into place, so that concurrent
// runs (two terminals, an editor and CI) never see half an entry; a
// damaged entry is a miss. Entries unused for MaxAge are removed, and the
// least recently used ones when the whole exceeds MaxBytes.
type Cache struct {
	Dir      string
	MaxBytes int64
	MaxAge   time.Duration

	gets, puts atomic.Int32

	digestsOnce sync.Once
	digestsMu   sync.Mutex
	digests     map[string][]byte // export data file -> digest without the build ID
	newDigests  int
}

// DefaultCacheDir is where the cache lives unless OTELLINT_CACHE says
// otherwise: otellint under the user's cache directory.
func DefaultCacheDir() (string, error) {
	if d := os.Getenv("OTELLINT_CACHE"); d != "" {
		if d == "off" {
			return "", nil
		}
		return d, nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "otellint"), nil
}

// OpenCache opens (creating) the cache in dir.
func OpenCache(dir string) (*Cache, error) {
	if err := os.MkdirAll(filepath.Join(dir, "v1"), 0o755); err != nil {
		return nil, err
	}
	return &Cache{Dir: dir, MaxBytes: 1 << 30, MaxAge: 5 * 24 * time.Hour}, nil
}

func (c *Cache) path(key []byte) string {
	h := hex.EncodeToString(key)
	return filepath.Join(c.Dir, "v1", h[:2], h)
}

func (c *Cache) get(key []byte) (*record, bool) {
	p := c.path(key)
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	var rec record
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&rec); err != nil {
		return nil, false
	}
	c.gets.Add(1)
	// Mark it used, at most hourly, for the trimming.
	if st, err := os.Stat(p); err == nil && time.Since(st.ModTime()) > time.Hour {
		now := time.Now()
		_ = os.Chtimes(p, now, now)
	}
	return &rec, true
}

func (c *Cache) put(key []byte, rec *record) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(rec); err != nil {
		return // a fact that gob cannot encode: the package is simply not cached
	}
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(buf.Bytes())
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), p) != nil {
		_ = os.Remove(tmp.Name())
		return
	}
	c.puts.Add(1)
}

const (
	trimStamp      = "trim.txt"
	digestsFile    = "exportdigests"
	maxDigestsKept = 200_000
)

func (c *Cache) loadExportDigests() {
	c.digestsOnce.Do(func() {
		c.digests = map[string][]byte{}
		data, err := os.ReadFile(filepath.Join(c.Dir, digestsFile))
		if err != nil {
			return
		}
		var m map[string][]byte
		if gob.NewDecoder(bytes.NewReader(data)).Decode(&m) == nil {
			c.digests = m
		}
	})
}

func (c *Cache) exportDigest(file string) ([]byte, bool) {
	c.loadExportDigests()
	c.digestsMu.Lock()
	defer c.digestsMu.Unlock()
	d, ok := c.digests[file]
	return d, ok
}

func (c *Cache) putExportDigest(file string, d []byte) {
	c.loadExportDigests()
	c.digestsMu.Lock()
	defer c.digestsMu.Unlock()
	c.digests[file] = d
	c.newDigests++
}

// saveExportDigests writes the digests learnt in this run beside the
// entries (merged with what another run may have written meanwhile).
func (c *Cache) saveExportDigests() {
	c.digestsMu.Lock()
	defer c.digestsMu.Unlock()
	if c.newDigests == 0 {
		return
	}
	path := filepath.Join(c.Dir, digestsFile)
	if data, err := os.ReadFile(path); err == nil {
		var m map[string][]byte
		if gob.NewDecoder(bytes.NewReader(data)).Decode(&m) == nil {
			for k, v := range m {
				if _, ok := c.digests[k]; !ok && len(c.digests) < maxDigestsKept {
					c.digests[k] = v
				}
			}
		}
	}
	if len(c.digests) > maxDigestsKept {
		c.digests = map[string][]byte{} // start afresh rather than grow without end
		return
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(c.digests) != nil {
		return
	}
	tmp, err := os.CreateTemp(c.Dir, ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(buf.Bytes())
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), path) != nil {
		_ = os.Remove(tmp.Name())
	}
	c.newDigests = 0
}

// Trim removes old entries, at most once an hour.
func (c *Cache) Trim() {
	stamp := filepath.Join(c.Dir, trimStamp)
	if data, err := os.ReadFile(stamp); err == nil {
		if t, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil && time.Since(time.Unix(t, 0)) < time.Hour {
			return
		}
	}
	_ = os.WriteFile(stamp, []byte(strconv.FormatInt(time.Now().Unix(), 10)+"\n"), 0o644)
	_ = c.trim(time.Now())
}

type entry struct {
	path string
	size int64
	mod  time.Time
}

func (c *Cache) trim(now time.Time) error {
	var entries []entry
	var total int64
	err := filepath.WalkDir(filepath.Join(c.Dir, "v1"), func(p string, d fs.DirEntry, walkErr error) error {
		if walkErr != nil || d.IsDir() {
			return nil //nolint:nilerr // an entry that cannot be read is one less to trim
		}
		info, infoErr := d.Info()
		if infoErr != nil {
			return nil //nolint:nilerr // removed meanwhile by another run
		}
		if strings.HasPrefix(d.Name(), ".tmp-") && now.Sub(info.ModTime()) > time.Hour {
			_ = os.Remove(p) // left by a run that was killed
			return nil
		}
		if c.MaxAge > 0 && now.Sub(info.ModTime()) > c.MaxAge {
			_ = os.Remove(p)
			return nil
		}
		entries = append(entries, entry{p, info.Size(), info.ModTime()})
		total += info.Size()
		return nil
	})
	if err != nil {
		return err
	}
	if c.MaxBytes <= 0 || total <= c.MaxBytes {
		return nil
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].mod.Before(entries[j].mod) })
	for _, e := range entries {
		if total <= c.MaxBytes*9/10 {
			break
		}
		if os.Remove(e.path) == nil {
			total -= e.size
		}
	}
	return nil
}

// Clean removes every entry.
func (c *Cache) Clean() error {
	if err := os.RemoveAll(filepath.Join(c.Dir, "v1")); err != nil {
		return err
	}
	_ = os.Remove(filepath.Join(c.Dir, trimStamp))
	_ = os.Remove(filepath.Join(c.Dir, digestsFile))
	c.digestsMu.Lock()
	c.digests = map[string][]byte{}
	c.digestsMu.Unlock()
	return os.MkdirAll(filepath.Join(c.Dir, "v1"), 0o755)
}

// Size returns the number of entries and their total size.
func (c *Cache) Size() (int, int64, error) {
	n, total := 0, int64(0)
	err := filepath.WalkDir(filepath.Join(c.Dir, "v1"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".tmp-") {
			return nil
		}
		if info, err := d.Info(); err == nil {
			n++
			total += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("reading the cache: %v", err)
	}
	return n, total, nil
}
