package receiver

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetricspb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// ReadOptions configures ReadFile and ReadStream.
type ReadOptions struct {
	// Name names the input in errors; ReadFile sets it to the path.
	Name string
	// Signal forces the signal of binary protobuf input. Zero detects it.
	// JSON input always carries its signal in its top-level key.
	Signal Signal
	// JSON converts OTLP/JSON documents; it is required for JSON input.
	JSON JSONConverter
}

// ReadStats counts the export requests a reader handed to the sink.
type ReadStats struct {
	Requests [len(Signals) + 1]int // indexed by Signal
}

// Total is the number of requests of all signals.
func (s ReadStats) Total() int {
	n := 0
	for _, c := range s.Requests {
		n += c
	}
	return n
}

// ReadFile reads the file at path as ReadStream does. The path "-" reads
// standard input.
func ReadFile(path string, sink Sink, opts ReadOptions) (ReadStats, error) {
	if opts.Name == "" {
		opts.Name = path
	}
	if path == "-" {
		if opts.Name == "-" {
			opts.Name = "<stdin>"
		}
		return ReadStream(os.Stdin, sink, opts)
	}
	f, err := os.Open(path)
	if err != nil {
		return ReadStats{}, err
	}
	defer f.Close()
	return ReadStream(f, sink, opts)
}

// ReadStream reads OTLP export requests from r and hands each to sink.
// It accepts, detected from the content:
//
//   - OTLP/JSON Lines as the Collector's file exporter writes them: one
//     export request per line, each an object whose top-level key
//     (resourceSpans, resourceMetrics or resourceLogs) gives its signal;
//   - one or more OTLP/JSON documents, pretty-printed or not (a single
//     document is the common case);
//   - one binary protobuf Export*ServiceRequest (anything that does not
//     start with '{' after white space). Its signal is ReadOptions.Signal
//     or, when zero, the one signal whose message type decodes the bytes
//     with no unknown fields; if none or several fit, ReadStream asks for
//     the signal to be given;
//   - any of these compressed with gzip.
//
// JSON is decoded as it arrives, one request at a time, so a long stream or
// a pipe is read in constant memory; binary protobuf is one message and is
// read whole. Errors name the input and, for JSON, the line a request
// starts on. Empty input is not an error; ReadStats tells how much was read.
func ReadStream(r io.Reader, sink Sink, opts ReadOptions) (ReadStats, error) {
	if opts.Name == "" {
		opts.Name = "<input>"
	}
	br := bufio.NewReaderSize(r, sniffSize)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return ReadStats{}, fmt.Errorf("%s: %w", opts.Name, err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, sniffSize)
	}
	first, err := firstNonSpace(br)
	switch {
	case err == io.EOF:
		return ReadStats{}, nil
	case err != nil:
		return ReadStats{}, fmt.Errorf("%s: %w", opts.Name, err)
	case first == '{':
		return readJSONOrProto(br, sink, opts)
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return ReadStats{}, fmt.Errorf("%s: %w", opts.Name, err)
	}
	return readProto(data, sink, opts)
}

// sniffSize is the read buffer, and so how far the format is sniffed.
const sniffSize = 64 << 10

// firstNonSpace peeks at the first byte that is not JSON white space,
// without consuming anything: a protobuf request usually starts with 0x0a,
// which is a newline.
func firstNonSpace(br *bufio.Reader) (byte, error) {
	for n := 1; ; n *= 2 {
		n = min(n, sniffSize)
		b, err := br.Peek(n)
		if i := skipSpace(b, 0); i < len(b) {
			return b[i], nil
		}
		if err != nil {
			return 0, err
		}
		if n == sniffSize {
			return '{', nil // 64 KiB of white space cannot start protobuf: read on as JSON
		}
	}
}

