package receiver

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// A JSON Lines file with bad lines in the middle: each bad line is
// reported with its number and skipped, and every good line around it is
// checked.
func TestReadStreamSkipsBadLines(t *testing.T) {
	good := jsonLine(t, traceRequest(2))
	lines := []string{
		good,
		`{"resourceSpans": [`, // truncated: the next line must still be read
		good,
		`{oops}`,
		good,
		`{"resourceProfiles": []}`,
		good,
		`{"resourceSpans": [{"scopeSpans": 7}]}`,
		good,
	}
	var skipped []string
	sink := &countingSink{}
	st, err := ReadStream(strings.NewReader(strings.Join(lines, "\n")+"\n"), sink, ReadOptions{
		Name: "in.jsonl", JSON: otlpJSON, OnSkip: func(err error) { skipped = append(skipped, err.Error()) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := sink.counts().spans; got != 10 {
		t.Errorf("sink counted %d spans, want 10 (5 good lines of 2)", got)
	}
	if st.Records != 9 || st.Skipped != 4 || st.Total() != 5 {
		t.Errorf("stats %+v, want 9 records, 4 skipped, 5 requests", st)
	}
	want := []string{"in.jsonl:2: invalid JSON", "in.jsonl:4: invalid JSON", "in.jsonl:6: not an OTLP/JSON export request", "in.jsonl:8: malformed OTLP/JSON traces"}
	if len(skipped) != len(want) {
		t.Fatalf("skipped %q, want %d errors", skipped, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(skipped[i], w) {
			t.Errorf("error %d = %q, want it to start with %q", i, skipped[i], w)
		}
	}
}

// Bad lines near the end, read again from what was kept after an earlier
// bad line, are skipped as well, and the last good line is read.
func TestReadStreamSkipsBadLinesAtTheEnd(t *testing.T) {
	// Line lengths decide how much of the first replay the decoder has
	// read when the second bad line comes; try a range of them.
	for pad := 0; pad < 1200; pad += 50 {
		good := "{" + strings.Repeat(" ", pad) + jsonLine(t, traceRequest(2))[1:]
		in := strings.Join([]string{good, `{"resourceSpans": [`, good, "{oops}", good}, "\n") + "\n"
		var skipped int
		sink := &countingSink{}
		st, err := ReadStream(strings.NewReader(in), sink, ReadOptions{JSON: otlpJSON, OnSkip: func(error) { skipped++ }})
		if err != nil || skipped != 2 || st.Skipped != 2 || sink.counts().spans != 6 {
			t.Errorf("pad %d: err %v, %d skipped, stats %+v, %d spans; want 2 skipped and the 3 good lines' 6 spans", pad, err, skipped, st, sink.counts().spans)
		}
	}
}

// boundedReader fails the test when more than max bytes are read from it:
// it shows that a reader stops early, and so holds no more than that.
type boundedReader struct {
	t   *testing.T
	r   io.Reader
	n   int64
	max int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.n += int64(n)
	if b.n > b.max {
		b.t.Fatalf("read %d bytes of the input, more than the %d it may take", b.n, b.max)
	}
	return n, err
}

// gzipStream compresses what gen writes, as it is read.
func gzipStream(gen func(w io.Writer) error) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		zw, _ := gzip.NewWriterLevel(pw, gzip.BestCompression)
		err := gen(zw)
		if err == nil {
			err = zw.Close()
		}
		pw.CloseWithError(err)
	}()
	return pr
}

// writeRepeat writes head, n copies of item separated by sep, and tail.
func writeRepeat(w io.Writer, head, item, sep, tail string, n int) error {
	if _, err := io.WriteString(w, head); err != nil {
		return err
	}
	for i := range n {
		if i > 0 {
			if _, err := io.WriteString(w, sep); err != nil {
				return err
			}
		}
		if _, err := io.WriteString(w, item); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, tail)
	return err
}

// A gzip bomb (a 1 GiB span name, or a protobuf resource claiming 1 GiB)
// is refused once it passes the record limit: only a few KiB of the
// compressed input are ever read, so the decompressed bytes held stay
// within the limit.
func TestReadStreamGzipBomb(t *testing.T) {
	const limit = 1 << 20
	for _, c := range []struct {
		name string
		gen  func(w io.Writer) error
		want string
	}{
		{"json", func(w io.Writer) error {
			return writeRepeat(w, `{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"`, strings.Repeat("x", 1<<20), "", `"}]}]}]}`, 1<<10)
		}, "is larger than 1048576 bytes"},
		{"json white space", func(w io.Writer) error {
			return writeRepeat(w, "{", strings.Repeat(" ", 1<<20), "", "}", 1<<10)
		}, "is larger than 1048576 bytes"},
		{"protobuf", func(w io.Writer) error {
			head := protowire.AppendVarint(protowire.AppendTag(nil, 1, protowire.BytesType), 1<<30)
			return writeRepeat(w, string(head), string(make([]byte, 1<<20)), "", "", 1<<10)
		}, "larger than the limit of 1048576 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := &boundedReader{t: t, r: gzipStream(c.gen), max: 64 << 10}
			_, err := ReadStream(in, &countingSink{}, ReadOptions{Name: "bomb.gz", JSON: otlpJSON, MaxRecordBytes: limit, OnSkip: func(error) {}})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

// A document far larger than the record limit is read one resource at a
// time: it passes a limit a twentieth of its size, with every span
// counted. Read whole, it would break the limit.
func TestReadStreamLargeDocuments(t *testing.T) {
	const resources, limit = 2000, 64 << 10
	res := string(marshalOTLPJSON(t, traceRequest(5).ResourceSpans[0], ""))
	resPB := mustMarshal(t, traceRequest(5).ResourceSpans[0])
	for _, c := range []struct {
		name string
		gen  func(w io.Writer) error
	}{
		{"json", func(w io.Writer) error {
			return writeRepeat(w, "{\n  \"resourceSpans\": [\n", res, ",\n", "\n]}\n", resources)
		}},
		{"protobuf", func(w io.Writer) error {
			item := string(protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), resPB))
			return writeRepeat(w, "", item, "", "", resources)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var size countWriter
			if err := c.gen(&size); err != nil {
				t.Fatal(err)
			}
			if size < 10*limit {
				t.Fatalf("document of %d bytes is not far above the limit", size)
			}
			pr, pw := io.Pipe()
			go func() { pw.CloseWithError(c.gen(pw)) }()
			sink := &countingSink{}
			st, err := ReadStream(pr, sink, ReadOptions{Name: "big", JSON: otlpJSON, MaxRecordBytes: limit})
			if err != nil {
				t.Fatal(err)
			}
			if got := sink.counts().spans; got != 5*resources || st.Total() != resources {
				t.Errorf("%d spans in %d requests, want %d in %d", got, st.Total(), 5*resources, resources)
			}
		})
	}
	// The same document read whole breaks the limit: the test above would
	// fail if resources were not streamed.
	huge := traceRequest(1)
	huge.ResourceSpans[0].ScopeSpans[0].Spans[0].Name = strings.Repeat("n", 4*limit)
	_, err := ReadStream(bytes.NewReader(marshalOTLPJSON(t, huge, "")), &countingSink{}, ReadOptions{JSON: otlpJSON, MaxRecordBytes: limit})
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a resource over the limit: error %v", err)
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

// Binary protobuf with several resources is handed over one resource at a
// time; a malformed resource in the middle is skipped and the rest read.
func TestReadStreamProtobufResources(t *testing.T) {
	one := mustMarshal(t, traceRequest(3))
	bad := protowire.AppendBytes(protowire.AppendTag(nil, 1, protowire.BytesType), []byte{0x12, 0x05, 0xff})
	in := append(append(append([]byte{}, one...), bad...), one...)
	var skipped []error
	sink := &countingSink{}
	st, err := ReadStream(bytes.NewReader(in), sink, ReadOptions{Signal: Traces, OnSkip: func(err error) { skipped = append(skipped, err) }})
	if err != nil {
		t.Fatal(err)
	}
	if sink.counts().spans != 6 || st.Total() != 2 || st.Skipped != 1 || len(skipped) != 1 {
		t.Errorf("spans %d, stats %+v, skipped %v; want 6 spans in 2 requests and 1 skipped", sink.counts().spans, st, skipped)
	}
	if len(skipped) == 1 && !strings.Contains(skipped[0].Error(), "malformed OTLP traces protobuf") {
		t.Errorf("skip error %v", skipped[0])
	}
}
