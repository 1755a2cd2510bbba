package testpeers

import "syscall"

// sysProcAttr puts a peer into its own process group (so stop can signal the
// whole group) and asks the kernel to kill it if the test binary dies.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
