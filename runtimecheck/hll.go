package runtimecheck

import (
	"encoding/binary"
	"math"
	"math/bits"
)

// hashValue is a fast deterministic 64-bit hash of an attribute value for
// the cardinality sketches (deterministic so estimates are reproducible;
// crafted collisions can only make a sketch under-count).
func hashValue(b []byte) uint64 {
	h := uint64(len(b))*0x9e3779b97f4a7c15 ^ 0x2545f4914f6cdd1d
	for len(b) >= 8 {
		h = bits.RotateLeft64((h^binary.LittleEndian.Uint64(b))*0xbf58476d1ce4e5b9, 31)
		b = b[8:]
	}
	var tail uint64
	for i, c := range b {
		tail |= uint64(c) << (8 * i)
	}
	return mix64(h ^ tail*0x94d049bb133111eb)
}

// hllP is the HyperLogLog precision: 2^10 one-byte registers (1 KiB) give
// about 3% standard error, plenty to tell "a few hundred" from "thousands".
const hllP = 10

const hllM = 1 << hllP

// hll is a HyperLogLog distinct-count sketch over 64-bit hashes.
type hll struct {
	reg [hllM]uint8
}

func (h *hll) add(x uint64) {
	x = mix64(x)
	i := x >> (64 - hllP)
	w := x<<hllP | 1<<(hllP-1)
	r := uint8(bits.LeadingZeros64(w)) + 1
	if r > h.reg[i] {
		h.reg[i] = r
	}
}

// estimate returns the estimated number of distinct values added.
func (h *hll) estimate() float64 {
	sum := 0.0
	zeros := 0
	for _, r := range h.reg {
		sum += 1 / float64(uint64(1)<<r)
		if r == 0 {
			zeros++
		}
	}
	m := float64(hllM)
	alpha := 0.7213 / (1 + 1.079/m)
	e := alpha * m * m / sum
	if e <= 2.5*m && zeros > 0 {
		e = m * math.Log(m/float64(zeros)) // linear counting for small ranges
	}
	return e
}
