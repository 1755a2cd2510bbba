package runtime

import "context"

// Summary is what a request's log line says about it. The handler fills it
// from the request it has already decoded, so a logging wrapper need not
// decode the body a second time. It never holds the token itself.
type Summary struct {
	Decoded   bool // false: the request could not be decoded
	RequestID string
	Type      string
	Locale    string
	Intent    string
	Linked    bool   // the request carries the access token that answers it
	Level     string // LevelAccount or LevelPerson: which link answers it
}

// SummaryKey is the context key under which a request's *Summary is found
// (WithSummary puts one there). A wrapper that keeps its per-request state
// in a context type of its own may answer it itself, saving an allocation
// per request (runtime/logging.Requests does).
type SummaryKey struct{}

// WithSummary returns a context in which Handler.Invoke and Handler.Handle
// record the request's Summary into the returned value.
func WithSummary(ctx context.Context) (context.Context, *Summary) {
	s := &Summary{}
	return context.WithValue(ctx, SummaryKey{}, s), s
}

// NoteRequest fills the context's Summary, if it has one, from a decoded
// request. The handler calls it for every request it decodes; a stand-in
// handler (in tests) calls it the same way.
func NoteRequest(ctx context.Context, req *RequestEnvelope) {
	s, _ := ctx.Value(SummaryKey{}).(*Summary)
	if s == nil {
		return
	}
	r := &req.Request
	*s = Summary{Decoded: true, RequestID: r.RequestID, Type: r.Type, Locale: r.Locale, Linked: req.AccessToken() != "", Level: LevelAccount}
	if r.Intent != nil {
		s.Intent = r.Intent.Name
	}
}
