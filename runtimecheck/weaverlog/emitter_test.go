package weaverlog

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/internal/otlptest"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
)

type sent struct {
	entries []seen
	tick    bool
}

// TestEmitter: a first sighting goes out at once, without waiting for a
// tick; a tick sends the aggregate of what occurred again; Stop sends the
// last report and later Stops do nothing.
func TestEmitter(t *testing.T) {
	c, err := runtimecheck.NewChecker(runtimecheck.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var got []sent
	e := NewEmitter(c, "", 200*time.Millisecond, func(_ context.Context, es []Entry, r *runtimecheck.Report) {
		mu.Lock()
		got = append(got, sent{summary(es), r != nil})
		mu.Unlock()
	})
	c.OnNewFinding(e.Finding)
	if err := e.Stop(context.Background()); err != nil { // never started: nothing
		t.Fatal(err)
	}
	e.Start()
	vague := otlptest.Span("handler", tracepb.Span_SPAN_KIND_INTERNAL)
	traces(t, c, vague)
	waitSent := func(n int) []sent {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			mu.Lock()
			g := append([]sent(nil), got...)
			mu.Unlock()
			var nonEmpty []sent
			for _, s := range g {
				if len(s.entries) > 0 {
					nonEmpty = append(nonEmpty, s)
				}
			}
			if len(nonEmpty) >= n || time.Now().After(deadline) {
				return nonEmpty
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if s := waitSent(1); len(s) != 1 || s[0].tick || s[0].entries[0].Report != ReportFirstSeen {
		t.Fatalf("after the first occurrence: %+v, want one first sighting sent at once", s)
	}
	traces(t, c, vague)
	traces(t, c, vague)
	if s := waitSent(2); len(s) != 2 || !s[1].tick || s[1].entries[0] != (seen{runtimecheck.IDVagueSpanName, ReportAggregate, 3, 2}) {
		t.Fatalf("after a tick: %+v, want the aggregate of 3", s)
	}
	traces(t, c, vague)
	if err := e.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s := waitSent(3); len(s) != 3 || s[2].entries[0] != (seen{runtimecheck.IDVagueSpanName, ReportAggregate, 4, 1}) {
		t.Fatalf("after Stop: %+v, want the last aggregate", s)
	}
	if err := e.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
}
