// Package b imports no OpenTelemetry package itself, yet calls a helper that
// exports synchronously.
package b

import "simpleprocessor/examples/helpers"

func setup() {
	helpers.NewSyncProvider(nil) // want `NewSyncProvider sets up synchronous export \(sdktrace.WithSyncer\)`
	helpers.Forward(nil)         // want `Forward sets up synchronous export`
	helpers.Batched(nil)
}
