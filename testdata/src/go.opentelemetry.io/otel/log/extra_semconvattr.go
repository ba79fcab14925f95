package log

func Int64(key string, value int64) KeyValue     { return KeyValue{Key: key} }
func Float64(key string, value float64) KeyValue { return KeyValue{Key: key} }
func Bool(key string, value bool) KeyValue       { return KeyValue{Key: key} }
func Bytes(key string, value []byte) KeyValue    { return KeyValue{Key: key} }
