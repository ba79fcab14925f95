package instrumentation

import (
	"go/types"
	"testing"
)

func fn(path, name string, params ...*types.Var) *types.Func {
	pkg := types.NewPackage(path, "p")
	sig := types.NewSignatureType(nil, nil, nil, types.NewTuple(params...), nil, false)
	return types.NewFunc(0, pkg, name, sig)
}

func TestLookup(t *testing.T) {
	for _, tc := range []struct {
		path, name string
		want       string // Short, or "" for no entry
	}{
		{OtelHTTP, "NewHandler", "otelhttp.NewHandler"},
		{OtelHTTP, "Version", ""},
		{"github.com/gofiber/contrib/otelfiber/v2", "Middleware", "otelfiber.Middleware"},
		{"github.com/redis/go-redis/extra/redisotel/v9", "InstrumentTracing", "redisotel.InstrumentTracing"},
		{"github.com/redis/go-redis/extra/redisotel/v9", "InstrumentMetrics", ""},
		{"example.com/otelhttp", "NewHandler", ""},
	} {
		en := New(nil, nil).Lookup(fn(tc.path, tc.name))
		got := ""
		if en != nil {
			got = en.Short
		}
		if got != tc.want {
			t.Errorf("Lookup(%s.%s) = %q, want %q", tc.path, tc.name, got, tc.want)
		}
	}
}

func TestExtra(t *testing.T) {
	tab := New([]string{"example.com/mw.Trace", " example.com/mw.Middleware "}, []string{"example.com/c.New"})
	if en := tab.Lookup(fn("example.com/mw", "Middleware")); en == nil || en.Role != Middleware || en.Kind != Server {
		t.Errorf("extra server function without a handler parameter: got %+v, want a server Middleware", en)
	}
	if en := tab.Lookup(fn("example.com/c", "New")); en == nil || en.Role != Open || en.Kind != Client {
		t.Errorf("extra client function: got %+v, want a client Open", en)
	}
	if en := New(nil, nil).Lookup(fn("example.com/mw", "Trace")); en != nil {
		t.Errorf("the default table has no extras, got %+v", en)
	}
}

func TestTrimMajor(t *testing.T) {
	for in, want := range map[string]string{
		"github.com/redis/go-redis/extra/redisotel/v9": "github.com/redis/go-redis/extra/redisotel",
		"github.com/jackc/pgx/v5":                      "github.com/jackc/pgx",
		"example.com/vendor":                           "example.com/vendor",
		"example.com/v":                                "example.com/v",
	} {
		if got := trimMajor(in); got != want {
			t.Errorf("trimMajor(%q) = %q, want %q", in, got, want)
		}
	}
}
