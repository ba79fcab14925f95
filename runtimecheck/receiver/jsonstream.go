package receiver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// jsonReader reads a sequence of OTLP/JSON export requests (JSON Lines or
// documents) and hands them to the sink one resource at a time.
//
// A record is one top-level JSON value. Its resources are decoded one by
// one with the decoder's token stream, so a 200 MB document costs the
// memory of its largest resource. A record with an error is skipped: after
// a semantic error (not OTLP, conversion refused) the decoder reads on to
// the end of the value; after a syntax error the decoder is lost, so
// reading starts again on the line after the record's first line, from the
// bytes kept since the record began. That is what a bad line of JSON Lines
// needs; the lines after it are checked as if it were not there.
type jsonReader struct {
	opts ReadOptions
	sink Sink
	st   *ReadStats

	lines *lineReader // absolute offsets and line numbers over the input
	tee   *recordTee  // what the decoder reads, kept from the record's start
	dec   *json.Decoder
	base  int64 // absolute offset of the decoder's offset 0

	// pending holds the converted resources of the current record until
	// it is complete, so that a record skipped for an error has none of
	// its resources checked; a record too large to keep (a big document)
	// is checked as it goes.
	pending      []pendingRequest
	pendingBytes int

	// firstOK is called once the first record decoded; fallback asks read
	// to return errNotJSON if it did not, so the input is tried as
	// protobuf.
	firstOK  func()
	fallback bool
}

type pendingRequest struct {
	sig  Signal
	pb   []byte
	line int
}

// hold keeps a converted resource until its record is complete, or hands
// it over at once (with those held) when the record is too large to keep.
func (jr *jsonReader) hold(sig Signal, pb []byte, line int) error {
	jr.pending = append(jr.pending, pendingRequest{sig, pb, line})
	jr.pendingBytes += len(pb)
	if _, ok := jr.tee.kept(); ok && jr.pendingBytes <= maxKept {
		return nil
	}
	return jr.flush()
}

// flush hands the held resources to the sink.
func (jr *jsonReader) flush() error {
	defer func() { jr.pending, jr.pendingBytes = jr.pending[:0], 0 }()
	for _, p := range jr.pending {
		if err := consume(jr.sink, p.sig, p.pb); err != nil {
			if _, ok := errors.AsType[*PartialError](err); !ok {
				return jr.errorf(p.line, "malformed OTLP %s: %w", p.sig, err)
			}
		}
		jr.st.Requests[p.sig]++
	}
	return nil
}

// errNotJSON says the first record was not JSON at all.
var errNotJSON = errors.New("not JSON")

// errRecordTooLarge ends a read: a record over MaxRecordBytes.
var errRecordTooLarge = errors.New("record too large")

// maxKept bounds the bytes kept to restart after a syntax error; a record
// larger than that cannot be restarted after, and its error ends the read.
const maxKept = 8 << 20

func newJSONReader(r io.Reader, sink Sink, opts ReadOptions, st *ReadStats) *jsonReader {
	jr := &jsonReader{opts: opts, sink: sink, st: st, lines: &lineReader{r: r}}
	jr.tee = &recordTee{r: jr.lines, limit: opts.MaxRecordBytes}
	jr.dec = json.NewDecoder(jr.tee)
	return jr
}

func (jr *jsonReader) abs() int64 { return jr.base + jr.dec.InputOffset() }

func (jr *jsonReader) lineAt(abs int64) int { return jr.lines.lineAt(abs) }

