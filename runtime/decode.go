package runtime

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrBadRequest wraps every request-decoding failure.
var ErrBadRequest = errors.New("bad Alexa request")

// DecodeRequest decodes the fields of an Alexa request the runtime uses
// (the fields of RequestEnvelope; others are skipped but must be valid
// JSON). It reads the body in one pass without reflection; keys match
// exactly, as Alexa spells them.
func DecodeRequest(body []byte, e *RequestEnvelope) error {
	*e = RequestEnvelope{}
	return decodeRequest(body, e, new(Session), new(Intent), new(RequestError), new(ErrorCause))
}

// decodeRequest fills e, pointing its optional parts at the given storage
// when the body has them.
func decodeRequest(body []byte, e *RequestEnvelope, sess *Session, in *Intent, rerr *RequestError, cause *ErrorCause) error {
	d := decoder{b: body}
	err := d.object(func(key []byte) error {
		switch string(key) {
		case "version":
			return d.str(&e.Version)
		case "session":
			if d.null() {
				return nil
			}
			e.Session = sess
			return d.object(func(key []byte) error {
				switch string(key) {
				case "new":
					return d.boolean(&sess.New)
				case "sessionId":
					return d.str(&sess.SessionID)
				case "application":
					return d.application(&sess.Application)
				case "user":
					return d.user(&sess.User)
				}
				return d.skip()
			})
		case "context":
			return d.object(func(key []byte) error {
				if string(key) != "System" {
					return d.skip()
				}
				sys := &e.Context.System
				return d.object(func(key []byte) error {
					switch string(key) {
					case "application":
						return d.application(&sys.Application)
					case "user":
						return d.user(&sys.User)
					case "person":
						if d.null() {
							return nil
						}
						return d.person(&sys.Person)
					case "apiEndpoint":
						return d.str(&sys.APIEndpoint)
					}
					return d.skip()
				})
			})
		case "request":
			return d.request(&e.Request, in, rerr, cause)
		}
		return d.skip()
	})
	if err == nil {
		d.ws()
		if d.i != len(d.b) {
			err = d.errorf("unexpected data after the request object")
		}
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadRequest, err)
	}
	if e.Request.Type == "" {
		return fmt.Errorf("%w: request.type is missing (is the body an Alexa request envelope?)", ErrBadRequest)
	}
	if e.Request.Type == TypeIntent && e.Request.Intent == nil {
		return fmt.Errorf("%w: request.intent is missing in an IntentRequest", ErrBadRequest)
	}
	return nil
}

func (d *decoder) request(r *Request, in *Intent, rerr *RequestError, cause *ErrorCause) error {
	return d.object(func(key []byte) error {
		switch string(key) {
		case "type":
			return d.str(&r.Type)
		case "requestId":
			return d.str(&r.RequestID)
		case "timestamp":
			return d.str(&r.Timestamp)
		case "locale":
			return d.str(&r.Locale)
		case "reason":
			return d.str(&r.Reason)
		case "eventCreationTime":
			return d.str(&r.EventCreationTime)
		case "intent":
			if d.null() {
				return nil
			}
			r.Intent = in
			return d.intent(in)
		case "error":
			if d.null() {
				return nil
			}
			r.Error = rerr
			return d.object(func(key []byte) error {
				switch string(key) {
				case "type":
					return d.str(&rerr.Type)
				case "message":
					return d.str(&rerr.Message)
				}
				return d.skip()
			})
		case "cause":
			if d.null() {
				return nil
			}
			r.Cause = cause
			return d.object(func(key []byte) error {
				if string(key) == "requestId" {
					return d.str(&cause.RequestID)
				}
				return d.skip()
			})
		}
		return d.skip()
	})
}

func (d *decoder) intent(in *Intent) error {
	return d.object(func(key []byte) error {
		switch string(key) {
		case "name":
			return d.str(&in.Name)
		case "confirmationStatus":
			return d.str(&in.ConfirmationStatus)
		case "slots":
			if d.null() {
				return nil
			}
			return d.object(func(key []byte) error {
				if d.null() {
					return nil
				}
				s := new(Slot)
				if err := d.slot(s); err != nil {
					return err
				}
				name, err := d.keyString(key)
				if err != nil {
					return err
				}
				if in.Slots == nil {
					in.Slots = make(map[string]*Slot, 2)
				}
				in.Slots[name] = s
				return nil
			})
		}
		return d.skip()
	})
}

