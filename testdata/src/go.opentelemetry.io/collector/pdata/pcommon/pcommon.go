// Package pcommon is a hermetic stub of go.opentelemetry.io/collector/pdata/pcommon
// (v1.46.0 signatures of the Map methods that write keys).
package pcommon

type Value struct{}
type ByteSlice struct{}
type Slice struct{}

type Map struct{ orig *[]int }

func NewMap() Map                              { return Map{} }
func (m Map) Get(key string) (Value, bool)     { return Value{}, false }
func (m Map) PutEmpty(k string) Value          { return Value{} }
func (m Map) PutStr(k, v string)               {}
func (m Map) PutInt(k string, v int64)         {}
func (m Map) PutDouble(k string, v float64)    {}
func (m Map) PutBool(k string, v bool)         {}
func (m Map) PutEmptyBytes(k string) ByteSlice { return ByteSlice{} }
func (m Map) PutEmptyMap(k string) Map         { return Map{} }
func (m Map) PutEmptySlice(k string) Slice     { return Slice{} }
