// Package attribute is a hermetic stub of go.opentelemetry.io/otel/attribute.
package attribute

import (
	"fmt"

	"go.opentelemetry.io/otel/attribute/internal"
)

type Key string

type Type int

type Value struct{ vtype Type }

type KeyValue struct {
	Key   Key
	Value Value
}

func (k Key) Bool(v bool) KeyValue                { return KeyValue{Key: k} }
func (k Key) BoolSlice(v []bool) KeyValue         { return KeyValue{Key: k} }
func (k Key) Int(v int) KeyValue                  { return KeyValue{Key: k} }
func (k Key) IntSlice(v []int) KeyValue           { return KeyValue{Key: k} }
func (k Key) Int64(v int64) KeyValue              { return KeyValue{Key: k} }
func (k Key) Int64Slice(v []int64) KeyValue       { return KeyValue{Key: k} }
func (k Key) Float64(v float64) KeyValue          { return KeyValue{Key: k} }
func (k Key) Float64Slice(v []float64) KeyValue   { return KeyValue{Key: k} }
func (k Key) String(v string) KeyValue            { return KeyValue{Key: k} }
func (k Key) StringSlice(v []string) KeyValue     { _ = internal.SliceValue(v); return KeyValue{Key: k} }
func (k Key) Defined() bool                       { return len(k) != 0 }
func Bool(k string, v bool) KeyValue              { return Key(k).Bool(v) }
func BoolSlice(k string, v []bool) KeyValue       { return Key(k).BoolSlice(v) }
func Int(k string, v int) KeyValue                { return Key(k).Int(v) }
func IntSlice(k string, v []int) KeyValue         { return Key(k).IntSlice(v) }
func Int64(k string, v int64) KeyValue            { return Key(k).Int64(v) }
func Int64Slice(k string, v []int64) KeyValue     { return Key(k).Int64Slice(v) }
func Float64(k string, v float64) KeyValue        { return Key(k).Float64(v) }
func Float64Slice(k string, v []float64) KeyValue { return Key(k).Float64Slice(v) }
func String(k, v string) KeyValue                 { return Key(k).String(v) }
func StringSlice(k string, v []string) KeyValue   { return Key(k).StringSlice(v) }
func Stringer(k string, v fmt.Stringer) KeyValue  { return Key(k).String(v.String()) }

type Set struct{ kvs []KeyValue }

type Distinct struct{ iface any }

func NewSet(kvs ...KeyValue) Set         { return Set{kvs: kvs} }
func EmptySet() *Set                     { return &Set{} }
func (s *Set) Len() int                  { return len(s.kvs) }
func (s *Set) ToSlice() []KeyValue       { return s.kvs }
func (s *Set) Equivalent() Distinct      { return Distinct{} }
func (s *Set) Value(k Key) (Value, bool) { return Value{}, false }
func (v Value) AsString() string         { return "" }
func (v Value) Emit() string             { return "" }
func StringValue(v string) Value         { return Value{} }
func IntValue(v int) Value               { return Value{} }
func Int64Value(v int64) Value           { return Value{} }
func BoolValue(v bool) Value             { return Value{} }
func Float64Value(v float64) Value       { return Value{} }
