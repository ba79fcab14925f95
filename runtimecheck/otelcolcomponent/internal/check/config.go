// Package check is what the otellint connector and processor share: their
// configuration, and the engine that runs the runtimecheck.Checker over
// pdata and paces the findings out (package runtimecheck/weaverlog).
package check

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/otellint/otellint/runtimecheck"
	"github.com/otellint/otellint/runtimecheck/weaverlog"
	"github.com/otellint/otellint/semconv"
)

// Config is the configuration of the otellint connector and processor.
// Zero limits take the checker's defaults.
type Config struct {
	// Registry is the semantic-conventions registry to check against: a
	// directory, a file of model YAML, or a release archive, optionally
	// with the folder inside it ("semconv.tar.gz[model]"). Empty means the
	// registry embedded in otellint (v1.44.0).
	Registry string `mapstructure:"registry"`
	// MinLevel is the least severe level emitted: violation, improvement
	// or information (the default: everything).
	MinLevel string `mapstructure:"min_level"`
	// ShowValues lets attribute values into finding messages and
	// contexts. Off by default: values may hold personal data.
	ShowValues bool `mapstructure:"show_values"`
	// ReportInterval is how often a finding that occurred again is
	// emitted with its aggregated count (a new finding is emitted at once).
	ReportInterval time.Duration `mapstructure:"report_interval"`
	// Limits bound the checker's memory; what is dropped at a limit is
	// counted in the component's otellint_dropped metric.
	Limits Limits `mapstructure:"limits"`
	// HighCardinalityThreshold is the number of distinct values of one
	// metric attribute above which high_cardinality_attribute is reported.
	HighCardinalityThreshold int `mapstructure:"high_cardinality_threshold"`
	// SpanNameCardinalityThreshold is the number of distinct span names
	// sharing one pattern at which high_cardinality_span_name is reported.
	SpanNameCardinalityThreshold int `mapstructure:"span_name_cardinality_threshold"`
	// TraceWindow is how long a trace may go without a new span before it
	// is checked as a whole (orphan_span, internal_span_fanout,
	// short_span_flood). Spans of one trace must reach the same Collector
	// (route by trace id, as tail sampling does) for these checks.
	TraceWindow time.Duration `mapstructure:"trace_window"`
	// InternalSpanFanout is the number of INTERNAL spans of one service in
	// one trace above which internal_span_fanout is reported.
	InternalSpanFanout int `mapstructure:"internal_span_fanout"`
	// ShortSpanFlood is the number of spans shorter than ShortSpanDuration
	// in one trace above which short_span_flood is reported.
	ShortSpanFlood    int           `mapstructure:"short_span_flood"`
	ShortSpanDuration time.Duration `mapstructure:"short_span_duration"`

	_ struct{} // prevent unkeyed literals
}

// Limits are the caps of the checker's tables.
type Limits struct {
	// MaxFindings caps the distinct (aggregated) findings kept.
	MaxFindings int `mapstructure:"max_findings"`
	// MaxSpanNamePatterns caps the span-name patterns tracked for
	// high_cardinality_span_name.
	MaxSpanNamePatterns int `mapstructure:"max_span_name_patterns"`
	// MaxCardinalitySketches caps the (metric, attribute) pairs tracked
	// for high_cardinality_attribute, 1 KiB each.
	MaxCardinalitySketches int `mapstructure:"max_cardinality_sketches"`
	// SpanCacheSize caps the recent server and client spans remembered
	// for duplicate_instrumentation.
	SpanCacheSize int `mapstructure:"span_cache_size"`
}

// DefaultReportInterval is the default Config.ReportInterval.
const DefaultReportInterval = time.Minute

// minReportInterval keeps a misconfigured interval from turning the
// aggregate reports into a per-batch stream.
const minReportInterval = time.Second

