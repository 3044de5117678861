// Package ormtest runs the tools Go programs use with relational
// databases — GORM, goose, golang-migrate, bun — over sqlmongo, each the
// way its documentation shows. It is a module of its own so that these
// tools stay out of the driver's dependencies; make test runs it.
package ormtest
