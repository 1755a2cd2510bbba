package testpeers_test

import (
	"testing"

	"github.com/skillgen/skillgen/internal/testpeers"
)

// BenchmarkStartCognito measures starting cognito-local until GET /health
// answers, plus stopping it (ns/op); startup-ms/op is the start-up alone.
func BenchmarkStartCognito(b *testing.B) {
	testpeers.NodeModules(b)
	var total float64
	for i := 0; i < b.N; i++ {
		c := testpeers.StartCognito(b)
		total += float64(c.StartupTime.Milliseconds())
		c.Stop(b)
	}
	b.ReportMetric(total/float64(b.N), "startup-ms/op")
}
