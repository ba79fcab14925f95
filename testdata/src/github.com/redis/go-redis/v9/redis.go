// Package redis is a hermetic stub of github.com/redis/go-redis/v9 (v9.23.0).
package redis

import "context"

type Options struct{ Addr string }

type Client struct{}

type StringCmd struct{}

type UniversalClient interface {
	Get(ctx context.Context, key string) *StringCmd
}

func NewClient(opt *Options) *Client { return &Client{} }

func (c *Client) Get(ctx context.Context, key string) *StringCmd { return &StringCmd{} }
func (cmd *StringCmd) Result() (string, error)                   { return "", nil }
