package write

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// stagePrefix names the staging directories Apply creates under root. Files
// inside them are never pruned, and output paths may not start with it.
const stagePrefix = ".skillgen-stage-"

// Error is the error Apply and Diff return for a problem with one output path.
// Path is slash-separated and relative to the output root ("." for the root).
type Error struct {
	Path string
	Op   string // what was being done, e.g. "rename staged file into place"
	Err  error  // the cause
}

func (e *Error) Error() string {
	if e.Op == "" {
		return e.Path + ": " + e.Err.Error()
	}
	return e.Path + ": " + e.Op + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// pathErr builds an *Error, dropping the absolute (often staging) paths that
// *fs.PathError and *os.LinkError carry so the message names p once.
func pathErr(p, op string, err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return &Error{Path: p, Op: op, Err: err}
}

type kind int

const (
	kindCreate kind = iota
	kindReplace
	kindRemove
)

// change is one file Apply must write or remove.
type change struct {
	path  string // slash-separated, relative to root
	kind  kind
	data  []byte      // new content (create, replace)
	old   []byte      // current content (remove; replace when read)
	mode  fs.FileMode // current permission bits (replace, remove)
	prune string      // Prune.Dir that made it stale (remove)
}

type plan struct {
	root       string
	rootExists bool
	changes    []change // sorted by path
	unchanged  []string // sorted
}

// dirState is what a directory path under root currently is.
type dirState int

const (
	dirMissing dirState = iota
	dirPresent
)

type planner struct {
	root    string
	readOld bool // read replaced files even when their size differs (Diff)
	dirs    map[string]dirState
	plan    *plan
}

// checkPath refuses paths that are not clean, local, slash-separated paths.
func checkPath(p string) error {
	switch {
	case p == "":
		return errors.New("empty path")
	case strings.ContainsRune(p, 0):
		return errors.New("path contains a NUL byte")
	case strings.Contains(p, `\`):
		return errors.New(`path contains a backslash; use "/" as separator`)
	case path.IsAbs(p) || filepath.IsAbs(p) || filepath.VolumeName(p) != "":
		return errors.New("path is absolute; output paths must be relative to the output root")
	}
	if slices.Contains(strings.Split(p, "/"), "..") {
		return errors.New(`path contains ".." and could escape the output root`)
	}
	if c := path.Clean(p); c != p {
		return fmt.Errorf("path is not clean; write it as %q", c)
	}
	if p == "." {
		return errors.New("path names the output root itself, not a file")
	}
	if !filepath.IsLocal(filepath.FromSlash(p)) {
		return errors.New("path is not local to the output root")
	}
	if strings.HasPrefix(p, stagePrefix) {
		return fmt.Errorf("paths starting with %q are reserved for staging", stagePrefix)
	}
	return nil
}

// makePlan validates the request and compares it with the disk without
// changing anything.
func makePlan(root string, files Files, prune []Prune, readOld bool) (*plan, error) {
	if root == "" {
		return nil, &Error{Path: ".", Err: errors.New("output root is empty")}
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		if err := checkPath(p); err != nil {
			return nil, &Error{Path: p, Op: "invalid output path", Err: err}
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if _, ok := files[d]; ok {
				return nil, &Error{Path: d, Op: "invalid output path",
					Err: fmt.Errorf("it is both a file and the directory of %s", p)}
			}
		}
	}
	for i, pr := range prune {
		if pr.Dir == "" || pr.Dir == "." {
			continue
		}
		if err := checkPath(pr.Dir); err != nil {
			return nil, &Error{Path: pr.Dir, Op: fmt.Sprintf("invalid prune dir (prune[%d])", i), Err: err}
		}
	}

	pl := &plan{root: root}
	pn := &planner{root: root, readOld: readOld, dirs: map[string]dirState{}, plan: pl}
	fi, err := os.Stat(root)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		pn.dirs["."] = dirMissing
	case err != nil:
		return nil, pathErr(".", "stat output root "+root, err)
	case !fi.IsDir():
		return nil, &Error{Path: ".", Op: "output root " + root, Err: errors.New("not a directory")}
	default:
		pl.rootExists = true
		pn.dirs["."] = dirPresent
	}

	if err := pn.files(paths, files); err != nil {
		return nil, err
	}
	removing := map[string]bool{}
	for _, pr := range prune {
		if err := pn.prune(pr, files, removing); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(pl.changes, func(a, b change) int { return strings.Compare(a.path, b.path) })
	return pl, nil
}

func (pn *planner) abs(p string) string { return filepath.Join(pn.root, filepath.FromSlash(p)) }

// dir reports whether directory d (slash, relative) exists, refusing anything
// in the way of creating it.
func (pn *planner) dir(d string) (dirState, error) {
	if st, ok := pn.dirs[d]; ok {
		return st, nil
	}
	parent, err := pn.dir(path.Dir(d))
	if err != nil {
		return 0, err
	}
	st := dirMissing
	if parent == dirPresent {
		fi, err := os.Lstat(pn.abs(d))
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return 0, pathErr(d, "stat directory", err)
		case fi.Mode()&fs.ModeSymlink != 0:
			return 0, &Error{Path: d, Op: "cannot use as directory",
				Err: errors.New("it is a symbolic link; skillgen does not write through symlinks")}
		case !fi.IsDir():
			return 0, &Error{Path: d, Op: "cannot use as directory",
				Err: errors.New("a file is in the way")}
		default:
			st = dirPresent
		}
	}
	pn.dirs[d] = st
	return st, nil
}

// compareWorkers bounds the goroutines comparing files with the disk; the
// work is mostly waiting on stat and read system calls.
const compareWorkers = 8

// fileResult is what comparing one output file with the disk found.
type fileResult struct {
	change    *change // nil when unchanged
	unchanged bool
	err       error
}

// files compares every output file with the disk, in parallel, and records the
// changes. The first error in path order wins, so errors are deterministic.
func (pn *planner) files(paths []string, files Files) error {
	present := make([]bool, len(paths))
	for i, p := range paths {
		st, err := pn.dir(path.Dir(p))
		if err != nil {
			return err
		}
		present[i] = st == dirPresent
	}
	results := make([]fileResult, len(paths))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(compareWorkers, len(paths)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = pn.compare(paths[i], files[paths[i]], present[i])
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, r := range results {
		switch {
		case r.err != nil:
			return r.err
		case r.unchanged:
			pn.plan.unchanged = append(pn.plan.unchanged, paths[i])
		default:
			pn.plan.changes = append(pn.plan.changes, *r.change)
		}
	}
	return nil
}

// compare decides what to do with output file p; parentPresent says whether
// its directory exists. It only reads the disk.
func (pn *planner) compare(p string, data []byte, parentPresent bool) fileResult {
	create := fileResult{change: &change{path: p, kind: kindCreate, data: data}}
	if !parentPresent {
		return create
	}
	fi, err := os.Lstat(pn.abs(p))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return create
	case err != nil:
		return fileResult{err: pathErr(p, "stat", err)}
	case fi.IsDir():
		return fileResult{err: &Error{Path: p, Op: "cannot write file", Err: errors.New("a directory is in the way")}}
	case fi.Mode()&fs.ModeSymlink != 0:
		return fileResult{err: &Error{Path: p, Op: "cannot write file",
			Err: errors.New("it is a symbolic link; skillgen does not write through symlinks")}}
	case !fi.Mode().IsRegular():
		return fileResult{err: &Error{Path: p, Op: "cannot write file",
			Err: fmt.Errorf("it is not a regular file (%v)", fi.Mode().Type())}}
	}
	c := &change{path: p, kind: kindReplace, data: data, mode: fi.Mode().Perm()}
	if fi.Size() == int64(len(data)) || pn.readOld {
		old, err := os.ReadFile(pn.abs(p))
		if err != nil {
			return fileResult{err: pathErr(p, "read", err)}
		}
		if bytes.Equal(old, data) {
			return fileResult{unchanged: true}
		}
		c.old = old
	}
	return fileResult{change: c}
}

func (pn *planner) prune(pr Prune, files Files, removing map[string]bool) error {
	dir := pr.Dir
	if dir == "" {
		dir = "."
	}
	owned := pr.Owned
	if owned == nil {
		owned = OwnedIfGenerated
	}
	st, err := pn.dir(dir)
	if err != nil {
		return err
	}
	if st == dirMissing {
		return nil
	}
	consider := func(p string) error {
		if _, ok := files[p]; ok || removing[p] {
			return nil
		}
		content, err := os.ReadFile(pn.abs(p))
		if err != nil {
			return pathErr(p, "read file to prune", err)
		}
		if !owned(p, content) {
			return nil
		}
		fi, err := os.Lstat(pn.abs(p))
		if err != nil {
			return pathErr(p, "stat file to prune", err)
		}
		removing[p] = true
		pn.plan.changes = append(pn.plan.changes,
			change{path: p, kind: kindRemove, old: content, mode: fi.Mode().Perm(), prune: dir})
		return nil
	}
	join := func(name string) string {
		if dir == "." {
			return name
		}
		return dir + "/" + name
	}
	if !pr.Recursive {
		ents, err := os.ReadDir(pn.abs(dir))
		if err != nil {
			return pathErr(dir, "list prune dir", err)
		}
		for _, e := range ents {
			if e.Type().IsRegular() {
				if err := consider(join(e.Name())); err != nil {
					return err
				}
			}
		}
		return nil
	}
	base := pn.abs(dir)
	return filepath.WalkDir(base, func(ap string, e fs.DirEntry, err error) error {
		if err != nil {
			rel, _ := filepath.Rel(pn.root, ap)
			return pathErr(filepath.ToSlash(rel), "walk prune dir", err)
		}
		if e.IsDir() {
			if ap != base && strings.HasPrefix(e.Name(), stagePrefix) {
				return filepath.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(base, ap)
		if err != nil {
			return pathErr(dir, "walk prune dir", err)
		}
		return consider(join(filepath.ToSlash(rel)))
	})
}
