// Package otlpjson converts OTLP/JSON export requests into their protobuf
// encoding.
//
// OTLP/JSON is the protobuf JSON mapping with a few differences, all handled
// here: trace and span ids are hex strings (not base64), enums are integers
// (names are accepted too), 64-bit integers may be strings or numbers, field
// names may be lowerCamelCase or the original snake_case, and unknown fields
// are ignored. The ids are rewritten to base64 and the result is parsed with
// protojson into the generated OTLP types, then marshalled.
package otlpjson

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"

	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	colmetricspb "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// maxNesting bounds the JSON nesting depth accepted (protojson's own limit
// is 10000; OTLP payloads are shallow apart from nested AnyValues).
const maxNesting = 1000

var unmarshalOpts = protojson.UnmarshalOptions{DiscardUnknown: true, RecursionLimit: maxNesting}

// TracesToProto converts an OTLP/JSON ExportTraceServiceRequest to protobuf.
func TracesToProto(data []byte) ([]byte, error) {
	return convert(data, &coltracepb.ExportTraceServiceRequest{})
}

// MetricsToProto converts an OTLP/JSON ExportMetricsServiceRequest to protobuf.
func MetricsToProto(data []byte) ([]byte, error) {
	return convert(data, &colmetricspb.ExportMetricsServiceRequest{})
}

// LogsToProto converts an OTLP/JSON ExportLogsServiceRequest to protobuf.
func LogsToProto(data []byte) ([]byte, error) {
	return convert(data, &collogspb.ExportLogsServiceRequest{})
}

// TracesFromJSON parses OTLP/JSON into the generated request type.
func TracesFromJSON(data []byte) (*coltracepb.ExportTraceServiceRequest, error) {
	m := &coltracepb.ExportTraceServiceRequest{}
	return m, parse(data, m)
}

// MetricsFromJSON parses OTLP/JSON into the generated request type.
func MetricsFromJSON(data []byte) (*colmetricspb.ExportMetricsServiceRequest, error) {
	m := &colmetricspb.ExportMetricsServiceRequest{}
	return m, parse(data, m)
}

// LogsFromJSON parses OTLP/JSON into the generated request type.
func LogsFromJSON(data []byte) (*collogspb.ExportLogsServiceRequest, error) {
	m := &collogspb.ExportLogsServiceRequest{}
	return m, parse(data, m)
}

func convert(data []byte, m proto.Message) ([]byte, error) {
	if err := parse(data, m); err != nil {
		return nil, err
	}
	return proto.Marshal(m)
}

func parse(data []byte, m proto.Message) error {
	fixed, err := rewriteIDs(data)
	if err != nil {
		return err
	}
	if err := unmarshalOpts.Unmarshal(fixed, m); err != nil {
		return fmt.Errorf("otlpjson: %w", err)
	}
	return nil
}

// idFields are the JSON object keys holding trace/span ids anywhere in an
// OTLP request (spans, links, log records, exemplars). Attribute keys never
// appear as JSON object keys (they are values of "key"), so a structural
// rewrite is safe.
var idFields = map[string]bool{
	"traceId": true, "trace_id": true,
	"spanId": true, "span_id": true,
	"parentSpanId": true, "parent_span_id": true,
}

// rewriteIDs re-encodes hex ids as base64 so protojson can parse them.
func rewriteIDs(data []byte) ([]byte, error) {
	if !bytes.Contains(data, []byte("pan")) && !bytes.Contains(data, []byte("race")) {
		return data, nil // no id fields at all
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("otlpjson: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("otlpjson: trailing data after JSON value")
	}
	if err := fixIDs(v, 0); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("otlpjson: %w", err)
	}
	return buf.Bytes(), nil
}

func fixIDs(v any, depth int) error {
	if depth > maxNesting {
		return fmt.Errorf("otlpjson: JSON nested deeper than %d", maxNesting)
	}
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if s, ok := e.(string); ok && idFields[k] {
				b, err := hex.DecodeString(s)
				if err != nil {
					return fmt.Errorf("otlpjson: %s %q is not a hex id: %w", k, s, err)
				}
				t[k] = base64.StdEncoding.EncodeToString(b)
				continue
			}
			if err := fixIDs(e, depth+1); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range t {
			if err := fixIDs(e, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}
