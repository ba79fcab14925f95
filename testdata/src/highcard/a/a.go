package a

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	gofrs "github.com/gofrs/uuid"
	"github.com/google/uuid"
	"github.com/oklog/ulid/v2"
	"github.com/rs/xid"
	"github.com/segmentio/ksuid"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"highcard/httputil"
	"highcard/ids"
)

var (
	requests metric.Int64Counter
	latency  metric.Float64Histogram
)

// A semconv-style key constant.
const URLPathKey = attribute.Key("url.path")

type Status int

const (
	StatusOK Status = iota
	StatusFailed
)

type user struct {
	ID    string
	Email string
	Phone string
	Plan  string

	Username  string // a database account in this code
	WorkEmail string
}

func (u *user) GetEmail() string { return u.Email }

// Generated IDs, times, URLs, errors and input in metric attributes.
func metrics(ctx context.Context, r *http.Request, err error, start time.Time) {
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("request.uuid", uuid.NewString())))                // want `metric attribute "request.uuid" takes a generated ID from uuid.NewString at line 56, which is unbounded: every distinct value is a new time series; drop it from the metric and put the ID on a span attribute if you need it`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.Stringer("u", uuid.New())))                               // want `takes a generated ID from uuid.New at line 57`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("g", gofrs.Must(gofrs.NewV4()).String())))         // want `takes a generated ID from uuid.Must`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("x", xid.New().String())))                         // want `takes a generated ID from xid.New`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("k", ksuid.New().String())))                       // want `takes a generated ID from ksuid.New`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("l", ulid.Make().String())))                       // want `takes a generated ID from ulid.Make`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("t", time.Now().String())))                        // want `takes time.Now\(\) \(the current time\) at line 62, which is unbounded: every distinct value is a new time series; drop it, or bucket it`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.Int64("age", int64(time.Since(start)))))                  // want `takes time.Since\(start\) \(an elapsed time\)`
	requests.Add(ctx, 1, metric.WithAttributes(URLPathKey.String(r.URL.Path)))                                     // want `metric attribute "url.path" takes r.URL.Path \(the raw URL path\) at line 64, which is unbounded: every distinct value is a new time series; use the route template \(http.route, e.g. r.Pattern\) instead`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("url", r.URL.String())))                           // want `takes r.URL.String\(\) \(the full URL\)`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("error", err.Error())))                            // want `metric attribute "error" takes the error string err.Error\(\) at line 66, which is unbounded: every distinct value is a new time series; use a bounded error.type`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("q", r.FormValue("q"))))                           // want `takes r.FormValue\("q"\) \(request form input\)`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("tenant", r.Header.Get("X-Tenant"))))              // want `takes r.Header \(a request header\)`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("id", ids.NewRequestID())))                        // want `takes a generated ID from uuid.NewString \(returned by NewRequestID\) at line 69`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("token", ids.Token())))                            // want `takes random bytes from crypto/rand.Read \(returned by Token\)`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("key", "k-"+strings.ToLower(uuid.NewString()))))   // want `takes a generated ID from uuid.NewString`
	latency.Record(ctx, 1, metric.WithAttributes(attribute.String("msg", fmt.Sprintf("failed: %v", err.Error())))) // want `takes the error string err.Error\(\)`

	// Through variables, slices and sets.
	reqID := uuid.NewString()
	attrs := []attribute.KeyValue{attribute.String("method", r.Method)}
	attrs = append(attrs, attribute.String("request.id", reqID)) // want `metric attribute "request.id" takes a generated ID from uuid.NewString at line 75`
	requests.Add(ctx, 1, metric.WithAttributes(attrs...))
	set := attribute.NewSet(attribute.String("path", r.URL.Path)) // want `metric attribute "path" takes r.URL.Path`
	latency.Record(ctx, 1, metric.WithAttributeSet(set))
	opts := metric.WithAttributes(attribute.String("stamp", start.Format(time.RFC3339))) // want `takes a time value at line 81`
	requests.Add(ctx, 1, opts)
}

// Keys unbounded by convention; personal data in metrics.
func keys(ctx context.Context, u *user, addr string, userID string) {
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("user.id", userID)))                                      // want `metric attribute "user.id" is unbounded by convention: every distinct value is a new time series; drop it from the metric, and put it on a span attribute if you need it`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("client.address", addr)))                                 // want `metric attribute "client.address" is unbounded by convention: every distinct value is a new time series; drop it from the metric, and keep the address on the span`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("db.query.text", u.Plan)))                                // want `"db.query.text" is unbounded by convention.*use db.operation.name`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("customer", u.Email)))                                    // want `metric attribute "customer" takes u.Email, personal data with one value per person`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("contact.phone_number", u.ID)))                           // want `metric attribute "contact.phone_number" holds personal data`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("user_id", userID), attribute.String("SessionId", addr))) // want `metric attribute "user_id" is unbounded by convention` `metric attribute "SessionId" is unbounded by convention`
	// A bounded value under a conventional key is fine.
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("url.path", "/healthz")))
}

// Bounded values: not reported.
func boundedValues(ctx context.Context, r *http.Request, u *user, status Status, code int, ok bool) {
	requests.Add(ctx, 1, metric.WithAttributes(
		attribute.String("http.request.method", r.Method),
		attribute.String("http.route", r.Pattern),
		attribute.String("tier", ids.Tier(3)),
		attribute.Int("status", int(status)),
		attribute.String("code", codes.Error.String()),
		attribute.String("status.text", http.StatusText(code)),
		attribute.Bool("ok", ok),
		attribute.String("ok.text", strconv.FormatBool(ok)),
		attribute.String("plan", u.Plan),                 // unknown: silent
		attribute.Int("http.response.status_code", code), // unknown: silent
		attribute.String("user.plan", strings.ToUpper(u.Plan)),
		attribute.String("error", context.Canceled.Error()), // a sentinel error's message is a constant
	))
	start := time.Now()
	_ = start
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("kind", kind(r))))
}

