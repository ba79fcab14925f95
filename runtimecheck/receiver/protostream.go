package receiver

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"google.golang.org/protobuf/encoding/protowire"
)

// readProto reads one binary Export*ServiceRequest from br and hands it to
// the sink one resource at a time. The request is a sequence of field 1
// (a resource) entries; each is read into a buffer of its own size and
// passed on as a request holding that one resource, so memory is the
// largest resource, not the file. The signal is detected from the wire
// (detectSignal) unless ReadOptions.Signal gives it; resources read before
// it is known are held back, within MaxRecordBytes.
func readProto(br *bufio.Reader, sink Sink, opts ReadOptions, st *ReadStats) error {
	sig := opts.Signal
	fits := allSignals
	var pending [][]byte
	var pendingBytes int64
	var off int64 // bytes read
	flush := func() error {
		for _, req := range pending {
			if err := consumeResource(sink, sig, req, opts, st, off); err != nil {
				return err
			}
		}
		pending, pendingBytes = nil, 0
		return nil
	}
	st.Records++
	for {
		tag, err := binaryUvarint(br, &off)
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: not an OTLP protobuf export request: truncated at byte %d", opts.Name, off)
		}
		num, typ := protowire.DecodeTag(tag)
		if num < protowire.MinValidNumber {
			return fmt.Errorf("%s: not an OTLP protobuf export request: bad field number at byte %d", opts.Name, off)
		}
		if num != 1 || typ != protowire.BytesType {
			// Not a resource: an unknown field, skipped as proto.Unmarshal would.
			if err := skipField(br, typ, opts.MaxRecordBytes, &off); err != nil {
				return fmt.Errorf("%s: not an OTLP protobuf export request: %v at byte %d", opts.Name, err, off)
			}
			continue
		}
		n, err := binaryUvarint(br, &off)
		if err != nil {
			return fmt.Errorf("%s: not an OTLP protobuf export request: truncated at byte %d", opts.Name, off)
		}
		if int64(n) > opts.MaxRecordBytes {
			st.Skipped++
			return fmt.Errorf("%s: a resource of %d bytes at byte %d is larger than the limit of %d bytes; the rest of the input is not read (raise it with --max-request-bytes)",
				opts.Name, n, off, opts.MaxRecordBytes)
		}
		// The request: field 1 tag, the length, then the resource.
		req := protowire.AppendVarint(protowire.AppendTag(make([]byte, 0, 12+n), 1, protowire.BytesType), n)
		head := len(req)
		req = req[:head+int(n)]
		if _, err := io.ReadFull(br, req[head:]); err != nil {
			return fmt.Errorf("%s: not an OTLP protobuf export request: truncated at byte %d", opts.Name, off)
		}
		off += int64(n)
		if sig == 0 {
			f, err := detectSignal(req[head:])
			if err != nil {
				return fmt.Errorf("%s: %w", opts.Name, err)
			}
			if fits &= f; fits == 0 {
				return fmt.Errorf("%s: not an OTLP protobuf export request of any signal: its items fit no signal's fields", opts.Name)
			}
			if s, ok := fits.one(); ok {
				sig = s
			} else {
				pending = append(pending, req)
				if pendingBytes += int64(len(req)); pendingBytes > opts.MaxRecordBytes {
					return fmt.Errorf("%s: %s", opts.Name, ambiguous(fits))
				}
				continue
			}
			if err := flush(); err != nil {
				return err
			}
		}
		if err := consumeResource(sink, sig, req, opts, st, off); err != nil {
			return err
		}
	}
	if sig == 0 && len(pending) > 0 {
		return fmt.Errorf("%s: %s", opts.Name, ambiguous(fits))
	}
	return nil
}

func ambiguous(fits signalSet) string {
	return fmt.Sprintf("cannot tell the signal of this protobuf input (it decodes as %s): name it with --signal", fits)
}

// consumeResource hands one single-resource request to the sink. A
// malformed resource is skipped through OnSkip: the framing around it is
// intact, so the next one can be read.
func consumeResource(sink Sink, sig Signal, req []byte, opts ReadOptions, st *ReadStats, off int64) error {
	if err := consume(sink, sig, req); err != nil {
		if _, ok := errors.AsType[*PartialError](err); !ok {
			st.Skipped++
			err = fmt.Errorf("%s: malformed OTLP %s protobuf in the resource ending at byte %d: %w", opts.Name, sig, off, err)
			if opts.OnSkip == nil {
				return err
			}
			opts.OnSkip(err)
			return nil
		}
	}
	st.Requests[sig]++
	return nil
}

func binaryUvarint(br *bufio.Reader, off *int64) (uint64, error) {
	var x uint64
	for i := 0; i < 10; i++ {
		c, err := br.ReadByte()
		if err != nil {
			if i > 0 && err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return 0, err
		}
		*off++
		x |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return x, nil
		}
	}
	return 0, errors.New("varint overflow")
}