// read reads records to the end of the input.
func (jr *jsonReader) read() error {
	for {
		jr.dec.More() // skips white space, so the offset is where the value starts
		start := jr.abs()
		line := jr.lineAt(start)
		jr.tee.mark(start, jr.dec.Buffered())
		err := jr.record(line)
		if err == nil {
			err = jr.flush()
		}
		jr.pending, jr.pendingBytes = jr.pending[:0], 0 // a skipped record's resources are dropped
		if errors.Is(err, errEnd) {
			return nil
		}
		if err == nil {
			jr.st.Records++
			if jr.firstOK != nil {
				jr.firstOK()
				jr.firstOK, jr.fallback = nil, false
			}
			continue
		}
		if jr.fallback && jr.st.Total() == 0 {
			if _, ok := errors.AsType[*json.SyntaxError](err); ok {
				return errNotJSON
			}
		}
		jr.firstOK, jr.fallback = nil, false
		jr.st.Records++
		if errors.Is(err, errRecordTooLarge) {
			jr.st.Skipped++
			return fmt.Errorf("%s:%d: a record is larger than %d bytes; the rest of the input is not read (raise the limit with --max-request-bytes)",
				jr.opts.Name, line, jr.opts.MaxRecordBytes)
		}
		if se, ok := errors.AsType[*json.SyntaxError](err); ok {
			if at := jr.lineAt(jr.syntaxErrorAt(start, se)); at != line {
				err = fmt.Errorf("%s:%d: invalid JSON (at line %d): %w", jr.opts.Name, line, at, se)
			} else {
				err = fmt.Errorf("%s:%d: invalid JSON: %w", jr.opts.Name, line, se)
			}
			if rerr := jr.restart(start, err); rerr != nil {
				return rerr
			}
			continue
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return jr.skip(fmt.Errorf("%s:%d: invalid JSON: the input ends inside this value", jr.opts.Name, line))
		}
		if _, ok := errors.AsType[*recordError](err); !ok {
			return fmt.Errorf("%s:%d: %w", jr.opts.Name, line, err) // the input could not be read
		}
		if rerr := jr.skip(err); rerr != nil {
			return rerr
		}
	}
}

// syntaxErrorAt returns the absolute offset of a syntax error in the
// record that starts at start. The decoder's offsets point near the start
// of the value it was scanning, not at the bad byte, so the kept bytes of
// the record are scanned again; json.Unmarshal reports the exact offset.
func (jr *jsonReader) syntaxErrorAt(start int64, se *json.SyntaxError) int64 {
	if kept, ok := jr.tee.kept(); ok {
		var raw json.RawMessage
		if e, ok := errors.AsType[*json.SyntaxError](json.Unmarshal(kept, &raw)); ok && !strings.Contains(e.Error(), "after top-level value") {
			return start + e.Offset - 1
		}
	}
	return jr.base + se.Offset
}

// errEnd is the end of the input between two records.
var errEnd = errors.New("end of input")

// recordError is an error in the content of a record, after which the
// next record can be read.
type recordError struct{ err error }

func (e *recordError) Error() string { return e.err.Error() }
func (e *recordError) Unwrap() error { return e.err }

func (jr *jsonReader) errorf(line int, format string, args ...any) error {
	return &recordError{fmt.Errorf("%s:%d: "+format, append([]any{jr.opts.Name, line}, args...)...)}
}

// skip reports a skipped record, or returns err when there is no OnSkip.
func (jr *jsonReader) skip(err error) error {
	jr.st.Skipped++
	if jr.opts.OnSkip == nil {
		return err
	}
	jr.opts.OnSkip(err)
	return nil
}

// restart reports err and starts a new decoder on the line after the one
// the failed record started on.
func (jr *jsonReader) restart(start int64, err error) error {
	if serr := jr.skip(err); serr != nil {
		return serr
	}
	kept, ok := jr.tee.kept()
	if !ok {
		return fmt.Errorf("%s:%d: cannot resume after an invalid record of more than %d bytes; the rest of the input is not read",
			jr.opts.Name, jr.lineAt(start), maxKept)
	}
	i := bytes.IndexByte(kept, '\n')
	if i < 0 {
		return nil // the record ran to the end of the input
	}
	resume := start + int64(i) + 1
	jr.tee.restart(resume, kept[i+1:])
	jr.base = resume
	jr.dec = json.NewDecoder(jr.tee)
	return nil
}

