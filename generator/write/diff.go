package write

import (
	"bytes"
	"fmt"
	"strings"
)

// MaxDiffLines caps the diff printed for one file: when more than this many
// lines would be removed plus added, Diff prints a one-line summary
// ("files differ: N lines changed ...") instead of the hunks. A diff that long
// is not read by anyone, and the cap keeps check-mode output bounded.
const MaxDiffLines = 5000

// diffContext is the number of unchanged lines shown around each change.
const diffContext = 3

// binarySniffLen is how much of a file is searched for a NUL byte to decide it
// is binary, as git does.
const binarySniffLen = 8000

// Diff compares files with what is on disk under root (and stale owned files
// under the prune dirs) without writing anything. It returns a git-style
// unified diff (3 lines of context, "new file mode" / "deleted file mode" for
// created and stale files, "\ No newline at end of file" markers), which
// `git apply` accepts, and the sorted paths that differ. An empty diff and nil
// paths mean the tree is up to date. Paths are validated as in Apply.
func Diff(root string, files Files, prune []Prune) (diff string, changed []string, err error) {
	pl, err := makePlan(root, files, prune, true)
	if err != nil {
		return "", nil, err
	}
	var b strings.Builder
	for _, c := range pl.changes {
		changed = append(changed, c.path)
		writeFileDiff(&b, &c)
	}
	return b.String(), changed, nil
}

func gitMode(c *change) string {
	if c.mode&0o111 != 0 {
		return "100755"
	}
	return "100644"
}

func writeFileDiff(b *strings.Builder, c *change) {
	p := c.path
	fmt.Fprintf(b, "diff --git a/%s b/%s\n", p, p)
	from, to := "a/"+p, "b/"+p
	var old, new []byte
	switch c.kind {
	case kindCreate:
		fmt.Fprintf(b, "new file mode %s\n", "100644")
		from, new = "/dev/null", c.data
	case kindRemove:
		fmt.Fprintf(b, "deleted file mode %s\n", gitMode(c))
		to, old = "/dev/null", c.old
	default:
		old, new = c.old, c.data
	}
	if isBinary(old) || isBinary(new) {
		fmt.Fprintf(b, "Binary files %s and %s differ\n", from, to)
		return
	}
	fmt.Fprintf(b, "--- %s\n+++ %s\n", from, to)
	writeHunks(b, splitLines(old), splitLines(new))
}

func isBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), binarySniffLen)], 0) >= 0
}

// splitLines splits data after each "\n"; the last line lacks it when data
// does not end in a newline.
func splitLines(data []byte) [][]byte {
	if len(data) == 0 {
		return nil
	}
	lines := make([][]byte, 0, bytes.Count(data, []byte("\n"))+1)
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			lines = append(lines, data)
			break
		}
		lines = append(lines, data[:i+1])
		data = data[i+1:]
	}
	return lines
}

// block is one change: a[A0:A1] replaced by b[B0:B1].
type block struct{ A0, A1, B0, B1 int }

// diffBlocks returns the changed blocks between line lists a and b.
func diffBlocks(a, b [][]byte) []block {
	ids := make(map[string]int, len(a))
	intern := func(lines [][]byte) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[string(l)]
			if !ok {
				id = len(ids)
				ids[string(l)] = id
			}
			out[i] = id
		}
		return out
	}
	ms := matchLines(intern(a), intern(b))
	ms = append(ms, match{len(a), len(b)}) // sentinel
	var blocks []block
	ai, bi := 0, 0
	for _, m := range ms {
		if m.A > ai || m.B > bi {
			blocks = append(blocks, block{ai, m.A, bi, m.B})
		}
		ai, bi = m.A+1, m.B+1
	}
	return blocks
}

func writeHunks(b *strings.Builder, a, bl [][]byte) {
	blocks := diffBlocks(a, bl)
	removed, added := 0, 0
	for _, k := range blocks {
		removed += k.A1 - k.A0
		added += k.B1 - k.B0
	}
	if removed+added > MaxDiffLines {
		fmt.Fprintf(b, "files differ: %d lines changed (%d removed, %d added); diff longer than %d lines not shown\n",
			removed+added, removed, added, MaxDiffLines)
		return
	}
	for i := 0; i < len(blocks); {
		// Gather the blocks whose context overlaps or touches into one hunk.
		j := i + 1
		for j < len(blocks) && blocks[j].A0-blocks[j-1].A1 <= 2*diffContext {
			j++
		}
		first, last := blocks[i], blocks[j-1]
		a0 := max(0, first.A0-diffContext)
		b0 := first.B0 - (first.A0 - a0)
		a1 := min(len(a), last.A1+diffContext)
		b1 := last.B1 + (a1 - last.A1)
		fmt.Fprintf(b, "@@ -%s +%s @@\n", hunkRange(a0, a1-a0), hunkRange(b0, b1-b0))
		pos := a0
		for _, k := range blocks[i:j] {
			writeLines(b, ' ', a[pos:k.A0])
			writeLines(b, '-', a[k.A0:k.A1])
			writeLines(b, '+', bl[k.B0:k.B1])
			pos = k.A1
		}
		writeLines(b, ' ', a[pos:a1])
		i = j
	}
}

// hunkRange formats a 0-based start and a count as unified diff does: 1-based
// start, ",count" omitted when 1, and the line before the hunk when empty.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func writeLines(b *strings.Builder, prefix byte, lines [][]byte) {
	for _, l := range lines {
		b.WriteByte(prefix)
		b.Write(l)
		if len(l) == 0 || l[len(l)-1] != '\n' {
			b.WriteString("\n\\ No newline at end of file\n")
		}
	}
}
