package lang

import "unicode"

// The pages the tables come from. Amazon's current pages hold one tab per
// language; the copies read for these tables show the first tab (Arabic)
// in full and older versions of the same pages show English and German.
// Each entry below says which page states it; an entry that no page read
// states says so and what it rests on ("not stated by Amazon: …").
const (
	// Understand How Users Invoke Custom Skills, section "Invoke a skill
	// with a specific request (intent)": the request phrases and
	// connecting words per language.
	pageInvoke = "https://developer.amazon.com/en-US/docs/alexa/custom-skills/understanding-how-users-invoke-custom-skills.html"
	// The same page as of 2016 (English only), sections "Invoking a Skill
	// with a Specific Request (Intent)" and "… No Specific Request":
	// "<request> from <invocation name>", "ask"/"tell", "the" before the
	// name, and "can you…", "let's…", "i want to…/i wanna…" before the
	// whole phrase.
	pageInvoke2016 = "https://developer.amazon.com/docs/custom-skills/understanding-how-users-invoke-custom-skills.html (2016 version, web-archive.nli.org.il/National_Library/20160330061658)"
	// Choose the Invocation Name for a Custom Skill, introduction: one
	// example request per language ("ask Daily Horoscopes for …",
	// "frage Tageshoroskop nach …", "demande à signe astrologique …",
	// "vraag Dagelijkse Horoscoop naar …", "दैनिक राशिफल से पूछो कि …",
	// "من فضلك أبغى أسأل توقعات الابراج اليومية عن …", "domanda a Oroscopo
	// del Giorno l'oroscopo dei Gemelli"), and for Hindi: "Use Latin
	// script for English words and Devanagari script for Hindi words in
	// your invocation name" ("Alexa, मज़ेदार jokes खोलो").
	pageInvocation = "https://developer.amazon.com/en-US/docs/alexa/custom-skills/choose-the-invocation-name-for-a-custom-skill.html"
	// The same page before the language tabs, section "Invoking Custom
	// Skills": "Alexa, open/start/ask Daily Horoscopes", "talk to Daily
	// Horoscopes and …", "… using Daily Horoscopes", and the name alone:
	// "Alexa, Daily Horoscopes".
	pageInvocationOld = "https://developer.amazon.com/public/solutions/alexa/alexa-skills-kit/docs/choosing-the-invocation-name-for-an-alexa-skill"
	// Its German translation, section "Aufrufen von Custom Skills":
	// "frage Astro Dienst nach …", "gib mir … von Astro Dienst",
	// "öffne/starte Astro Dienst", "frage Astro Dienst ab", and the name
	// alone: "Alexa, Astro Dienst."
	pageInvocationDE = "https://developer.amazon.com/de/docs/custom-skills/choose-the-invocation-name-for-a-custom-skill.html"
	// Design the Invocation Name for Your Skill, "How to choose your
	// invocation name": no one-word names "unless unique to your brand …,
	// or unless (German skills only) a compound of two or more words"
	// (acceptable: kaffeeroboter, eismaschine); for two-word names, no
	// "the", "a", "an" or preposition ("for", "to", "of", etc.).
	pageInvocationDesign = "https://developer.amazon.com/en-US/docs/alexa/interaction-model-design/design-the-invocation-name-for-your-skill.html"
	// Amazon's Alexa blog, "Tips for choosing an invocation name": the
	// table of starting phrases (<invocation name>, Ask, Begin, Do,
	// Launch, Load, Open, …).
	pageInvocationTips = "https://developer.amazon.com/en-US/blogs/alexa/post/Tx1I0GCST7POI00/tips-for-choosing-an-invocation-name-for-your-alexa-custom-skil"
	// Amazon's Alexa blog, "Crafting great example phrases": "[Wake Word],
	// [Launch Word] [Invocation Name] [Connecting Word] [Utterance]";
	// launch words "open, ask, start, launch, begin, talk to, run, load,
	// and more".
	pageExamples = "https://developer.amazon.com/blogs/alexa/post/74d0ed59-ad4f-470a-abcf-d37c10a1dfd6/crafting-great-example-phrases-that-meet-certification-requirements"
	// Standard Built-in Intents, "Available standard built-in intents"
	// (Arabic tab: CancelIntent إلغاء، ألغي; HelpIntent مساعدة، ساعديني،
	// ممكن مساعدة).
	pageBuiltins = "https://developer.amazon.com/en-US/docs/alexa/custom-skills/standard-built-in-intents.html"
	// The same table before the language tabs, English and German side by
	// side: CancelIntent cancel, never mind, forget it / abbrechen,
	// abbreche, vergiss es; HelpIntent help, help me, can you help me /
	// Hilfe (bitte), Hilf mir (bitte), Kannst du mir helfen (bitte).
	pageBuiltinsOld = "https://developer.amazon.com/public/solutions/alexa/alexa-skills-kit/docs/built-in-intent-ref/standard-intents"
	// Its Japanese translation: CancelIntent キャンセル、取り消し、やっぱりやめる.
	pageBuiltinsJA = "https://developer.amazon.com/ja/docs/custom-skills/standard-built-in-intents.html"
	// Amazon Lex's AMAZON.StopIntent (the same built-in intent in Lex):
	// stop, off, shut up. The Stop row of Alexa's table was not in the
	// copies read.
	pageLexStop = "https://docs.aws.amazon.com/lexv2/latest/dg/built-in-intent-stop.html"
	// The Alexa developer console's invocation name requirements, in
	// English and Japanese, as quoted on a developer's blog (the console
	// is not a public page): launch phrases "launch", "ask", "tell",
	// "open", "load", "begin", "enable"; wake words "Alexa", "Amazon",
	// "Echo", "Computer"; the words "skill" and "app"; Japanese 起動して,
	// 開いて, 聞いて, 教えて, 読み込んで, 開始して, 有効にして; アレクサ, アマゾン,
	// エコー, コンピューター; スキル, アプリ; ひらがな, カタカナ, 漢字, lowercase
	// Latin letters and spaces.
	pageConsole = "http://tztechno.site/blog/archives/792 (quoting the Alexa developer console)"
	// Amazon's developer forum, "Tips for choosing an invocation name":
	// two-word names may not hold "the", "a", "an" or a preposition
	// ("for", "to", "of", "about", "up", "by", "at", "off", "with").
	pageForumTips = "https://amazon.developer.forums.answerhub.com/articles/227322/tips-for-choosing-an-invocation-name-for-your-cust.html"
)