// skipField skips the value of a field of type typ.
func skipField(br *bufio.Reader, typ protowire.Type, limit int64, off *int64) error {
	var n int64
	switch typ {
	case protowire.VarintType:
		_, err := binaryUvarint(br, off)
		return err
	case protowire.Fixed64Type:
		n = 8
	case protowire.Fixed32Type:
		n = 4
	case protowire.BytesType:
		l, err := binaryUvarint(br, off)
		if err != nil {
			return err
		}
		if int64(l) > limit {
			return fmt.Errorf("a field of %d bytes", l)
		}
		n = int64(l)
	default:
		return fmt.Errorf("wire type %d", typ)
	}
	m, err := io.CopyN(io.Discard, br, n)
	*off += m
	return err
}

// signalSet is a set of signals, bit i for Signal i.
type signalSet uint8

const allSignals = signalSet(1<<Traces | 1<<Metrics | 1<<Logs)

func (s signalSet) one() (Signal, bool) {
	for _, sig := range Signals {
		if s == 1<<sig {
			return sig, true
		}
	}
	return 0, false
}

func (s signalSet) String() string {
	var names []string
	for _, sig := range Signals {
		if s&(1<<sig) != 0 {
			names = append(names, sig.String())
		}
	}
	return strings.Join(names, " and ")
}

// The wire types of the fields of a span, a metric and a log record (the
// items of ScopeSpans, ScopeMetrics and ScopeLogs, all field 2). The three
// resource and scope messages share their layout, so it is the items that
// tell the signals apart: a span's start and end times are fixed64 fields 7
// and 8 where a metric has its sum and histogram messages, a log record's
// time is a fixed64 field 1 where spans and metrics have bytes.
var itemFields = [...]map[protowire.Number]protowire.Type{
	Traces:  {1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 0, 7: 1, 8: 1, 9: 2, 10: 0, 11: 2, 12: 0, 13: 2, 14: 0, 15: 2, 16: 5},
	Metrics: {1: 2, 2: 2, 3: 2, 5: 2, 7: 2, 9: 2, 10: 2, 11: 2, 12: 2},
	Logs:    {1: 1, 2: 0, 3: 2, 5: 2, 6: 2, 7: 0, 8: 5, 9: 2, 10: 2, 11: 1, 12: 2},
}

// idLen gives the length a field holding a trace or span id must have.
var idLen = [...]map[protowire.Number]int{
	Traces: {1: 16, 2: 8, 4: 8},
	Logs:   {9: 16, 10: 8},
}

// metricData are the Metric fields holding a data message (gauge, sum,
// histogram, exponential histogram, summary): each is data points (field 1)
// and varints.
var metricData = map[protowire.Number]bool{5: true, 7: true, 9: true, 10: true, 11: true}

// itemFits reports whether item has only fields of sig's item message,
// with the wire types they must have, ids of the right length and, for
// metrics, data messages shaped as such.
func itemFits(sig Signal, item []byte) bool {
	ok := true
	err := eachField(item, func(num protowire.Number, typ protowire.Type, payload []byte) error {
		want, known := itemFields[sig][num]
		switch {
		case !known || want != typ:
			ok = false
		case idLen[sig] != nil && idLen[sig][num] != 0 && len(payload) != 0 && len(payload) != idLen[sig][num]:
			ok = false
		case sig == Metrics && metricData[num]:
			if eachField(payload, func(num protowire.Number, typ protowire.Type, _ []byte) error {
				if !(num == 1 && typ == protowire.BytesType) && !((num == 2 || num == 3) && typ == protowire.VarintType) {
					ok = false
				}
				return nil
			}) != nil {
				ok = false
			}
		}
		return nil
	})
	return ok && err == nil
}

// detectSignal returns the signals whose item messages fit every item in
// one resource message, reading field tags and lengths only (see
// itemFits). A
// resource without items fits every signal.
func detectSignal(res []byte) (signalSet, error) {
	fits := allSignals
	bad := errors.New("not an OTLP protobuf export request of any signal: malformed resource")
	err := eachField(res, func(num protowire.Number, typ protowire.Type, scope []byte) error {
		if num != 2 || typ != protowire.BytesType {
			return nil
		}
		return eachField(scope, func(num protowire.Number, typ protowire.Type, item []byte) error {
			if num != 2 || typ != protowire.BytesType {
				return nil
			}
			var f signalSet
			for _, sig := range Signals {
				if itemFits(sig, item) {
					f |= 1 << sig
				}
			}
			fits &= f
			return nil
		})
	})
	if err != nil {
		return 0, bad
	}
	return fits, nil
}

// eachField calls fn for each field of the message b, with the payload of
// length-delimited fields.
func eachField(b []byte, fn func(protowire.Number, protowire.Type, []byte) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		var payload []byte
		if typ == protowire.BytesType {
			v, m := protowire.ConsumeBytes(b)
			if m < 0 {
				return protowire.ParseError(m)
			}
			payload, n = v, m
		} else {
			n = protowire.ConsumeFieldValue(num, typ, b)
			if n < 0 {
				return protowire.ParseError(n)
			}
		}
		b = b[n:]
		if err := fn(num, typ, payload); err != nil {
			return err
		}
	}
	return nil
}
