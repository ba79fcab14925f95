package receiver

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gzipBomb returns a gzip body of n zero bytes (n a multiple of 1 MiB),
// made cheaply as a multi-member gzip stream of one compressed MiB repeated.
func gzipBomb(t testing.TB, n int) []byte {
	t.Helper()
	member := gzipBytes(t, make([]byte, 1<<20))
	return bytes.Repeat(member, n>>20)
}

type httpCase struct {
	name        string
	method      string
	path        string
	contentType string
	encoding    string
	body        []byte
	wantStatus  int
	wantCode    codes.Code // for error responses
}

// httpResult is what a test looks at in a response, read and closed.
type httpResult struct {
	StatusCode int
	Header     http.Header
}

func doHTTP(t *testing.T, base string, c httpCase) (httpResult, []byte) {
	t.Helper()
	method := c.method
	if method == "" {
		method = http.MethodPost
	}
	path := c.path
	if path == "" {
		path = PathTraces
	}
	req, err := http.NewRequest(method, base+path, bytes.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	if c.encoding != "" {
		req.Header.Set("Content-Encoding", c.encoding)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return httpResult{resp.StatusCode, resp.Header}, body
}

func TestHTTPStatuses(t *testing.T) {
	valid := mustMarshal(t, traceRequest(3))
	validJSON := marshalOTLPJSON(t, traceRequest(2), "")
	const limit = 1 << 20
	bigValid := mustMarshal(t, traceRequest(1))
	for len(bigValid) <= limit {
		bigValid = append(bigValid, bigValid...) // repeated fields concatenate: still valid
	}

	cases := []httpCase{
		{name: "protobuf", contentType: "application/x-protobuf", body: valid, wantStatus: 200},
		{name: "protobuf gzip", contentType: "application/x-protobuf", encoding: "gzip", body: gzipBytes(t, valid), wantStatus: 200},
		{name: "protobuf identity", contentType: "application/x-protobuf", encoding: "identity", body: valid, wantStatus: 200},
		{name: "json", contentType: "application/json", body: validJSON, wantStatus: 200},
		{name: "json with charset", contentType: "application/json; charset=utf-8", body: validJSON, wantStatus: 200},
		{name: "json gzip", contentType: "application/json", encoding: "gzip", body: gzipBytes(t, validJSON), wantStatus: 200},
		{name: "empty request", contentType: "application/x-protobuf", body: nil, wantStatus: 200},
		{name: "malformed protobuf", contentType: "application/x-protobuf", body: []byte("this is not protobuf"), wantStatus: 400, wantCode: codes.InvalidArgument},
		{name: "truncated protobuf", contentType: "application/x-protobuf", body: valid[:len(valid)-7], wantStatus: 400, wantCode: codes.InvalidArgument},
		{name: "malformed json", contentType: "application/json", body: []byte(`{"resourceSpans": [`), wantStatus: 400, wantCode: codes.InvalidArgument},
		{name: "bad gzip", contentType: "application/x-protobuf", encoding: "gzip", body: valid, wantStatus: 400, wantCode: codes.InvalidArgument},
		{name: "truncated gzip", contentType: "application/x-protobuf", encoding: "gzip", body: gzipBytes(t, valid)[:20], wantStatus: 400, wantCode: codes.InvalidArgument},
		{name: "unknown encoding", contentType: "application/x-protobuf", encoding: "br", body: valid, wantStatus: 415, wantCode: codes.InvalidArgument},
		{name: "text content type", contentType: "text/plain", body: valid, wantStatus: 415, wantCode: codes.InvalidArgument},
		{name: "no content type", body: valid, wantStatus: 415, wantCode: codes.InvalidArgument},
		{name: "GET", method: "GET", contentType: "application/x-protobuf", wantStatus: 405, wantCode: codes.Unimplemented},
		{name: "unknown path", path: "/v1/profiles", contentType: "application/x-protobuf", body: valid, wantStatus: 404, wantCode: codes.NotFound},
		{name: "oversized", contentType: "application/x-protobuf", body: bigValid, wantStatus: 413, wantCode: codes.ResourceExhausted},
		{name: "oversized after gzip", contentType: "application/x-protobuf", encoding: "gzip", body: gzipBytes(t, bigValid), wantStatus: 413, wantCode: codes.ResourceExhausted},
		{name: "gzip bomb", contentType: "application/x-protobuf", encoding: "gzip", body: gzipBomb(t, 17<<20), wantStatus: 413, wantCode: codes.ResourceExhausted},
	}
	sink := &countingSink{}
	r := startReceiver(t, Config{GRPCAddr: Off, MaxRequestBytes: limit}, sink)
	base := "http://" + r.HTTPAddrActual().String()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := sink.counts().spans
			resp, body := doHTTP(t, base, c)
			if resp.StatusCode != c.wantStatus {
				t.Fatalf("status %d, want %d; body %q", resp.StatusCode, c.wantStatus, body)
			}
			ct := resp.Header.Get("Content-Type")
			wantCT := "application/x-protobuf"
			if strings.HasPrefix(c.contentType, "application/json") || requestIsUnknownType(c) {
				wantCT = "application/json"
			}
			if ct != wantCT {
				t.Errorf("response Content-Type %q, want %q", ct, wantCT)
			}
			unmarshal := proto.Unmarshal
			if wantCT == "application/json" {
				unmarshal = protojson.Unmarshal
			}
			if c.wantStatus == 200 {
				var er coltracepb.ExportTraceServiceResponse
				if err := unmarshal(body, &er); err != nil {
					t.Fatalf("response is not an ExportTraceServiceResponse: %v (%q)", err, body)
				}
				if er.PartialSuccess != nil {
					t.Errorf("unexpected partial success %v", er.PartialSuccess)
				}
				return
			}
			var st spb.Status
			if err := unmarshal(body, &st); err != nil {
				t.Fatalf("error body is not a google.rpc.Status: %v (%q)", err, body)
			}
			if codes.Code(st.Code) != c.wantCode || st.Message == "" {
				t.Errorf("status = {%v %q}, want code %v and a message", codes.Code(st.Code), st.Message, c.wantCode)
			}
			if c.wantStatus == 405 && resp.Header.Get("Allow") != "POST" {
				t.Errorf("405 without Allow: POST")
			}
			if got := sink.counts().spans; got != before {
				t.Errorf("refused request reached the sink: %d spans counted", got-before)
			}
			// The server keeps serving after every refusal.
			ok, okBody := doHTTP(t, base, httpCase{contentType: "application/x-protobuf", body: valid})
			if ok.StatusCode != 200 {
				t.Fatalf("valid request after %s: status %d %q", c.name, ok.StatusCode, okBody)
			}
		})
	}
}

