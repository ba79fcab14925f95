// Package log is a hermetic stub of go.opentelemetry.io/otel/log.
package log

import "context"

type Record struct{}

func (r *Record) SetBody(v Value)                 {}
func (r *Record) AddAttributes(attrs ...KeyValue) {}

type Value struct{}
type KeyValue struct {
	Key   string
	Value Value
}

func String(key, value string) KeyValue  { return KeyValue{Key: key} }
func Int(key string, value int) KeyValue { return KeyValue{Key: key} }
func StringValue(v string) Value         { return Value{} }

type Logger interface {
	Emit(ctx context.Context, record Record)
}
