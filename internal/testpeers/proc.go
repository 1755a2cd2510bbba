package testpeers

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// stopGrace is how long a stopped peer gets to exit after SIGTERM before its
// process group is killed.
const stopGrace = 5 * time.Second

// proc is a peer process started in its own process group, with stdout and
// stderr appended to a log file.
type proc struct {
	name    string
	cmd     *exec.Cmd
	logPath string
	done    chan struct{} // closed when cmd.Wait returns
	waitErr error         // valid after done is closed
}

func startProc(name, dir, logPath string, argv, env []string) (*proc, error) {
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open %s log: %w", name, err)
	}
	defer logf.Close() // the child keeps its own descriptor
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = logf
	cmd.Stderr = logf
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, logPath: logPath, done: make(chan struct{})}
	go func() {
		p.waitErr = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// exited reports whether the process has already ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stop sends SIGTERM to the process group, waits up to stopGrace, then sends
// SIGKILL and waits again (bounded). Descendants that moved to a process
// group of their own (the emulator starts the bootstrap that way) and are
// still alive once the process has ended get SIGKILL by PID. It is a no-op
// once the process ended.
func (p *proc) stop() error {
	if p.exited() {
		return nil
	}
	pgid := p.cmd.Process.Pid
	desc := descendants(pgid)
	defer func() {
		for _, pid := range desc {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}()
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-p.done:
		return nil
	case <-time.After(stopGrace):
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	select {
	case <-p.done:
		return nil
	case <-time.After(stopGrace):
		return fmt.Errorf("%s (pid %d) did not exit after SIGKILL", p.name, pgid)
	}
}

// descendants lists the PIDs of pid's descendants from Linux's
// /proc/<pid>/task/<tid>/children (empty where that does not exist). The
// walk is bounded.
func descendants(pid int) []int {
	var out []int
	queue := []int{pid}
	for len(queue) > 0 && len(out) < 256 {
		cur := queue[0]
		queue = queue[1:]
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", cur))
		for _, f := range tasks {
			b, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			for _, field := range strings.Fields(string(b)) {
				if child, err := strconv.Atoi(field); err == nil {
					out = append(out, child)
					queue = append(queue, child)
				}
			}
		}
	}
	return out
}

var errExited = errors.New("process exited")

// waitReady polls ready every interval until it returns true, the process
// exits (error wraps errExited) or timeout passes.
func (p *proc) waitReady(timeout time.Duration, ready func() bool) error {
	const interval = 20 * time.Millisecond
	deadline := time.Now().Add(timeout)
	for {
		if ready() {
			return nil
		}
		if p.exited() {
			return fmt.Errorf("%s %w before it was ready: %v", p.name, errExited, p.waitErr)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready within %v", p.name, timeout)
		}
		select {
		case <-p.done:
		case <-time.After(interval):
		}
	}
}
