// Package event is a hermetic stub of go.mongodb.org/mongo-driver/event (v1.17).
package event

import "context"

type CommandStartedEvent struct{ CommandName string }

type CommandMonitor struct {
	Started func(context.Context, *CommandStartedEvent)
}
