// Package s3 is a hermetic stub of github.com/aws/aws-sdk-go-v2/service/s3 (v1.114).
package s3

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

type Client struct{}
type Options struct{}
type PutObjectInput struct{ Bucket, Key *string }
type PutObjectOutput struct{}

func NewFromConfig(cfg aws.Config, optFns ...func(*Options)) *Client { return &Client{} }

func (c *Client) PutObject(ctx context.Context, params *PutObjectInput, optFns ...func(*Options)) (*PutObjectOutput, error) {
	return nil, nil
}
