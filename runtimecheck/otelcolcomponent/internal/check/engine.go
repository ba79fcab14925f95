package check

import (
	"context"
	"errors"
	"sync"

	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/internal/otlpwire"
	"github.com/otellint/otellint/runtimecheck/weaverlog"
)

// Telemetry holds the component's own metrics, made by each component
// from its generated internal/metadata.
type Telemetry struct {
	// ItemsChecked counts spans, data points and log records checked, by
	// AttrItem.
	ItemsChecked metric.Int64Counter
	// Findings counts the occurrences of emitted findings, by AttrFindingID
	// and AttrFindingLevel; it advances when a finding is first seen and at
	// each report.
	Findings metric.Int64Counter
	// Dropped counts what was not tracked at a limit, by AttrLimit.
	Dropped metric.Int64Counter
	// Shutdown releases the instruments' registrations; may be nil.
	Shutdown func()
}

// Attribute keys of the component's metrics.
const (
	AttrItem         = "item"
	AttrFindingID    = "finding_id"
	AttrFindingLevel = "finding_level"
	AttrLimit        = "limit"
)

var (
	itemSpans      = metric.WithAttributeSet(attribute.NewSet(attribute.String(AttrItem, "span")))
	itemDataPoints = metric.WithAttributeSet(attribute.NewSet(attribute.String(AttrItem, "data_point")))
	itemLogs       = metric.WithAttributeSet(attribute.NewSet(attribute.String(AttrItem, "log_record")))
)

// Sink receives the entries to emit. The engine calls it from one
// goroutine at a time.
type Sink func(ctx context.Context, entries []weaverlog.Entry) error

// Engine checks the telemetry of one component id (all its pipelines share
// it, so a finding is aggregated once) and emits its findings to the sinks
// with weaverlog's cadence: each new finding at once, then the aggregated
// counts every report interval, and a last report at shutdown.
type Engine struct {
	checker *runtimecheck.Checker
	emitter *weaverlog.Emitter
	logger  *zap.Logger
	tel     Telemetry

	mu    sync.Mutex
	sinks map[string]Sink // by the finding's signal

	dropped [3]int64 // the statistics' dropped counts at the last report
}

// NewEngine loads the registry of cfg and builds the engine; it does not
// start it.
func NewEngine(cfg *Config, logger *zap.Logger, tel Telemetry) (*Engine, error) {
	rc, err := cfg.checkerConfig()
	if err != nil {
		return nil, err
	}
	c, err := runtimecheck.NewChecker(rc)
	if err != nil {
		return nil, err
	}
	min, err := weaverlog.ParseLevel(cfg.MinLevel)
	if err != nil {
		return nil, err
	}
	interval := cfg.ReportInterval
	if interval <= 0 {
		interval = DefaultReportInterval
	}
	e := &Engine{checker: c, logger: logger, tel: tel, sinks: map[string]Sink{}}
	e.emitter = weaverlog.NewEmitter(c, min, interval, e.emit)
	c.OnNewFinding(e.emitter.Finding)
	return e, nil
}

// SetSink sets where the findings of a signal (runtimecheck.SignalTraces,
// ...) go.
func (e *Engine) SetSink(signal string, s Sink) {
	e.mu.Lock()
	e.sinks[signal] = s
	e.mu.Unlock()
}

// Start starts the reporting goroutine once, however many components
// share the engine.
func (e *Engine) Start() { e.emitter.Start() }

// stopAndWait makes the last report and stops, waiting at most until ctx
// ends.
func (e *Engine) stopAndWait(ctx context.Context) error { return e.emitter.Stop(ctx) }

// emit is the emitter's SendFunc: it counts the entries, hands them to the
// sinks of their signals and, at a report, counts what was dropped at a
// limit.
func (e *Engine) emit(ctx context.Context, ents []weaverlog.Entry, r *runtimecheck.Report) {
	if r != nil {
		e.countDropped(ctx, &r.Statistics)
	}
	if len(ents) == 0 {
		return
	}
	if e.tel.Findings != nil {
		for i := range ents {
			f := &ents[i].Finding
			e.tel.Findings.Add(ctx, ents[i].New, metric.WithAttributes(
				attribute.String(AttrFindingID, f.ID), attribute.String(AttrFindingLevel, string(f.Level))))
		}
	}
	bySignal := map[string][]weaverlog.Entry{}
	for _, ent := range ents {
		bySignal[ent.Finding.Signal] = append(bySignal[ent.Finding.Signal], ent)
	}
	e.mu.Lock()
	sinks := make(map[string]Sink, len(e.sinks))
	var anySink Sink
	for sig, s := range e.sinks {
		sinks[sig] = s
		anySink = s
	}
	e.mu.Unlock()
	for sig, es := range bySignal {
		s := sinks[sig]
		if s == nil {
			s = anySink // a finding of a signal without an output of its own
		}
		if s == nil {
			continue
		}
		if err := s(ctx, es); err != nil {
			e.logger.Warn("otellint could not emit findings", zap.Int("findings", len(es)), zap.Error(err))
		}
	}
}

func (e *Engine) countDropped(ctx context.Context, st *runtimecheck.Statistics) {
	for i, d := range [...]struct {
		limit string
		n     int64
	}{{"findings", st.DroppedFindings}, {"span_name_patterns", st.DroppedNamePatterns}, {"cardinality_sketches", st.DroppedCardinalityKeys}} {
		if delta := d.n - e.dropped[i]; delta > 0 && e.tel.Dropped != nil {
			e.tel.Dropped.Add(ctx, delta, metric.WithAttributes(attribute.String(AttrLimit, d.limit)))
		}
		e.dropped[i] = d.n
	}
}

// ConsumeTraces checks td, fed to the checker from pdata directly
// (pdatafeed.go). It never fails the pipeline: an error is logged, as the
// component observes and does not gate.
func (e *Engine) ConsumeTraces(ctx context.Context, td ptrace.Traces) {
	f := getFeed()
	err := e.checker.ConsumeTracesFrom(func(h otlpwire.TracesHandler) error { f.traces(td, h); return nil })
	f.put()
	e.checked(ctx, err, td.SpanCount(), itemSpans)
}

// ConsumeMetrics checks md.
func (e *Engine) ConsumeMetrics(ctx context.Context, md pmetric.Metrics) {
	f := getFeed()
	err := e.checker.ConsumeMetricsFrom(func(h otlpwire.MetricsHandler) error { f.metrics(md, h); return nil })
	f.put()
	e.checked(ctx, err, md.DataPointCount(), itemDataPoints)
}

// ConsumeLogs checks ld.
func (e *Engine) ConsumeLogs(ctx context.Context, ld plog.Logs) {
	f := getFeed()
	err := e.checker.ConsumeLogsFrom(func(h otlpwire.LogsHandler) error { f.logs(ld, h); return nil })
	f.put()
	e.checked(ctx, err, ld.LogRecordCount(), itemLogs)
}

func (e *Engine) checked(ctx context.Context, err error, n int, item metric.AddOption) {
	if err != nil {
		e.logger.Warn("otellint could not check a batch", zap.Error(err))
		return
	}
	if e.tel.ItemsChecked != nil && n > 0 {
		e.tel.ItemsChecked.Add(ctx, int64(n), item)
	}
}

// errShutdownTimeout is returned when the last report did not finish in
// time.
var errShutdownTimeout = errors.New("otellint: the last findings report did not finish before the shutdown deadline")
