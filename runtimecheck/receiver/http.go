package receiver

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// HTTP paths and content types of OTLP/HTTP.
const (
	PathTraces  = "/v1/traces"
	PathMetrics = "/v1/metrics"
	PathLogs    = "/v1/logs"

	contentTypeProto = "application/x-protobuf"
	contentTypeJSON  = "application/json"
)

// Path returns the OTLP/HTTP path for sig.
func (s Signal) Path() string {
	switch s {
	case Traces:
		return PathTraces
	case Metrics:
		return PathMetrics
	case Logs:
		return PathLogs
	}
	return ""
}

// Handler returns the OTLP/HTTP handler. It is what the HTTP listener
// serves; it is exported for embedding in another server and for fuzzing.
//
// It answers as the OTLP/HTTP specification asks, with the body in the
// request's encoding (protobuf or JSON):
//
//	200  Export*ServiceResponse, with partial_success if the sink rejected part
//	400  google.rpc.Status: malformed protobuf, JSON or gzip
//	408  google.rpc.Status: the body did not arrive within ReadBodyTimeout
//	404  google.rpc.Status: a path other than /v1/traces, /v1/metrics, /v1/logs
//	405  google.rpc.Status: a method other than POST (with Allow: POST)
//	413  google.rpc.Status: body over MaxRequestBytes, before or after gzip
//	415  google.rpc.Status: content type other than application/x-protobuf or
//	     application/json, content encoding other than gzip or identity, or
//	     JSON without a JSONConverter
//	429  google.rpc.Status with Retry-After: the bytes in flight are over
//	     MaxBytesInFlight; retry
//	503  google.rpc.Status with Retry-After: ForwardBlock and the forwarding
//	     queue is full; retry
func (r *Receiver) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, sig := range Signals {
		mux.Handle(sig.Path(), r.httpHandler(sig))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, req *http.Request) {
		writeHTTPError(w, requestContentType(req), http.StatusNotFound, codes.NotFound,
			fmt.Sprintf("unknown path %q: OTLP/HTTP serves %s, %s and %s", req.URL.Path, PathTraces, PathMetrics, PathLogs))
	})
	if len(r.cfg.CORSOrigins) == 0 {
		return mux
	}
	return corsHandler(r.cfg.CORSOrigins, mux)
}

