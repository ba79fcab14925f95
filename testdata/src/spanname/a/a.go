package a

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

var tracer trace.Tracer

const opName = "cart.checkout"

type Kind int

const (
	KindA Kind = iota
	KindB
)

func (k Kind) String() string { // want String:"returns\\(bounded\\)"
	switch k {
	case KindA:
		return "a"
	}
	return "b"
}

// Vague names.
func vague(ctx context.Context) {
	tracer.Start(ctx, "")              // want `span name is empty`
	tracer.Start(ctx, "  ")            // want `span name is empty`
	tracer.Start(ctx, "span")          // want `span name "span" is too generic to identify an operation`
	tracer.Start(ctx, "Function_Call") // want `span name "Function_Call" is too generic`
	tracer.Start(ctx, "HANDLER")       // want `span name "HANDLER" is too generic`
	tracer.Start(ctx, "do-work")       // ok: two words are not in the list
	tracer.Start(ctx, "process-order") // ok
	_, span := tracer.Start(ctx, opName)
	span.SetName("todo") // want `span name "todo" is too generic`
}

// Literal names that embed IDs.
func literals(ctx context.Context) {
	tracer.Start(ctx, "GET /users/12345")                                // want `span name "GET /users/12345" embeds an ID \("12345"\), so each ID makes a new span name; use a template such as "GET /users/\{id\}"`
	tracer.Start(ctx, "order 3fa85f64-5717-4562-b3fc-2c963f66afa6 paid") // want `embeds an ID \("3fa85f64-5717-4562-b3fc-2c963f66afa6"\)`
	tracer.Start(ctx, "blob/9f86d081884c7d659a2feaa0c55ad015")           // want `embeds an ID`
	tracer.Start(ctx, "GET /api/v2/users/{id}")                          // ok: a template
	tracer.Start(ctx, "grpc.health.v1.Health/Check")                     // ok
	tracer.Start(ctx, "redis 6379 ping")
	tracer.Start(ctx, "report 2024")
	tracer.Start(ctx, "notify ops@example.com") // want `embeds an ID \("ops@example.com"\)`
	tracer.Start(ctx, "sha256 checksum")        // ok
	tracer.Start(ctx, "deadbeefcafebabe-notes") // ok: one segment, not all hex
}

// High-cardinality names from values.
func dynamic(ctx context.Context, r *http.Request, attempt int, err error, cfg config, k Kind) {
	tracer.Start(ctx, r.URL.Path)                                   // want `span name is built from r.URL.Path \(the raw URL path\) at line 65, so every distinct value makes a new span name; for HTTP name the span after the method and route template \(r.Pattern, e.g. "GET /users/\{id\}"\) and put the path in the url.path attribute`
	tracer.Start(ctx, r.Method+" "+r.URL.Path)                      // want `built from r.URL.Path`
	tracer.Start(ctx, fmt.Sprintf("%s %s", r.Method, r.RequestURI)) // want `built from r.RequestURI \(the raw request URI\)`
	tracer.Start(ctx, r.URL.String())                               // want `built from r.URL.String\(\) \(the full URL\)`
	tracer.Start(ctx, "user "+r.Header.Get("X-User"))               // want `built from r.Header \(a request header\)`
	tracer.Start(ctx, "user "+r.PathValue("id"))                    // want `built from r.PathValue\("id"\) \(a path parameter\)`
	tracer.Start(ctx, "job-"+uuid.NewString())                      // want `built from a generated ID from uuid.NewString at line 71, so every distinct value makes a new span name; use a fixed name for the operation and move the ID into a span attribute`
	tracer.Start(ctx, "job-"+uuid.New().String())                   // want `built from a generated ID from uuid.New`
	tracer.Start(ctx, "at "+time.Now().Format(time.RFC3339))        // want `built from time.Now\(\) \(the current time\)`
	tracer.Start(ctx, "failed: "+err.Error())                       // want `built from the error string err.Error\(\) at line 74, so every distinct value makes a new span name; use a fixed name and record the error with span.RecordError`
	tracer.Start(ctx, "user-"+strconv.Itoa(attempt))                // want `span name is formatted from a non-constant number`
	tracer.Start(ctx, fmt.Sprintf("user-%d", attempt))              // want `formatted from a non-constant number`

	id := uuid.NewString()
	spanName := "load " + id
	tracer.Start(ctx, spanName)    // want `built from a generated ID from uuid.NewString at line 78`
	tracer.Start(ctx, makeName(r)) // want `built from r.URL.Path \(the raw URL path\) \(returned by makeName\)`

	// Bounded.
	tracer.Start(ctx, r.Method+" "+r.Pattern)
	tracer.Start(ctx, fmt.Sprintf("%s %s", r.Method, r.Pattern))
	tracer.Start(ctx, "kind "+k.String())
	tracer.Start(ctx, "kind "+strconv.Itoa(int(KindA)))
	tracer.Start(ctx, "code "+codes.Error.String())
	tracer.Start(ctx, strings.ToLower(opName))
	tracer.Start(ctx, "HTTP "+http.MethodGet)
	tracer.Start(ctx, region(true))
	tracer.Start(ctx, "status "+http.StatusText(404))
	// Unknown: silent by default.
	tracer.Start(ctx, cfg.name)
	tracer.Start(ctx, "svc."+cfg.name)
	tracer.Start(ctx, fmt.Sprintf("%s.%s", cfg.name, opName))
	_ = errors.New
}

type config struct{ name string }

func makeName(r *http.Request) string { // want makeName:"returns\\(unbounded.*"
	return "GET " + r.URL.Path
}

func region(east bool) string { // want region:"returns\\(bounded\\)"
	if east {
		return "us-east"
	}
	return "us-west"
}

// A local wrapper: the wrapper is not reported, its callers are.
func withSpan(ctx context.Context, op string, f func(context.Context) error) error { // want withSpan:"namesSpan\\(1 op\\)"
	ctx, span := tracer.Start(ctx, op)
	defer span.End()
	return f(ctx)
}

// A wrapper of a wrapper.
func timed(ctx context.Context, what string) { // want timed:"namesSpan\\(1 what\\)"
	withSpan(ctx, "timed."+what, nil)
}

func callers(ctx context.Context, r *http.Request) {
	withSpan(ctx, "inventory.reserve", nil)
	withSpan(ctx, r.URL.Path, nil)   // want `span name passed to withSpan \(parameter op\) is built from r.URL.Path`
	withSpan(ctx, "run", nil)        // want `span name passed to withSpan \(parameter op\) "run" is too generic`
	timed(ctx, "GET /orders/987654") // want `span name passed to timed \(parameter what\) "GET /orders/987654" embeds an ID`
	timed(ctx, uuid.NewString())     // want `span name passed to timed \(parameter what\) is built from a generated ID`
}

// The parameter reaches the name through a local variable.
func named(ctx context.Context, op string) { // want named:"namesSpan\\(1 op\\)"
	spanName := "orders." + op
	_, span := tracer.Start(ctx, spanName)
	span.End()
}

func callNamed(ctx context.Context, r *http.Request) {
	named(ctx, "list")
	named(ctx, r.URL.Path) // want `span name passed to named \(parameter op\) is built from r.URL.Path`
}

// A loop counter is not a constant (found on jaeger's tracegen).
func loop(ctx context.Context, n int) {
	for c := 0; c < n; c++ {
		tracer.Start(ctx, fmt.Sprintf("child-span-%02d", c)) // want `span name is formatted from a non-constant number`
	}
	for _, s := range []string{"a", "b"} {
		tracer.Start(ctx, "step."+s)
	}
}