// readJSONOrProto reads JSON from br. A protobuf request starts with 0x0a
// (field 1, a length-delimited resource), which is also a newline; if its
// length byte happens to be '{' the input looks like JSON after white
// space. So the bytes are kept until the first JSON value decodes, and if it
// does not, and the input did not start with '{', they are tried as
// protobuf.
func readJSONOrProto(br *bufio.Reader, sink Sink, opts ReadOptions) (ReadStats, error) {
	startsWithBrace := false
	if b, _ := br.Peek(1); len(b) == 1 && b[0] == '{' {
		startsWithBrace = true
	}
	var kept bytes.Buffer
	tee := &switchableTee{r: br, w: &kept, on: !startsWithBrace}
	st, err := readJSON(tee, sink, opts, func() { tee.on = false; kept = bytes.Buffer{} })
	if err == nil || st.Total() > 0 || startsWithBrace {
		return st, err
	}
	rest, rerr := io.ReadAll(br)
	if rerr != nil {
		return st, err
	}
	data := append(kept.Bytes(), rest...)
	if sig, perr := detectProtoSignal(data); perr == nil && (opts.Signal == 0 || opts.Signal == sig) {
		opts.Signal = sig
		return readProto(data, sink, opts)
	}
	return st, err
}

// switchableTee copies what is read from r to w while on.
type switchableTee struct {
	r  io.Reader
	w  io.Writer
	on bool
}

func (t *switchableTee) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if t.on && n > 0 {
		t.w.Write(p[:n])
	}
	return n, err
}

// readJSON decodes a sequence of JSON values as they arrive; this covers
// JSON Lines and pretty-printed documents alike, and reads a long stream in
// constant memory. firstOK is called once the first value has decoded.
func readJSON(r io.Reader, sink Sink, opts ReadOptions, firstOK func()) (ReadStats, error) {
	var st ReadStats
	lines := &lineReader{r: r}
	dec := json.NewDecoder(lines)
	for {
		dec.More() // skips white space, so InputOffset is where the value starts
		line := lines.lineAt(dec.InputOffset())
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF {
			return st, nil
		}
		if err != nil {
			if se, ok := errors.AsType[*json.SyntaxError](err); ok {
				line = lines.lineAt(se.Offset)
			}
			return st, fmt.Errorf("%s:%d: invalid JSON: %w", opts.Name, line, err)
		}
		if firstOK != nil {
			firstOK()
			firstOK = nil
		}
		sig, err := jsonSignal(raw)
		if err != nil {
			return st, fmt.Errorf("%s:%d: %w", opts.Name, line, err)
		}
		pb, err := opts.JSON.convert(sig, raw)
		if err != nil {
			return st, fmt.Errorf("%s:%d: malformed OTLP/JSON %s: %w", opts.Name, line, sig, err)
		}
		if err := consume(sink, sig, pb); err != nil {
			if _, ok := errors.AsType[*PartialError](err); !ok {
				return st, fmt.Errorf("%s:%d: malformed OTLP %s: %w", opts.Name, line, sig, err)
			}
		}
		st.Requests[sig]++
	}
}

// jsonSignal tells the signal of one OTLP/JSON export request by its
// top-level key.
func jsonSignal(raw json.RawMessage) (Signal, error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		return 0, fmt.Errorf("not an OTLP/JSON export request: %w", err)
	}
	var found []Signal
	for _, k := range []struct {
		key string
		sig Signal
	}{{"resourceSpans", Traces}, {"resourceMetrics", Metrics}, {"resourceLogs", Logs},
		{"resource_spans", Traces}, {"resource_metrics", Metrics}, {"resource_logs", Logs}} {
		if _, ok := keys[k.key]; ok {
			found = append(found, k.sig)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		var names []string
		for k := range keys {
			names = append(names, fmt.Sprintf("%q", k))
		}
		if len(names) == 0 {
			return 0, errors.New("not an OTLP/JSON export request: empty object")
		}
		return 0, fmt.Errorf("not an OTLP/JSON export request: no resourceSpans, resourceMetrics or resourceLogs key (found %s)", strings.Join(names, ", "))
	}
	return 0, errors.New("ambiguous OTLP/JSON export request: more than one of resourceSpans, resourceMetrics and resourceLogs")
}