func requestIsUnknownType(c httpCase) bool {
	return c.contentType == "" || c.contentType == "text/plain"
}

func TestHTTPJSONWithoutConverter(t *testing.T) {
	sink := &countingSink{}
	r, err := New(Config{GRPCAddr: Off, HTTPAddr: "127.0.0.1:0"}, sink)
	if err != nil {
		t.Fatal(err)
	}
	startAndStop(t, r)
	resp, body := doHTTP(t, "http://"+r.HTTPAddrActual().String(), httpCase{contentType: "application/json", body: []byte(`{}`)})
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Fatalf("status %d %q, want 415", resp.StatusCode, body)
	}
}

func TestHTTPPartialSuccess(t *testing.T) {
	sink := &countingSink{reject: func(req *coltracepb.ExportTraceServiceRequest) error {
		return &PartialError{Rejected: 2, Message: "two spans have no name"}
	}}
	r := startReceiver(t, Config{GRPCAddr: Off}, sink)
	for _, ct := range []string{"application/x-protobuf", "application/json"} {
		body := mustMarshal(t, traceRequest(5))
		unmarshal := proto.Unmarshal
		if ct == "application/json" {
			body = marshalOTLPJSON(t, traceRequest(5), "")
			unmarshal = protojson.Unmarshal
		}
		resp, out := doHTTP(t, "http://"+r.HTTPAddrActual().String(), httpCase{contentType: ct, body: body})
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d %q", ct, resp.StatusCode, out)
		}
		var er coltracepb.ExportTraceServiceResponse
		if err := unmarshal(out, &er); err != nil {
			t.Fatal(err)
		}
		if ps := er.GetPartialSuccess(); ps.GetRejectedSpans() != 2 || ps.GetErrorMessage() != "two spans have no name" {
			t.Errorf("%s: partial success = %v, want 2 rejected with the sink's message", ct, ps)
		}
	}
}

