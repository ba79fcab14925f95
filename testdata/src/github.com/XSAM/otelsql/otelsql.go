// Package otelsql is a hermetic stub of github.com/XSAM/otelsql (v0.44.0).
package otelsql

import (
	"database/sql"
	"database/sql/driver"
)

type Option interface{ Apply(*config) }

type config struct{}

func Open(driverName, dataSourceName string, options ...Option) (*sql.DB, error) { return nil, nil }
func OpenDB(c driver.Connector, options ...Option) *sql.DB                       { return nil }
func Register(driverName string, options ...Option) (string, error)              { return driverName, nil }
func WrapDriver(dri driver.Driver, options ...Option) driver.Driver              { return dri }
