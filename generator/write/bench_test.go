package write

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
)

// smallFiles returns n generated Go files of about 2 KB.
func smallFiles(n int) Files {
	fs := Files{}
	body := genGo + strings.Repeat("// handler body line of about forty bytes\n", 48)
	for i := 0; i < n; i++ {
		fs[fmt.Sprintf("generated/h%03d.gen.go", i)] = []byte(body)
	}
	return fs
}

// BenchmarkApply measures the common `go generate` case: everything already
// up to date, so Apply only compares and touches nothing.
func BenchmarkApply(b *testing.B) {
	models := Files{}
	for i := 0; i < 5; i++ {
		models[fmt.Sprintf("models/l%d.json", i)] = bigModel(fmt.Sprint("v", i))
	}
	cases := []struct {
		name   string
		files  Files
		change string // a file rewritten on every iteration ("" for none)
	}{
		{"unchanged/200x2KB", smallFiles(200), ""},
		{"unchanged/5x1.4MB", models, ""},
		{"1changed/200x2KB", smallFiles(200), "generated/h007.gen.go"},
	}
	prune := []Prune{{Dir: "generated"}, {Dir: "models", Owned: isJSON}}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			root := filepath.Join(b.TempDir(), "out")
			if _, err := Apply(root, tc.files, prune); err != nil {
				b.Fatal(err)
			}
			var size int64
			for _, c := range tc.files {
				size += int64(len(c))
			}
			b.SetBytes(size)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if tc.change != "" {
					tc.files[tc.change] = []byte(genGo + fmt.Sprint(i))
				}
				rep, err := Apply(root, tc.files, prune)
				if err != nil {
					b.Fatal(err)
				}
				if tc.change == "" && len(rep.Written) != 0 {
					b.Fatalf("wrote %v", rep.Written)
				}
			}
		})
	}
}

// BenchmarkDiff diffs one 25k-line, 1.4 MB interaction model against the disk.
func BenchmarkDiff(b *testing.B) {
	old := bigModel("tell me")
	randOld := randomLines(25000, 2)
	cases := []struct {
		name string
		new  []byte
	}{
		{"identical", old},
		{"3lines", edit3(old)},
		{"entirely-different", bigModel("say")},
		// Worst case for the matcher: no unique lines, random order.
		{"random-25k-lines-10-distinct", randomLines(25000, 1)},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			root := b.TempDir()
			before := old
			if strings.HasPrefix(tc.name, "random") {
				before = randOld
			}
			writeTree(b, root, tree{"models/en-US.json": string(before)})
			fs := Files{"models/en-US.json": tc.new}
			b.SetBytes(int64(len(before)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, _, err := Diff(root, fs, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// randomLines returns n lines drawn at random from 10 distinct JSON-ish lines.
func randomLines(n int, seed int64) []byte {
	rng := rand.New(rand.NewSource(seed))
	words := []string{"{", "}", "},", "],", "\"slots\": [],", "\"samples\": [", "[", "]", "\"a\",", "\"b\""}
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString("    " + words[rng.Intn(len(words))] + "\n")
	}
	return []byte(b.String())
}
