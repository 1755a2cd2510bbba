package runtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"unicode/utf8"

	"github.com/skillgen/skillgen/internal/facts"
)

// ErrWrongSkill means a request was sent for another skill than the one
// configured: it is rejected (Invoke returns the error, so the Lambda
// invocation fails and Alexa gets no answer).
var ErrWrongSkill = errors.New("request is for another skill")

// Handler answers Alexa requests for one compiled skill. It is safe for
// concurrent use. Its Invoke method makes it an aws-lambda-go lambda.Handler.
type Handler struct {
	skill   engine
	src     ProfileSource
	skillID string
	log     *slog.Logger
	pool    sync.Pool
}

// engine is a Skill[P] for some P.
type engine interface {
	check() error
	answer(ctx context.Context, h *Handler, st *state)
	id() string
	renderError(st *state)
}

func (s *Skill[P]) id() string { return s.ID }

// Option configures a Handler.
type Option func(*Handler)

// WithSkillID replaces the compiled skill ID (Skill.ID) that requests must
// carry; "" disables the check.
func WithSkillID(id string) Option { return func(h *Handler) { h.skillID = id } }

// WithLogger sets the logger for failures (default slog.Default()). The
// runtime never logs tokens, profile values or request bodies.
func WithLogger(l *slog.Logger) Option { return func(h *Handler) { h.log = l } }

// NewHandler returns the handler of skill s, reading profiles from src.
func NewHandler[P any](s *Skill[P], src ProfileSource, opts ...Option) (*Handler, error) {
	if s == nil {
		return nil, errors.New("runtime: nil skill")
	}
	if src == nil {
		return nil, errors.New("runtime: nil profile source")
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	h := &Handler{skill: s, src: src, skillID: s.ID, log: slog.Default()}
	for _, o := range opts {
		o(h)
	}
	h.pool.New = func() any { return new(state) }
	return h, nil
}

// SkillID returns the skill ID the handler accepts ("" accepts any).
func (h *Handler) SkillID() string { return h.skillID }

// state is the per-request scratch space, pooled.
type state struct {
	req     RequestEnvelope
	sess    Session
	intent  Intent
	rerr    RequestError
	cause   ErrorCause
	w       Writer
	res     result
	missing []string
	out     []byte
}

func (st *state) reset() {
	clear(st.intent.Slots)
	slots := st.intent.Slots
	st.intent = Intent{Slots: slots}
	st.sess, st.rerr, st.cause = Session{}, RequestError{}, ErrorCause{}
	st.req = RequestEnvelope{}
	st.w = Writer{}
	st.res.reset()
	st.missing = st.missing[:0]
}

// result is a rendered response: SSML bodies without <speak>, plain card
// text.
type result struct {
	empty       bool
	speech      []byte
	hasReprompt bool
	reprompt    []byte
	cardType    string
	cardTitle   []byte
	cardText    []byte
	endSet, end bool
}

func (r *result) reset() {
	*r = result{speech: r.speech[:0], reprompt: r.reprompt[:0], cardTitle: r.cardTitle[:0], cardText: r.cardText[:0]}
}

// linkAccount turns the rendered message into the link-account answer: a
// LinkAccount card, no reprompt, session ended.
func (r *result) linkAccount() {
	r.cardType = CardLinkAccount
	r.cardTitle, r.cardText = r.cardTitle[:0], r.cardText[:0]
	r.hasReprompt = false
	r.endSet, r.end = true, true
}

// Invoke answers one raw Alexa request with the raw response. Only a
// request that cannot be decoded or is for another skill is an error; every
// failure to get the profile is answered with the skill's messages.
func (h *Handler) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	st := h.pool.Get().(*state)
	defer h.pool.Put(st)
	st.reset()
	if err := decodeRequest(payload, &st.req, &st.sess, &st.intent, &st.rerr, &st.cause); err != nil {
		return nil, err
	}
	if err := h.serve(ctx, st); err != nil {
		return nil, err
	}
	h.limit(st) // encodes into st.out
	return append([]byte(nil), st.out...), nil
}

// Handle answers a decoded request. It is Invoke without the JSON.
func (h *Handler) Handle(ctx context.Context, req *RequestEnvelope) (*ResponseEnvelope, error) {
	if req == nil {
		return nil, fmt.Errorf("%w: nil request", ErrBadRequest)
	}
	if req.Request.Type == "" {
		return nil, fmt.Errorf("%w: request.type is missing", ErrBadRequest)
	}
	if req.Request.Type == TypeIntent && req.Request.Intent == nil {
		return nil, fmt.Errorf("%w: request.intent is missing in an IntentRequest", ErrBadRequest)
	}
	st := h.pool.Get().(*state)
	defer h.pool.Put(st)
	st.reset()
	st.req = *req
	if err := h.serve(ctx, st); err != nil {
		return nil, err
	}
	h.limit(st)
	return st.res.envelope(), nil
}

