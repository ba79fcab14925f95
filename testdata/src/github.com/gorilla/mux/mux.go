// Package mux is a hermetic stub of github.com/gorilla/mux (v1.8.1).
package mux

import "net/http"

type MiddlewareFunc func(http.Handler) http.Handler

type Router struct{}

type Route struct{}

func NewRouter() *Router { return &Router{} }

func (r *Router) Use(mwf ...MiddlewareFunc)                          {}
func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {}
func (r *Router) Handle(path string, handler http.Handler) *Route    { return &Route{} }
func (r *Router) HandleFunc(path string, f func(http.ResponseWriter,
	*http.Request)) *Route {
	return &Route{}
}
func (r *Router) PathPrefix(tpl string) *Route    { return &Route{} }
func (r *Route) Subrouter() *Router               { return &Router{} }
func (r *Route) Methods(methods ...string) *Route { return r }
func Vars(r *http.Request) map[string]string      { return nil }
func CurrentRoute(r *http.Request) *Route         { return nil }
func (r *Route) GetPathTemplate() (string, error) { return "", nil }

func (r *Route) Handler(handler http.Handler) *Route { return r }
