// Package ksuid is a hermetic stub of github.com/segmentio/ksuid (v1.0.4).
package ksuid

type KSUID [20]byte

func New() KSUID                { return KSUID{} }
func NewRandom() (KSUID, error) { return KSUID{}, nil }
func (i KSUID) String() string  { return "" }