// Wake words every language shares: "alexa", "amazon", "echo" and
// "computer" (pageConsole: an invocation name may not hold them).
// "ziggy" is not stated by Amazon's pages read here; it is the fifth wake
// word the Alexa app offers (Settings > Device > Wake Word).
var commonWake = []string{"alexa", "amazon", "echo", "computer", "ziggy"}

func wake(extra ...string) []string { return append(append([]string{}, commonWake...), extra...) }

var latin = []*unicode.RangeTable{unicode.Latin}

// all lists every language skillgen knows. A locale Alexa offers whose
// language is missing here is refused by the validator.
//
// Each list marks which entries a page states ("Amazon: …") and which no
// page read states ("not stated by Amazon: …", with what they rest on).
// Amazon lists only "a subset of the utterances users can say" for the
// built-in intents (pageBuiltins); phrases beyond it are phrases Alexa
// users commonly say, kept so that dialog and the conflict checks treat
// them as the built-in intents' rather than the skill's.
var all = []*Facts{
	{
		Code: "en", Name: "English",
		Locales: []string{"en-AU", "en-CA", "en-GB", "en-IN", "en-US"},
		// Amazon (pageConsole, and Amazon's certification feedback): only
		// lowercase letters, spaces, possessive apostrophes and periods of
		// spoken initialisms ("a. b. c."); numbers spelled out.
		Scripts:     latin,
		ScriptNames: "Latin letters",
		// Amazon (pageInvocationOld "Invoking Custom Skills", and its
		// German translation): the name alone opens the skill ("Alexa,
		// Daily Horoscopes").
		NameAlone: true,
		Launch: []string{
			// Amazon: open, start, ask (pageInvocationOld); ask, begin, do,
			// launch, load, open (pageInvocationTips); open, ask, start,
			// launch, begin, talk to, run, load (pageExamples); tell
			// (pageInvoke2016). Not stated by Amazon's pages read here:
			// play, play the game, resume, start playing, start playing
			// the game, use (kept from the English tab's launch table as
			// this package first listed it).
			"{open|ask|begin|do|launch|load|play|play the game|resume|run|start|start playing|start playing the game|talk to|tell|use} {invocation}",
			// Amazon (pageInvoke2016): "can you…", "let's…", "i want
			// to…"/"i wanna…" before the whole phrase.
			"{can you|let's|i want to|i wanna} {open|ask|begin|launch|load|run|start|talk to|use} {invocation}",
		},
		Requests: []string{
			// Amazon: "ask Daily Horoscopes for …" (pageInvocation), "ask
			// Daily Horoscopes about Taurus" (pageInvoke2016). Not stated
			// by Amazon's pages read here: to, if, whether.
			"[{can you|i want to|i wanna}] ask {invocation} [{to|for|about|if|whether}] {request}",
			// Amazon: "tell" (pageInvoke2016). Not stated: to, that.
			"tell {invocation} [{to|that}] {request}",
			// Amazon: "talk to Daily Horoscopes and give me …"
			// (pageInvocationOld). Not stated: the other verbs, to, for.
			"{open|launch|start|use|load|begin|run|resume|talk to} {invocation} [{and|to|for}] {request}",
			// Amazon: "<request> from <invocation name>", "the" before
			// the name (pageInvoke2016); "… using Daily Horoscopes"
			// (pageInvocationOld). Not stated: by, in, with, on.
			"{request} {by|from|in|using|with|on} [the] {invocation}",
		},
		WakeWords: wake(),
		// Amazon (pageConsole): launch, ask, tell, open, load, begin,
		// enable, and the words skill and app. Not stated: play, resume,
		// run, start, talk, use (launch phrases of the Launch table).
		LaunchWords: []string{"ask", "begin", "enable", "launch", "load", "open", "play", "resume", "run", "start", "talk", "tell", "use", "skill", "app"},
		// Amazon: by, from, using (pageInvoke2016, pageInvocationOld),
		// to, from, by, if, and, whether (Amazon's requirements as quoted
		// at wearevoicebox.co.uk/alexa-skill-invocation-name-requirements).
		// Not stated: about, for, in, of, on, that, with.
		Connectors: []string{"about", "and", "by", "for", "from", "if", "in", "of", "on", "that", "to", "using", "whether", "with"},
		// Amazon: the, a, an, for, to, of (pageInvocationDesign); about,
		// up, by, at, off, with (pageForumTips).
		Articles: []string{"a", "an", "the", "for", "to", "of", "about", "up", "by", "at", "off", "with"},
		Builtins: map[string][]string{
			// Amazon: help, help me, can you help me (pageBuiltinsOld).
			// Not stated: what can i say, what can you do.
			Help: {"help", "help me", "can you help me", "what can i say", "what can you do"},
			// Amazon Lex: stop, off, shut up (pageLexStop). Not stated:
			// be quiet, exit, quit.
			Stop: {"stop", "off", "shut up", "be quiet", "exit", "quit"},
			// Amazon: cancel, never mind, forget it (pageBuiltinsOld).
			Cancel: {"cancel", "never mind", "forget it"},
			// Not stated by Amazon's pages read here ("go home" is the
			// Alexa.Launcher example for the home screen).
			NavigateHome: {"go home", "home"},
		},
		// Amazon states none: AMAZON.FallbackIntent "varies"
		// (pageBuiltins). A request no custom skill is likely to hold.
		FallbackExamples: []string{"what is the weather on mars"},
		Sources:          []string{pageInvoke, pageInvoke2016, pageInvocation, pageInvocationOld, pageInvocationDesign, pageInvocationTips, pageExamples, pageBuiltins, pageBuiltinsOld, pageLexStop, pageConsole, pageForumTips},
	},
	{
		Code: "de", Name: "German",
		Locales:     []string{"de-DE"},
		Scripts:     latin,
		ScriptNames: "Latin letters with umlauts and ß",
		// Amazon (pageInvocationDE): "Alexa, Astro Dienst."
		NameAlone: true,
		// Amazon (pageInvocationDesign): one-word names that are a
		// compound of two or more words ("kaffeeroboter",
		// "eismaschine"; pageInvocation's German example is
		// "Tageshoroskop").
		CompoundNames: true,
		Launch: []string{
			// Amazon: öffne, starte (pageInvocationDE). Not stated by
			// Amazon's pages read here: öffnen, starten, beginne, lade,
			// spiele, spiel, frage, frag, benutze, nutze, sprich mit, rede
			// mit.
			"{öffne|öffnen|starte|starten|beginne|lade|spiele|spiel|frage|frag|benutze|nutze|sprich mit|rede mit} {invocation}",
			// Amazon: "frage Astro Dienst ab" (pageInvocationDE). Not
			// stated: frag.
			"{frage|frag} {invocation} ab",
		},
		Requests: []string{
			// Amazon: "frage Tageshoroskop nach dem Horoskop für Fische"
			// (pageInvocation, pageInvocationDE). Not stated: frag, bitte,
			// sage, sag, and ob, dass, zu, um.
			"{frage|frag|bitte|sage|sag} {invocation} [{nach|ob|dass|zu|um}] {request}",
			// Not stated by Amazon's pages read here.
			"{öffne|starte|benutze|nutze} {invocation} [{und|um}] {request}",
			// Amazon: "gib mir das Stierhoroskop von Astro Dienst"
			// (pageInvocationDE). Not stated: mit, bei, über.
			"{request} {von|mit|bei|über} {invocation}",
		},
		// Not stated for German beyond the shared list.
		WakeWords: wake(),
		// Amazon: öffne, starte, frage (the launch phrases above). Not
		// stated: the other forms and aktiviere, aktivieren ("enable"),
		// skill.
		LaunchWords: []string{"öffne", "öffnen", "starte", "starten", "start", "beginne", "beginnen", "lade", "laden", "spiele", "spielen", "frage", "fragen", "frag", "sage", "sag", "benutze", "nutze", "aktiviere", "aktivieren", "skill"},
		// Amazon: nach, von (the requests above). Not stated: the rest.
		Connectors: []string{"nach", "von", "mit", "bei", "und", "ob", "zu", "für", "über", "um", "dass", "in"},
		// Not stated for German: the articles and prepositions of the
		// English rule (pageInvocationDesign), in German.
		Articles: []string{"der", "die", "das", "ein", "eine", "für", "zu", "von"},
		Builtins: map[string][]string{
			// Amazon: Hilfe (bitte), Hilf mir (bitte), Kannst du mir
			// helfen (bitte) (pageBuiltinsOld). Not stated: was kann ich
			// sagen.
			Help: {"hilfe", "hilfe bitte", "hilf mir", "hilf mir bitte", "kannst du mir helfen", "kannst du mir helfen bitte", "was kann ich sagen"},
			// Not stated by Amazon's pages read here.
			Stop: {"stopp", "stop", "aus", "halt", "sei still", "beenden"},
			// Amazon: abbrechen, abbreche, vergiss es (pageBuiltinsOld).
			// Not stated: abbruch.
			Cancel: {"abbrechen", "abbreche", "vergiss es", "abbruch"},
			// Not stated by Amazon's pages read here.
			NavigateHome: {"startseite", "zur startseite"},
		},
		// Amazon states none (pageBuiltins); see English.
		FallbackExamples: []string{"wie ist das wetter auf dem mars"},
		Sources:          []string{pageInvoke, pageInvocation, pageInvocationDE, pageInvocationDesign, pageBuiltins, pageBuiltinsOld},
	},
	{
		Code: "fr", Name: "French",
		Locales:     []string{"fr-CA", "fr-FR"},
		Scripts:     latin,
		ScriptNames: "Latin letters with French accents",
		// Not stated by Amazon's pages read here: French writes elided
		// articles with an apostrophe (l'horoscope in pageInvocation's
		// example).
		Elision: true,
		Launch: []string{
			// Not stated by Amazon's pages read here (the French tab of
			// pageInvoke was not in the copies read).
			"{ouvre|ouvrir|lance|lancer|démarre|démarrer|commence|commencer|joue à|demande à|parle à|parle avec|utilise} {invocation}",
		},
		Requests: []string{
			// Amazon: "demande à signe astrologique l'horoscope des
			// gémeaux" (pageInvocation). Not stated: dis à, de, d', si,
			// pour.
			"{demande à|dis à} {invocation} [{de|d'|si|pour}] {request}",
			// Not stated by Amazon's pages read here.
			"{ouvre|lance|démarre|utilise} {invocation} [{et|pour}] {request}",
			"{request} {avec|sur|via|dans|par} {invocation}",
		},
		// Not stated by Amazon's pages read here, nor the lists below.
		WakeWords:   wake(),
		LaunchWords: []string{"ouvre", "ouvrir", "lance", "lancer", "démarre", "démarrer", "commence", "commencer", "demande", "demander", "joue", "jouer", "active", "activer", "utilise", "skill"},
		Connectors:  []string{"de", "d'", "à", "pour", "avec", "sur", "et", "si", "dans", "par", "via"},
		Articles:    []string{"le", "la", "les", "l'", "un", "une", "des", "du", "de", "pour", "à"},
		// Not stated by Amazon's pages read here (the French rows of
		// pageBuiltins were not in the copies read).
		Builtins: map[string][]string{
			Help:         {"aide", "aide-moi", "à l'aide", "peux-tu m'aider", "que puis-je dire"},
			Stop:         {"stop", "arrête", "arrêter", "tais-toi", "quitter", "quitte"},
			Cancel:       {"annule", "annuler", "laisse tomber", "oublie ça"},
			NavigateHome: {"accueil", "retour à l'accueil"},
		},
		FallbackExamples: []string{"quel temps fait-il sur mars"},
		Sources:          []string{pageInvoke, pageInvocation, pageBuiltins},
	},
	{
		Code: "es", Name: "Spanish",
		Locales:     []string{"es-ES", "es-MX", "es-US"},
		Scripts:     latin,
		ScriptNames: "Latin letters with Spanish accents and ñ",
		// Not stated by Amazon's pages read here: the Spanish tabs of
		// pageInvoke, pageInvocation and pageBuiltins were not in the
		// copies read. Every list below rests on the phrases Spanish
		// Alexa users say, as this package first listed them.
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
		Sources:          []string{pageInvoke, pageInvocation, pageBuiltins},
	},
	{
		Code: "it", Name: "Italian",
		Locales:     []string{"it-IT"},
		Scripts:     latin,
		ScriptNames: "Latin letters with Italian accents",
		// Amazon: "l'oroscopo dei Gemelli" (pageInvocation) elides with
		// an apostrophe.
		Elision: true,
		Launch: []string{
			// Not stated by Amazon's pages read here.
			"{apri|avvia|inizia|lancia|gioca a|chiedi a|parla con|usa|carica|fai partire} {invocation}",
		},
		Requests: []string{
			// Amazon: "domanda a Oroscopo del Giorno l'oroscopo dei
			// Gemelli" (pageInvocation). Not stated: chiedi a, di' a, dì
			// a, and di, se, per.
			"{chiedi a|di' a|dì a|domanda a} {invocation} [{di|se|per}] {request}",
			// Not stated by Amazon's pages read here.
			"{apri|avvia|usa} {invocation} [{e|per}] {request}",
			"{request} {con|su|da|usando} {invocation}",
		},
		// Not stated by Amazon's pages read here, nor the lists below.
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
		Sources:          []string{pageInvoke, pageInvocation, pageBuiltins},
	},
	{
		Code: "pt", Name: "Portuguese",
		Locales:     []string{"pt-BR"},
		Scripts:     latin,
		ScriptNames: "Latin letters with Portuguese accents and ç",
		// Not stated by Amazon's pages read here: the Portuguese tabs of
		// pageInvoke, pageInvocation and pageBuiltins were not in the
		// copies read. Every list below rests on the phrases Brazilian
		// Alexa users say, as this package first listed them.
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
		Sources:          []string{pageInvoke, pageInvocation, pageBuiltins},
	},
	{
		Code: "nl", Name: "Dutch",
		Locales:     []string{"nl-NL"},
		Scripts:     latin,
		ScriptNames: "Latin letters",
		Launch: []string{
			// Not stated by Amazon's pages read here.
			"{open|start|begin|laad|speel|gebruik|vraag|praat met} {invocation}",
		},
		Requests: []string{
			// Amazon: "vraag Dagelijkse Horoscoop naar de horoscoop voor
			// Tweelingen" (pageInvocation). Not stated: vraag aan, zeg
			// tegen, and om, of, over, dat.
			"{vraag|vraag aan|zeg tegen} {invocation} [{om|naar|of|over|dat}] {request}",
			// Not stated by Amazon's pages read here.
			"{open|start|gebruik} {invocation} [{en|om}] {request}",
			"{request} {met|via|van|bij} {invocation}",
		},
		// Not stated by Amazon's pages read here, nor the lists below.
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
		Sources:          []string{pageInvoke, pageInvocation, pageBuiltins},
	},
	{
		Code: "hi", Name: "Hindi",
		Locales: []string{"hi-IN"},
		// Amazon: "Use Latin script for English words and Devanagari
		// script for Hindi words in your invocation name" (pageInvocation).
		Scripts:     []*unicode.RangeTable{unicode.Devanagari, unicode.Latin},
		ScriptNames: "Devanagari or Latin letters",
		Launch: []string{
			// Amazon: "Alexa, मज़ेदार jokes खोलो" (pageInvocation): Hindi puts
			// the verb after the name. Not stated by Amazon's pages read
			// here: the other verbs and their Latin spellings.
			"{invocation} {खोलो|खोलिए|शुरू करो|शुरू कीजिए|चालू करो|चलाओ|kholo|shuru karo|chalu karo|chalao}",
			// Not stated: English launch phrases in Hindi.
			"{open|start|launch} {invocation}",
		},
		Requests: []string{
			// Amazon: "दैनिक राशिफल से पूछो कि मिथुन राशि का राशिफल क्या है"
			// (pageInvocation). Not stated: से पूछिए and the Latin
			// spellings.
			"{invocation} {से पूछो|से पूछिए|se pucho|se poocho} [{कि|ki}] {request}",
			// Not stated by Amazon's pages read here.
			"{invocation} {खोलो|kholo} {और|aur} {request}",
			"{ask|open} {invocation} [{to|for|about}] {request}",
		},
		// Not stated by Amazon's pages read here, nor the lists below
		// beyond खोलो and से पूछो कि.
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
		Sources:          []string{pageInvoke, pageInvocation, pageBuiltins},
	},
	{
		Code: "ja", Name: "Japanese",
		Locales: []string{"ja-JP"},
		// Amazon (pageConsole): ひらがな, カタカナ, 漢字, lowercase Latin
		// letters and spaces.
		Scripts:     []*unicode.RangeTable{unicode.Hiragana, unicode.Katakana, unicode.Han, unicode.Latin},
		ScriptNames: "hiragana, katakana, kanji or Latin letters",
		// Not stated by Amazon's pages read here: Japanese writes words
		// without spaces (pageInvoke's Japanese example
		// "十二星座占いで双子座の運勢を調べて" has none).
		Unspaced: true,
		Launch: []string{
			// Amazon: 開いて, 起動して, 開始して are launch phrases
			// (pageConsole). Not stated: をひらいて, をスタートして, を始めて,
			// につないで.
			"{invocation}{を開いて|をひらいて|を起動して|をスタートして|を始めて|を開始して|につないで}",
		},
		Requests: []string{
			// Amazon: "十二星座占いで双子座の運勢を調べて" (pageInvoke, Japanese
			// translation). Not stated: に, を使って.
			"{invocation}{で|に|を使って}{request}",
		},
		// Amazon (pageConsole): アレクサ, アマゾン, エコー, コンピューター.
		WakeWords: wake("アレクサ", "アマゾン", "エコー", "コンピューター"),
		// Amazon (pageConsole): 起動して, 開いて, 聞いて, 教えて, 読み込んで,
		// 開始して, 有効にして, and スキル, アプリ. Not stated: スタート, 始めて,
		// つないで. Japanese names are matched against these as
		// substrings (Unspaced).
		LaunchWords: []string{"起動して", "開いて", "聞いて", "教えて", "読み込んで", "開始して", "有効にして", "スキル", "アプリ", "スタート", "始めて", "つないで"},
		// Amazon: で (pageInvoke's example). Not stated: the rest.
		Connectors: []string{"で", "に", "を", "から", "の", "と"},
		Builtins: map[string][]string{
			// Not stated by Amazon's pages read here.
			Help: {"ヘルプ", "助けて", "使い方を教えて"},
			// Not stated by Amazon's pages read here.
			Stop: {"ストップ", "止めて", "終了", "やめて"},
			// Amazon: キャンセル, 取り消し, やっぱりやめる (pageBuiltinsJA).
			Cancel: {"キャンセル", "取り消し", "やっぱりやめる"},
			// Not stated by Amazon's pages read here.
			NavigateHome: {"ホーム", "ホームに戻って"},
		},
		FallbackExamples: []string{"火星の天気を教えて"},
		Sources:          []string{pageInvoke, pageBuiltins, pageBuiltinsJA, pageConsole},
	},
	{
		Code: "ar", Name: "Arabic",
		Locales:     []string{"ar-SA"},
		Scripts:     []*unicode.RangeTable{unicode.Arabic},
		ScriptNames: "Arabic letters",
		Launch: []string{
			// Not stated by Amazon's pages read here (the Arabic tab's
			// launch table was past the copies read).
			"{افتحي|افتح|شغلي|شغل|ابدئي|اسألي} {invocation}",
		},
		Requests: []string{
			// Amazon (pageInvoke): "اسألي <invocation name> <connecting
			// word> <some action>", connecting words عن، إذا.
			"اسألي {invocation} [{عن|إذا}] {request}",
			// Amazon (pageInvoke): "اطلبي من <invocation name> أن …".
			"اطلبي من {invocation} [أن] {request}",
			// Amazon (pageInvoke): "<some action> <connecting word>
			// <invocation name>", connecting words من، في.
			"{request} {من|في} {invocation}",
			// Amazon (pageInvocation): "من فضلك أبغى أسأل توقعات الابراج
			// اليومية عن برجي اليوم"; "users can include additional words
			// around their utterances" (pageInvoke).
			"[من فضلك] [أبغى] أسأل {invocation} [{عن|إذا}] {request}",
		},
		// Amazon: اليكسا (pageInvoke's examples). Not stated: أليكسا.
		WakeWords: wake("اليكسا", "أليكسا"),
		// Amazon: اسألي، اطلبي، أسأل (pageInvoke, pageInvocation). Not
		// stated: the others.
		LaunchWords: []string{"افتحي", "افتح", "شغلي", "شغل", "ابدئي", "اسألي", "اطلبي", "أسأل"},
		// Amazon: من، في، عن، إذا، أن (pageInvoke). Not stated: و.
		Connectors: []string{"من", "في", "عن", "إذا", "أن", "و"},
		Builtins: map[string][]string{
			// Amazon: مساعدة، ساعديني، ممكن مساعدة (pageBuiltins).
			Help: {"مساعدة", "ساعديني", "ممكن مساعدة"},
			// Not stated by Amazon's pages read here.
			Stop: {"توقفي", "وقفي"},
			// Amazon: إلغاء، ألغي (pageBuiltins).
			Cancel: {"إلغاء", "ألغي"},
			// Not stated by Amazon's pages read here.
			NavigateHome: {"الصفحة الرئيسية"},
		},
		FallbackExamples: []string{"كيف الطقس على المريخ"},
		Sources:          []string{pageInvoke, pageInvocation, pageBuiltins},
	},
}
