package scaffold

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/skillgen/skillgen/generator/lang"
)

// starter is the starter skill's text in one language: what each intent
// says and hears, the messages and the store listing. %s in Launch is the
// skill's name; %s in Ask is the invocation name.
type starter struct {
	Labels                      [3]string // given_name, email, phone_number
	Name, Email, Phone          []string  // samples
	NameSay, EmailSay, PhoneSay string
	WhatElse                    string // reprompt after an answer
	Launch, WhatNow             string
	Help, Stop                  string
	Fallback                    string
	LinkAccount, Missing, Err   string
	Summary, Description        string
	// Ask is the second example phrase: wake word, a request phrase of
	// the language's facts, the invocation name and a sample.
	Ask string
	// Try is a request to try the skill with in dialog.
	Try string
}

// starters holds the languages skillgen init writes a starter skill in.
// English is the template in scaffold.go; these follow it line by line.
var starters = map[string]*starter{
	"de": {
		Labels:      [3]string{"Vorname", "E-Mail-Adresse", "Telefonnummer"},
		Name:        []string{"{wie ist|sag mir} mein vorname", "sag mir meinen vornamen", "wie heiße ich", "wer bin ich", "wie mein vorname ist"},
		Email:       []string{"{wie ist|sag mir} meine {email adresse|e-mail-adresse|email}", "wie meine {email adresse|e-mail-adresse} ist"},
		Phone:       []string{"{wie ist|sag mir} meine {telefonnummer|handynummer|nummer}", "wie meine telefonnummer ist"},
		NameSay:     "Dein Vorname ist {given_name}. Was noch?",
		EmailSay:    "Deine E-Mail-Adresse ist {email}. Was noch?",
		PhoneSay:    "Deine Telefonnummer ist {phone_number}.",
		WhatElse:    "Was möchtest du noch wissen?",
		Launch:      "Willkommen bei %s, {given_name}. Frag nach deinem Vornamen, deiner E-Mail-Adresse oder deiner Telefonnummer.",
		WhatNow:     "Was möchtest du wissen?",
		Help:        "Du kannst fragen: wie ist mein Vorname, wie ist meine E-Mail-Adresse oder wie ist meine Telefonnummer.",
		Stop:        "Tschüss.",
		Fallback:    "Das kann ich leider nicht. Frag nach deinem Vornamen, deiner E-Mail-Adresse oder deiner Telefonnummer.",
		LinkAccount: "Bitte verknüpfe zuerst dein Konto in der Alexa App.",
		Missing:     "In deinem Profil fehlt noch die Angabe {missing}.",
		Err:         "Ich konnte dein Profil leider nicht erreichen. Bitte versuch es später noch einmal.",
		Summary:     "Beantwortet Fragen zu deinem verknüpften Profil.",
		Description: "Verknüpfe dein Konto und frag dann nach deinem Vornamen, deiner E-Mail-Adresse oder deiner Telefonnummer.",
		Ask:         "Alexa, frage %s, wie mein Vorname ist",
		Try:         "wie ist mein vorname",
	},
	"fr": {
		Labels:      [3]string{"prénom", "adresse e-mail", "numéro de téléphone"},
		Name:        []string{"{quel est|dis-moi} mon prénom", "comment je m'appelle", "qui suis-je"},
		Email:       []string{"{quelle est|dis-moi} mon adresse {e-mail|mail}", "{quel est|dis-moi} mon {e-mail|mail}"},
		Phone:       []string{"{quel est|dis-moi} mon {numéro de téléphone|numéro}"},
		NameSay:     "Ton prénom est {given_name}. Quoi d'autre ?",
		EmailSay:    "Ton adresse e-mail est {email}. Quoi d'autre ?",
		PhoneSay:    "Ton numéro de téléphone est {phone_number}.",
		WhatElse:    "Que veux-tu savoir d'autre ?",
		Launch:      "Bienvenue dans %s, {given_name}. Demande ton prénom, ton adresse e-mail ou ton numéro de téléphone.",
		WhatNow:     "Que veux-tu savoir ?",
		Help:        "Tu peux demander : quel est mon prénom, quelle est mon adresse e-mail ou quel est mon numéro de téléphone.",
		Stop:        "Au revoir.",
		Fallback:    "Désolé, je ne peux pas t'aider avec ça. Demande ton prénom, ton adresse e-mail ou ton numéro de téléphone.",
		LinkAccount: "Associe d'abord ton compte dans l'application Alexa.",
		Missing:     "Ton profil ne contient pas encore ce renseignement : {missing}.",
		Err:         "Désolé, je n'ai pas pu joindre ton profil. Réessaie plus tard.",
		Summary:     "Répond aux questions sur ton profil associé.",
		Description: "Associe ton compte, puis demande ton prénom, ton adresse e-mail ou ton numéro de téléphone.",
		Ask:         "Alexa, demande à %s quel est mon prénom",
		Try:         "quel est mon prénom",
	},
	"es": {
		Labels:      [3]string{"nombre", "correo electrónico", "número de teléfono"},
		Name:        []string{"{cuál es|dime} mi nombre", "cómo me llamo", "quién soy"},
		Email:       []string{"{cuál es|dime} mi {correo|correo electrónico|email}"},
		Phone:       []string{"{cuál es|dime} mi {número de teléfono|teléfono|número}"},
		NameSay:     "Tu nombre es {given_name}. ¿Qué más?",
		EmailSay:    "Tu correo electrónico es {email}. ¿Qué más?",
		PhoneSay:    "Tu número de teléfono es {phone_number}.",
		WhatElse:    "¿Qué más quieres saber?",
		Launch:      "Te doy la bienvenida a %s, {given_name}. Pregunta por tu nombre, tu correo electrónico o tu número de teléfono.",
		WhatNow:     "¿Qué quieres saber?",
		Help:        "Puedes preguntar: cuál es mi nombre, cuál es mi correo electrónico o cuál es mi número de teléfono.",
		Stop:        "Adiós.",
		Fallback:    "Lo siento, no puedo ayudarte con eso. Pregunta por tu nombre, tu correo electrónico o tu número de teléfono.",
		LinkAccount: "Primero vincula tu cuenta en la aplicación de Alexa.",
		Missing:     "Tu perfil todavía no tiene este dato: {missing}.",
		Err:         "Lo siento, no he podido acceder a tu perfil. Inténtalo de nuevo más tarde.",
		Summary:     "Responde preguntas sobre tu perfil vinculado.",
		Description: "Vincula tu cuenta y pregunta por tu nombre, tu correo electrónico o tu número de teléfono.",
		Ask:         "Alexa, pregunta a %s cuál es mi nombre",
		Try:         "cuál es mi nombre",
	},
	"it": {
		Labels:      [3]string{"nome", "indirizzo email", "numero di telefono"},
		Name:        []string{"{qual è|dimmi} il mio nome", "come mi chiamo", "chi sono"},
		Email:       []string{"{qual è|dimmi} il mio {indirizzo email|indirizzo e-mail|email}"},
		Phone:       []string{"{qual è|dimmi} il mio {numero di telefono|numero}"},
		NameSay:     "Il tuo nome è {given_name}. Cos'altro?",
		EmailSay:    "Il tuo indirizzo email è {email}. Cos'altro?",
		PhoneSay:    "Il tuo numero di telefono è {phone_number}.",
		WhatElse:    "Cos'altro vuoi sapere?",
		Launch:      "Benvenuto in %s, {given_name}. Chiedi il tuo nome, il tuo indirizzo email o il tuo numero di telefono.",
		WhatNow:     "Cosa vuoi sapere?",
		Help:        "Puoi chiedere: qual è il mio nome, qual è il mio indirizzo email o qual è il mio numero di telefono.",
		Stop:        "Arrivederci.",
		Fallback:    "Mi dispiace, non posso aiutarti con questo. Chiedi il tuo nome, il tuo indirizzo email o il tuo numero di telefono.",
		LinkAccount: "Collega prima il tuo account nell'app Alexa.",
		Missing:     "Il tuo profilo non ha ancora questo dato: {missing}.",
		Err:         "Mi dispiace, non sono riuscita a raggiungere il tuo profilo. Riprova più tardi.",
		Summary:     "Risponde a domande sul tuo profilo collegato.",
		Description: "Collega il tuo account, poi chiedi il tuo nome, il tuo indirizzo email o il tuo numero di telefono.",
		Ask:         "Alexa, chiedi a %s qual è il mio nome",
		Try:         "qual è il mio nome",
	},
	"pt": {
		Labels:      [3]string{"nome", "e-mail", "número de telefone"},
		Name:        []string{"{qual é|me diga} o meu nome", "como eu me chamo", "quem sou eu"},
		Email:       []string{"{qual é|me diga} o meu {e-mail|email|endereço de e-mail}"},
		Phone:       []string{"{qual é|me diga} o meu {número de telefone|telefone|número}"},
		NameSay:     "Seu nome é {given_name}. O que mais?",
		EmailSay:    "Seu e-mail é {email}. O que mais?",
		PhoneSay:    "Seu número de telefone é {phone_number}.",
		WhatElse:    "O que mais você quer saber?",
		Launch:      "Boas-vindas ao %s, {given_name}. Pergunte pelo seu nome, e-mail ou número de telefone.",
		WhatNow:     "O que você quer saber?",
		Help:        "Você pode perguntar: qual é o meu nome, qual é o meu e-mail ou qual é o meu número de telefone.",
		Stop:        "Tchau.",
		Fallback:    "Desculpe, não posso ajudar com isso. Pergunte pelo seu nome, e-mail ou número de telefone.",
		LinkAccount: "Primeiro vincule sua conta no aplicativo Alexa.",
		Missing:     "Seu perfil ainda não tem este dado: {missing}.",
		Err:         "Desculpe, não consegui acessar seu perfil. Tente novamente mais tarde.",
		Summary:     "Responde perguntas sobre o seu perfil vinculado.",
		Description: "Vincule sua conta e pergunte pelo seu nome, e-mail ou número de telefone.",
		Ask:         "Alexa, pergunte para %s qual é o meu nome",
		Try:         "qual é o meu nome",
	},
	"nl": {
		Labels:      [3]string{"voornaam", "e-mailadres", "telefoonnummer"},
		Name:        []string{"wat is mijn voornaam", "wat mijn voornaam is", "hoe heet ik", "wie ben ik"},
		Email:       []string{"wat is mijn {e-mailadres|e-mail|email}", "wat mijn {e-mailadres|e-mail} is"},
		Phone:       []string{"wat is mijn {telefoonnummer|nummer}", "wat mijn {telefoonnummer|nummer} is"},
		NameSay:     "Je voornaam is {given_name}. Wat nog meer?",
		EmailSay:    "Je e-mailadres is {email}. Wat nog meer?",
		PhoneSay:    "Je telefoonnummer is {phone_number}.",
		WhatElse:    "Wat wil je nog meer weten?",
		Launch:      "Welkom bij %s, {given_name}. Vraag naar je voornaam, je e-mailadres of je telefoonnummer.",
		WhatNow:     "Wat wil je weten?",
		Help:        "Je kunt vragen: wat is mijn voornaam, wat is mijn e-mailadres of wat is mijn telefoonnummer.",
		Stop:        "Tot ziens.",
		Fallback:    "Sorry, daar kan ik je niet mee helpen. Vraag naar je voornaam, je e-mailadres of je telefoonnummer.",
		LinkAccount: "Koppel eerst je account in de Alexa-app.",
		Missing:     "Je profiel heeft dit gegeven nog niet: {missing}.",
		Err:         "Sorry, ik kon je profiel niet bereiken. Probeer het later opnieuw.",
		Summary:     "Beantwoordt vragen over je gekoppelde profiel.",
		Description: "Koppel je account en vraag daarna naar je voornaam, je e-mailadres of je telefoonnummer.",
		Ask:         "Alexa, vraag %s wat mijn voornaam is",
		Try:         "wat is mijn voornaam",
	},
	"ja": {
		Labels:      [3]string{"名前", "メールアドレス", "電話番号"},
		Name:        []string{"私の名前を教えて", "私の名前は何", "私は誰"},
		Email:       []string{"私のメールアドレスを教えて", "私のメールアドレスは何"},
		Phone:       []string{"私の電話番号を教えて", "私の電話番号は何"},
		NameSay:     "あなたの名前は{given_name}です。ほかに知りたいことはありますか？",
		EmailSay:    "あなたのメールアドレスは{email}です。ほかに知りたいことはありますか？",
		PhoneSay:    "あなたの電話番号は{phone_number}です。",
		WhatElse:    "ほかに知りたいことはありますか？",
		Launch:      "%sへようこそ、{given_name}さん。名前、メールアドレス、電話番号を聞いてください。",
		WhatNow:     "何を知りたいですか？",
		Help:        "「私の名前を教えて」、「私のメールアドレスを教えて」、「私の電話番号を教えて」のように聞いてください。",
		Stop:        "さようなら。",
		Fallback:    "すみません、それにはお答えできません。名前、メールアドレス、電話番号を聞いてください。",
		LinkAccount: "まずAlexaアプリでアカウントをリンクしてください。",
		Missing:     "プロフィールに{missing}がまだ登録されていません。",
		Err:         "すみません、プロフィールを取得できませんでした。しばらくしてからもう一度お試しください。",
		Summary:     "リンクしたプロフィールについての質問に答えます。",
		Description: "アカウントをリンクして、名前、メールアドレス、電話番号を聞いてください。",
		Ask:         "アレクサ、%sで私の名前を教えて",
		Try:         "私の名前を教えて",
	},
}

