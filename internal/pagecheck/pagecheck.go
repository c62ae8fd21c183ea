// Package pagecheck finds in a rendered page what no reader should ever see: Go's formatting
// artifacts, a message key instead of its text, raw JSON, a code where its label belongs, an
// English error sentence inside the Chinese interface, and on English pages Chinese punctuation or
// Chinese text a screen reader would not know to read in Chinese. The crawl test applies it to every page, as
// every role, in both languages: a new page is covered as soon as something links to it.
package pagecheck

import (
	"regexp"
	"strings"

	"unicode"

	"golang.org/x/net/html"

	"integrity-portal/internal/i18n"
)

// Finding is one defect: which check found it, the text that shows it, and the text around it.
type Finding struct {
	Check, Text, Around string
}

// Checker holds what the checks compare against: every message key, and every code that has a label.
type Checker struct {
	keys     map[string]bool
	codes    map[string]bool
	messages map[i18n.Lang]map[string]bool // every message as written, to tell a word from a code
}

// New reads the catalogues: their keys, and the codes named by the `label.<kind>.<code>` keys.
func New(c i18n.Catalogues) *Checker {
	k := &Checker{keys: map[string]bool{}, codes: map[string]bool{}, messages: map[i18n.Lang]map[string]bool{}}
	for lang, m := range c {
		k.messages[lang] = map[string]bool{}
		for key, msg := range m {
			k.messages[lang][msg] = true
			k.keys[key] = true
			if rest, ok := strings.CutPrefix(key, "label."); ok {
				if _, code, ok := strings.Cut(rest, "."); ok && len(code) > 1 {
					k.codes[code] = true
				}
			}
		}
	}
	return k
}

// Codes is how many codes the checker knows a label for: none means the code check is blind.
func (k *Checker) Codes() int { return len(k.codes) }

// text is a piece of visible text with where it stands.
type text struct {
	s       string
	around  string // the text of the enclosing element, to find the defect by
	literal bool   // inside pre, kbd, samp, textarea, or marked translate="no": shown as typed
	english bool   // inside an element with lang="en"
	zh      bool   // inside an element with lang="zh…": Chinese, read as Chinese
	plain   bool   // an attribute's value, an <option> or an SVG <title>: holds no element to mark a part
	code    bool   // inside <code>: a value as a file or a command takes it (a format's "closed")
}

// check is one thing a page must not show; the list below is the one place they are named.
type check struct {
	name string
	find func(k *Checker, lang i18n.Lang, t text) string
}

var checks = []check{
	{"go-format", goFormat},
	{"message-key", messageKey},
	{"raw-json", rawJSON},
	{"code-for-label", codeForLabel},
	{"latin-in-zh", latinInZh},
	{"full-width-in-en", fullWidthInEn},
	{"zh-unmarked", zhUnmarked},
}

// Check returns the findings of one page in lang.
func (k *Checker) Check(lang i18n.Lang, body string) []Finding {
	var out []Finding
	seen := map[Finding]bool{}
	for _, t := range visibleTexts(body) {
		for _, c := range checks {
			if s := c.find(k, lang, t); s != "" {
				f := Finding{Check: c.name, Text: clip(s), Around: clip(t.around)}
				if !seen[f] {
					seen[f] = true
					out = append(out, f)
				}
			}
		}
	}
	return out
}

var goArtifact = regexp.MustCompile(`%!\w?\(|%!\(EXTRA|%!\(MISSING\)|<nil>|\b0x[0-9a-f]{6,}\b|map\[|&\{|\(\*[a-z.]+\)`)

func goFormat(_ *Checker, _ i18n.Lang, t text) string {
	return goArtifact.FindString(t.s)
}

var keyLike = regexp.MustCompile(`\[?[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\]?`)

// messageKey finds a catalogue key, or "[a.key]" as a missing key renders.
func messageKey(k *Checker, _ i18n.Lang, t text) string {
	if t.literal {
		return ""
	}
	for _, m := range keyLike.FindAllString(t.s, -1) {
		bare := strings.Trim(m, "[]")
		if k.keys[bare] || strings.HasPrefix(m, "[") && strings.HasSuffix(m, "]") && strings.Count(bare, ".") >= 1 {
			return m
		}
	}
	return ""
}

var jsonLike = regexp.MustCompile(`\{\s*"[^"]*"\s*:|^\s*(\{\s*\}|\[\s*\])\s*$`)

