package runtime

import (
	"errors"
	"fmt"

	"github.com/buger/jsonparser"
)

// ErrBadRequest wraps every request-decoding failure.
var ErrBadRequest = errors.New("bad Alexa request")

// requestPaths are the fields DecodeRequest reads, in one pass over the body.
var requestPaths = [][]string{
	{"version"},              // 0
	{"session", "new"},       // 1
	{"session", "sessionId"}, // 2
	{"session", "application", "applicationId"},           // 3
	{"session", "user", "userId"},                         // 4
	{"session", "user", "accessToken"},                    // 5
	{"context", "System", "application", "applicationId"}, // 6
	{"context", "System", "user", "userId"},               // 7
	{"context", "System", "user", "accessToken"},          // 8
	{"context", "System", "apiEndpoint"},                  // 9
	{"request", "type"},                                   // 10
	{"request", "requestId"},                              // 11
	{"request", "timestamp"},                              // 12
	{"request", "locale"},                                 // 13
	{"request", "reason"},                                 // 14
	{"request", "eventCreationTime"},                      // 15
	{"request", "intent"},                                 // 16
	{"request", "error"},                                  // 17
	{"request", "cause", "requestId"},                     // 18
}

// DecodeRequest decodes the fields of an Alexa request the runtime uses
// (the same fields encoding/json fills into RequestEnvelope; others are
// skipped). It reads the body in one pass without reflection.
func DecodeRequest(body []byte, e *RequestEnvelope) error {
	*e = RequestEnvelope{}
	return decodeRequest(body, e, new(Session), new(Intent), new(RequestError), new(ErrorCause))
}

// decodeRequest fills e, pointing its optional parts at the given storage
// when the body has them.
func decodeRequest(body []byte, e *RequestEnvelope, sess *Session, in *Intent, rerr *RequestError, cause *ErrorCause) error {
	var first error
	fail := func(path []string, err error) {
		if first == nil {
			first = fmt.Errorf("%w: %s: %v", ErrBadRequest, joinPath(path), err)
		}
	}
	str := func(i int, v []byte, t jsonparser.ValueType, dst *string) {
		if t == jsonparser.Null {
			return
		}
		if t != jsonparser.String {
			fail(requestPaths[i], fmt.Errorf("want a string, got %s", t))
			return
		}
		s, err := jsonparser.ParseString(v)
		if err != nil {
			fail(requestPaths[i], err)
			return
		}
		*dst = s
	}
	hasSession := false
	jsonparser.EachKey(body, func(i int, v []byte, t jsonparser.ValueType, err error) {
		if i < 0 || i >= len(requestPaths) {
			if err != nil && first == nil {
				first = fmt.Errorf("%w: %v", ErrBadRequest, err)
			}
			return
		}
		if err != nil {
			fail(requestPaths[i], err)
			return
		}
		switch i {
		case 0:
			str(i, v, t, &e.Version)
		case 1:
			hasSession = true
			if t != jsonparser.Boolean {
				fail(requestPaths[i], fmt.Errorf("want a boolean, got %s", t))
				return
			}
			sess.New = v[0] == 't'
		case 2:
			hasSession = true
			str(i, v, t, &sess.SessionID)
		case 3:
			hasSession = true
			str(i, v, t, &sess.Application.ApplicationID)
		case 4:
			hasSession = true
			str(i, v, t, &sess.User.UserID)
		case 5:
			hasSession = true
			str(i, v, t, &sess.User.AccessToken)
		case 6:
			str(i, v, t, &e.Context.System.Application.ApplicationID)
		case 7:
			str(i, v, t, &e.Context.System.User.UserID)
		case 8:
			str(i, v, t, &e.Context.System.User.AccessToken)
		case 9:
			str(i, v, t, &e.Context.System.APIEndpoint)
		case 10:
			str(i, v, t, &e.Request.Type)
		case 11:
			str(i, v, t, &e.Request.RequestID)
		case 12:
			str(i, v, t, &e.Request.Timestamp)
		case 13:
			str(i, v, t, &e.Request.Locale)
		case 14:
			str(i, v, t, &e.Request.Reason)
		case 15:
			str(i, v, t, &e.Request.EventCreationTime)
		case 16:
			if t == jsonparser.Null {
				return
			}
			if t != jsonparser.Object {
				fail(requestPaths[i], fmt.Errorf("want an object, got %s", t))
				return
			}
			if err := decodeIntent(v, in); err != nil {
				fail(requestPaths[i], err)
				return
			}
			e.Request.Intent = in
		case 17:
			if t != jsonparser.Object {
				return
			}
			rerr.Type, _ = jsonparser.GetString(v, "type")
			rerr.Message, _ = jsonparser.GetString(v, "message")
			e.Request.Error = rerr
		case 18:
			str(i, v, t, &cause.RequestID)
			e.Request.Cause = cause
		}
	}, requestPaths...)
	if first != nil {
		return first
	}
	if hasSession {
		e.Session = sess
	}
	if e.Request.Type == "" {
		return fmt.Errorf("%w: request.type is missing (is the body an Alexa request envelope?)", ErrBadRequest)
	}
	if e.Request.Type == TypeIntent && e.Request.Intent == nil {
		return fmt.Errorf("%w: request.intent is missing in an IntentRequest", ErrBadRequest)
	}
	return nil
}

