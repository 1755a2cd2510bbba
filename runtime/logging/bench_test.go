package logging

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/skillgen/skillgen/runtime"
)

// BenchmarkRequestLine is Requests around a handler that answers at once:
// the request line through the runtime's handler (fast: appended into a
// pooled buffer) and through slog's own JSON handler with the same
// redaction (slog: the generic attribute path every line took before).
func BenchmarkRequestLine(b *testing.B) {
	next := func(ctx context.Context, _ []byte) ([]byte, error) {
		runtime.NoteRequest(ctx, &runtime.RequestEnvelope{Request: runtime.Request{Type: runtime.TypeIntent,
			RequestID: "amzn1.echo-api.request.bench", Locale: "en-US", Intent: &runtime.Intent{Name: "RequestInfoIntent"}}})
		return []byte(`{}`), nil
	}
	for name, log := range map[string]*slog.Logger{
		"fast": New(io.Discard),
		"slog": slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{ReplaceAttr: Redact})),
	} {
		b.Run(name, func(b *testing.B) {
			inv := Requests(log, next)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := inv(ctx, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
