// Package ownrepo holds the end-to-end test of skillgen used from a team's
// own repository: the checkout is published as a module version through a
// file-based GOPROXY, then a new module installs it with `go get -tool` and
// runs the README's "Start your own skill" commands, as written, and more.
package ownrepo
