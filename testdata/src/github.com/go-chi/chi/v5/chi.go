// Package chi is a hermetic stub of github.com/go-chi/chi/v5 (v5.2).
package chi

import "net/http"

type Router interface {
	http.Handler
	Use(middlewares ...func(http.Handler) http.Handler)
	Get(pattern string, h http.HandlerFunc)
}

type Mux struct{}

func NewRouter() *Mux { return &Mux{} }

func (mx *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request)   {}
func (mx *Mux) Use(middlewares ...func(http.Handler) http.Handler) {}
func (mx *Mux) Get(pattern string, handlerFn http.HandlerFunc)     {}
func (mx *Mux) With(middlewares ...func(http.Handler) http.Handler) Router {
	return mx
}
