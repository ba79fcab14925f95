package semconv

import "testing"

// BenchmarkDefaultRegistry measures what Default costs on first use in every
// go vet process: building a fresh registry from the generated data.
func BenchmarkDefaultRegistry(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		r := newRegistry(defaultVersion, defaultAttributes[:], defaultGroups[:])
		if len(r.Attributes()) == 0 {
			b.Fatal("empty registry")
		}
	}
}

// BenchmarkLoadYAML measures loading and resolving the full official model.
func BenchmarkLoadYAML(b *testing.B) {
	loadOfficial(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(officialModel); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	r := Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := r.Lookup("http.request.header.x-request-id"); !ok {
			b.Fatal("no match")
		}
	}
}

func BenchmarkAttribute(b *testing.B) {
	r := Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := r.Attribute("http.request.method"); !ok {
			b.Fatal("no match")
		}
	}
}

func BenchmarkSuggest(b *testing.B) {
	r := Default()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := r.Suggest("http.request.methd"); !ok {
			b.Fatal("no suggestion")
		}
	}
}
