package spec

import (
	"maps"
	"slices"
	"strings"

	"github.com/invopop/jsonschema"
)

// TagPattern matches the keys of localized text: a language ("en") or a
// locale ("en-GB").
const TagPattern = `^[a-z]{2}(-[A-Z]{2})?$`

// Text is localized text. In YAML it is either a plain string, used for every
// locale, or a map from language ("en") or locale ("en-GB") to text. A
// locale's own entry wins over its language's, which wins over a plain string.
type Text struct {
	All   string            // the plain-string form; applies to every locale
	ByTag map[string]string // language or locale → text
	set   bool              // the plain-string form was given
}

// NewText returns text for every locale.
func NewText(s string) Text { return Text{All: s, set: true} }

// LocalText returns text given per language or locale.
func LocalText(byTag map[string]string) Text { return Text{ByTag: byTag} }

// IsSet reports whether the text was given at all.
func (t Text) IsSet() bool { return t.set || len(t.ByTag) > 0 }

// For returns the text for a locale such as en-GB, falling back to its
// language (en) and then to the plain string.
func (t Text) For(locale string) (string, bool) {
	v, _, ok := lookup(t.ByTag, t.All, t.set, locale)
	return v, ok
}

// Tags returns the map keys in sorted order.
func (t Text) Tags() []string { return slices.Sorted(maps.Keys(t.ByTag)) }

// TagFor returns the key that For(locale) used ("" for the plain string).
func (t Text) TagFor(locale string) string {
	_, tag, _ := lookup(t.ByTag, t.All, t.set, locale)
	return tag
}

// MarshalYAML writes the text back in the form it was given.
func (t Text) MarshalYAML() (any, error) {
	if t.set {
		return t.All, nil
	}
	return t.ByTag, nil
}

// JSONSchema: a string, or a map from language or locale to string.
func (Text) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{
		Description: "Localized text: a string for every locale, or a map from language (en) or locale (en-GB) to text.",
		OneOf: []*jsonschema.Schema{
			{Type: "string"},
			{
				Type:                 "object",
				PatternProperties:    map[string]*jsonschema.Schema{TagPattern: {Type: "string"}},
				AdditionalProperties: jsonschema.FalseSchema,
				MinProperties:        ptr(uint64(1)),
			},
		},
	}
}

// TextList is a localized list of strings: a plain list for every locale, or
// a map from language or locale to a list. A locale's own list replaces its
// language's list; lists are not concatenated.
type TextList struct {
	All   []string
	ByTag map[string][]string
	set   bool // the plain-list form was given
}

// NewTextList returns a list for every locale.
func NewTextList(s ...string) TextList { return TextList{All: s, set: true} }

// IsSet reports whether the list was given at all.
func (t TextList) IsSet() bool { return t.set || len(t.ByTag) > 0 }

// For returns the list for a locale, with the same fallbacks as Text.For.
func (t TextList) For(locale string) ([]string, bool) {
	v, _, ok := lookup(t.ByTag, t.All, t.set, locale)
	return v, ok
}

// TagFor returns the key that For(locale) used ("" for the plain list).
func (t TextList) TagFor(locale string) string {
	_, tag, _ := lookup(t.ByTag, t.All, t.set, locale)
	return tag
}

// Tags returns the map keys in sorted order.
func (t TextList) Tags() []string { return slices.Sorted(maps.Keys(t.ByTag)) }

// MarshalYAML writes the list back in the form it was given.
func (t TextList) MarshalYAML() (any, error) {
	if t.set {
		return t.All, nil
	}
	return t.ByTag, nil
}

// JSONSchema: a list of strings, or a map from language or locale to one.
func (TextList) JSONSchema() *jsonschema.Schema {
	list := &jsonschema.Schema{Type: "array", Items: &jsonschema.Schema{Type: "string"}}
	return &jsonschema.Schema{
		Description: "Localized list: a list for every locale, or a map from language (en) or locale (en-GB) to a list.",
		OneOf: []*jsonschema.Schema{
			list,
			{
				Type:                 "object",
				PatternProperties:    map[string]*jsonschema.Schema{TagPattern: list},
				AdditionalProperties: jsonschema.FalseSchema,
				MinProperties:        ptr(uint64(1)),
			},
		},
	}
}

// lookup resolves a localized value for a locale: the locale's own entry,
// then its language's, then the plain form (tag ""), if given.
func lookup[T any](byTag map[string]T, all T, set bool, locale string) (v T, tag string, ok bool) {
	if v, ok := byTag[locale]; ok {
		return v, locale, true
	}
	if lang := Language(locale); lang != locale {
		if v, ok := byTag[lang]; ok {
			return v, lang, true
		}
	}
	if set {
		return all, "", true
	}
	return v, "", false
}

// Language returns the language of a locale: "en" for "en-GB".
func Language(locale string) string {
	if i := strings.IndexByte(locale, '-'); i >= 0 {
		return locale[:i]
	}
	return locale
}

func ptr[T any](v T) *T { return &v }
