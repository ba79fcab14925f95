package receiver

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
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
	// MaxRecordBytes bounds what is held in memory at once, after
	// decompression: one resource of a JSON document or of binary
	// protobuf, or one JSON value between resources. Larger records end
	// the read with an error, so a gzip bomb costs at most about this
	// much. Zero means DefaultMaxRequestBytes, the limit of live requests.
	MaxRecordBytes int64
	// OnSkip, when set, is called with each record that cannot be read
	// (its error names the input and the line), and reading goes on with
	// the next record: the next line of JSON Lines, the next resource of
	// protobuf. Without it the first such error ends the read.
	OnSkip func(error)
}

// ReadStats counts what a reader read and handed to the sink.
type ReadStats struct {
	// Requests counts the export requests handed to the sink, by Signal.
	// Documents are handed over one resource at a time, so this counts
	// resources.
	Requests [len(Signals) + 1]int
	// Records counts the JSON values (lines, documents) and protobuf
	// messages read; Skipped those of them that had errors (see OnSkip).
	Records int
	Skipped int
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

// ReadStream reads OTLP export requests from r and hands them to sink.
// It accepts, detected from the content:
//
//   - OTLP/JSON Lines as the Collector's file exporter writes them: one
//     export request per line, each an object whose top-level key
//     (resourceSpans, resourceMetrics or resourceLogs) gives its signal;
//   - one or more OTLP/JSON documents, pretty-printed or not (a single
//     document is the common case);
//   - one binary protobuf Export*ServiceRequest (anything that does not
//     start with '{' after white space). Its signal is ReadOptions.Signal
//     or, when zero, detected from the wire: the one signal whose messages
//     fit the fields of the first spans, metrics or log records; if none or
//     several fit, ReadStream asks for the signal to be given;
//   - any of these compressed with gzip.
//
// Everything is streamed: JSON is decoded as it arrives and documents and
// protobuf are handed to the sink one resource at a time, so memory stays
// within about ReadOptions.MaxRecordBytes whatever the size of the input,
// and a pipe is checked as it flows. Errors name the input and, for JSON,
// the line. With ReadOptions.OnSkip a bad record is reported and skipped;
// the returned error is then one that ended the read early. Empty input is
// not an error; ReadStats tells how much was read.
func ReadStream(r io.Reader, sink Sink, opts ReadOptions) (ReadStats, error) {
	if opts.Name == "" {
		opts.Name = "<input>"
	}
	if opts.MaxRecordBytes <= 0 {
		opts.MaxRecordBytes = DefaultMaxRequestBytes
	}
	var st ReadStats
	br := bufio.NewReaderSize(r, sniffSize)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return st, fmt.Errorf("%s: %w", opts.Name, err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, sniffSize)
	}
	first, err := firstNonSpace(br)
	switch {
	case err == io.EOF:
		return st, nil
	case err != nil:
		return st, fmt.Errorf("%s: %w", opts.Name, err)
	case first == '{':
		return st, readJSONOrProto(br, sink, opts, &st)
	}
	return st, readProto(br, sink, opts, &st)
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
// does not, and the input did not start with '{', they are read as
// protobuf.
func readJSONOrProto(br *bufio.Reader, sink Sink, opts ReadOptions, st *ReadStats) error {
	startsWithBrace := false
	if b, _ := br.Peek(1); len(b) == 1 && b[0] == '{' {
		startsWithBrace = true
	}
	var kept bytes.Buffer
	tee := &switchableTee{r: br, w: &kept, on: !startsWithBrace}
	jr := newJSONReader(tee, sink, opts, st)
	jr.firstOK = func() { tee.on = false; kept = bytes.Buffer{} }
	jr.fallback = !startsWithBrace
	err := jr.read()
	if !errors.Is(err, errNotJSON) {
		return err
	}
	*st = ReadStats{}
	return readProto(bufio.NewReaderSize(io.MultiReader(bytes.NewReader(kept.Bytes()), br), sniffSize), sink, opts, st)
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

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	return i
}