// english is the template's text, for skills mixing English with
// another language.
var english = &starter{
	Labels:      [3]string{"first name", "email address", "phone number"},
	Name:        []string{"{what is|what's|tell me} my name", "who am i"},
	Email:       []string{"{what is|what's|tell me} my {email|email address}"},
	Phone:       []string{"{what is|what's|tell me} my {phone|phone number|number}"},
	NameSay:     "Your name is {given_name}. What else?",
	EmailSay:    "Your email address is {email}. What else?",
	PhoneSay:    "Your phone number is {phone_number}.",
	WhatElse:    "What else would you like to know?",
	Launch:      "Welcome to %s, {given_name}. Ask for your name, email or phone number.",
	WhatNow:     "What would you like to know?",
	Help:        "You can ask what is my name, what is my email, or what is my phone number.",
	Stop:        "Goodbye.",
	Fallback:    "Sorry, I can't help with that. Ask for your name, email or phone number.",
	LinkAccount: "Please link your account in the Alexa app first.",
	Missing:     "Your profile has no {missing} yet.",
	Err:         "Sorry, I couldn't reach your profile. Please try again later.",
	Summary:     "Answers questions about your linked profile.",
	Description: "Link your account, then ask for your name, email address or phone number.",
	Ask:         "Alexa ask %s what is my name",
	Try:         "what is my name",
}

