package runtimecheck

import (
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/otellint/otellint/semconv"
	"google.golang.org/protobuf/proto"
)

var (
	testRegOnce sync.Once
	testReg     *semconv.Registry
	testRegErr  error
)

// testRegistry loads testdata/registry, a small registry shaped like the
// official one.
func testRegistry(t testing.TB) *semconv.Registry {
	testRegOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		testReg, testRegErr = semconv.Load(filepath.Join(filepath.Dir(file), "testdata", "registry"))
	})
	if testRegErr != nil {
		t.Fatal(testRegErr)
	}
	return testReg
}

var fixedNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newTestChecker(t testing.TB, mod func(*Config)) *Checker {
	cfg := DefaultConfig()
	cfg.Registry = testRegistry(t)
	cfg.Now = func() time.Time { return fixedNow }
	if mod != nil {
		mod(&cfg)
	}
	c, err := NewChecker(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func marshal(t testing.TB, m proto.Message) []byte {
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