// serve checks the skill ID and renders the answer into st.res. A panic in
// a template is answered with the error message.
func (h *Handler) serve(ctx context.Context, st *state) (err error) {
	NoteRequest(ctx, &st.req)
	if h.skillID != "" && st.req.Context.System.Application.ApplicationID != h.skillID {
		h.log.LogAttrs(ctx, slog.LevelWarn, "request rejected: wrong skill ID",
			slog.String("applicationId", st.req.Context.System.Application.ApplicationID),
			slog.String("requestId", st.req.Request.RequestID))
		return fmt.Errorf("%w: applicationId %q", ErrWrongSkill, st.req.Context.System.Application.ApplicationID)
	}
	defer func() {
		if p := recover(); p != nil {
			h.log.LogAttrs(ctx, slog.LevelError, "answer failed",
				slog.String("panic", fmt.Sprint(p)), slog.String("requestId", st.req.Request.RequestID))
			err = h.answerError(ctx, st)
		}
	}()
	h.skill.answer(ctx, h, st)
	return nil
}

// answerError renders the error message after a failed answer.
func (h *Handler) answerError(ctx context.Context, st *state) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("runtime: rendering the error message failed: %v", p)
		}
	}()
	st.res.reset()
	h.skill.renderError(st)
	return nil
}

func (s *Skill[P]) renderError(st *state) {
	var p P
	s.render(st, s.Error, s.locale(st.req.Request.Locale), &p, nil)
}

func (h *Handler) logProfileError(ctx context.Context, st *state, err error) {
	h.log.LogAttrs(ctx, slog.LevelError, "profile fetch failed",
		slog.String("error", err.Error()), slog.String("requestId", st.req.Request.RequestID))
}

// envelope converts the result to the response types.
func (r *result) envelope() *ResponseEnvelope {
	e := &ResponseEnvelope{Version: "1.0"}
	if r.empty {
		return e
	}
	e.Response.OutputSpeech = &OutputSpeech{Type: "SSML", SSML: speakOpen + string(r.speech) + speakClose}
	if r.cardType != "" {
		e.Response.Card = &Card{Type: r.cardType, Title: string(r.cardTitle), Content: string(r.cardText)}
	}
	if r.hasReprompt {
		e.Response.Reprompt = &Reprompt{OutputSpeech: OutputSpeech{Type: "SSML", SSML: speakOpen + string(r.reprompt) + speakClose}}
	}
	if r.endSet {
		end := r.end
		e.Response.ShouldEndSession = &end
	}
	return e
}

// limit keeps speech within facts.MaxSpeechChars and the encoded response
// within facts.MaxResponseBytes, shortening card text first, then reprompt, then speech.
func (h *Handler) limit(st *state) {
	r := &st.res
	if r.empty {
		st.out = appendResponse(st.out[:0], r)
		return
	}
	r.speech = limitSSML(r.speech, facts.MaxSpeechChars, facts.MaxResponseBytes)
	if r.hasReprompt {
		r.reprompt = limitSSML(r.reprompt, facts.MaxSpeechChars, facts.MaxResponseBytes)
	}
	// Card content: title and text count together (Alexa: 8,000 characters).
	if n := utf8.RuneCount(r.cardTitle) + utf8.RuneCount(r.cardText); n > facts.MaxSpeechChars {
		keep := max(0, facts.MaxSpeechChars-utf8.RuneCount(r.cardTitle)-1) // runes of text, before the ellipsis
		off := 0
		for i := 0; i < keep && off < len(r.cardText); i++ {
			_, size := utf8.DecodeRune(r.cardText[off:])
			off += size
		}
		r.cardText = []byte(truncatePlain(string(r.cardText), off+len("…")))
	}
	for range 4 {
		st.out = appendResponse(st.out[:0], r)
		over := len(st.out) - facts.MaxResponseBytes
		if over <= 0 {
			return
		}
		over += 64 // room for closing tags and ellipses
		switch {
		case len(r.cardText) > 0:
			r.cardText = []byte(truncatePlain(string(r.cardText), max(0, len(r.cardText)-over)))
		case r.hasReprompt && len(r.reprompt) > 0:
			r.reprompt = limitSSML(r.reprompt, facts.MaxSpeechChars, max(len(speakOpen+speakClose), len(r.reprompt)-over))
		default:
			r.speech = limitSSML(r.speech, facts.MaxSpeechChars, max(len(speakOpen+speakClose), len(r.speech)-over))
		}
	}
	st.out = appendResponse(st.out[:0], r)
}

func limitSSML(b []byte, maxChars, maxBytes int) []byte {
	if len(b)+len(speakOpen+speakClose) <= maxChars && len(b)+len(speakOpen+speakClose) <= maxBytes {
		return b
	}
	s := truncateSSML(string(b), maxChars, maxBytes)
	if len(s) == len(b) {
		return b
	}
	return append(b[:0], s...)
}