func (d *decoder) slot(s *Slot) error {
	return d.object(func(key []byte) error {
		switch string(key) {
		case "name":
			return d.str(&s.Name)
		case "value":
			return d.str(&s.Value)
		case "confirmationStatus":
			return d.str(&s.ConfirmationStatus)
		case "resolutions":
			if d.null() {
				return nil
			}
			s.Resolutions = new(Resolutions)
			return d.object(func(key []byte) error {
				if string(key) != "resolutionsPerAuthority" {
					return d.skip()
				}
				return d.array(func() error {
					var r Resolution
					if err := d.object(func(key []byte) error {
						switch string(key) {
						case "authority":
							return d.str(&r.Authority)
						case "status":
							return d.object(func(key []byte) error {
								if string(key) == "code" {
									return d.str(&r.Status.Code)
								}
								return d.skip()
							})
						case "values":
							return d.array(func() error {
								var v ResolutionValue
								err := d.object(func(key []byte) error {
									if string(key) != "value" {
										return d.skip()
									}
									return d.object(func(key []byte) error {
										switch string(key) {
										case "name":
											return d.str(&v.Value.Name)
										case "id":
											return d.str(&v.Value.ID)
										}
										return d.skip()
									})
								})
								r.Values = append(r.Values, v)
								return err
							})
						}
						return d.skip()
					}); err != nil {
						return err
					}
					s.Resolutions.ResolutionsPerAuthority = append(s.Resolutions.ResolutionsPerAuthority, r)
					return nil
				})
			})
		}
		return d.skip()
	})
}

func (d *decoder) application(a *Application) error {
	return d.object(func(key []byte) error {
		if string(key) == "applicationId" {
			return d.str(&a.ApplicationID)
		}
		return d.skip()
	})
}

func (d *decoder) user(u *User) error {
	return d.object(func(key []byte) error {
		switch string(key) {
		case "userId":
			return d.str(&u.UserID)
		case "accessToken":
			return d.str(&u.AccessToken)
		}
		return d.skip()
	})
}

func (d *decoder) person(p *Person) error {
	return d.object(func(key []byte) error {
		switch string(key) {
		case "personId":
			return d.str(&p.PersonID)
		case "accessToken":
			return d.str(&p.AccessToken)
		}
		return d.skip()
	})
}

// decoder is a small JSON reader for the request envelope: objects are
// walked key by key, unknown values skipped (and checked).
type decoder struct {
	b     []byte
	i     int
	depth int
}

// maxDepth bounds nesting, so that hostile bodies cannot exhaust the stack.
const maxDepth = 64

func (d *decoder) errorf(format string, args ...any) error {
	return fmt.Errorf("offset %d: %s", d.i, fmt.Sprintf(format, args...))
}

func (d *decoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (d *decoder) peek() byte {
	d.ws()
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

// null consumes a null literal if one is next.
func (d *decoder) null() bool {
	if d.peek() == 'n' && len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// object reads an object, calling field for each key with the decoder
// positioned at the value, which field must consume.
func (d *decoder) object(field func(key []byte) error) error {
	if d.null() {
		return nil // as encoding/json: null leaves the struct as it is
	}
	if d.peek() != '{' {
		return d.errorf("want an object")
	}
	if d.depth++; d.depth > maxDepth {
		return d.errorf("nested too deep")
	}
	d.i++
	if d.peek() == '}' {
		d.i++
		d.depth--
		return nil
	}
	for {
		if d.peek() != '"' {
			return d.errorf("want a key")
		}
		key, _, err := d.rawString()
		if err != nil {
			return err
		}
		if d.peek() != ':' {
			return d.errorf("want ':'")
		}
		d.i++
		if err := field(key); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			d.depth--
			return nil
		default:
			return d.errorf("want ',' or '}'")
		}
	}
}

// array reads an array, calling elem with the decoder at each element.
func (d *decoder) array(elem func() error) error {
	if d.null() {
		return nil
	}
	if d.peek() != '[' {
		return d.errorf("want an array")
	}
	if d.depth++; d.depth > maxDepth {
		return d.errorf("nested too deep")
	}
	d.i++
	if d.peek() == ']' {
		d.i++
		d.depth--
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.i++
		case ']':
			d.i++
			d.depth--
			return nil
		default:
			return d.errorf("want ',' or ']'")
		}
	}
}

// rawString reads a string and returns its bytes between the quotes, and
// whether it has escapes. d is at the opening quote.
func (d *decoder) rawString() (raw []byte, escaped bool, err error) {
	start := d.i + 1
	// Fast path: most strings (tokens of a kilobyte and more among them)
	// hold no escape. IndexByte finds the closing quote with SIMD; the
	// string is taken as is when it holds no backslash and no control
	// character.
	if n := bytes.IndexByte(d.b[start:], '"'); n >= 0 {
		raw := d.b[start : start+n]
		if bytes.IndexByte(raw, '\\') < 0 && !hasControl(raw) {
			d.i = start + n + 1
			return raw, false, nil
		}
	}
	for j := start; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			d.i = j + 1
			return d.b[start:j], escaped, nil
		case c == '\\':
			escaped = true
			n := escapeLen(d.b[j+1:])
			if n == 0 {
				d.i = j
				return nil, false, d.errorf("bad escape in a string")
			}
			j += n
		case c < 0x20:
			d.i = j
			return nil, false, d.errorf("control character in a string")
		}
	}
	d.i = len(d.b)
	return nil, false, d.errorf("unterminated string")
}

