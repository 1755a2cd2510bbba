// Package generated holds what skillgen generates from skill.yaml and the
// variants: one Go package per skill, with its deploy/ files. Nothing here
// but this file is written by hand.
package generated

//go:generate go tool skillgen -C .. generate -q -f skill.yaml -f variants/*/skill.yaml
