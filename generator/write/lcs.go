package write

import "sort"

// Line matching for Diff.
//
// The algorithm is a patience/Myers hybrid, like git's --patience:
//
//  1. common leading and trailing lines are matched directly;
//  2. lines that occur exactly once on each side are matched by a longest
//     increasing subsequence (patience sorting, O(k log k)) and the gaps between
//     those anchors are diffed recursively;
//  3. a gap without unique common lines (typically runs of "}," or blank lines)
//     is diffed with Myers' O((N+M)D) greedy algorithm, giving up after
//     maxMyersEdits edits, in which case the gap is reported as replaced
//     wholesale (still a correct diff, just not a minimal one).
//
// Step 2 rescans the gaps it recurses into; a work budget (patienceWork times
// the input size) stops it on pathological nesting, after which remaining gaps
// go to step 3. Step 3 costs O((N+M)·maxMyersEdits) time over all gaps and
// O(maxMyersEdits²) memory per gap. So the worst case is bounded, entirely
// different 25k-line files diff in tens of milliseconds, and a few changed
// lines in a large file cost about one linear pass.

// maxMyersEdits caps the edit distance Myers explores in one gap.
const maxMyersEdits = 1000

// match is a pair of equal lines: a[A] == b[B].
type match struct{ A, B int }

// matchLines returns the matched line pairs of a and b (interned line ids), in
// increasing order of both A and B.
func matchLines(a, b []int) []match {
	return matchBudget(a, b, patienceWork*(len(a)+len(b)+1024))
}

func matchBudget(a, b []int, budget int) []match {
	ids := 0
	for _, x := range a {
		ids = max(ids, x+1)
	}
	for _, x := range b {
		ids = max(ids, x+1)
	}
	m := &matcher{budget: budget, counts: make([]lineCount, ids)}
	m.matchRange(a, b, 0, 0)
	return m.out
}

// patienceWork bounds the lines the recursive patience step may scan, as a
// multiple of the input size: gaps recursed into are rescanned, so nested
// duplicate lines could otherwise cost O(N²). Once spent, remaining gaps go
// straight to the bounded Myers step.
const patienceWork = 32

type matcher struct {
	out    []match
	budget int         // lines the patience step may still scan
	counts []lineCount // by line id; all zero between uses
}

type lineCount struct{ na, nb, ib int }

func (mt *matcher) matchRange(a, b []int, aOff, bOff int) {
	out := &mt.out
	// Common prefix.
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		*out = append(*out, match{aOff + p, bOff + p})
		p++
	}
	a, b = a[p:], b[p:]
	aOff, bOff = aOff+p, bOff+p
	// Common suffix, appended after the middle.
	s := 0
	for s < len(a) && s < len(b) && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	a, b = a[:len(a)-s], b[:len(b)-s]
	defer func() {
		for i := 0; i < s; i++ {
			*out = append(*out, match{aOff + len(a) + i, bOff + len(b) + i})
		}
	}()
	if len(a) == 0 || len(b) == 0 {
		return
	}
	if mt.budget -= len(a) + len(b); mt.budget < 0 {
		mt.myers(a, b, aOff, bOff)
		return
	}

	// Count occurrences on each side (ids are dense), find the lines unique on
	// both sides in a-order, then reset the counters for the recursion.
	counts := mt.counts
	for _, x := range a {
		counts[x].na++
	}
	common := false
	for i, x := range b {
		c := &counts[x]
		c.nb++
		c.ib = i
		common = common || c.na > 0
	}
	var uniq []match
	if common {
		for i, x := range a {
			if c := counts[x]; c.na == 1 && c.nb == 1 {
				uniq = append(uniq, match{i, c.ib})
			}
		}
	}
	for _, x := range a {
		counts[x] = lineCount{}
	}
	for _, x := range b {
		counts[x] = lineCount{}
	}
	if !common {
		return // nothing in common: the whole gap is replaced
	}
	if len(uniq) == 0 {
		mt.myers(a, b, aOff, bOff)
		return
	}
	anchors := longestIncreasing(uniq)
	prevA, prevB := 0, 0
	for _, m := range anchors {
		mt.matchRange(a[prevA:m.A], b[prevB:m.B], aOff+prevA, bOff+prevB)
		*out = append(*out, match{aOff + m.A, bOff + m.B})
		prevA, prevB = m.A+1, m.B+1
	}
	mt.matchRange(a[prevA:], b[prevB:], aOff+prevA, bOff+prevB)
}

func (mt *matcher) myers(a, b []int, aOff, bOff int) {
	for _, m := range myers(a, b, maxMyersEdits) {
		mt.out = append(mt.out, match{aOff + m.A, bOff + m.B})
	}
}

// longestIncreasing returns the longest subsequence of ms (sorted by A) whose B
// values increase, by patience sorting.
func longestIncreasing(ms []match) []match {
	tops := []int{}              // index into ms of the top card of each pile
	prev := make([]int, len(ms)) // back pointer: top of the previous pile when placed
	for i, m := range ms {
		p := sort.Search(len(tops), func(j int) bool { return ms[tops[j]].B > m.B })
		if p > 0 {
			prev[i] = tops[p-1]
		} else {
			prev[i] = -1
		}
		if p == len(tops) {
			tops = append(tops, i)
		} else {
			tops[p] = i
		}
	}
	res := make([]match, len(tops))
	for i, j := len(tops)-1, tops[len(tops)-1]; i >= 0; i, j = i-1, prev[j] {
		res[i] = ms[j]
	}
	return res
}

// myers returns a longest common subsequence of a and b as matched pairs, or nil
// when the edit distance exceeds maxD.
func myers(a, b []int, maxD int) []match {
	n, m := len(a), len(b)
	limit := n + m
	if limit > maxD {
		limit = maxD
	}
	off := limit + 1
	v := make([]int32, 2*limit+3)
	// trace[d] holds v[-d..d] as it was before round d.
	var trace [][]int32
	for d := 0; d <= limit; d++ {
		trace = append(trace, append([]int32(nil), v[off-d:off+d+1]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1])
			} else {
				x = int(v[off+k-1]) + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = int32(x)
			if x >= n && y >= m {
				return myersBacktrack(trace, n, m)
			}
		}
	}
	return nil
}

func myersBacktrack(trace [][]int32, x, y int) []match {
	var rev []match
	for d := len(trace) - 1; d > 0; d-- {
		vd := trace[d]
		k := x - y
		get := func(k int) int { return int(vd[k+d]) }
		var pk int
		if k == -d || (k != d && get(k-1) < get(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := get(pk)
		py := px - pk
		// The snake after the edit step from (px, py).
		sx, sy := px, py
		if pk == k+1 {
			sy++ // insertion: b advanced
		} else {
			sx++ // deletion: a advanced
		}
		for x > sx && y > sy {
			x--
			y--
			rev = append(rev, match{x, y})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, match{x, y})
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}