// DefaultConfig returns the default configuration: the embedded registry,
// every level, no values, a report a minute and the checker's limits.
func DefaultConfig() *Config {
	d := runtimecheck.DefaultConfig()
	return &Config{
		MinLevel:       string(runtimecheck.Information),
		ReportInterval: DefaultReportInterval,
		Limits: Limits{
			MaxFindings:            d.MaxFindings,
			MaxSpanNamePatterns:    d.MaxNamePatterns,
			MaxCardinalitySketches: d.MaxCardinalitySketches,
			SpanCacheSize:          d.SpanCacheSize,
		},
		HighCardinalityThreshold:     d.HighCardinalityThreshold,
		SpanNameCardinalityThreshold: d.SpanNameCardinalityThreshold,
		TraceWindow:                  d.TraceWindow,
		InternalSpanFanout:           d.InternalSpanFanout,
		ShortSpanFlood:               d.ShortSpanFlood,
		ShortSpanDuration:            d.ShortSpanDuration,
	}
}

// Validate reports every problem of the configuration at once
// (confmap.Validator: the Collector calls it before starting anything).
func (c *Config) Validate() error {
	var errs []error
	if _, err := weaverlog.ParseLevel(c.MinLevel); err != nil {
		errs = append(errs, fmt.Errorf("min_level: %w", err))
	}
	if c.ReportInterval < minReportInterval {
		errs = append(errs, fmt.Errorf("report_interval: %s is shorter than the minimum %s", c.ReportInterval, minReportInterval))
	}
	if c.Registry != "" {
		if _, err := os.Stat(registryFile(c.Registry)); err != nil {
			errs = append(errs, fmt.Errorf("registry: %w", err))
		}
	}
	for _, l := range []struct {
		name string
		v    int
	}{
		{"limits::max_findings", c.Limits.MaxFindings},
		{"limits::max_span_name_patterns", c.Limits.MaxSpanNamePatterns},
		{"limits::max_cardinality_sketches", c.Limits.MaxCardinalitySketches},
		{"limits::span_cache_size", c.Limits.SpanCacheSize},
		{"high_cardinality_threshold", c.HighCardinalityThreshold},
		{"span_name_cardinality_threshold", c.SpanNameCardinalityThreshold},
		{"internal_span_fanout", c.InternalSpanFanout},
		{"short_span_flood", c.ShortSpanFlood},
	} {
		if l.v < 0 {
			errs = append(errs, fmt.Errorf("%s: %d is negative (0 takes the default)", l.name, l.v))
		}
	}
	if c.TraceWindow < 0 {
		errs = append(errs, fmt.Errorf("trace_window: %s is negative (0 takes the default)", c.TraceWindow))
	}
	if c.ShortSpanDuration < 0 {
		errs = append(errs, fmt.Errorf("short_span_duration: %s is negative (0 takes the default)", c.ShortSpanDuration))
	}
	return errors.Join(errs...)
}

// registryFile is the file or directory of a registry source, without the
// "[folder]" suffix that names the model inside an archive.
func registryFile(src string) string {
	if strings.HasSuffix(src, "]") {
		if i := strings.LastIndexByte(src, '['); i > 0 {
			return src[:i]
		}
	}
	return src
}

// checkerConfig loads the registry and returns the checker configuration.
func (c *Config) checkerConfig() (runtimecheck.Config, error) {
	rc := runtimecheck.DefaultConfig()
	if c.Registry != "" {
		reg, err := semconv.Load(c.Registry)
		if err != nil {
			return rc, fmt.Errorf("registry %s: %w", c.Registry, err)
		}
		rc.Registry = reg
	}
	rc.ShowValues = c.ShowValues
	rc.MaxFindings = c.Limits.MaxFindings
	rc.MaxNamePatterns = c.Limits.MaxSpanNamePatterns
	rc.MaxCardinalitySketches = c.Limits.MaxCardinalitySketches
	rc.SpanCacheSize = c.Limits.SpanCacheSize
	rc.HighCardinalityThreshold = c.HighCardinalityThreshold
	rc.SpanNameCardinalityThreshold = c.SpanNameCardinalityThreshold
	rc.TraceWindow = c.TraceWindow
	rc.InternalSpanFanout = c.InternalSpanFanout
	rc.ShortSpanFlood = c.ShortSpanFlood
	rc.ShortSpanDuration = c.ShortSpanDuration
	return rc, nil
}