// corsHandler lets browser exporters from the allowed origins send
// OTLP/HTTP, as the Collector's confighttp cors setting does: a preflight
// from an allowed origin is answered 204 with the CORS headers, and
// responses to it carry Access-Control-Allow-Origin. Other origins get no
// CORS headers, so the browser refuses them.
func corsHandler(origins []string, next http.Handler) http.Handler {
	allowed := map[string]bool{}
	for _, o := range origins {
		allowed[strings.TrimSuffix(o, "/")] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		origin := req.Header.Get("Origin")
		if origin == "" || !(allowed["*"] || allowed[origin]) {
			next.ServeHTTP(w, req)
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		h.Set("Access-Control-Allow-Origin", origin)
		if req.Method == http.MethodOptions && req.Header.Get("Access-Control-Request-Method") != "" {
			h.Add("Vary", "Access-Control-Request-Method")
			h.Add("Vary", "Access-Control-Request-Headers")
			h.Set("Access-Control-Allow-Methods", http.MethodPost)
			if rh := req.Header.Get("Access-Control-Request-Headers"); rh != "" {
				h.Set("Access-Control-Allow-Headers", rh)
			}
			h.Set("Access-Control-Max-Age", "7200")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.Set("Access-Control-Expose-Headers", "Retry-After")
		next.ServeHTTP(w, req)
	})
}

func (r *Receiver) httpHandler(sig Signal) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		ct := requestContentType(req)
		if req.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeHTTPError(w, ct, http.StatusMethodNotAllowed, codes.Unimplemented,
				fmt.Sprintf("method %s not allowed: OTLP/HTTP takes POST", req.Method))
			return
		}
		if ct == "" {
			writeHTTPError(w, contentTypeJSON, http.StatusUnsupportedMediaType, codes.InvalidArgument,
				fmt.Sprintf("unsupported content type %q: want %s or %s", req.Header.Get("Content-Type"), contentTypeProto, contentTypeJSON))
			return
		}
		// The header timeout is the server's; the body gets its own, so a
		// client that stalls mid-upload is cut off.
		_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(r.cfg.ReadBodyTimeout))
		res := r.budget.reserve()
		defer res.done()
		if r.cfg.bodyStarted != nil {
			r.cfg.bodyStarted()
		}
		body, code, err := r.readBody(w, req, res)
		switch {
		case errors.Is(err, errBusy):
			r.refuseBusy(sig)
			writeRetryable(w, ct, http.StatusTooManyRequests, codes.ResourceExhausted, err.Error())
			return
		case code == http.StatusRequestTimeout:
			w.Header().Set("Connection", "close")
			writeHTTPError(w, ct, code, codes.DeadlineExceeded, err.Error())
			return
		case err != nil:
			r.statsFor(sig).malformed.Add(1)
			writeHTTPError(w, ct, code, grpcCodeFor(code), err.Error())
			return
		}
		r.processing.begin()
		defer r.processing.end()
		if ct == contentTypeJSON {
			// The converted request is about the size of the JSON or less,
			// and each resource's conversion builds a message tree several
			// times its size: that memory is in flight too.
			if !res.add(int64(len(body))) {
				r.refuseBusy(sig)
				writeRetryable(w, ct, http.StatusTooManyRequests, codes.ResourceExhausted, errBusy.Error())
				return
			}
			pb, err := convertJSONRequest(r.cfg.JSON, sig, body, res.add, res.sub)
			if errors.Is(err, errBusy) {
				r.refuseBusy(sig)
				writeRetryable(w, ct, http.StatusTooManyRequests, codes.ResourceExhausted, err.Error())
				return
			}
			if errors.Is(err, errNoJSON) {
				writeHTTPError(w, ct, http.StatusUnsupportedMediaType, codes.InvalidArgument, fmt.Sprintf("%s: %v", sig, err))
				return
			}
			if err != nil {
				r.statsFor(sig).malformed.Add(1)
				writeHTTPError(w, ct, http.StatusBadRequest, codes.InvalidArgument, fmt.Sprintf("malformed OTLP/JSON %s request: %v", sig, err))
				return
			}
			body = pb
		}
		r.busyEpisode.end()
		out, err := r.export(sig, body)
		switch {
		case errors.Is(err, errQueueFull):
			writeRetryable(w, ct, http.StatusServiceUnavailable, codes.Unavailable, err.Error())
			return
		case err != nil:
			writeHTTPError(w, ct, http.StatusBadRequest, codes.InvalidArgument, fmt.Sprintf("malformed OTLP %s request: %v", sig, err))
			return
		}
		writeHTTPMessage(w, ct, http.StatusOK, exportResponse(sig, out))
	})
}

// jsonCost is the memory one resource of an OTLP/JSON request costs while
// it is converted, per byte of its JSON: the decoded tree, the id rewrite
// and the protobuf message.
const jsonCost = 8

var errBusy = errors.New("too many bytes in flight; retry later")

// defaultAdmissionWait is how long an HTTP request waits for room in the
// byte budget before it is refused with 429.
const defaultAdmissionWait = 5 * time.Second

// writeRetryable answers with a status that OTLP exporters retry, after
// Retry-After seconds.
func writeRetryable(w http.ResponseWriter, ct string, httpStatus int, code codes.Code, msg string) {
	w.Header().Set("Retry-After", strconv.Itoa(retryAfterSeconds))
	writeHTTPError(w, ct, httpStatus, code, msg)
}

// requestContentType returns contentTypeProto or contentTypeJSON, or ""
// when the request's media type is neither.
func requestContentType(req *http.Request) string {
	mt, _, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	switch mt {
	case contentTypeProto, contentTypeJSON:
		return mt
	}
	return ""
}

