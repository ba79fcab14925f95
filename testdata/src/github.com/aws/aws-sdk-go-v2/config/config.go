// Package config is a hermetic stub of github.com/aws/aws-sdk-go-v2/config (v1.32).
package config

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func LoadDefaultConfig(ctx context.Context, optFns ...func(*any) error) (cfg aws.Config, err error) {
	return aws.Config{}, nil
}
