// Package aws is a hermetic stub of github.com/aws/aws-sdk-go-v2/aws (v1.47).
package aws

import "github.com/aws/smithy-go/middleware"

type Config struct {
	Region     string
	APIOptions []func(*middleware.Stack) error
}
