// Package write puts rendered skillgen outputs on disk all-or-nothing and
// compares them with the disk for check mode.
//
// Apply validates every path and compares every file with the disk first, then
// stages all new contents and backups of everything it will replace or delete
// in one directory under the output root (same file system, so renames are
// atomic), and only then renames files into place and removes stale ones. When a
// step fails, every step already done is undone from the staged backups, so the
// tree is left byte-for-byte as it was. Files whose bytes are unchanged are not
// touched, which keeps their mtime and the Go build cache warm.
//
// Limits: Apply is all-or-nothing against errors, not against a crash of the
// process or the machine in the middle of the commit phase; then the staging
// directory (root/.skillgen-stage-*) is left behind holding the backups, and is
// never pruned or deleted by later runs. Two skillgen processes writing the same
// root at once are not coordinated.
package write

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
)

// Files maps slash-separated paths, relative to a root directory, to contents.
type Files map[string][]byte

// Prune says which existing files under Dir belong to skillgen, so that ones no
// longer produced are removed. Dir is slash-separated, relative to root; "" or
// "." is the root itself.
type Prune struct {
	Dir       string
	Recursive bool
	// Owned reports whether an existing file (path relative to root,
	// slash-separated) is a generated file skillgen may delete. content is the
	// file's bytes. Nil means OwnedIfGenerated (the file carries the skillgen
	// generated-code header). Only regular files are offered; symlinks and
	// staging directories are never pruned.
	Owned func(path string, content []byte) bool
}

// Report lists what Apply did. All paths are slash-separated, relative to the
// root, and sorted.
type Report struct {
	Written, Unchanged, Removed []string
}

// File and directory modes of everything Apply creates.
const (
	FileMode fs.FileMode = 0o644
	DirMode  fs.FileMode = 0o755
)

// Apply writes files under root all-or-nothing; see the package comment. Root
// is created when missing. Byte-identical files are left untouched; stale owned
// files under the prune dirs that are not in files are removed. Paths that
// escape root ("..", absolute), or that would write through a symlink or over a
// directory, are refused before anything is touched. On any failure every
// change already made is undone, no staging directory is left behind, and the
// returned *Error names the failing path and the cause.
func Apply(root string, files Files, prune []Prune) (Report, error) {
	return apply(root, files, prune, nil)
}

// hookFunc is called before each commit step (op is "write" or "remove"); a
// non-nil error aborts the commit as if the step had failed. Tests use it to
// fail or disturb the commit midway.
type hookFunc func(op, path string) error

type txn struct {
	root    string
	stage   string
	hook    hookFunc
	made    []string // directories created, in creation order (absolute)
	steps   []*step  // staged changes
	done    int      // steps[:done] are committed
	written []string
	removed []string
}

type step struct {
	c      *change
	newTmp string // staged new content (create, replace)
	backup string // staged copy of the current file (replace, remove)
}

func apply(root string, files Files, prune []Prune, hook hookFunc) (Report, error) {
	pl, err := makePlan(root, files, prune, false)
	if err != nil {
		return Report{}, err
	}
	if len(pl.changes) == 0 {
		return Report{Unchanged: pl.unchanged}, nil
	}
	t := &txn{root: root, hook: hook}
	if err := t.prepare(pl); err != nil {
		return Report{}, t.abort(err)
	}
	if err := t.commit(); err != nil {
		return Report{}, t.abort(err)
	}
	t.tidy()
	rep := Report{Written: t.written, Unchanged: pl.unchanged, Removed: t.removed}
	if err := os.RemoveAll(t.stage); err != nil {
		return rep, pathErr(filepath.Base(t.stage), "remove staging directory (all outputs were written)", err)
	}
	return rep, nil
}

func (t *txn) abs(p string) string { return filepath.Join(t.root, filepath.FromSlash(p)) }

// prepare stages every new content and every backup; nothing visible changes
// except that root (when missing) and the staging directory are created.
func (t *txn) prepare(pl *plan) error {
	if !pl.rootExists {
		if err := t.mkdirs(t.root); err != nil {
			return pathErr(".", "create output root", err)
		}
	}
	stage, err := os.MkdirTemp(t.root, stagePrefix)
	if err != nil {
		return pathErr(".", "create staging directory", err)
	}
	t.stage = stage
	for i := range pl.changes {
		c := &pl.changes[i]
		s := &step{c: c}
		t.steps = append(t.steps, s)
		if c.kind != kindRemove {
			s.newTmp = filepath.Join(stage, strconv.Itoa(i)+".new")
			if err := writeNew(s.newTmp, c.data); err != nil {
				return pathErr(c.path, "stage new content", err)
			}
		}
		if c.kind != kindCreate {
			s.backup = filepath.Join(stage, strconv.Itoa(i)+".old")
			if err := backup(t.abs(c.path), s.backup); err != nil {
				return pathErr(c.path, "back up current file", err)
			}
		}
	}
	return nil
}

