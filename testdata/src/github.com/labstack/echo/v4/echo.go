// Package echo is a hermetic stub of github.com/labstack/echo/v4 (v4.13.3).
package echo

import "net/http"

type Context interface {
	Request() *http.Request
	String(code int, s string) error
}

type HandlerFunc func(c Context) error

type MiddlewareFunc func(next HandlerFunc) HandlerFunc

type Echo struct{}

type Group struct{}

type Route struct{}

func New() (e *Echo) { return &Echo{} }

func (e *Echo) Use(middleware ...MiddlewareFunc)                           {}
func (e *Echo) GET(path string, h HandlerFunc, m ...MiddlewareFunc) *Route { return nil }
func (e *Echo) Group(prefix string, m ...MiddlewareFunc) (g *Group)        { return &Group{} }
func (e *Echo) ServeHTTP(w http.ResponseWriter, r *http.Request)           {}
func (e *Echo) Start(address string) error                                 { return nil }
func (g *Group) Use(middleware ...MiddlewareFunc)                          {}
func (g *Group) GET(path string, h HandlerFunc, m ...MiddlewareFunc) *Route {
	return nil
}
