package lang

import "unicode"

// Amazon's pages the tables come from. Each page has one tab per language;
// the localized addresses (developer.amazon.com/<locale>/docs/alexa/…)
// open the same page in that language.
const (
	pageInvoke     = "https://developer.amazon.com/en-US/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html"
	pageInvocation = "https://developer.amazon.com/en-US/docs/alexa/custom-skills/choose-the-invocation-name-for-a-custom-skill.html"
	pageBuiltins   = "https://developer.amazon.com/en-US/docs/alexa/custom-skills/standard-built-in-intents.html"
	pageUtterances = "https://developer.amazon.com/en-US/docs/alexa/custom-skills/create-intents-utterances-and-slots.html"
	pageExamples   = "https://developer.amazon.com/en-US/docs/alexa/custom-skills/certification-requirements-for-custom-skills.html"
)

func sources(locale string) []string {
	var out []string
	for _, p := range []string{pageInvoke, pageInvocation, pageBuiltins, pageUtterances, pageExamples} {
		out = append(out, "https://developer.amazon.com/"+locale+p[len("https://developer.amazon.com/en-US"):])
	}
	return out
}

// Wake words every language shares (the Alexa app offers them in every
// marketplace); languages add their own spellings.
var commonWake = []string{"alexa", "amazon", "echo", "computer", "ziggy"}

func wake(extra ...string) []string { return append(append([]string{}, commonWake...), extra...) }

var latin = []*unicode.RangeTable{unicode.Latin}

