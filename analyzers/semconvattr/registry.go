package semconvattr

import (
	"strings"
	"sync"

	"github.com/otellint/otellint/semconv"
)

// layered consults the registries loaded from the registries option first,
// then the embedded one: a company registry usually defines its own
// namespaces and leaves the official ones to the default.
type layered struct {
	extra *semconv.Registry // nil without the option
	def   *semconv.Registry
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*cacheEntry{}
)

type cacheEntry struct {
	once sync.Once
	reg  *layered
	err  error
}

// loadRegistry returns the registry for the registries option, loading each
// distinct set of paths once per process (go vet and otellint check run many
// packages in one process).
func loadRegistry(paths []string) (*layered, error) {
	var ps []string
	for _, p := range paths {
		if p = strings.TrimSpace(p); p != "" {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return &layered{def: semconv.Default()}, nil
	}
	k := strings.Join(ps, "\x00")
	cacheMu.Lock()
	e := cache[k]
	if e == nil {
		e = &cacheEntry{}
		cache[k] = e
	}
	cacheMu.Unlock()
	e.once.Do(func() {
		r, err := semconv.LoadAll(ps...)
		if err != nil {
			e.err = err
			return
		}
		e.reg = &layered{extra: r, def: semconv.Default()}
	})
	return e.reg, e.err
}

func (l *layered) layers() semconv.Layers {
	if l.extra == nil {
		return semconv.Layers{l.def}
	}
	return semconv.Layers{l.extra, l.def}
}

func (l *layered) lookup(key string) (*semconv.Attribute, bool, bool) {
	a, t, _, ok := l.layers().Lookup(key)
	return a, t, ok
}

func (l *layered) ownsNamespace(key string) bool { return l.layers().OwnsNamespace(key) }

// suggest asks the registries that own key's namespace, the extra ones first.
func (l *layered) suggest(key string) (string, bool) { return l.layers().Suggest(key) }

// current follows renames across the registries.
func (l *layered) current(key string) (string, []string) { return l.layers().Current(key) }

// name names the registry that defines (or owns) key in messages.
func (l *layered) name(key string) string {
	if l.extra != nil {
		if _, _, ok := l.extra.Lookup(key); ok || l.extra.OwnsNamespace(key) {
			if v := l.extra.Version(); v != "" {
				return "the registry (" + v + ")"
			}
			return "the registry"
		}
	}
	return "semantic conventions " + l.def.Version()
}