func rawJSON(_ *Checker, _ i18n.Lang, t text) string {
	if t.literal {
		return ""
	}
	return jsonLike.FindString(t.s)
}

// codeForLabel finds a text that is exactly a code that has a label, or a "kind:detail" code. A
// code that is also a message of the page's language ("none" in English) is taken as that word.
func codeForLabel(k *Checker, lang i18n.Lang, t text) string {
	if t.literal || t.code {
		return ""
	}
	s := strings.TrimSpace(t.s)
	if k.codes[s] && !k.messages[lang][s] {
		return s
	}
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, "，。、：；（）()")
		if strings.Contains(w, ":") && !strings.Contains(w, "//") && k.codes[w] {
			return w
		}
	}
	return ""
}

// A run of three or more Latin-script words, and the words that make such a run an error sentence
// rather than a name or a title as a data source published it ("London Borough of Barnet").
var (
	latinRun   = regexp.MustCompile(`[A-Za-z]+(?:[ ,'’"-]+[A-Za-z]+){2,}`)
	errorWords = regexp.MustCompile(`(?i)\b(is|are|not|must|be|cannot|can't|should|invalid|expected|missing|required|unknown|failed|error|line|first|too|only|no)\b`)
)

func latinInZh(_ *Checker, lang i18n.Lang, t text) string {
	if lang != i18n.ZhTW || t.literal || t.english {
		return ""
	}
	for _, run := range latinRun.FindAllString(t.s, -1) {
		if errorWords.MatchString(run) {
			return run
		}
	}
	return ""
}

// fullWidthInEn finds Chinese punctuation on an English page, by the catalogue's own rule
// (i18n.FullWidthOutsideChinese): a mark between two Han characters, or inside an element marked
// as Chinese, belongs to a Chinese name (臺中市政府（建設局）) and passes.
func fullWidthInEn(_ *Checker, lang i18n.Lang, t text) string {
	if lang != i18n.En || t.literal || t.zh {
		return ""
	}
	if r := i18n.FullWidthOutsideChinese(t.s); r != 0 {
		return string(r)
	}
	return ""
}

// zhUnmarked finds, on an English page, Chinese text outside any element marked lang="zh…" ({{zh}},
// {{zhRuns}}), which a screen reader would spell out in English. Left out: text that can hold no
// element, so no <span lang> around its Chinese part: attribute values, <option>s (a list of the
// city's agencies by their Chinese names) and an SVG <title> (a chart's name, with its service's);
// and literal text (textarea, pre), which shows what someone typed, as typed.
func zhUnmarked(_ *Checker, lang i18n.Lang, t text) string {
	if lang != i18n.En || t.literal || t.zh || t.plain {
		return ""
	}
	rs := []rune(t.s)
	for i, r := range rs {
		if unicode.Is(unicode.Han, r) {
			j := i
			for j < len(rs) && unicode.Is(unicode.Han, rs[j]) {
				j++
			}
			return string(rs[i:j])
		}
	}
	return ""
}

// visibleTexts walks the page's body and returns its text nodes and its read-out attributes.
func visibleTexts(body string) []text {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return nil
	}
	var out []text
	var walk func(n *html.Node, literal, english, zh, plain, code bool)
	walk = func(n *html.Node, literal, english, zh, plain, code bool) {
		switch n.Type {
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "head", "template":
				return
			case "pre", "kbd", "samp", "textarea":
				literal = true
			case "code":
				code = true
			case "option":
				plain = true
			case "title":
				plain = n.Namespace == "svg"
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "translate":
					literal = literal || a.Val == "no"
				case "lang":
					english = strings.HasPrefix(a.Val, "en")
					zh = strings.HasPrefix(a.Val, "zh")
				}
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "title", "aria-label", "placeholder", "alt":
					out = append(out, text{s: a.Val, around: "<" + n.Data + " " + a.Key + ">", literal: literal, english: english, zh: zh, plain: true, code: code})
				}
			}
		case html.TextNode:
			if strings.TrimSpace(n.Data) != "" {
				out = append(out, text{s: n.Data, around: textOf(n.Parent), literal: literal, english: english, zh: zh, plain: plain, code: code})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, literal, english, zh, plain, code)
		}
	}
	walk(doc, false, false, false, false, false)
	return out
}

// textOf is the text inside n, with the name of its element.
func textOf(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return "<" + n.Data + "> " + b.String()
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return s
}
