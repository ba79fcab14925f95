// Package uuid is a hermetic stub of github.com/google/uuid (v1.6.0).
package uuid

type UUID [16]byte

var Nil UUID

func New() UUID                                { return UUID{} }
func NewString() string                        { return "" }
func NewRandom() (UUID, error)                 { return UUID{}, nil }
func NewV7() (UUID, error)                     { return UUID{}, nil }
func Must(uuid UUID, err error) UUID           { return uuid }
func Parse(s string) (UUID, error)             { return UUID{}, nil }
func MustParse(s string) UUID                  { return UUID{} }
func (uuid UUID) String() string               { return "" }
func (uuid UUID) URN() string                  { return "" }
func (uuid UUID) Version() Version             { return 0 }
func (uuid UUID) MarshalText() ([]byte, error) { return nil, nil }

type Version byte