func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, FileMode)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(FileMode) // exact mode, whatever the umask
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// backup hard-links src to dst, so restoring is one rename that brings back
// the very same inode (bytes, mode, mtime). Where hard links are not
// supported it copies bytes, mode and mtime.
func backup(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	fi, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fi.Mode().Perm())
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Chmod(fi.Mode().Perm())
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chtimes(dst, fi.ModTime(), fi.ModTime())
	}
	return err
}

// mkdirs creates dir and its missing parents with DirMode, recording each one
// it creates so abort can remove them.
func (t *txn) mkdirs(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if fi, err := os.Lstat(d); err == nil {
			if !fi.IsDir() {
				return errors.New("a file is in the way")
			}
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	for i := len(missing) - 1; i >= 0; i-- {
		d := missing[i]
		if err := os.Mkdir(d, DirMode); err != nil {
			return err
		}
		t.made = append(t.made, d)
		if err := os.Chmod(d, DirMode); err != nil {
			return err
		}
	}
	return nil
}

// commit writes all new and replaced files, then removes stale ones.
func (t *txn) commit() error {
	order := make([]*step, 0, len(t.steps))
	for _, s := range t.steps {
		if s.c.kind != kindRemove {
			order = append(order, s)
		}
	}
	for _, s := range t.steps {
		if s.c.kind == kindRemove {
			order = append(order, s)
		}
	}
	t.steps = order
	for _, s := range t.steps {
		c := s.c
		op := "write"
		if c.kind == kindRemove {
			op = "remove"
		}
		if t.hook != nil {
			if err := t.hook(op, c.path); err != nil {
				return &Error{Path: c.path, Op: op, Err: err}
			}
		}
		target := t.abs(c.path)
		switch c.kind {
		case kindCreate:
			if err := t.mkdirs(filepath.Dir(target)); err != nil {
				return pathErr(c.path, "create parent directory", err)
			}
			if err := os.Rename(s.newTmp, target); err != nil {
				return pathErr(c.path, "move new file into place", err)
			}
		case kindReplace:
			if err := os.Rename(s.newTmp, target); err != nil {
				return pathErr(c.path, "move new file into place", err)
			}
		case kindRemove:
			if err := os.Remove(target); err != nil {
				return pathErr(c.path, "remove stale file", err)
			}
		}
		t.done++
		if c.kind == kindRemove {
			t.removed = append(t.removed, c.path)
		} else {
			t.written = append(t.written, c.path)
		}
	}
	return nil
}

// abort undoes every committed step from the backups, removes the directories
// it created and the staging directory, and returns cause, joined with any
// problem met while undoing. When undoing fails, the staging directory is kept
// because it holds the backups.
func (t *txn) abort(cause error) error {
	var errs []error
	for i := t.done - 1; i >= 0; i-- {
		s := t.steps[i]
		target := t.abs(s.c.path)
		var err error
		if s.c.kind == kindCreate {
			err = os.Remove(target)
		} else {
			err = os.Rename(s.backup, target)
		}
		if err != nil {
			errs = append(errs, pathErr(s.c.path, "restore previous state", err))
		}
	}
	if len(errs) > 0 {
		return errors.Join(append([]error{cause,
			fmt.Errorf("could not undo every change; backups are kept in %s", t.stage)}, errs...)...)
	}
	if t.stage != "" {
		if err := os.RemoveAll(t.stage); err != nil {
			errs = append(errs, pathErr(filepath.Base(t.stage), "remove staging directory", err))
		}
	}
	for i := len(t.made) - 1; i >= 0; i-- {
		if err := os.Remove(t.made[i]); err != nil {
			errs = append(errs, fmt.Errorf("remove directory %s created by this run: %w", t.made[i], err))
		}
	}
	if len(errs) == 0 {
		return cause
	}
	return errors.Join(append([]error{cause}, errs...)...)
}

// tidy removes, best effort, directories that pruning left empty inside a
// prune dir (never the prune dir itself).
func (t *txn) tidy() {
	for _, s := range t.steps {
		if s.c.kind != kindRemove {
			continue
		}
		for d := path.Dir(s.c.path); d != s.c.prune && d != "." && len(d) > len(s.c.prune); d = path.Dir(d) {
			if os.Remove(t.abs(d)) != nil {
				break
			}
		}
	}
}