// The OTLP/JSON examples from the specification's repository are accepted
// over HTTP as they are, the way curl would send them.
func TestHTTPSharedExamples(t *testing.T) {
	examples := map[string]Signal{"trace.json": Traces, "metrics.json": Metrics, "logs.json": Logs, "events.json": Logs}
	sink := &countingSink{}
	r := startReceiver(t, Config{GRPCAddr: Off}, sink)
	for name, sig := range examples {
		body, err := os.ReadFile(filepath.Join(sharedExamples, name))
		if os.IsNotExist(err) {
			abs, _ := filepath.Abs(sharedExamples)
			t.Skipf("no OTLP examples at %s (shared/otlp-examples/examples beside the repository root)", abs)
		}
		if err != nil {
			t.Fatal(err)
		}
		before := sink.nRequests(sig)
		resp, out := doHTTP(t, "http://"+r.HTTPAddrActual().String(), httpCase{path: sig.Path(), contentType: "application/json", body: body})
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d %q", name, resp.StatusCode, out)
		}
		if sink.nRequests(sig) != before+1 {
			t.Errorf("%s did not reach the sink as %s", name, sig)
		}
	}
	if c := sink.counts(); c.spans == 0 || c.points == 0 || c.logs == 0 {
		t.Errorf("counts %+v, want spans, points and logs", c)
	}
}

// A gzip body that inflates to 1 GiB is refused with 413 under the default
// 16 MiB limit, without the server allocating anything like its real size.
func TestHTTPGzipBombDefaultLimit(t *testing.T) {
	sink := &countingSink{}
	r := startReceiver(t, Config{GRPCAddr: Off}, sink)
	bomb := gzipBomb(t, 1<<30)
	if len(bomb) > DefaultMaxRequestBytes {
		t.Fatalf("bomb of %d bytes is not small", len(bomb))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	resp, body := doHTTP(t, "http://"+r.HTTPAddrActual().String(), httpCase{contentType: "application/x-protobuf", encoding: "gzip", body: bomb})
	runtime.ReadMemStats(&after)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d %q, want 413", resp.StatusCode, body)
	}
	t.Logf("allocated %d MiB", (after.TotalAlloc-before.TotalAlloc)>>20)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 128<<20 {
		t.Errorf("the request cost %d MiB of allocations; the limit is 16 MiB and the bomb inflates to 1 GiB", alloc>>20)
	}
}

func TestReadLimited(t *testing.T) {
	for _, c := range []struct {
		n, limit, hint int64
		tooLarge       bool
	}{
		{0, 10, -1, false}, {10, 10, -1, false}, {11, 10, -1, true},
		{10, 10, 10, false}, {11, 10, 10, true}, {100 << 10, 1 << 20, -1, false},
		{1<<20 + 1, 1 << 20, -1, true}, {5, 10, 3, false}, {300 << 10, 1 << 20, 7, false},
	} {
		in := bytes.Repeat([]byte{'x'}, int(c.n))
		got, err := readLimited(bytes.NewReader(in), c.limit, c.hint, func(int64) bool { return true })
		switch {
		case c.tooLarge && !errors.Is(err, errTooLarge):
			t.Errorf("%+v: err %v, want errTooLarge", c, err)
		case !c.tooLarge && (err != nil || !bytes.Equal(got, in)):
			t.Errorf("%+v: read %d bytes, err %v", c, len(got), err)
		case int64(cap(got)) > c.limit+1:
			t.Errorf("%+v: buffer grew to %d, past limit+1", c, cap(got))
		}
	}
}

// Browser exporters: with CORSOrigins, a preflight from an allowed origin
// is answered with the CORS headers and the export carries them; other
// origins, and every origin by default, get none.
func TestHTTPCORS(t *testing.T) {
	preflight := func(base, origin string) (int, http.Header) {
		req, _ := http.NewRequest(http.MethodOptions, base+PathTraces, nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		return resp.StatusCode, resp.Header
	}
	open := startReceiver(t, Config{GRPCAddr: Off, CORSOrigins: []string{"https://shop.example"}}, &countingSink{})
	base := "http://" + open.HTTPAddrActual().String()
	code, h := preflight(base, "https://shop.example")
	if code != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != "https://shop.example" ||
		h.Get("Access-Control-Allow-Headers") != "content-type" {
		t.Errorf("allowed preflight: %d %v", code, h)
	}
	if _, h := preflight(base, "https://evil.example"); h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("foreign origin got CORS headers: %v", h)
	}
	req, _ := http.NewRequest(http.MethodPost, base+PathTraces, bytes.NewReader(mustMarshal(t, traceRequest(1))))
	req.Header.Set("Content-Type", contentTypeProto)
	req.Header.Set("Origin", "https://shop.example")
	post, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	post.Body.Close()
	if post.StatusCode != 200 || post.Header.Get("Access-Control-Allow-Origin") != "https://shop.example" {
		t.Errorf("export from an allowed origin: %s %v", post.Status, post.Header)
	}

	closed := startReceiver(t, Config{GRPCAddr: Off}, &countingSink{})
	if _, h := preflight("http://"+closed.HTTPAddrActual().String(), "https://shop.example"); h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS headers without CORSOrigins: %v", h)
	}
}