// readBody reads the request body, decompressing it if needed, and refuses
// bodies larger than MaxRequestBytes before or after decompression. The
// decompressed size is checked while reading, so a small gzip bomb costs at
// most MaxRequestBytes of memory.
//
// The buffer is taken from res as it grows; when the budget has no room
// the error is errBusy.
func (r *Receiver) readBody(w http.ResponseWriter, req *http.Request, res *reservation) ([]byte, int, error) {
	limit := r.cfg.MaxRequestBytes
	if req.ContentLength > limit {
		return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("request body of %d bytes exceeds the limit of %d bytes", req.ContentLength, limit)
	}
	var body io.Reader = http.MaxBytesReader(w, req.Body, limit)
	sizeHint := req.ContentLength
	switch enc := strings.ToLower(strings.TrimSpace(req.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return nil, statusForReadError(err), fmt.Errorf("bad gzip body: %w", err)
		}
		defer zr.Close()
		body = zr
		sizeHint = -1
	default:
		return nil, http.StatusUnsupportedMediaType, fmt.Errorf("unsupported content encoding %q: want gzip or identity", enc)
	}
	// The first reservation (the whole body when its length is known)
	// may wait for room: the body is not read yet, so waiting costs
	// nothing but a goroutine, and a burst is served in turn rather than
	// refused and sent again.
	first := true
	reserve := func(n int64) bool {
		if first {
			first = false
			return res.growWait(req.Context(), n, r.cfg.admissionWait)
		}
		return res.grow(n)
	}
	b, err := readLimited(body, limit, sizeHint, reserve)
	if errors.Is(err, errBusy) {
		return nil, http.StatusTooManyRequests, err
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return nil, http.StatusRequestTimeout, fmt.Errorf("request body not received within %s", r.cfg.ReadBodyTimeout)
	}
	if errors.Is(err, errTooLarge) {
		return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("decompressed request body exceeds the limit of %d bytes", limit)
	}
	if err != nil {
		return nil, statusForReadError(err), fmt.Errorf("reading request body: %w", err)
	}
	return b, 0, nil
}

var errTooLarge = errors.New("body too large")

// readLimited reads r to the end, or fails with errTooLarge as soon as more
// than limit bytes arrive. Unlike bytes.Buffer it never grows its buffer
// past limit+1, so a body that decompresses without end costs at most about
// twice the limit in allocations, whatever its real size. Before each
// allocation, reserve is asked for the bytes the buffers then hold; when it
// says no, readLimited fails with errBusy.
func readLimited(r io.Reader, limit, sizeHint int64, reserve func(int64) bool) ([]byte, error) {
	size := int64(64 << 10)
	if sizeHint > 0 {
		size = sizeHint + 1 // +1 so the final read can see EOF without growing
	}
	size = min(size, limit+1)
	if !reserve(size) {
		return nil, errBusy
	}
	b := make([]byte, 0, size)
	for {
		if len(b) == cap(b) {
			size := min(2*int64(cap(b)), limit+1)
			if !reserve(int64(cap(b)) + size) { // old and new buffer, while copying
				return nil, errBusy
			}
			grown := make([]byte, len(b), size)
			copy(grown, b)
			b = grown
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, errTooLarge
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func statusForReadError(err error) int {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

func grpcCodeFor(httpStatus int) codes.Code {
	switch httpStatus {
	case http.StatusRequestEntityTooLarge:
		return codes.ResourceExhausted
	case http.StatusServiceUnavailable:
		return codes.Unavailable
	}
	return codes.InvalidArgument
}

// writeHTTPError answers with a google.rpc.Status in the request's
// encoding, as the OTLP/HTTP specification asks.
func writeHTTPError(w http.ResponseWriter, ct string, httpStatus int, code codes.Code, msg string) {
	if ct == "" {
		ct = contentTypeJSON
	}
	// Messages may quote the request, and JSON cannot carry invalid UTF-8.
	writeHTTPMessage(w, ct, httpStatus, status.New(code, strings.ToValidUTF8(msg, "\uFFFD")).Proto())
}

func writeHTTPMessage(w http.ResponseWriter, ct string, httpStatus int, m protoreflect.ProtoMessage) {
	var b []byte
	var err error
	if ct == contentTypeJSON {
		b, err = protojson.Marshal(m)
	} else {
		b, err = proto.Marshal(m)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(httpStatus)
	_, _ = w.Write(b) // the client has gone; nothing to do
}
