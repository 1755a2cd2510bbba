package validate

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/skillgen/skillgen/generator/alexa"
	"github.com/skillgen/skillgen/generator/diag"
	"github.com/skillgen/skillgen/generator/ir"
	"github.com/skillgen/skillgen/internal/facts"
)

func (b *builder) attributes() {
	goNames := map[string]string{}
	for i, a := range b.s.Attributes {
		p := fmt.Sprintf("attributes[%d]", i)
		if a.Omit {
			b.errf(p+".omit", "omit only removes an attribute inherited through extends; delete the entry instead", "no inherited attribute %q to omit", a.Name)
			continue
		}
		at := &ir.Attribute{Name: a.Name, Mutable: a.Mutable == nil || *a.Mutable, Required: a.Required, SayAs: a.SayAs}
		if a.SayAs != "" && !slices.Contains(SayAsValues, a.SayAs) {
			fix := "use one of " + strings.Join(SayAsValues, ", ")
			for _, v := range SayAsValues {
				if diag.Distance(v, a.SayAs) <= 2 {
					fix = fmt.Sprintf("did you mean %q?", v)
				}
			}
			b.errf(p+".sayAs", fix, "%q is not an interpret-as value Alexa accepts", a.SayAs)
			at.SayAs = ""
		}
		switch {
		case a.Name == "":
			b.errf(p, "add name: with an attribute such as given_name or custom:member_id", "attribute has no name")
			continue
		case strings.HasPrefix(a.Name, "custom:"):
			at.Custom = true
			short := strings.TrimPrefix(a.Name, "custom:")
			if !customRe.MatchString(a.Name) || len(short) > alexa.MaxCustomAttrName {
				b.errf(p+".name", fmt.Sprintf("use 1 to %d letters, digits or underscores after custom:", alexa.MaxCustomAttrName), "%q is not a valid custom attribute name", a.Name)
			}
			at.Type = a.Type
			if at.Type == "" {
				at.Type = "String"
			}
			if at.Type != "String" && at.Type != "Number" {
				b.errf(p+".type", "use String or Number", "custom attribute type %q is not supported", a.Type)
			}
			if a.Required {
				b.errf(p+".required", "remove required: Cognito cannot require a custom attribute; check for it in the skill instead (a missing value gets the missingAttribute message)", "custom attributes cannot be required")
			}
			if at.Type == "String" {
				at.MaxLength = alexa.DefaultCustomAttrLen
				if a.MaxLength != 0 {
					at.MaxLength = a.MaxLength
				}
				if at.MaxLength < 1 || at.MaxLength > alexa.MaxCustomAttrLen {
					b.errf(p+".maxLength", fmt.Sprintf("use 1 to %d", alexa.MaxCustomAttrLen), "maxLength %d is out of range", a.MaxLength)
				}
			} else if a.MaxLength != 0 {
				b.errf(p+".maxLength", "remove it: maxLength applies to String attributes", "maxLength on a Number attribute")
			}
		default:
			typ, ok := alexa.StandardAttributes[a.Name]
			if !ok {
				b.errf(p+".name", standardFix(a.Name), "%q is not a Cognito standard attribute", a.Name)
				continue
			}
			at.Type = typ
			if a.Type != "" {
				b.errf(p+".type", "remove it: standard attributes have Cognito's own types", "type is only for custom: attributes")
			}
			if a.MaxLength != 0 {
				b.errf(p+".maxLength", "remove it: standard attributes have Cognito's own limits", "maxLength is only for custom: attributes")
			}
		}
		if _, dup := b.attrs[a.Name]; dup {
			b.errf(p+".name", "remove the duplicate", "attribute %q is declared twice", a.Name)
			continue
		}
		at.GoName = goName(a.Name)
		if other, clash := goNames[at.GoName]; clash {
			b.errf(p+".name", "rename one of them", "attribute %q and %q both become the Go field %s", a.Name, other, at.GoName)
		}
		goNames[at.GoName] = a.Name
		at.Label = map[string]string{}
		b.checkTags(p+".label", a.Label.Tags())
		for _, loc := range b.locales {
			if l, ok := a.Label.For(loc); ok && strings.TrimSpace(l) != "" {
				at.Label[loc] = l
			} else {
				at.Label[loc] = facts.DefaultLabel(a.Name)
			}
		}
		b.attrs[a.Name] = at
		b.out.Attributes = append(b.out.Attributes, at)
	}
}

func standardFix(name string) string {
	names := make([]string, 0, len(alexa.StandardAttributes))
	for n := range alexa.StandardAttributes {
		names = append(names, n)
	}
	slices.Sort(names)
	best, bestDist := "", 1<<30
	for _, n := range names {
		if d := diag.Distance(name, n); d < bestDist {
			best, bestDist = n, d
		}
	}
	if bestDist <= 3 {
		return fmt.Sprintf("did you mean %q? (custom attributes are written custom:%s)", best, name)
	}
	return "use a standard attribute (" + strings.Join(names, ", ") + ") or custom:" + name
}

