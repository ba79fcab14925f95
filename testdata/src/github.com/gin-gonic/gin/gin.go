// Package gin is a hermetic stub of github.com/gin-gonic/gin (v1.11.0).
package gin

import (
	"context"
	"net/http"
)

type HandlerFunc func(*Context)

type HandlersChain []HandlerFunc

type Context struct {
	Request *http.Request
	Writer  http.ResponseWriter
}

func (c *Context) Next()                       {}
func (c *Context) String(code int, s string)   {}
func (c *Context) Value(key any) any           { return nil }
func (c *Context) Deadline() (any, bool)       { return nil, false }
func (c *Context) Ctx() context.Context        { return c.Request.Context() }
func (c *Context) JSON(code int, obj any)      {}
func (c *Context) FullPath() string            { return "" }
func (c *Context) Param(key string) string     { return "" }
func (c *Context) AbortWithStatus(code int)    {}
func (c *Context) Set(key string, value any)   {}
func (c *Context) Get(key string) (any, bool)  { return nil, false }
func (c *Context) Header(key, value string)    {}
func (c *Context) Status(code int)             {}
func (c *Context) Error(err error) *Error      { return nil }
func (c *Context) Abort()                      {}
func (c *Context) GetHeader(key string) string { return "" }

type Error struct{}

type IRoutes interface {
	Use(...HandlerFunc) IRoutes
	Handle(string, string, ...HandlerFunc) IRoutes
	GET(string, ...HandlerFunc) IRoutes
	POST(string, ...HandlerFunc) IRoutes
}

type RouterGroup struct {
	Handlers HandlersChain
	basePath string
	engine   *Engine
}

type Engine struct {
	RouterGroup
}

type OptionFunc func(*Engine)

func New(opts ...OptionFunc) *Engine     { return &Engine{} }
func Default(opts ...OptionFunc) *Engine { return &Engine{} }

func (engine *Engine) Use(middleware ...HandlerFunc) IRoutes              { return engine }
func (engine *Engine) ServeHTTP(w http.ResponseWriter, req *http.Request) {}
func (engine *Engine) Run(addr ...string) (err error)                     { return nil }

func (group *RouterGroup) Use(middleware ...HandlerFunc) IRoutes { return group }
func (group *RouterGroup) Group(relativePath string, handlers ...HandlerFunc) *RouterGroup {
	return group
}
func (group *RouterGroup) Handle(httpMethod, relativePath string, handlers ...HandlerFunc) IRoutes {
	return group
}
func (group *RouterGroup) POST(relativePath string, handlers ...HandlerFunc) IRoutes { return group }
func (group *RouterGroup) GET(relativePath string, handlers ...HandlerFunc) IRoutes  { return group }
