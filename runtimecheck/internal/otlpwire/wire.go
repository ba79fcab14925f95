// Package otlpwire walks OTLP export requests (traces, metrics, logs) directly
// on their protobuf wire bytes without building message trees.
//
// The walk is allocation-free once the reusable buffers in a [Walker] have
// grown to the size of the largest span/data point/log seen: every []byte
// handed to a handler aliases the input and is only valid until the handler
// returns (or, for the request-level walk, until the input is reused).
//
// Semantics follow proto.Unmarshal where it matters for counting: fields with
// an unexpected wire type are treated as unknown fields and skipped,
// non-repeated scalar fields are "last one wins", non-repeated message fields
// that occur more than once are merged (their attributes concatenated), and
// oneofs keep the last case that was set. Anything proto.Unmarshal rejects
// because of broken framing (truncated varints/lengths, bad field numbers,
// unbalanced groups) is rejected with [ErrMalformed]; the walker does not
// validate UTF-8 or descend into parts it does not need (it may accept what
// proto.Unmarshal rejects, never the other way round for framing it reads).
package otlpwire

import (
	"encoding/binary"
	"errors"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// ErrMalformed is returned for input that is not valid protobuf framing.
var ErrMalformed = errors.New("malformed protobuf")

// field is one decoded protobuf field.
type field struct {
	num protowire.Number
	typ protowire.Type
	b   []byte // payload of a BytesType field
	x   uint64 // value of a varint/fixed field
}

// next decodes the field at the start of b and returns it with the number of
// bytes consumed, or n < 0 on malformed input.
func next(b []byte) (f field, n int) {
	var tag uint64
	if len(b) > 0 && b[0] < 0x80 {
		tag, n = uint64(b[0]), 1
	} else {
		tag, n = protowire.ConsumeVarint(b)
		if n < 0 {
			return f, -1
		}
	}
	num := tag >> 3
	if num < uint64(protowire.MinValidNumber) || num > uint64(protowire.MaxValidNumber) {
		return f, -1
	}
	f.num, f.typ = protowire.Number(num), protowire.Type(tag&7)
	b = b[n:]
	switch f.typ {
	case protowire.VarintType:
		if len(b) > 0 && b[0] < 0x80 {
			f.x = uint64(b[0])
			return f, n + 1
		}
		x, m := protowire.ConsumeVarint(b)
		if m < 0 {
			return f, -1
		}
		f.x = x
		return f, n + m
	case protowire.BytesType:
		var l uint64
		var m int
		if len(b) > 0 && b[0] < 0x80 {
			l, m = uint64(b[0]), 1
		} else {
			l, m = protowire.ConsumeVarint(b)
			if m < 0 {
				return f, -1
			}
		}
		if l > uint64(len(b)-m) {
			return f, -1
		}
		f.b = b[m : m+int(l)]
		return f, n + m + int(l)
	case protowire.Fixed64Type:
		if len(b) < 8 {
			return f, -1
		}
		f.x = binary.LittleEndian.Uint64(b)
		return f, n + 8
	case protowire.Fixed32Type:
		if len(b) < 4 {
			return f, -1
		}
		f.x = uint64(binary.LittleEndian.Uint32(b))
		return f, n + 4
	case protowire.StartGroupType:
		m := protowire.ConsumeFieldValue(f.num, f.typ, b)
		if m < 0 {
			return f, -1
		}
		return f, n + m
	default:
		return f, -1
	}
}

// Skim checks the framing of a message without interpreting it.
func skim(b []byte) bool {
	for len(b) > 0 {
		_, n := next(b)
		if n < 0 {
			return false
		}
		b = b[n:]
	}
	return true
}

// ValueKind is the case of an AnyValue.
type ValueKind uint8

// AnyValue cases.
const (
	KindEmpty ValueKind = iota
	KindString
	KindBool
	KindInt
	KindDouble
	KindArray
	KindKVList
	KindBytes
	KindStrIndex // string_value_strindex (profiles dictionary); treated as a string reference
)

var kindNames = [...]string{"empty", "string", "boolean", "int", "double", "array", "kvlist", "bytes", "strindex"}

func (k ValueKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Value is a decoded AnyValue. For arrays and kvlists Raw holds the encoded
// ArrayValue/KeyValueList message (see [Value.Elems] and [Value.Pairs]).
type Value struct {
	Kind ValueKind
	// Str is the payload of a string or bytes value.
	Str []byte
	// Raw is the encoded ArrayValue or KeyValueList.
	Raw []byte
	// Num holds bool (0/1), int (two's complement), double (IEEE bits) and strindex values.
	Num uint64
}

// Int returns the int64 value.
func (v Value) Int() int64 { return int64(v.Num) }

// Double returns the float64 value.
func (v Value) Double() float64 { return math.Float64frombits(v.Num) }

// Bool returns the bool value.
func (v Value) Bool() bool { return v.Num != 0 }

// KeyValue is one attribute.
type KeyValue struct {
	Key   []byte
	Value Value
}

// decodeAnyValue merges the AnyValue message b into v (proto merge semantics:
// the last oneof case set wins).
func decodeAnyValue(b []byte, v *Value) bool {
	for len(b) > 0 {
		f, n := next(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		switch f.num {
		case 1:
			if f.typ == protowire.BytesType {
				*v = Value{Kind: KindString, Str: f.b}
			}
		case 2:
			if f.typ == protowire.VarintType {
				var x uint64
				if f.x != 0 {
					x = 1
				}
				*v = Value{Kind: KindBool, Num: x}
			}
		case 3:
			if f.typ == protowire.VarintType {
				*v = Value{Kind: KindInt, Num: f.x}
			}
		case 4:
			if f.typ == protowire.Fixed64Type {
				*v = Value{Kind: KindDouble, Num: f.x}
			}
		case 5:
			if f.typ == protowire.BytesType {
				if !skim(f.b) {
					return false
				}
				// Merging two array_value occurrences concatenates them in
				// proto.Unmarshal; only the later one is kept here (rare, and
				// only nested contents are affected).
				*v = Value{Kind: KindArray, Raw: f.b}
			}
		case 6:
			if f.typ == protowire.BytesType {
				if !skim(f.b) {
					return false
				}
				*v = Value{Kind: KindKVList, Raw: f.b}
			}
		case 7:
			if f.typ == protowire.BytesType {
				*v = Value{Kind: KindBytes, Str: f.b}
			}
		case 8:
			if f.typ == protowire.VarintType {
				*v = Value{Kind: KindStrIndex, Num: uint64(int32(f.x))}
			}
		}
	}
	return true
}

// decodeAnyValueFast decodes the common canonical encodings of an AnyValue
// (one string/int/bool/double field, short lengths) into the zero value v.
// It reports false when b needs the general decoder.
func decodeAnyValueFast(b []byte, v *Value) bool {
	if len(b) < 2 {
		return len(b) == 0
	}
	switch b[0] {
	case 0x0a: // string_value
		if b[1] < 0x80 && int(b[1]) == len(b)-2 {
			v.Kind, v.Str = KindString, b[2:]
			return true
		}
	case 0x18: // int_value
		if b[1] < 0x80 && len(b) == 2 {
			v.Kind, v.Num = KindInt, uint64(b[1])
			return true
		}
		x, n := protowire.ConsumeVarint(b[1:])
		if n > 0 && n == len(b)-1 {
			v.Kind, v.Num = KindInt, x
			return true
		}
	case 0x10: // bool_value
		if len(b) == 2 && b[1] < 0x80 {
			v.Kind = KindBool
			if b[1] != 0 {
				v.Num = 1
			}
			return true
		}
	case 0x21: // double_value
		if len(b) == 9 {
			v.Kind, v.Num = KindDouble, binary.LittleEndian.Uint64(b[1:])
			return true
		}
	}
	return false
}

// decodeKeyValue decodes one KeyValue message.
func decodeKeyValue(b []byte, kv *KeyValue) bool {
	*kv = KeyValue{}
	// Fast path: the canonical "key, value" encoding with one-byte lengths.
	if len(b) >= 2 && b[0] == 0x0a && b[1] < 0x80 && int(b[1])+2 <= len(b) {
		l := int(b[1]) + 2
		rest := b[l:]
		if len(rest) == 0 {
			kv.Key = b[2:l]
			return true
		}
		if len(rest) >= 2 && rest[0] == 0x12 && rest[1] < 0x80 && int(rest[1]) == len(rest)-2 {
			if decodeAnyValueFast(rest[2:], &kv.Value) {
				kv.Key = b[2:l]
				return true
			}
			kv.Value = Value{}
		}
	}
	for len(b) > 0 {
		f, n := next(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		if f.typ != protowire.BytesType {
			continue
		}
		switch f.num {
		case 1:
			kv.Key = f.b
		case 2:
			if !decodeAnyValue(f.b, &kv.Value) {
				return false
			}
		}
	}
	return true
}

// Elems calls fn for each element of an array value (up to the first
// malformed byte). It returns false if the encoding is malformed.
func (v Value) Elems(fn func(Value) bool) bool {
	if v.Kind != KindArray {
		return true
	}
	b := v.Raw
	for len(b) > 0 {
		f, n := next(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		if f.num != 1 || f.typ != protowire.BytesType {
			continue
		}
		var e Value
		if !decodeAnyValue(f.b, &e) {
			return false
		}
		if !fn(e) {
			return true
		}
	}
	return true
}

// ArrayKind returns the common kind of an array's elements: KindEmpty for an
// empty array, and ok=false for mixed kinds (or a non-array).
func (v Value) ArrayKind() (k ValueKind, ok bool) {
	if v.Kind != KindArray {
		return KindEmpty, false
	}
	ok = true
	first := true
	if !v.Elems(func(e Value) bool {
		if first {
			k, first = e.Kind, false
			return true
		}
		if e.Kind != k {
			ok = false
			return false
		}
		return true
	}) {
		return KindEmpty, false
	}
	return k, ok
}

// Pairs calls fn for each key/value of a kvlist value. It returns false if
// the encoding is malformed.
func (v Value) Pairs(fn func(*KeyValue) bool) bool {
	if v.Kind != KindKVList {
		return true
	}
	b := v.Raw
	var kv KeyValue
	for len(b) > 0 {
		f, n := next(b)
		if n < 0 {
			return false
		}
		b = b[n:]
		if f.num != 1 || f.typ != protowire.BytesType {
			continue
		}
		if !decodeKeyValue(f.b, &kv) {
			return false
		}
		if !fn(&kv) {
			return true
		}
	}
	return true
}
