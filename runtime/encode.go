package runtime

import "unicode/utf8"

// appendResponse appends the JSON of r's response envelope to dst, in the
// field order and shape of ResponseEnvelope with encoding/json (HTML
// characters unescaped).
func appendResponse(dst []byte, r *result) []byte {
	dst = append(dst, `{"version":"1.0","response":{`...)
	if r.empty {
		return append(dst, "}}"...)
	}
	dst = append(dst, `"outputSpeech":{"type":"SSML","ssml":"`...)
	dst = appendSpeak(dst, r.speech)
	dst = append(dst, `"}`...)
	if r.cardType != "" {
		dst = append(dst, `,"card":{"type":"`...)
		dst = append(dst, r.cardType...)
		dst = append(dst, '"')
		if len(r.cardTitle) > 0 {
			dst = append(dst, `,"title":"`...)
			dst = appendJSONString(dst, r.cardTitle)
			dst = append(dst, '"')
		}
		if len(r.cardText) > 0 {
			dst = append(dst, `,"content":"`...)
			dst = appendJSONString(dst, r.cardText)
			dst = append(dst, '"')
		}
		dst = append(dst, '}')
	}
	if r.hasReprompt {
		dst = append(dst, `,"reprompt":{"outputSpeech":{"type":"SSML","ssml":"`...)
		dst = appendSpeak(dst, r.reprompt)
		dst = append(dst, `"}}`...)
	}
	if r.endSet {
		if r.end {
			dst = append(dst, `,"shouldEndSession":true`...)
		} else {
			dst = append(dst, `,"shouldEndSession":false`...)
		}
	}
	return append(dst, "}}"...)
}

func appendSpeak(dst, body []byte) []byte {
	dst = append(dst, speakOpen...)
	dst = appendJSONString(dst, body)
	return append(dst, speakClose...)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s escaped as the inside of a JSON string.
// Invalid UTF-8 becomes U+FFFD, as with encoding/json.
func appendJSONString(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}