func readProto(data []byte, sink Sink, opts ReadOptions) (ReadStats, error) {
	var st ReadStats
	sig := opts.Signal
	if sig == 0 {
		var err error
		if sig, err = detectProtoSignal(data); err != nil {
			return st, fmt.Errorf("%s: %w", opts.Name, err)
		}
	}
	if err := consume(sink, sig, data); err != nil {
		if _, ok := errors.AsType[*PartialError](err); !ok {
			return st, fmt.Errorf("%s: malformed OTLP %s protobuf: %w", opts.Name, sig, err)
		}
	}
	st.Requests[sig]++
	return st, nil
}

// detectProtoSignal finds the one signal whose export request type decodes
// b cleanly. The three request types share their outer layout (field 1 is a
// repeated resource message), so a plain Unmarshal accepts any of them; what
// tells them apart is that the inner messages of the wrong type leave
// unknown fields or fail UTF-8 validation.
func detectProtoSignal(b []byte) (Signal, error) {
	var fits []Signal
	var firstErr error
	for _, sig := range Signals {
		var m proto.Message
		switch sig {
		case Traces:
			m = &coltracepb.ExportTraceServiceRequest{}
		case Metrics:
			m = &colmetricspb.ExportMetricsServiceRequest{}
		case Logs:
			m = &collogspb.ExportLogsServiceRequest{}
		}
		if err := proto.Unmarshal(b, m); err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if !hasUnknownFields(m.ProtoReflect()) {
			fits = append(fits, sig)
		}
	}
	switch len(fits) {
	case 1:
		return fits[0], nil
	case 0:
		if firstErr != nil {
			return 0, fmt.Errorf("not an OTLP protobuf export request of any signal: %w", firstErr)
		}
		return 0, errors.New("not an OTLP protobuf export request of any signal (unknown fields for each)")
	}
	names := make([]string, len(fits))
	for i, s := range fits {
		names[i] = s.String()
	}
	return 0, fmt.Errorf("cannot tell the signal of this protobuf input (it decodes as %s): name it with --signal", strings.Join(names, " and "))
}

func hasUnknownFields(m protoreflect.Message) bool {
	if len(m.GetUnknown()) > 0 {
		return true
	}
	unknown := false
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := v.List()
			for i := 0; i < l.Len() && !unknown; i++ {
				unknown = hasUnknownFields(l.Get(i).Message())
			}
		case fd.IsMap() && fd.MapValue().Message() != nil:
			v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
				unknown = hasUnknownFields(mv.Message())
				return !unknown
			})
		case !fd.IsList() && !fd.IsMap() && fd.Message() != nil:
			unknown = hasUnknownFields(v.Message())
		}
		return !unknown
	})
	return unknown
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	return i
}

// lineReader remembers where the newlines are in what passes through it,
// so that stream offsets can be turned into line numbers. Offsets asked for
// must not decrease; newlines before the last one asked for are forgotten,
// which keeps memory to about what the JSON decoder has buffered.
type lineReader struct {
	r        io.Reader
	off      int64   // bytes read so far
	newlines []int64 // offsets of newlines not yet counted
	counted  int     // newlines before the last offset asked for
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i, c := range p[:n] {
		if c == '\n' {
			l.newlines = append(l.newlines, l.off+int64(i))
		}
	}
	l.off += int64(n)
	return n, err
}

// lineAt returns the 1-based line of the byte at offset off.
func (l *lineReader) lineAt(off int64) int {
	i := 0
	for i < len(l.newlines) && l.newlines[i] < off {
		i++
	}
	l.counted += i
	l.newlines = append(l.newlines[:0], l.newlines[i:]...)
	return l.counted + 1
}