func kind(r *http.Request) string { // want kind:"returns\\(bounded\\)"
	if r.Method == http.MethodGet {
		return "read"
	}
	return "write"
}

// Spans and logs: personal data is a warning; IDs are fine.
func spans(ctx context.Context, span trace.Span, u *user, rec *log.Record, tracer trace.Tracer) {
	span.SetAttributes(attribute.String("user.email", u.Email))                                   // want `span attribute "user.email" holds personal data, copied to every telemetry backend; drop or hash it`
	span.SetAttributes(attribute.String("customer", u.GetEmail()))                                // want `span attribute "customer" takes u.GetEmail\(\), personal data`
	span.SetAttributes(attribute.String("phone", u.Phone))                                        // want `span attribute "phone" holds personal data`
	tracer.Start(ctx, "checkout", trace.WithAttributes(attribute.String("user.full_name", u.ID))) // want `span attribute "user.full_name" holds personal data`
	rec.AddAttributes(log.String("email", u.Email))                                               // want `log record attribute "email" holds personal data`
	span.SetAttributes(attribute.String("request.id", uuid.NewString()), attribute.String("user.id", u.ID))
	span.SetAttributes(attribute.String("host.name", u.Plan), attribute.String("service.name", "checkout"))
	span.SetAttributes(attribute.String("user.name", "anonymous")) // a constant: not personal data
	span.SetAttributes(attribute.String("device.microphone", u.Plan), attribute.String("db.user", u.Username), attribute.String("emailTemplate", u.Plan))
	span.SetAttributes(attribute.String("contact", u.WorkEmail)) // want `span attribute "contact" takes u.WorkEmail, personal data`
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("email.domain", "example.com")))
}

// A chain of functions: the message names the one called here.
func requestID() string { // want requestID:"returns\\(unbounded\\(id: a generated ID from uuid.NewString \\(returned by requestID\\)\\)\\)"
	return ids.NewRequestID()
}

func chained(ctx context.Context) {
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("rid", requestID()))) // want `metric attribute "rid" takes a generated ID from uuid.NewString \(returned by requestID\) at line \d+, which is unbounded`
}

func helpers(ctx context.Context, r *http.Request) {
	requests.Add(ctx, 1, metric.WithAttributes(
		attribute.String("method", httputil.Method(r)),
		attribute.String("path", httputil.Path(r)), // want `metric attribute "path" takes r.URL.Path \(the raw URL path\) \(returned by Path\)`
	))
}

// Attributes built by a helper of the package.
func commonAttrs(r *http.Request) []attribute.KeyValue {
	attrs := []attribute.KeyValue{attribute.String("method", r.Method), attribute.String("peer", r.RemoteAddr)} // want `metric attribute "peer" takes r.RemoteAddr \(the client address\)`
	return append(attrs, attribute.String("target", r.RequestURI))                                              // want `metric attribute "target" takes r.RequestURI \(the raw request URI\)`
}

func commonSet(r *http.Request) attribute.Set {
	return attribute.NewSet(attribute.String("ua", r.UserAgent())) // want `metric attribute "ua" takes r.UserAgent\(\) \(the User-Agent header\)`
}

func viaHelpers(ctx context.Context, r *http.Request) {
	requests.Add(ctx, 1, metric.WithAttributes(commonAttrs(r)...))
	latency.Record(ctx, 1, metric.WithAttributeSet(commonSet(r)))
}

func hashEmail(s string) string { return s }

// Hashed or masked personal data on spans is not reported.
func sanitizedSpans(span trace.Span, u *user) {
	span.SetAttributes(attribute.String("user.email", hashEmail(u.Email)))
	span.SetAttributes(attribute.String("user.email", fmt.Sprintf("%x", sha256.Sum256([]byte(u.Email)))))
	span.SetAttributes(attribute.String("user.email", strings.ToLower(u.Email))) // want `span attribute "user.email" holds personal data`
}

func urls(ctx context.Context, r *http.Request) {
	requests.Add(ctx, 1, metric.WithAttributes(
		attribute.Stringer("url", r.URL),                // want `metric attribute "url" takes r.URL \(the full URL\)`
		attribute.String("scheme", r.URL.Scheme),        // bounded
		attribute.String("host", r.URL.Hostname()),      // unknown: silent
		attribute.String("q", fmt.Sprintf("%v", r.URL)), // want `metric attribute "q" takes r.URL \(the full URL\)`
	))
}

// One attribute slice used for a span and a metric: each is reported.
func shared(ctx context.Context, span trace.Span, u *user) {
	attrs := []attribute.KeyValue{attribute.String("user.email", u.Email)} // want `span attribute "user.email" holds personal data` `metric attribute "user.email" is unbounded by convention`
	span.SetAttributes(attrs...)
	requests.Add(ctx, 1, metric.WithAttributes(attrs...))
}

// ConnConfig is configuration: its fields are set at deployment.
type ConnConfig struct {
	Host, User, AdminEmail string
}

// Configuration values are not personal data per request (regression test
// for a false positive on github.com/exaring/otelpgx v0.13.0, which puts
// the database login on spans as user.name).
func configValues(ctx context.Context, span trace.Span, config *ConnConfig) {
	span.SetAttributes(attribute.String("user.name", config.User), attribute.String("contact", config.AdminEmail))
	requests.Add(ctx, 1, metric.WithAttributes(attribute.String("user.name", config.User)))
}
