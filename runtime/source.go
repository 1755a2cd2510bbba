// Package runtime runs generated skill handlers: it decodes Alexa requests,
// fetches the user's Cognito profile, renders answers and encodes responses.
package runtime

import (
	"context"
	"errors"
)

// ProfileSource fetches the linked user's Cognito attributes (name → value)
// for an Alexa access token. Implementations: the Cognito GetUser source, and
// decorators that verify tokens locally, cache profiles and retry.
type ProfileSource interface {
	Profile(ctx context.Context, accessToken string) (map[string]string, error)
}

// ProfileSourceFunc adapts a function to ProfileSource.
type ProfileSourceFunc func(ctx context.Context, accessToken string) (map[string]string, error)

// Profile calls f.
func (f ProfileSourceFunc) Profile(ctx context.Context, accessToken string) (map[string]string, error) {
	return f(ctx, accessToken)
}

// ErrNotLinked means the request carries no usable account link: no token,
// or a token Cognito (or local verification) rejects. The skill answers with
// the link-account message and a LinkAccount card.
var ErrNotLinked = errors.New("account not linked or token rejected")

type needsKey struct{}

// WithNeeds returns ctx carrying the names of the attributes the answer
// being rendered needs. The handler sets it before it asks its
// ProfileSource; a source that holds part of the profile (the access
// token's claims) answers from it when it has these, and asks further down
// the chain only when it does not. The slice is valid during the call only.
func WithNeeds(ctx context.Context, names []string) context.Context {
	return &needsContext{Context: ctx, names: names}
}

// needsContext carries the needs in one allocation (context.WithValue
// takes two: the context and the boxed slice). It is never reused: a
// context derived from it may outlive the call.
type needsContext struct {
	context.Context
	names []string
}

// Value answers the needs key; every other key goes to the parent.
func (c *needsContext) Value(key any) any {
	if _, ok := key.(needsKey); ok {
		return c.names
	}
	return c.Context.Value(key)
}

// NeedsFrom returns the names WithNeeds put into ctx; ok is false when
// there are none (a caller that wants the whole profile).
func NeedsFrom(ctx context.Context) (names []string, ok bool) {
	names, ok = ctx.Value(needsKey{}).([]string)
	return names, ok
}
