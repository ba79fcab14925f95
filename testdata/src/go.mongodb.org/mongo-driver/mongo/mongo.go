// Package mongo is a hermetic stub of go.mongodb.org/mongo-driver/mongo (v1.17).
package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/mongo/options"
)

type Client struct{}
type Database struct{}
type Collection struct{}
type SingleResult struct{}

func Connect(ctx context.Context, opts ...*options.ClientOptions) (*Client, error) {
	return &Client{}, nil
}

func (c *Client) Database(name string) *Database                            { return &Database{} }
func (d *Database) Collection(name string) *Collection                      { return &Collection{} }
func (c *Collection) FindOne(ctx context.Context, filter any) *SingleResult { return &SingleResult{} }
func (r *SingleResult) Decode(v any) error                                  { return nil }