// all lists every language skillgen knows. A locale Alexa offers whose
// language is missing here is refused by the validator.
var all = []*Facts{
	// English. Source: "Understand How Users Invoke Custom Skills" (English
	// tab: launch phrases, "<action> <connecting word> <invocation name>"
	// with by/from/in/using/with, "Ask <invocation name> to/for/about/if/
	// whether <action>", "Tell <invocation name> to/that <action>");
	// "Choose the Invocation Name" (wake words, launch words, connecting
	// words, articles in two-word names); "Standard Built-in Intents"
	// (common utterances).
	{
		Code: "en", Name: "English",
		Locales:     []string{"en-AU", "en-CA", "en-GB", "en-IN", "en-US"},
		Scripts:     latin,
		ScriptNames: "Latin letters",
		Launch: []string{
			"{open|ask|begin|do|launch|load|play|play the game|resume|run|start|start playing|start playing the game|talk to|tell|use} {invocation}",
		},
		Requests: []string{
			"ask {invocation} [{to|for|about|if|whether}] {request}",
			"tell {invocation} [{to|that}] {request}",
			"{open|launch|start|use|load|begin|run|resume|talk to} {invocation} [{and|to|for}] {request}",
			"{request} {by|from|in|using|with|on} {invocation}",
		},
		WakeWords:   wake(),
		LaunchWords: []string{"ask", "begin", "enable", "launch", "load", "open", "play", "resume", "run", "start", "talk", "tell", "use", "skill", "app"},
		Connectors:  []string{"about", "and", "by", "for", "from", "if", "in", "of", "on", "that", "to", "using", "whether", "with"},
		Articles:    []string{"a", "an", "the", "for", "to", "of"},
		Builtins: map[string][]string{
			Help:         {"help", "help me", "can you help me", "what can i say", "what can you do"},
			Stop:         {"stop", "off", "shut up", "be quiet", "exit", "quit"},
			Cancel:       {"cancel", "never mind", "forget it"},
			NavigateHome: {"go home", "home"},
		},
		FallbackExamples: []string{"what is the weather on mars"},
		Sources:          sources("en-US"),
	},
	// German. Source: the same pages, German tab (de-DE): "öffne/starte/
	// beginne/lade/spiele <Invocation Name>", "frage <Invocation Name>
	// nach …", "<Anfrage> von/mit <Invocation Name>"; "Standard Built-in
	// Intents", German tab.
	{
		Code: "de", Name: "German",
		Locales:     []string{"de-DE"},
		Scripts:     latin,
		ScriptNames: "Latin letters with umlauts and ß",
		Launch: []string{
			"{öffne|öffnen|starte|starten|beginne|lade|spiele|spiel|frage|frag|benutze|nutze|sprich mit|rede mit} {invocation}",
		},
		Requests: []string{
			"{frage|frag|bitte|sage|sag} {invocation} [{nach|ob|dass|zu|um}] {request}",
			"{öffne|starte|benutze|nutze} {invocation} [{und|um}] {request}",
			"{request} {von|mit|bei|über} {invocation}",
		},
		WakeWords:   wake(),
		LaunchWords: []string{"öffne", "öffnen", "starte", "starten", "start", "beginne", "beginnen", "lade", "laden", "spiele", "spielen", "frage", "fragen", "frag", "sage", "sag", "benutze", "nutze", "aktiviere", "aktivieren", "skill"},
		Connectors:  []string{"nach", "von", "mit", "bei", "und", "ob", "zu", "für", "über", "um", "dass", "in"},
		Articles:    []string{"der", "die", "das", "ein", "eine", "für", "zu", "von"},
		Builtins: map[string][]string{
			Help:         {"hilfe", "hilf mir", "kannst du mir helfen", "was kann ich sagen"},
			Stop:         {"stopp", "stop", "aus", "halt", "sei still", "beenden"},
			Cancel:       {"abbrechen", "abbruch", "vergiss es"},
			NavigateHome: {"startseite", "zur startseite"},
		},
		FallbackExamples: []string{"wie ist das wetter auf dem mars"},
		Sources:          sources("de-DE"),
	},
	// French. Source: the same pages, French tab (fr-FR, fr-CA): "ouvre/
	// lance/démarre/commence <nom d'invocation>", "demande à <nom
	// d'invocation> de/si …", "<requête> avec <nom d'invocation>".
	{
		Code: "fr", Name: "French",
		Locales:     []string{"fr-CA", "fr-FR"},
		Scripts:     latin,
		ScriptNames: "Latin letters with French accents",
		Elision:     true,
		Launch: []string{
			"{ouvre|ouvrir|lance|lancer|démarre|démarrer|commence|commencer|joue à|demande à|parle à|parle avec|utilise} {invocation}",
		},
		Requests: []string{
			"{demande à|dis à} {invocation} [{de|d'|si|pour}] {request}",
			"{ouvre|lance|démarre|utilise} {invocation} [{et|pour}] {request}",
			"{request} {avec|sur|via|dans|par} {invocation}",
		},
		WakeWords:   wake(),
		LaunchWords: []string{"ouvre", "ouvrir", "lance", "lancer", "démarre", "démarrer", "commence", "commencer", "demande", "demander", "joue", "jouer", "active", "activer", "utilise", "skill"},
		Connectors:  []string{"de", "d'", "à", "pour", "avec", "sur", "et", "si", "dans", "par", "via"},
		Articles:    []string{"le", "la", "les", "l'", "un", "une", "des", "du", "de", "pour", "à"},
		Builtins: map[string][]string{
			Help:         {"aide", "aide-moi", "à l'aide", "peux-tu m'aider", "que puis-je dire"},
			Stop:         {"stop", "arrête", "arrêter", "tais-toi", "quitter", "quitte"},
			Cancel:       {"annule", "annuler", "laisse tomber", "oublie ça"},
			NavigateHome: {"accueil", "retour à l'accueil"},
		},
		FallbackExamples: []string{"quel temps fait-il sur mars"},
		Sources:          sources("fr-FR"),
	},
	// Spanish. Source: the same pages, Spanish tab (es-ES, es-MX, es-US):
	// "abre/inicia/empieza <nombre de invocación>", "pregunta a/pídele a/
	// dile a <nombre de invocación> que/si/por …".
	{
		Code: "es", Name: "Spanish",
		Locales:     []string{"es-ES", "es-MX", "es-US"},
		Scripts:     latin,
		ScriptNames: "Latin letters with Spanish accents and ñ",
		Launch: []string{
			"{abre|abrir|inicia|iniciar|empieza|comienza|lanza|juega|juega a|jugar a|pregunta a|habla con|usa|carga} {invocation}",
		},
		Requests: []string{
			"{pregunta a|pídele a|pide a|dile a} {invocation} [{que|si|por|sobre}] {request}",
			"{abre|inicia|usa} {invocation} [{y|para}] {request}",
			"{request} {con|en|usando|desde} {invocation}",
		},
		WakeWords:   wake(),
		LaunchWords: []string{"abre", "abrir", "inicia", "iniciar", "empieza", "empezar", "comienza", "comenzar", "lanza", "lanzar", "pregunta", "preguntar", "pide", "pídele", "dile", "juega", "jugar", "usa", "usar", "carga", "cargar", "activa", "activar", "skill"},
		Connectors:  []string{"a", "con", "en", "de", "que", "si", "para", "y", "por", "sobre", "usando", "desde"},
		Articles:    []string{"el", "la", "los", "las", "un", "una", "de", "para", "a"},
		Builtins: map[string][]string{
			Help:         {"ayuda", "ayúdame", "necesito ayuda", "qué puedo decir"},
			Stop:         {"para", "detente", "stop", "basta", "salir", "cállate"},
			Cancel:       {"cancela", "cancelar", "olvídalo", "no importa"},
			NavigateHome: {"inicio", "ve al inicio"},
		},
		FallbackExamples: []string{"qué tiempo hace en marte"},
		Sources:          sources("es-ES"),
	},
	// Italian. Source: the same pages, Italian tab (it-IT): "apri/avvia/
	// inizia <nome di chiamata>", "chiedi a <nome di chiamata> di/se …".
	{
		Code: "it", Name: "Italian",
		Locales:     []string{"it-IT"},
		Scripts:     latin,
		ScriptNames: "Latin letters with Italian accents",
		Elision:     true,
		Launch: []string{
			"{apri|avvia|inizia|lancia|gioca a|chiedi a|parla con|usa|carica|fai partire} {invocation}",
		},
		Requests: []string{
			"{chiedi a|di' a|dì a|domanda a} {invocation} [{di|se|per}] {request}",
			"{apri|avvia|usa} {invocation} [{e|per}] {request}",
			"{request} {con|su|da|usando} {invocation}",
		},
		WakeWords:   wake(),
		LaunchWords: []string{"apri", "aprire", "avvia", "avviare", "inizia", "iniziare", "lancia", "lanciare", "chiedi", "chiedere", "domanda", "gioca", "giocare", "usa", "usare", "carica", "caricare", "attiva", "attivare", "skill"},
		Connectors:  []string{"a", "di", "da", "con", "su", "per", "e", "se", "in", "usando"},
		Articles:    []string{"il", "lo", "la", "i", "gli", "le", "l'", "un", "uno", "una", "di", "per", "a"},
		Builtins: map[string][]string{
			Help:         {"aiuto", "aiutami", "puoi aiutarmi", "cosa posso dire"},
			Stop:         {"stop", "fermati", "basta", "esci", "smettila"},
			Cancel:       {"annulla", "lascia stare", "lascia perdere"},
			NavigateHome: {"home", "vai alla home"},
		},
		FallbackExamples: []string{"che tempo fa su marte"},
		Sources:          sources("it-IT"),
	},
	// Portuguese. Source: the same pages, Portuguese tab (pt-BR): "abra/
	// inicie/comece <nome de invocação>", "pergunte para/peça para/diga
	// para <nome de invocação> se/sobre …".
	{
		Code: "pt", Name: "Portuguese",
		Locales:     []string{"pt-BR"},
		Scripts:     latin,
		ScriptNames: "Latin letters with Portuguese accents and ç",
		Launch: []string{
			"{abra|abre|abrir|inicie|inicia|iniciar|comece|começa|começar|jogar|joga|use|usa|pergunte para|pergunta para|pergunte ao|fale com|carregue} {invocation}",
		},
		Requests: []string{
			"{pergunte para|pergunta para|pergunte ao|pergunte a|peça para|pede para|diga para|diga ao|fala para} {invocation} [{se|sobre|que}] {request}",
			"{abra|abre|inicie|use} {invocation} [{e|para}] {request}",
			"{request} {usando|com|no|na|pelo|pela} {invocation}",
		},
		WakeWords:   wake(),
		LaunchWords: []string{"abra", "abre", "abrir", "inicie", "inicia", "iniciar", "comece", "começa", "começar", "pergunte", "pergunta", "peça", "pede", "diga", "jogar", "joga", "use", "usa", "carregue", "ative", "ativar", "skill"},
		Connectors:  []string{"a", "o", "ao", "à", "para", "com", "no", "na", "de", "do", "da", "e", "se", "sobre", "que", "usando", "pelo", "pela"},
		Articles:    []string{"o", "a", "os", "as", "um", "uma", "de", "do", "da", "para"},
		Builtins: map[string][]string{
			Help:         {"ajuda", "me ajuda", "ajude-me", "o que eu posso dizer"},
			Stop:         {"pare", "parar", "chega", "sair", "cala a boca"},
			Cancel:       {"cancela", "cancelar", "cancele", "esquece", "deixa pra lá"},
			NavigateHome: {"início", "vá para o início"},
		},
		FallbackExamples: []string{"como está o tempo em marte"},
		Sources:          sources("pt-BR"),
	},
	// Dutch. Source: the same pages, Dutch tab (nl-NL): "open/start/begin
	// <aanroepnaam>", "vraag <aanroepnaam> om/naar/of …" ("Alexa, vraag
	// Dagelijkse Horoscoop naar de horoscoop voor Tweelingen").
	{
		Code: "nl", Name: "Dutch",
		Locales:     []string{"nl-NL"},
		Scripts:     latin,
		ScriptNames: "Latin letters",
		Launch: []string{
			"{open|start|begin|laad|speel|gebruik|vraag|praat met} {invocation}",
		},
		Requests: []string{
			"{vraag|vraag aan|zeg tegen} {invocation} [{om|naar|of|over|dat}] {request}",
			"{open|start|gebruik} {invocation} [{en|om}] {request}",
			"{request} {met|via|van|bij} {invocation}",
		},
		WakeWords:   wake(),
		LaunchWords: []string{"open", "openen", "start", "starten", "begin", "beginnen", "laad", "laden", "speel", "spelen", "gebruik", "gebruiken", "vraag", "vragen", "activeer", "zeg", "skill"},
		Connectors:  []string{"om", "naar", "of", "over", "met", "via", "van", "bij", "en", "voor", "aan", "te", "dat"},
		Articles:    []string{"de", "het", "een", "voor", "van", "te"},
		Builtins: map[string][]string{
			Help:         {"help", "hulp", "help me", "wat kan ik zeggen"},
			Stop:         {"stop", "stoppen", "uit", "hou op", "wees stil"},
			Cancel:       {"annuleer", "annuleren", "laat maar", "vergeet het"},
			NavigateHome: {"startpagina", "ga naar start"},
		},
		FallbackExamples: []string{"hoe is het weer op mars"},
		Sources:          sources("nl-NL"),
	},
	// Hindi. Source: the same pages, Hindi tab (hi-IN): Hindi puts the
	// verb after the name ("<invocation name> खोलो", "दैनिक राशिफल से पूछो
	// कि …"); hi-IN models take Devanagari and Latin (Hinglish) samples.
	{
		Code: "hi", Name: "Hindi",
		Locales:     []string{"hi-IN"},
		Scripts:     []*unicode.RangeTable{unicode.Devanagari, unicode.Latin},
		ScriptNames: "Devanagari or Latin letters",
		Launch: []string{
			"{invocation} {खोलो|खोलिए|शुरू करो|शुरू कीजिए|चालू करो|चलाओ|kholo|shuru karo|chalu karo|chalao}",
			"{open|start|launch} {invocation}",
		},
		Requests: []string{
			"{invocation} {से पूछो|से पूछिए|se pucho|se poocho} [{कि|ki}] {request}",
			"{invocation} {खोलो|kholo} {और|aur} {request}",
			"{ask|open} {invocation} [{to|for|about}] {request}",
		},
		WakeWords:   wake("एलेक्सा", "अलेक्सा"),
		LaunchWords: []string{"खोलो", "खोलिए", "शुरू", "चालू", "चलाओ", "पूछो", "बताओ", "kholo", "shuru", "chalu", "chalao", "pucho", "poocho", "batao", "open", "start", "launch", "ask", "tell", "skill"},
		Connectors:  []string{"से", "को", "में", "पर", "और", "कि", "se", "ko", "mein", "par", "aur", "ki"},
		Articles:    []string{"का", "की", "के", "ka", "ki", "ke"},
		Builtins: map[string][]string{
			Help:         {"मदद", "मदद करो", "help", "madad", "madad karo"},
			Stop:         {"रुको", "बंद करो", "stop", "ruko", "band karo"},
			Cancel:       {"रद्द करो", "कैंसल", "cancel", "radd karo"},
			NavigateHome: {"होम", "home"},
		},
		FallbackExamples: []string{"मंगल पर मौसम कैसा है"},
		Sources:          sources("hi-IN"),
	},
	// Japanese. Source: the same pages, Japanese tab (ja-JP): "<呼び出し名>
	// を開いて", "<呼び出し名>で<リクエスト>" ("アレクサ、十二星座占いで双子座の
	// 運勢を調べて"); Japanese samples are written without spaces.
	{
		Code: "ja", Name: "Japanese",
		Locales:     []string{"ja-JP"},
		Scripts:     []*unicode.RangeTable{unicode.Hiragana, unicode.Katakana, unicode.Han, unicode.Latin},
		ScriptNames: "hiragana, katakana, kanji or Latin letters",
		Unspaced:    true,
		Launch: []string{
			"{invocation}{を開いて|をひらいて|を起動して|をスタートして|を始めて|を開始して|につないで}",
		},
		Requests: []string{
			"{invocation}{で|に|を使って}{request}",
		},
		WakeWords:   wake("アレクサ", "アマゾン", "エコー", "コンピューター"),
		LaunchWords: []string{"開いて", "起動", "スタート", "開始", "始めて", "つないで"},
		Connectors:  []string{"で", "に", "を", "から", "の", "と"},
		Builtins: map[string][]string{
			Help:         {"ヘルプ", "助けて", "使い方を教えて"},
			Stop:         {"ストップ", "止めて", "終了", "やめて"},
			Cancel:       {"キャンセル", "取り消し"},
			NavigateHome: {"ホーム", "ホームに戻って"},
		},
		FallbackExamples: []string{"火星の天気を教えて"},
		Sources:          sources("ja-JP"),
	},
	// Arabic. Source: the same pages, Arabic tab (ar-SA): "<action> من/في
	// <invocation name>", "اسألي <invocation name> عن/إذا …", "اطلبي من
	// <invocation name> أن …"; "Standard Built-in Intents", Arabic tab
	// (إلغاء، ألغي؛ مساعدة، ساعديني، ممكن مساعدة).
	{
		Code: "ar", Name: "Arabic",
		Locales:     []string{"ar-SA"},
		Scripts:     []*unicode.RangeTable{unicode.Arabic},
		ScriptNames: "Arabic letters",
		Launch: []string{
			"{افتحي|افتح|شغلي|شغل|ابدئي|اسألي} {invocation}",
		},
		Requests: []string{
			"اسألي {invocation} [{عن|إذا}] {request}",
			"اطلبي من {invocation} [أن] {request}",
			"{request} {من|في} {invocation}",
		},
		WakeWords:   wake("اليكسا", "أليكسا"),
		LaunchWords: []string{"افتحي", "افتح", "شغلي", "شغل", "ابدئي", "اسألي", "اطلبي"},
		Connectors:  []string{"من", "في", "عن", "إذا", "أن", "و"},
		Builtins: map[string][]string{
			Help:         {"مساعدة", "ساعديني", "ممكن مساعدة"},
			Stop:         {"توقفي", "وقفي"},
			Cancel:       {"إلغاء", "ألغي"},
			NavigateHome: {"الصفحة الرئيسية"},
		},
		FallbackExamples: []string{"كيف الطقس على المريخ"},
		Sources:          sources("ar-SA"),
	},
}