// record reads one top-level value: an export request object.
func (jr *jsonReader) record(line int) error {
	tok, err := jr.dec.Token()
	if err == io.EOF {
		return errEnd
	}
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		if err := jr.skipRest(tok); err != nil {
			return err
		}
		return jr.errorf(line, "not an OTLP/JSON export request: a JSON %s, not an object", jsonKind(tok))
	}
	var sig Signal
	var others []string
	var failed error
	for jr.dec.More() {
		tok, err := jr.dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		ks := keySignal(key)
		if ks == 0 {
			others = append(others, fmt.Sprintf("%q", key))
			if err := jr.discard(); err != nil {
				return err
			}
			continue
		}
		if sig != 0 && ks != sig && failed == nil {
			failed = jr.errorf(line, "ambiguous OTLP/JSON export request: more than one of resourceSpans, resourceMetrics and resourceLogs")
		}
		sig = ks
		if err := jr.resources(sig, &failed); err != nil {
			return err
		}
	}
	if _, err := jr.dec.Token(); err != nil { // '}'
		return err
	}
	switch {
	case failed != nil:
		return failed
	case sig != 0:
		return nil
	case len(others) == 0:
		return jr.errorf(line, "not an OTLP/JSON export request: empty object")
	}
	return jr.errorf(line, "not an OTLP/JSON export request: no resourceSpans, resourceMetrics or resourceLogs key (found %s)",
		strings.Join(others, ", "))
}

// resources reads the array of resources of sig and hands each to the
// sink as a request of its own. After the first failure the rest is read
// and dropped.
func (jr *jsonReader) resources(sig Signal, failed *error) error {
	tok, err := jr.dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil // "resourceSpans": null
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		if err := jr.skipRest(tok); err != nil {
			return err
		}
		if *failed == nil {
			*failed = jr.errorf(jr.lineAt(jr.abs()), "malformed OTLP/JSON %s: the resources are a JSON %s, not an array", sig, jsonKind(tok))
		}
		return nil
	}
	prefix := `{"` + resourceKey(sig) + `":[`
	for jr.dec.More() {
		start := jr.abs()
		jr.tee.resetLimit(start)
		var raw json.RawMessage
		if err := jr.dec.Decode(&raw); err != nil {
			return err
		}
		if *failed != nil {
			continue
		}
		line := jr.lineAt(start)
		req := make([]byte, 0, len(prefix)+len(raw)+2)
		req = append(append(append(req, prefix...), raw...), "]}"...)
		pb, err := jr.opts.JSON.convert(sig, req)
		if err != nil {
			*failed = jr.errorf(line, "malformed OTLP/JSON %s: %w", sig, err)
			continue
		}
		if err := jr.hold(sig, pb, line); err != nil {
			*failed = err
		}
	}
	_, err = jr.dec.Token() // ']'
	return err
}

// discard reads and drops the next value.
func (jr *jsonReader) discard() error {
	var raw json.RawMessage
	return jr.dec.Decode(&raw)
}

// skipRest reads to the end of the value tok opened, if it opened one.
func (jr *jsonReader) skipRest(tok json.Token) error {
	d, ok := tok.(json.Delim)
	if !ok || (d != '{' && d != '[') {
		return nil
	}
	for depth := 1; depth > 0; {
		t, err := jr.dec.Token()
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); ok {
			if d == '{' || d == '[' {
				depth++
			} else {
				depth--
			}
		}
	}
	return nil
}

func jsonKind(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return "array"
		}
		return "object"
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "boolean"
	}
	return "null"
}

// keySignal gives the signal of a top-level key, or 0.
func keySignal(key string) Signal {
	switch key {
	case "resourceSpans", "resource_spans":
		return Traces
	case "resourceMetrics", "resource_metrics":
		return Metrics
	case "resourceLogs", "resource_logs":
		return Logs
	}
	return 0
}

func resourceKey(sig Signal) string {
	switch sig {
	case Traces:
		return "resourceSpans"
	case Metrics:
		return "resourceMetrics"
	}
	return "resourceLogs"
}

