package log

type LoggerProvider interface {
	Logger(name string, options ...LoggerOption) Logger
}

type LoggerOption interface{ applyLogger() }