func decodeIntent(v []byte, in *Intent) error {
	var err error
	if in.Name, err = getString(v, "name"); err != nil {
		return err
	}
	if in.ConfirmationStatus, err = getString(v, "confirmationStatus"); err != nil {
		return err
	}
	slots, t, _, gerr := jsonparser.Get(v, "slots")
	if gerr != nil || t != jsonparser.Object {
		return nil // no slots
	}
	return jsonparser.ObjectEach(slots, func(key, sv []byte, st jsonparser.ValueType, _ int) error {
		if st != jsonparser.Object {
			return nil
		}
		s := new(Slot)
		var err error
		if s.Name, err = getString(sv, "name"); err != nil {
			return err
		}
		if s.Name == "" {
			if s.Name, err = jsonparser.ParseString(key); err != nil {
				return err
			}
		}
		if s.Value, err = getString(sv, "value"); err != nil {
			return err
		}
		if s.ConfirmationStatus, err = getString(sv, "confirmationStatus"); err != nil {
			return err
		}
		rpa, rt, _, rerr := jsonparser.Get(sv, "resolutions", "resolutionsPerAuthority")
		if rerr == nil && rt == jsonparser.Array {
			s.Resolutions = new(Resolutions)
			var aerr error
			_, err := jsonparser.ArrayEach(rpa, func(rv []byte, t jsonparser.ValueType, _ int, err error) {
				if err != nil || t != jsonparser.Object || aerr != nil {
					return
				}
				var r Resolution
				if r.Authority, aerr = getString(rv, "authority"); aerr != nil {
					return
				}
				if r.Status.Code, aerr = getString(rv, "status", "code"); aerr != nil {
					return
				}
				vals, vt, _, verr := jsonparser.Get(rv, "values")
				if verr == nil && vt == jsonparser.Array {
					_, _ = jsonparser.ArrayEach(vals, func(vv []byte, t jsonparser.ValueType, _ int, err error) {
						if err != nil || t != jsonparser.Object || aerr != nil {
							return
						}
						var val ResolutionValue
						if val.Value.Name, aerr = getString(vv, "value", "name"); aerr != nil {
							return
						}
						if val.Value.ID, aerr = getString(vv, "value", "id"); aerr != nil {
							return
						}
						r.Values = append(r.Values, val)
					})
				}
				s.Resolutions.ResolutionsPerAuthority = append(s.Resolutions.ResolutionsPerAuthority, r)
			})
			if err != nil {
				return err
			}
			if aerr != nil {
				return aerr
			}
		}
		if in.Slots == nil {
			in.Slots = make(map[string]*Slot, 2)
		}
		in.Slots[s.Name] = s
		return nil
	})
}

// getString returns the string at keys, "" when absent or null, and an
// error when it is present but not a valid string.
func getString(data []byte, keys ...string) (string, error) {
	v, t, _, err := jsonparser.Get(data, keys...)
	if err != nil || t == jsonparser.Null || t == jsonparser.NotExist {
		return "", nil
	}
	if t != jsonparser.String {
		return "", fmt.Errorf("%s: want a string, got %s", joinPath(keys), t)
	}
	return jsonparser.ParseString(v)
}

func joinPath(p []string) string {
	n := 0
	for _, s := range p {
		n += len(s) + 1
	}
	b := make([]byte, 0, n)
	for i, s := range p {
		if i > 0 {
			b = append(b, '.')
		}
		b = append(b, s...)
	}
	return string(b)
}
