package runtime

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skillgen/skillgen/internal/facts"
)

func TestWriterEscapesValues(t *testing.T) {
	w := &Writer{}
	w.Text("Hi ")
	w.Value(`<b>Tom & "Jerry" 'x'</b>` + "\x00\x1b\xff")
	w.SayAs("+1 555 <0100>", "telephone")
	want := `Hi &lt;b&gt;Tom &amp; &quot;Jerry&quot; &apos;x&apos;&lt;/b&gt;   <say-as interpret-as="telephone">+1 555 &lt;0100&gt;</say-as>`
	if got := string(w.buf); got != want {
		t.Errorf("speech:\n got %s\nwant %s", got, want)
	}
	wellFormed(t, string(w.buf))

	p := &Writer{plain: true}
	p.Value("Tom & Jerry")
	p.SayAs("555", "telephone")
	if got := string(p.buf); got != "Tom & Jerry555" {
		t.Errorf("card: %q", got)
	}
}

func TestWriterMissingJoinsLabels(t *testing.T) {
	for _, c := range []struct {
		lang   string
		labels []string
		want   string
	}{
		{"en", []string{"phone number"}, "phone number"},
		{"en", []string{"phone number", "email address"}, "phone number and email address"},
		{"en", []string{"a", "b", "c"}, "a, b and c"},
		{"de", []string{"Telefonnummer", "E-Mail"}, "Telefonnummer und E-Mail"},
		{"en", []string{"R&D code", "x"}, "R&amp;D code and x"},
	} {
		w := &Writer{lang: c.lang, missing: c.labels}
		w.Missing()
		if got := string(w.buf); got != c.want {
			t.Errorf("%v: got %q, want %q", c.labels, got, c.want)
		}
	}
}

// wellFormed fails unless <speak>s</speak> parses as XML.
func wellFormed(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(speakOpen + s + speakClose))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed SSML (%v): %.200s…", err, s)
		}
	}
}

func TestTruncateSSML(t *testing.T) {
	unit := `Your name is <say-as interpret-as="spell-out">Tom &amp; Jerry</say-as>, <emphasis level="strong">really <break time="1s"/> yes</emphasis>. ü€😀 `
	long := strings.Repeat(unit, 200)
	for _, c := range []struct{ chars, bytes int }{
		{facts.MaxSpeechChars, facts.MaxResponseBytes}, {100, 1000}, {7999, 3000}, {40, 40}, {17, 17},
	} {
		got := truncateSSML(long, c.chars, c.bytes)
		full := speakOpen + got + speakClose
		if n := utf8.RuneCountInString(full); n > c.chars {
			t.Errorf("%v: %d chars", c, n)
		}
		if len(full) > c.bytes {
			t.Errorf("%v: %d bytes", c, len(full))
		}
		if len(got) == 0 && c.chars > 60 {
			t.Errorf("%v: cut everything", c)
		}
		wellFormed(t, got)
		if strings.Count(got, "&") != strings.Count(got, ";") {
			t.Errorf("%v: cut inside an entity: %q", c, got[max(0, len(got)-40):])
		}
	}
	short := "Hello <say-as interpret-as=\"telephone\">1</say-as>."
	if got := truncateSSML(short, facts.MaxSpeechChars, facts.MaxResponseBytes); got != short {
		t.Errorf("short speech changed: %q", got)
	}
}

func TestTruncatePlain(t *testing.T) {
	if got := truncatePlain("hello world", 100); got != "hello world" {
		t.Error(got)
	}
	got := truncatePlain(strings.Repeat("äbc ", 50), 21)
	if len(got) > 21 || !utf8.ValidString(got) || !strings.HasSuffix(got, "…") {
		t.Errorf("%q", got)
	}
}

func TestAddressText(t *testing.T) {
	for in, want := range map[string]string{
		"410 Terry Ave N, Seattle":                         "410 Terry Ave N, Seattle",
		`{"formatted":"1 Main St, Springfield"}`:           "1 Main St, Springfield",
		`{"street_address":"1 Main St","locality":"Oslo"}`: "1 Main St, Oslo",
		`{not json`:                             `{not json`,
		`{}`:                                    "",
		`{"formatted": ""}`:                     "",
		`{"formatted": "  ", "country": " \n"}`: "",
	} {
		if got := AddressText(in); got != want {
			t.Errorf("AddressText(%q) = %q, want %q", in, got, want)
		}
	}
}
