//go:build !linux

package testpeers

import "syscall"

// sysProcAttr puts a peer into its own process group so stop can signal the
// whole group.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
