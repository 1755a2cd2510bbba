package generator_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/skillgen/skillgen/generator"
	"github.com/skillgen/skillgen/generator/emit/models"
	"github.com/skillgen/skillgen/internal/benchspec"
)

// BenchmarkRender measures the whole in-memory pipeline (load, validate,
// expand, emit models, handlers and deploy files) on 245 and 123 custom intents (250 and 128 with the built-ins) ×
// 5 locales × 100 samples. Report with: go test -bench Render -benchmem ./generator
func BenchmarkRender(b *testing.B) {
	for _, n := range []int{123, 245} {
		b.Run(fmt.Sprintf("intents=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if _, err := benchspec.Write(dir, n); err != nil {
				b.Fatal(err)
			}
			wd, _ := os.Getwd()
			if err := os.Chdir(dir); err != nil {
				b.Fatal(err)
			}
			defer os.Chdir(wd)
			out, err := generator.Render([]string{"skill.yaml"})
			if err != nil {
				b.Fatal(err)
			}
			var bytes, samples int
			for _, f := range out.Files {
				bytes += len(f)
			}
			for _, in := range out.Skills[0].Intents {
				for _, l := range out.Skills[0].Locales {
					samples += len(in.Samples[l.Code])
				}
			}
			b.ReportMetric(float64(samples), "samples")
			b.ReportMetric(float64(bytes)/1e6, "MB-out")
			b.ResetTimer()
			for b.Loop() {
				if _, err := generator.Render([]string{"skill.yaml"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkModels isolates load + validate + model emission, the part Jovo's
// model builder does.
func BenchmarkModels(b *testing.B) {
	dir := b.TempDir()
	if _, err := benchspec.Write(dir, 245); err != nil {
		b.Fatal(err)
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		b.Fatal(err)
	}
	defer os.Chdir(wd)
	for b.Loop() {
		s, err := generator.Build("skill.yaml")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := models.Emit(s); err != nil {
			b.Fatal(err)
		}
	}
}
