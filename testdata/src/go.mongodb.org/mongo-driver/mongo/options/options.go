// Package options is a hermetic stub of go.mongodb.org/mongo-driver/mongo/options (v1.17).
package options

import "go.mongodb.org/mongo-driver/event"

type ClientOptions struct{ Monitor *event.CommandMonitor }

func Client() *ClientOptions { return &ClientOptions{} }

func (c *ClientOptions) ApplyURI(uri string) *ClientOptions { return c }

func (c *ClientOptions) SetMonitor(m *event.CommandMonitor) *ClientOptions {
	c.Monitor = m
	return c
}
