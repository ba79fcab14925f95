package receiver

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"testing"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// FuzzHTTPTraces feeds arbitrary bodies, in either encoding and optionally
// gzipped, to the OTLP/HTTP handler. Whatever the input, the handler must
// answer with one of the statuses OTLP/HTTP defines and a body that decodes
// in the request's encoding, and the sink must see only what was accepted.
func FuzzHTTPTraces(f *testing.F) {
	valid, _ := proto.Marshal(traceRequest(3))
	validJSON := marshalOTLPJSON(f, traceRequest(2), "")
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(valid)
	zw.Close()
	for _, seed := range []struct {
		body []byte
		json bool
		gzip bool
	}{
		{valid, false, false},
		{valid, false, true},
		{zipped.Bytes(), false, false}, // gzip bytes without the header saying so
		{valid[:len(valid)/2], false, false},
		{validJSON, true, false},
		{validJSON, true, true},
		{[]byte(`{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":7}]}]}]}`), true, false},
		{[]byte("\x0a\x80"), false, false},
		{nil, false, false},
		{nil, true, true},
	} {
		f.Add(seed.body, seed.json, seed.gzip)
	}
	sink := &countingSink{}
	r, err := New(Config{GRPCAddr: Off, HTTPAddr: "127.0.0.1:0", MaxRequestBytes: 1 << 16, JSON: otlpJSON}, sink)
	if err != nil {
		f.Fatal(err)
	}
	h := r.Handler()
	f.Fuzz(func(t *testing.T, body []byte, isJSON, gz bool) {
		ct := "application/x-protobuf"
		if isJSON {
			ct = "application/json"
		}
		req := httptest.NewRequest(http.MethodPost, PathTraces, bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		if gz {
			req.Header.Set("Content-Encoding", "gzip")
		}
		before := sink.nRequests(Traces)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		after := sink.nRequests(Traces)

		if got := w.Header().Get("Content-Type"); got != ct {
			t.Fatalf("response Content-Type %q, want %q", got, ct)
		}
		unmarshal := proto.Unmarshal
		if isJSON {
			unmarshal = protojson.Unmarshal
		}
		switch w.Code {
		case http.StatusOK:
			var resp coltracepb.ExportTraceServiceResponse
			if err := unmarshal(w.Body.Bytes(), &resp); err != nil {
				t.Fatalf("200 with an undecodable response: %v", err)
			}
			if after != before+1 {
				t.Fatalf("200 but the sink saw %d requests", after-before)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			var st spb.Status
			if err := unmarshal(w.Body.Bytes(), &st); err != nil || st.Message == "" {
				t.Fatalf("%d with an undecodable google.rpc.Status: %v", w.Code, err)
			}
		default:
			t.Fatalf("unexpected status %d: %q", w.Code, w.Body.Bytes())
		}
	})
}

// FuzzReadStream checks that no input makes the file reader panic and that
// every request it reports reached the sink.
func FuzzReadStream(f *testing.F) {
	valid, _ := proto.Marshal(traceRequest(2))
	validJSON := marshalOTLPJSON(f, traceRequest(2), "")
	f.Add(valid)
	f.Add(validJSON)
	f.Add(append(append(append([]byte{}, validJSON...), '\n'), validJSON...))
	f.Add([]byte("{\n\"resourceLogs\": [\n"))
	f.Add([]byte{0x1f, 0x8b, 0x08})
	f.Fuzz(func(t *testing.T, data []byte) {
		sink := &countingSink{}
		st, _ := ReadStream(bytes.NewReader(data), sink, ReadOptions{JSON: otlpJSON})
		for _, sig := range Signals {
			if st.Requests[sig] > sink.nRequests(sig) {
				t.Fatalf("reported %d %s requests, the sink saw %d", st.Requests[sig], sig, sink.nRequests(sig))
			}
		}
	})
}