// starterLanguages checks the locales and returns their languages in
// order of first appearance.
func starterLanguages(locales []string) ([]string, error) {
	var langs []string
	for _, l := range locales {
		if !localeRe.MatchString(l) {
			return nil, optionErr("--locales: %q is not a locale such as en-US", l)
		}
		if lang.ForLocale(l) == nil {
			return nil, optionErr("--locales: %s is not a locale Alexa offers; use one of %s", l, strings.Join(lang.Locales(), ", "))
		}
		code, _, _ := strings.Cut(l, "-")
		if code != "en" && starters[code] == nil {
			return nil, optionErr("--locales: %s: init writes its starter text in %s; start with those and add %s to skill.yaml with its own text (its invocation name in %s)",
				l, starterNames(), l, lang.ForLocale(l).ScriptNames)
		}
		if !slices.Contains(langs, code) {
			langs = append(langs, code)
		}
	}
	return langs, nil
}

func starterNames() string {
	names := []string{"English"}
	for _, code := range []string{"de", "es", "fr", "it", "ja", "nl", "pt"} {
		if starters[code] != nil {
			names = append(names, lang.ForLocale(firstLocale(lang.Locales(), code)).Name)
		}
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// checkInvocation checks the invocation name the way generate will, in
// every language of the skill: lowercase letters of the language's
// scripts, spaces, apostrophes, periods and hyphens, and two or more
// words unless every language takes one (German compounds, Japanese
// written without spaces).
func checkInvocation(inv string, langs []string) error {
	if inv == "" {
		return optionErr("--invocation %q: use two or more lowercase words, e.g. %q", inv, "city pharmacy")
	}
	oneWord := true
	for _, code := range langs {
		f := lang.ForLocale(firstLocale(lang.Locales(), code))
		for _, r := range inv {
			switch {
			case r == ' ', r == '\'', r == '.', r == '-', unicode.IsMark(r):
			case unicode.IsLetter(r) && !unicode.IsUpper(r) && f.InScript(r):
			default:
				return optionErr("--invocation %q: %q is not a lowercase letter %s invocation names hold (%s); e.g. %q", inv, r, f.Name, f.ScriptNames, "city pharmacy")
			}
		}
		oneWord = oneWord && (f.CompoundNames || f.Unspaced)
	}
	first, last := []rune(inv)[0], []rune(inv)[len([]rune(inv))-1]
	if !unicode.IsLetter(first) || !(unicode.IsLetter(last) || last == '.') || (!oneWord && !strings.Contains(inv, " ")) {
		return optionErr("--invocation %q: use two or more lowercase words, e.g. %q", inv, "city pharmacy")
	}
	return nil
}

// multilingualSkill is skill.yaml for locales of several languages (or one
// other than English): every text a map from language to its text.
func multilingualSkill(langs []string, locales []string, pkg, inv, name, prefix string) string {
	text := func(f func(*starter) string) string {
		parts := make([]string, len(langs))
		for i, code := range langs {
			parts[i] = code + ": " + quote(f(textFor(code)))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	list := func(f func(*starter) []string) string {
		var b strings.Builder
		for _, code := range langs {
			items := f(textFor(code))
			q := make([]string, len(items))
			for i, s := range items {
				q[i] = quote(s)
			}
			fmt.Fprintf(&b, "\n      %s: [%s]", code, strings.Join(q, ", "))
		}
		return b.String()
	}
	examples := func() string {
		var b strings.Builder
		for _, code := range langs {
			f := lang.ForLocale(firstLocale(locales, code))
			wake := "Alexa, "
			if code == "ja" {
				wake = "アレクサ、"
			}
			fmt.Fprintf(&b, "\n    %s: [%s, %s]", code, quote(wake+f.LaunchPhrase(inv)), quote(fmt.Sprintf(textFor(code).Ask, inv)))
		}
		return b.String()
	}
	r := strings.NewReplacer(
		"{{.Package}}", pkg, "{{.Invocation}}", inv, "{{.Name}}", name,
		"{{.Locales}}", strings.Join(locales, ", "), "{{.DomainPrefix}}", prefix,
		"{{label0}}", text(func(s *starter) string { return s.Labels[0] }),
		"{{label1}}", text(func(s *starter) string { return s.Labels[1] }),
		"{{label2}}", text(func(s *starter) string { return s.Labels[2] }),
		"{{name}}", list(func(s *starter) []string { return s.Name }),
		"{{email}}", list(func(s *starter) []string { return s.Email }),
		"{{phone}}", list(func(s *starter) []string { return s.Phone }),
		"{{nameSay}}", text(func(s *starter) string { return s.NameSay }),
		"{{emailSay}}", text(func(s *starter) string { return s.EmailSay }),
		"{{phoneSay}}", text(func(s *starter) string { return s.PhoneSay }),
		"{{whatElse}}", text(func(s *starter) string { return s.WhatElse }),
		"{{launch}}", text(func(s *starter) string { return fmt.Sprintf(s.Launch, name) }),
		"{{whatNow}}", text(func(s *starter) string { return s.WhatNow }),
		"{{help}}", text(func(s *starter) string { return s.Help }),
		"{{stop}}", text(func(s *starter) string { return s.Stop }),
		"{{fallback}}", text(func(s *starter) string { return s.Fallback }),
		"{{linkAccount}}", text(func(s *starter) string { return s.LinkAccount }),
		"{{missing}}", text(func(s *starter) string { return s.Missing }),
		"{{error}}", text(func(s *starter) string { return s.Err }),
		"{{summary}}", text(func(s *starter) string { return s.Summary }),
		"{{description}}", text(func(s *starter) string { return s.Description }),
		"{{examples}}", examples(),
	)
	return r.Replace(multilingualTmpl)
}

func textFor(code string) *starter {
	if code == "en" {
		return english
	}
	return starters[code]
}

func firstLocale(locales []string, code string) string {
	for _, l := range locales {
		if strings.HasPrefix(l, code+"-") {
			return l
		}
	}
	return ""
}

// quote writes s as a YAML double-quoted scalar (a JSON string is one).
func quote(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

var multilingualTmpl = (skillHead + `# Each text is given per language; a locale such as en-GB may override its
# language's text with its own key (en-GB: ...).
` + skillTop + `  - name: given_name
    required: true
    label: {{label0}}
  - name: email
    required: true
    sayAs: spell-out
    label: {{label1}}
  - name: phone_number
    sayAs: telephone
    label: {{label2}}

intents:
  - name: NameIntent
    samples:{{name}}
    speech: {{nameSay}}
    reprompt: {{whatElse}}

  - name: EmailIntent
    samples:{{email}}
    speech: {{emailSay}}
    reprompt: {{whatElse}}

  - name: PhoneIntent
    samples:{{phone}}
    speech: {{phoneSay}}

messages:
  launch:
    speech: {{launch}}
    reprompt: {{whatNow}}
  help:
    speech: {{help}}
    reprompt: {{whatNow}}
  stop:
    speech: {{stop}}
  fallback:
    speech: {{fallback}}
    reprompt: {{whatNow}}
  linkAccount:
    speech: {{linkAccount}}
  missingAttribute:
    speech: {{missing}}
  error:
    speech: {{error}}

publishing:
  summary: {{summary}}
  description: {{description}}
  examplePhrases:{{examples}}
` + skillTail)