// recordTee is what the JSON decoder reads from. It keeps the bytes read
// since the current record began (up to maxKept), so that reading can
// restart after a syntax error, and fails with errRecordTooLarge when more
// than limit bytes pass without a new resource or record.
type recordTee struct {
	r     io.Reader // the input, through the line reader
	limit int64

	pos        int64 // absolute offset of the next byte handed out
	limitStart int64
	buf        []byte // bytes from the record's start
	overflow   bool
	replay     []byte // bytes to hand out again before reading r
}

func (t *recordTee) Read(p []byte) (int, error) {
	if t.pos-t.limitStart > t.limit {
		return 0, errRecordTooLarge
	}
	var n int
	var err error
	if len(t.replay) > 0 {
		n = copy(p, t.replay)
		t.replay = t.replay[n:]
	} else {
		n, err = t.r.Read(p)
	}
	t.pos += int64(n)
	if !t.overflow && n > 0 {
		if len(t.buf)+n > maxKept {
			t.overflow, t.buf = true, nil
		} else {
			t.buf = append(t.buf, p[:n]...)
		}
	}
	return n, err
}

// mark starts a record at absolute offset start; buffered is what the
// decoder holds beyond it.
func (t *recordTee) mark(start int64, buffered io.Reader) {
	b, _ := io.ReadAll(buffered)
	t.buf = append(t.buf[:0], b...)
	if cap(t.buf) > maxKept {
		t.buf = append([]byte(nil), b...)
	}
	t.overflow = false
	t.limitStart = start
}

func (t *recordTee) resetLimit(at int64) { t.limitStart = at }

// kept returns the bytes since the record's start, if they were all kept.
func (t *recordTee) kept() ([]byte, bool) { return t.buf, !t.overflow }

// restart hands out replay (the bytes from absolute offset at) before the
// rest of the input.
func (t *recordTee) restart(at int64, replay []byte) {
	// replay is the bytes from at to pos; what an earlier restart left to
	// hand out again comes after them, then the rest of r.
	t.replay = append(append([]byte(nil), replay...), t.replay...)
	t.pos = at
	t.buf = t.buf[:0]
	t.overflow = false
	t.limitStart = at
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

// convertJSONRequest converts an OTLP/JSON export request body for sig to
// protobuf one resource at a time, so the conversion's message tree is
// that of one resource, not of the whole request. A protobuf request is
// its resources' field-1 entries one after the other, so the converted
// single-resource requests are simply concatenated. hold is asked for the
// memory a resource's conversion costs before it starts (and the cost is
// given back after, with unhold); when it says no, the error is errBusy.
func convertJSONRequest(conv JSONConverter, sig Signal, body []byte, hold func(int64) bool, unhold func(int64)) ([]byte, error) {
	if !conv.has(sig) {
		return nil, errNoJSON
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("not an OTLP/JSON export request: a JSON %s, not an object", jsonKind(tok))
	}
	out := make([]byte, 0, len(body)/2)
	prefix := `{"` + resourceKey(sig) + `":[`
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if key, _ := tok.(string); keySignal(key) != sig {
			var skip json.RawMessage // another signal's key or an unknown field: ignored
			if err := dec.Decode(&skip); err != nil {
				return nil, err
			}
			continue
		}
		tok, err = dec.Token()
		if err != nil {
			return nil, err
		}
		if tok == nil {
			continue
		}
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			return nil, fmt.Errorf("the resources are a JSON %s, not an array", jsonKind(tok))
		}
		for dec.More() {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, err
			}
			cost := jsonCost * int64(len(raw))
			if !hold(cost) {
				return nil, errBusy
			}
			req := make([]byte, 0, len(prefix)+len(raw)+2)
			req = append(append(append(req, prefix...), raw...), "]}"...)
			pb, err := conv.convert(sig, req)
			unhold(cost)
			if err != nil {
				return nil, err
			}
			out = append(out, pb...)
		}
		if _, err := dec.Token(); err != nil { // ']'
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after the JSON object")
	}
	return out, nil
}
