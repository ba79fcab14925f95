package semconv

import "sync"

//go:generate go run ./internal/gen -model ../../shared/semconv/v1.44.0/model -out registry_gen.go

var defaultRegistry = sync.OnceValue(func() *Registry {
	return newRegistry(defaultVersion, defaultAttributes[:], defaultGroups[:])
})

// Default returns the registry embedded in otellint: the semantic conventions
// of DefaultVersion. It is built from static data on first use (well under a
// millisecond; see BenchmarkDefaultRegistry) and shared afterwards, so every
// caller gets the same *Registry.
func Default() *Registry { return defaultRegistry() }

// DefaultVersion is the semantic-conventions version of Default.
const DefaultVersion = defaultVersion