// goName turns given_name into GivenName and custom:member_id into CustomMemberID.
func goName(name string) string {
	var sb strings.Builder
	for _, part := range strings.FieldsFunc(name, func(r rune) bool { return r == '_' || r == ':' }) {
		switch up := strings.ToUpper(part); up {
		case "ID", "URL", "API", "SMS":
			sb.WriteString(up)
			continue
		}
		r := []rune(part)
		r[0] = unicode.ToUpper(r[0])
		sb.WriteString(string(r))
	}
	return sb.String()
}

func (b *builder) slotTypes() {
	total := map[string]int{}
	for i, st := range b.s.SlotTypes {
		p := fmt.Sprintf("slotTypes[%d]", i)
		if st.Omit {
			b.errf(p+".omit", "omit only removes a slot type inherited through extends; delete the entry instead", "no inherited slot type %q to omit", st.Name)
			continue
		}
		if !b.checkName(p+".name", st.Name, "slot type") {
			continue
		}
		if _, dup := b.types[st.Name]; dup {
			b.errf(p+".name", "remove or rename the duplicate", "slot type %q is declared twice", st.Name)
			continue
		}
		t := &ir.SlotType{Name: st.Name}
		if len(st.Values) == 0 {
			b.errf(p, "add values: with at least one id and value, or use a built-in AMAZON.* type", "slot type %s has no values", st.Name)
		}
		ids := map[string]bool{}
		phrases := map[string]map[string]string{} // locale → lower phrase → value id
		for j, v := range st.Values {
			vp := fmt.Sprintf("%s.values[%d]", p, j)
			if v.Omit {
				b.errf(vp+".omit", "omit only removes a value inherited through extends; delete the entry instead", "no inherited value %q to omit", v.ID)
				continue
			}
			if !valueIDRe.MatchString(v.ID) {
				b.errf(vp+".id", "use letters, digits, underscores, periods and hyphens", "value id %q is not valid", v.ID)
				continue
			}
			if ids[v.ID] {
				b.errf(vp+".id", "give each value its own id", "value id %q is used twice in slot type %s", v.ID, st.Name)
				continue
			}
			ids[v.ID] = true
			sv := &ir.SlotValue{ID: v.ID, Value: map[string]string{}, Synonyms: map[string][]string{}}
			b.checkTags(vp+".value", v.Value.Tags())
			b.checkTags(vp+".synonyms", v.Synonyms.Tags())
			values, _ := b.text(v.Value, vp+".value", fmt.Sprintf("value %q", v.ID))
			for _, loc := range b.locales {
				val, ok := values[loc]
				if !ok {
					continue
				}
				syns, _ := v.Synonyms.For(loc)
				sv.Value[loc] = val
				if len(syns) > 0 {
					sv.Synonyms[loc] = syns
				}
				if phrases[loc] == nil {
					phrases[loc] = map[string]string{}
				}
				all := append([]string{val}, syns...)
				for k, phrase := range all {
					pp := textPath(vp+".value", v.Value.TagFor(loc))
					if k > 0 {
						pp = fmt.Sprintf("%s[%d]", textPath(vp+".synonyms", v.Synonyms.TagFor(loc)), k-1)
					}
					total[loc]++
					if n := len([]rune(phrase)); n > alexa.MaxSlotValueLen {
						b.errf(pp, fmt.Sprintf("shorten it to %d characters", alexa.MaxSlotValueLen), "slot value has %d characters", n)
					}
					if strings.TrimSpace(phrase) == "" {
						b.errf(pp, "write the phrase or remove the entry", "empty slot value")
						continue
					}
					key := strings.ToLower(strings.Join(strings.Fields(phrase), " "))
					if other, dup := phrases[loc][key]; dup && other != v.ID {
						b.errf(pp, "keep the phrase under one value only", "%q is also a value or synonym of %s: entity resolution would be ambiguous", phrase, other)
					} else if !dup {
						phrases[loc][key] = v.ID
					}
				}
			}
			t.Values = append(t.Values, sv)
		}
		b.types[st.Name] = t
		b.out.SlotTypes = append(b.out.SlotTypes, t)
	}
	for _, loc := range b.locales {
		if total[loc] > alexa.MaxSlotValues {
			b.errf("slotTypes", "split the catalogue or use AMAZON.SearchQuery", "%s has %d slot values and synonyms, more than Alexa's %d", loc, total[loc], alexa.MaxSlotValues)
		}
	}
}

// checkName checks an intent, slot or slot-type name.
func (b *builder) checkName(p, name, what string) bool {
	switch {
	case name == "":
		b.errf(p, "add name:", "%s has no name", what)
	case strings.HasPrefix(name, "AMAZON."):
		b.errf(p, "choose a name without the AMAZON. prefix; built-in intents are added automatically", "%s name %q uses the reserved AMAZON. prefix", what, name)
	case !nameRe.MatchString(name):
		i := strings.IndexFunc(name, func(r rune) bool { return !(r == '_' || r < 0x80 && unicode.IsLetter(r)) })
		b.errAt(p, max(i, 0), "use letters and underscores only", "%s name %q contains %q", what, name, []rune(name[max(i, 0):])[0])
	default:
		return true
	}
	return false
}

// specAttrNames lists declared attribute names for messages.
func (b *builder) specAttrNames() string {
	var names []string
	for _, a := range b.out.Attributes {
		names = append(names, a.Name)
	}
	if len(names) == 0 {
		return "none are declared"
	}
	return strings.Join(names, ", ")
}
