package validate

import (
	"encoding/xml"
	"testing"
)

func TestSSMLAttributeValues(t *testing.T) {
	attr := func(name, v string) []xml.Attr { return []xml.Attr{{Name: xml.Name{Local: name}, Value: v}} }
	for _, c := range []struct {
		elem  string
		attrs []xml.Attr
		ok    bool
	}{
		{"break", attr("time", "10s"), true},
		{"break", attr("time", "10000ms"), true},
		{"break", attr("time", "10.5s"), false},
		{"break", attr("time", "-1s"), false},
		{"break", attr("time", "3"), false},
		{"break", attr("strength", "x-strong"), true},
		{"prosody", attr("rate", "20%"), true},
		{"prosody", attr("rate", "19%"), false},
		{"prosody", attr("pitch", "+50%"), true},
		{"prosody", attr("pitch", "+51%"), false},
		{"prosody", attr("pitch", "50%"), false},
		{"prosody", attr("volume", "+4dB"), true},
		{"prosody", attr("volume", "+6dB"), false},
		{"prosody", attr("volume", "x-loud"), true},
		{"emphasis", attr("level", "moderate"), true},
		{"say-as", attr("interpret-as", "telephone"), true},
		{"say-as", attr("interpret-as", "phone"), false},
		{"say-as", nil, false},
		{"amazon:emotion", append(attr("name", "excited"), xml.Attr{Name: xml.Name{Local: "intensity"}, Value: "high"}), true},
		{"audio", attr("src", "http://x/a.mp3"), false},
		{"s", attr("class", "x"), false},
		{"lang", []xml.Attr{{Name: xml.Name{Space: "http://www.w3.org/XML/1998/namespace", Local: "lang"}, Value: "de-DE"}}, true},
	} {
		msg := checkSSMLAttrs(c.elem, c.attrs)
		if (msg == "") != c.ok {
			t.Errorf("<%s %v>: %q, want ok=%v", c.elem, c.attrs, msg, c.ok)
		}
	}
}
