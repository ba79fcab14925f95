// Package middleware is a hermetic stub of github.com/aws/smithy-go/middleware (v1.28).
package middleware

type Stack struct{ ID string }
