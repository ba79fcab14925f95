// Package ids generates identifiers; its facts reach other packages.
package ids

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/google/uuid"
)

// NewRequestID returns a new request ID.
func NewRequestID() string { // want NewRequestID:"returns\\(unbounded\\(id: a generated ID from uuid.NewString \\(returned by NewRequestID\\)\\)\\)"
	return uuid.NewString()
}

// Token returns a random token.
func Token() string { // want Token:"returns\\(unbounded\\(id: random bytes from crypto/rand.Read \\(returned by Token\\)\\)\\)"
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Tier returns the customer tier: one of three values.
func Tier(spend int) string { // want Tier:"returns\\(bounded\\)"
	switch {
	case spend > 1000:
		return "gold"
	case spend > 100:
		return "silver"
	}
	return "bronze"
}