// escapeLen returns how many bytes after a backslash form a valid JSON
// escape (1 for \n and the like, 5 for \uXXXX), or 0 when they do not.
func escapeLen(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 1
	case 'u':
		if len(b) < 5 {
			return 0
		}
		for _, h := range b[1:5] {
			if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
				return 0
			}
		}
		return 5
	}
	return 0
}

// number reads over a JSON number (RFC 8259: -?int frac? exp?) and
// returns false when the bytes at d.i are not one.
func (d *decoder) number() bool {
	b, j := d.b, d.i
	digits := func() bool {
		k := j
		for j < len(b) && b[j] >= '0' && b[j] <= '9' {
			j++
		}
		return j > k
	}
	if j < len(b) && b[j] == '-' {
		j++
	}
	switch {
	case j < len(b) && b[j] == '0':
		j++
	case !digits():
		return false
	}
	if j < len(b) && b[j] == '.' {
		j++
		if !digits() {
			return false
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		if !digits() {
			return false
		}
	}
	d.i = j
	return true
}

// hasControl reports whether b holds a byte below 0x20, which JSON forbids
// unescaped in a string.
func hasControl(b []byte) bool {
	for len(b) >= 8 {
		// a byte below 0x20 has none of its bits 5, 6, 7 set
		x := binary.LittleEndian.Uint64(b)
		if (x-0x2020202020202020)&^x&0x8080808080808080 != 0 {
			return true
		}
		b = b[8:]
	}
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// str reads a string (or null, leaving dst alone) into dst.
func (d *decoder) str(dst *string) error {
	switch d.peek() {
	case '"':
	case 'n':
		if d.null() {
			return nil
		}
		fallthrough
	default:
		return d.errorf("want a string")
	}
	start := d.i
	raw, escaped, err := d.rawString()
	if err != nil {
		return err
	}
	if !escaped && utf8.Valid(raw) {
		*dst = string(raw)
		return nil
	}
	// rare: let encoding/json apply the escapes and UTF-8 rules
	if err := json.Unmarshal(d.b[start:d.i], dst); err != nil {
		return d.errorf("bad string: %v", err)
	}
	return nil
}

func (d *decoder) keyString(raw []byte) (string, error) {
	if !bytesHasBackslash(raw) && utf8.Valid(raw) {
		return string(raw), nil
	}
	quoted := make([]byte, 0, len(raw)+2)
	quoted = append(append(append(quoted, '"'), raw...), '"')
	var s string
	if err := json.Unmarshal(quoted, &s); err != nil {
		return "", d.errorf("bad key: %v", err)
	}
	return s, nil
}

func bytesHasBackslash(b []byte) bool {
	for _, c := range b {
		if c == '\\' {
			return true
		}
	}
	return false
}

func (d *decoder) boolean(dst *bool) error {
	switch d.peek() {
	case 't':
		if len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "true" {
			d.i += 4
			*dst = true
			return nil
		}
	case 'f':
		if len(d.b)-d.i >= 5 && string(d.b[d.i:d.i+5]) == "false" {
			d.i += 5
			*dst = false
			return nil
		}
	case 'n':
		if d.null() {
			return nil
		}
	}
	return d.errorf("want a boolean")
}

// skip reads over any value, checking its syntax as encoding/json would.
func (d *decoder) skip() error {
	switch c := d.peek(); {
	case c == '{':
		return d.object(func([]byte) error { return d.skip() })
	case c == '[':
		return d.array(d.skip)
	case c == '"':
		_, _, err := d.rawString()
		return err
	case c == 't' || c == 'f':
		var b bool
		return d.boolean(&b)
	case c == 'n':
		if d.null() {
			return nil
		}
	case c == '-' || c >= '0' && c <= '9':
		if d.number() {
			return nil
		}
		return d.errorf("bad number")
	}
	return d.errorf("want a value")
}
