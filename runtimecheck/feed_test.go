package runtimecheck

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/otellint/otellint/runtimecheck/internal/otlptest"
	"github.com/otellint/otellint/runtimecheck/internal/otlpwire"
)

// TestConsumeFrom: a walk that hands the checker the parts of a request
// gets exactly the findings and statistics of the bytes; a walk's error
// rejects the request.
func TestConsumeFrom(t *testing.T) {
	traces := otlptest.Marshal(otlptest.MixedTraces(64))
	metrics := otlptest.Marshal(otlptest.Metrics(svc(), "m", otlptest.Histogram("http.server.request.duration", "ms", dp(str("http.request.method", "GET")))))
	logs := otlptest.Marshal(otlptest.Logs(svc(), "l", logWith(str("http.method", "GET"))))

	bytesChecker, fedChecker := newTestChecker(t, nil), newTestChecker(t, nil)
	for _, err := range []error{
		bytesChecker.ConsumeTraces(traces), bytesChecker.ConsumeMetrics(metrics), bytesChecker.ConsumeLogs(logs),
		fedChecker.ConsumeTracesFrom(func(h otlpwire.TracesHandler) error { var w otlpwire.Walker; return w.Traces(traces, h) }),
		fedChecker.ConsumeMetricsFrom(func(h otlpwire.MetricsHandler) error { var w otlpwire.Walker; return w.Metrics(metrics, h) }),
		fedChecker.ConsumeLogsFrom(func(h otlpwire.LogsHandler) error { var w otlpwire.Walker; return w.Logs(logs, h) }),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	want, got := bytesChecker.Snapshot(), fedChecker.Snapshot()
	if len(want.Findings) == 0 {
		t.Fatal("the payloads made no findings; the test proves nothing")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fed vs bytes (-bytes +fed):\n%s", diff)
	}

	boom := errors.New("boom")
	if err := fedChecker.ConsumeTracesFrom(func(otlpwire.TracesHandler) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("error = %v, want it to wrap the walk's", err)
	}
	if st := fedChecker.Snapshot().Statistics; st.RejectedRequests != 1 {
		t.Errorf("rejected requests = %d, want 1", st.RejectedRequests)
	}
}
