package suggest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheckKinds(t *testing.T) {
	c := newChecker(t)
	tests := []struct {
		name, text, form, want string
	}{
		{"letter confusion", "Он хорошо внал об этом.", "внал", "знал"},
		{"two confusions", "Мы были вынуждены уступить, но условия были благоприятии для нас.", "благоприятии", "благоприятны"},
		{"Latin look-alike", "Мы получили oтвет вчера.", "oтвет", "ответ"},
		{"Latin look-alike and two confusions", "Пакеты были заrрухеы вчера.", "заrрухеы", "загружены"},
		{"Latin capital look-alike", "Hет, это не так.", "Hет", "Нет"},
		{"Latin capital whose small letter prints otherwise", "Я пишу Bам об этом.", "Bам", "Вам"},
		{"Latin look-alikes making a word", "Что он делает без помощи pyк!", "pyк", "рук"},
		{"split by a stray space", "Я это об яснял им не раз.", "об яснял", "объяснял"},
		{"split word", "Внутреннее положе ние страны тяжело.", "положе ние", "положение"},
		{"line-break hyphen", "Это было их собствен- ное решение.", "собствен- ное", "собственное"},
		{"line-break hyphen across lines", "Это было их собствен-\nное решение.", "собствен-\nное", "собственное"},
		{"run together", "Мы получилиответ вчера.", "получилиответ", "получили ответ"},
		{"no space after a comma", "Он придёт,следовательно мы ждём.", "придёт,следовательно", "придёт, следовательно"},
		{"stray Latin mark", "Он будет втянут I: в войну.", "втянут I:", "втянут"},
		{"stray dot", "Он будет втянут · в войну.", "втянут ·", "втянут"},
		{"stray colon between words", "Он будет втянут : в войну.", "втянут :", "втянут"},
		{"hyphen glued to a word", "Они превратили его в плацдарм -на востоке.", "-на", "на"},
		{"capital inside a sentence", "В стране будет Очень много недовольных.", "Очень", "очень"},
		{"capital after a sentence's first word", "Если По какой-то причине он не придёт, мы начнём.", "По", "по"},
		{"lost hyphen before a particle", "Он не может оказать какойлибо помощи.", "какойлибо", "какой-либо"},
		{"lost hyphen in a range of numbers", "Мы просили о двухтрех дивизиях.", "двухтрех", "двух-трех"},
		{"capital inside a word", "Мы знаем это тОже давно.", "тОже", "тоже"},
		{"two capitals before small letters", "ВСегда готовы помочь.", "ВСегда", "Всегда"},
		{"letter read as a dot", "Внутреннее пол.жение страны тяжело.", "пол.жение", "положение"},
		{"letter read as a bar", "Внутреннее поло|ение страны тяжело.", "поло|ение", "положение"},
		{"digit read for a letter", "База данных содержит инф0рмацию о почте.", "инф0рмацию", "информацию"},
		{"digit read for a letter at the start", "Мы получили 3десь ответ.", "3десь", "здесь"},
		{"digits read for letters", "Прошу, до60вьте его в список.", "до60вьте", "добавьте"},
		{"letter read as a parenthesis", "Мы подписали д(говор о торговле.", "д(говор", "договор"},
		{"real word: a pronoun the verb wants", "Если бы хотите, приходите завтра.", "бы", "вы"},
		{"real word: a preposition the case wants", "Они пошли вместе о нами.", "о", "с"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			flags := c.Check(Unit{Text: tc.text})
			for _, f := range flags {
				if f.Form == tc.form {
					if got := f.Readings[0].Text; got != tc.want {
						t.Errorf("%q: got %q first, want %q (readings %v)", tc.form, got, tc.want, f.Readings)
					}
					if runes := []rune(tc.text); string(runes[f.Start:f.End]) != f.Form {
						t.Errorf("span [%d,%d) is %q, want %q", f.Start, f.End, string(runes[f.Start:f.End]), f.Form)
					}
					return
				}
			}
			t.Errorf("%q not flagged; flags %v", tc.form, flags)
		})
	}
}

func TestCheckLeavesGoodTextAlone(t *testing.T) {
	c := newChecker(t)
	for _, text := range []string{
		"Ваш ответ получил.",
		"Я считал возможным обратиться к Вам с вопросом о пяти дивизиях.",
		"Что касается приезда товарищей, то я буду рад встретить их.",
		"Конечно, Вам лучше знать внутреннее положение страны, чем кому-либо другому.",
		"Сообщите об ошибке группе QA до выпуска.",
		"Это нужно, т.к. срок истёк, т.е. всё решено.",
		"Генерал МакАртур прибыл в Токио.",
		"Если Советский Союз согласится, Вы получите ответ. Они Вам напишут.",
		"Об этом сказано в письме3, на 2-й странице.",
		"Помощь пришла от СССР и от Китая.",
		"Все возможные меры приняты.",
		"Подключите USB-накопитель к X-серверу 3-го числа.",
		"Прибыли Ту-154, МиГ-15, Ил-62 и танки Т-34.",
	} {
		if flags := c.Check(Unit{Text: text}); len(flags) > 0 {
			t.Errorf("%q: got flags %v, want none", text, flags)
		}
	}
}

// TestEnglishNamesMustAppear checks that a name of the English that the
// Russian lacks is read into a word one likely confusion from it, though
// the lexicon does not know the name, and that no such reading is made
// without the English or when the Russian has the name.
func TestEnglishNamesMustAppear(t *testing.T) {
	c := newChecker(t)
	const en = "We are waiting for Zhou Enlai."
	for _, tc := range []struct{ text, form string }{
		{"Мы ждём Чжоу Эньпая.", "Эньпая"},
		{"Мы ждём Чжоу Зньлая.", "Зньлая"},
	} {
		if flags := c.Check(Unit{Text: tc.text}); hasFlag(flags, tc.form) {
			t.Fatalf("without the English, %s is flagged (%v); the test shows nothing", tc.form, flags)
		}
		flags := c.Check(Unit{Text: tc.text, English: en})
		if !hasFlag(flags, tc.form) || flags[0].Readings[0].Text != "Эньлая" {
			t.Errorf("%q with %q: got flags %v, want %s read as Эньлая", tc.text, en, flags, tc.form)
		}
	}
	if flags := c.Check(Unit{Text: "Мы ждём Чжоу Эньлая и Эньпая.", English: en}); hasFlag(flags, "Эньпая") {
		t.Errorf("the name is there: got flags %v, want none on Эньпая", flags)
	}
}

// TestRomanisedNames checks that names the English writes in Pinyin,
// Korean romanisation or English spelling, which the Russian spells by
// Palladius, Kontsevich or custom, are read into a word misread from them,
// and are kept as they are; and that an English adjective of a nation
// (Korean) is not taken for a name the Russian lacks.
func TestRomanisedNames(t *testing.T) {
	c := newChecker(t)
	for _, tc := range []struct{ text, english, form, want string }{
		{"Товарищ Мао Цзэдуи сказал.", "Comrade Mao Zedong said.", "Цзэдуи", "Цзэдун"},
		{"Товарищ Ким Ир Сеи сказал.", "Comrade Kim Il Sung said.", "Сеи", "Сен"},
		{"Мы выехали из Пхеньяиа.", "We left Pyongyang.", "Пхеньяиа", "Пхеньяна"},
		{"Делегация прибыла в ПЕНИН утром.", "The delegation arrived in PEKING in the morning.", "ПЕНИН", "ПЕКИН"},
		{"Беседа с Дэн Сяопиком была долгой.", "The talk with Deng Xiaoping was long.", "Сяопиком", "Сяопином"},
	} {
		flags := c.Check(Unit{Text: tc.text, English: tc.english})
		if !hasFlag(flags, tc.form) || flags[0].Readings[0].Text != tc.want {
			t.Errorf("%q with %q: got flags %v, want %s read as %s", tc.text, tc.english, flags, tc.form, tc.want)
		}
		right := strings.Replace(tc.text, tc.form, tc.want, 1)
		if flags := c.Check(Unit{Text: right, English: tc.english}); hasFlag(flags, tc.want) {
			t.Errorf("%q with %q: got flags %v, want %s kept", right, tc.english, flags, tc.want)
		}
	}
	text := "Мы говорили о будущем Кореи."
	if flags := c.Check(Unit{Text: text, English: "We spoke of the Korean future."}); len(flags) > 0 {
		t.Errorf("%q beside Korean: got flags %v, want none", text, flags)
	}
}

// TestEnglishKeepsNames checks that a name the lexicon lacks is kept when
// the aligned English names it, and doubted when it does not.
func TestEnglishKeepsNames(t *testing.T) {
	c := newChecker(t)
	text := "Они не получат даже Тайвана."
	if !hasFlag(c.Check(Unit{Text: text}), "Тайвана") {
		t.Fatalf("without the English, Тайвана is not flagged; the test shows nothing")
	}
	if flags := c.Check(Unit{Text: text, English: "They will not even get Taiwan."}); hasFlag(flags, "Тайвана") {
		t.Errorf("with the English naming Taiwan: got flags %v, want none on Тайвана", flags)
	}
}

// TestSecondReading checks the hook for a second OCR reading of the scan:
// where it agrees with a suggestion, the suggestion comes first.
func TestSecondReading(t *testing.T) {
	c := newChecker(t)
	text := "Китай не получит даже Китав."
	start := strings.Index(text, "Китав")
	start = utf8.RuneCountInString(text[:start])
	second := func(s, e int) (string, bool) {
		if s == start {
			return "Китаю", true
		}
		return "", false
	}
	for _, f := range c.Check(Unit{Text: text, Second: second}) {
		if f.Form == "Китав" {
			if f.Readings[0].Text != "Китаю" {
				t.Errorf("with the second reading Китаю: got %v first, want Китаю", f.Readings)
			}
			return
		}
	}
	t.Errorf("Китав not flagged")
}

func hasFlag(flags []Flag, form string) bool {
	for _, f := range flags {
		if f.Form == form {
			return true
		}
	}
	return false
}

func TestWithoutLexicon(t *testing.T) {
	c := New(nil, DefaultCounts(), NewChannel())
	flags := c.Check(Unit{Text: "Он хорошо внал об этом."})
	if !hasFlag(flags, "внал") {
		t.Errorf("without a lexicon, from the counts alone: got flags %v, want внал flagged", flags)
	}
}

// TestLearning checks that accepted corrections of one confusion that the
// channel does not expect (к for и) make its suggestions more precise: ten
// corrections of other words, then the same text checked again.
func TestLearning(t *testing.T) {
	c := newChecker(t)
	paras := referenceParagraphs(t)
	units, train := confused(c, paras[60:100], "и", "к", 2), confused(c, paras[100:], "и", "к", 10)
	if len(units) < 20 || len(train) < 10 {
		t.Fatalf("only %d units, %d corrections to learn from", len(units), len(train))
	}
	before := evaluate(c, units)
	for _, u := range train[:10] {
		e := u.errs[0]
		c.Channel().Learn(string([]rune(u.text)[e.start:e.end]), e.want)
	}
	after := evaluate(c, units)
	t.Logf("к for и, %d errors: before learning %d flags, %d right first (precision %.2f); after 10 corrections %d flags, %d right first (precision %.2f)",
		before.errors, before.flags, before.right, ratio(before.right, before.flags), after.flags, after.right, ratio(after.right, after.flags))
	if ratio(after.right, after.flags) <= ratio(before.right, before.flags) || after.right <= before.right {
		t.Errorf("precision: got %.2f after learning, %.2f before, want a rise", ratio(after.right, after.flags), ratio(before.right, before.flags))
	}
}

// confused returns paragraphs with up to n words each given one confusion
// (want read as ocr) that makes a non-word; one error per unit.
func confused(c *Checker, paras []string, want, ocr string, n int) []evalUnit {
	var out []evalUnit
	for _, p := range paras {
		runes := []rune(p)
		done := 0
		for _, tok := range tokenize(runes) {
			if done == n || tok.kind != wordToken || utf8.RuneCountInString(tok.text) < 5 || !strings.Contains(tok.text[1:], want) || !c.valid(strings.ToLower(tok.text), shapeOf(tok.text)) {
				continue
			}
			i := strings.Index(tok.text[1:], want) + 1
			bad := tok.text[:i] + ocr + tok.text[i+len(want):]
			if c.valid(strings.ToLower(bad), shapeOf(bad)) {
				continue
			}
			text := string(runes[:tok.start]) + bad + string(runes[tok.end:])
			out = append(out, evalUnit{text: text, errs: []evalError{{tok.start, tok.start + utf8.RuneCountInString(bad), tok.text, "confusion"}}})
			done++
		}
	}
	return out
}

func TestChannelStored(t *testing.T) {
	ch := NewChannel()
	ch.Learn("Баш", "Ваш")
	ch.Learn("внал", "знал")
	b, err := json.Marshal(ch)
	if err != nil {
		t.Fatal(err)
	}
	again := NewChannel()
	if err := json.Unmarshal(b, again); err != nil {
		t.Fatal(err)
	}
	for _, e := range []Edit{{"б", "в"}, {"Б", "В"}, {"в", "з"}} {
		if got, want := again.Cost(e), ch.Cost(e); got != want {
			t.Errorf("cost(%v) after a round trip: got %v, want %v", e, got, want)
		}
	}
	if NewChannel().Cost(Edit{"б", "в"}) <= ch.Cost(Edit{"б", "в"}) {
		t.Errorf("learning б for в did not make it cheaper")
	}
	for _, bad := range []string{`[{"ocr":"a","want":"b","count":-1}]`, `{"x":1}`, `[{"ocr":"a","want":"b","count":1e400}]`} {
		if err := json.Unmarshal([]byte(bad), NewChannel()); err == nil {
			t.Errorf("Unmarshal(%s): got no error", bad)
		}
	}
}

// TestReplaceKeepsChecks checks that reading the stored model again after
// a review that taught nothing (a proposal rejected) keeps the channel's
// version, so the next check of a document uses what it remembers, and
// that one that taught something changes it.
func TestReplaceKeepsChecks(t *testing.T) {
	stored := NewChannel()
	stored.Learn("Баш", "Ваш")
	ch := NewChannel()
	ch.Replace(stored)
	v := ch.Version()
	ch.Replace(stored)
	if got := ch.Version(); got != v {
		t.Errorf("the same model read again: version %d, want %d", got, v)
	}
	stored.Learn("внал", "знал")
	if ch.Replace(stored); ch.Version() == v {
		t.Errorf("a model that learned more read again: version stayed %d", v)
	}
}

func TestAlign(t *testing.T) {
	tests := []struct {
		ocr, want string
		edits     []Edit
	}{
		{"Баш", "Ваш", []Edit{{"Б", "В"}}},
		{"об яснял", "объяснял", []Edit{{" ", "ъ"}}},
		{"плащарм", "плацдарм", []Edit{{"щ", "цд"}}},
		{"благоприятии", "благоприятны", []Edit{{"и", "н"}, {"и", "ы"}}},
		{"втянут I:", "втянут", []Edit{{" I:", ""}}},
	}
	for _, tc := range tests {
		if got := align(tc.ocr, tc.want); fmt.Sprint(got) != fmt.Sprint(tc.edits) {
			t.Errorf("align(%q, %q) = %v, want %v", tc.ocr, tc.want, got, tc.edits)
		}
	}
}

func TestCheckAllKeepsOrder(t *testing.T) {
	c := newChecker(t)
	units := []Unit{{Text: "Он внал."}, {Text: "Всё хорошо."}, {Text: "Я об яснял."}}
	got := c.CheckAll(context.Background(), units)
	if len(got) != 3 || !hasFlag(got[0], "внал") || len(got[1]) != 0 || !hasFlag(got[2], "об яснял") {
		t.Errorf("got %v, want внал in the first, nothing in the second, об яснял in the third", got)
	}
}

// TestReachKeepsEveryWord checks what makes the speller's pruning lose no
// reading: every form of the lexicon and every word the counts know often,
// in lower case, may be begun and ended all the way (reach is its length,
// back 0), so no edit that makes a word is skipped.
func TestReachKeepsEveryWord(t *testing.T) {
	c := newChecker(t)
	sp := c.newSpeller(lowerCase)
	n := 0
	c.lex.Stems(func(stem string) bool {
		n++
		for _, f := range c.lex.Forms(stem) {
			if lf := strings.ToLower(f); sp.reach(lf) != len(lf) || sp.back(lf) != 0 {
				t.Errorf("%q: reach %d, back %d; want %d, 0", lf, sp.reach(lf), sp.back(lf), len(lf))
				return false
			}
		}
		return n < 20000
	})
	for _, w := range c.counts.frequent(minSeen) {
		if sp.reach(w) != len(w) || sp.back(w) != 0 {
			t.Fatalf("%q: reach %d, back %d; want %d, 0", w, sp.reach(w), sp.back(w), len(w))
		}
	}
	if got := sp.reach("zzzqхорошо"); got != 0 {
		t.Errorf("reach of a string no word begins: got %d, want 0", got)
	}
	if got, s := sp.back("хорошоqzzz"), "хорошоqzzz"; got != len(s) {
		t.Errorf("back of a string no word ends: got %d, want %d", got, len(s))
	}
}

// TestEnglishNumbers checks that the numbers of the aligned English
// support the reading of a misread number and oppose a number the English
// does not have, and that numbers the English agrees with are left alone.
func TestEnglishNumbers(t *testing.T) {
	c := newChecker(t)
	tests := []struct {
		name, text, english, form, want string
	}{
		{"letter for a digit, with the English", "Это было в 195О году.", "It was in 1950.", "195О", "1950"},
		{"letter for a digit, no English", "Это было в 195О году.", "", "195О", "1950"},
		{"Latin I glued before digits", "Это было в I950 году.", "It was in 1950.", "I950", "1950"},
		{"digit misread", "Мы просили о 36 дивизиях.", "We asked for 38 divisions.", "36", "38"},
		{"the English agrees", "Мы просили о 38 дивизиях.", "We asked for 38 divisions.", "", ""},
		{"the English has no numbers", "Мы просили о 36 дивизиях.", "We asked for some divisions.", "", ""},
		{"no English", "Это было в 1950 году, 38-го числа.", "", "", ""},
		{"a Latin word with digits", "Поддержка i18n и l10n в пакете.", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			flags := c.Check(Unit{Text: tc.text, English: tc.english})
			if tc.form == "" {
				if len(flags) > 0 {
					t.Errorf("got flags %v, want none", flags)
				}
				return
			}
			for _, f := range flags {
				if f.Form == tc.form {
					if f.Readings[0].Text != tc.want {
						t.Errorf("%q: got %q first, want %q", tc.form, f.Readings[0].Text, tc.want)
					}
					return
				}
			}
			t.Errorf("%q not flagged; flags %v", tc.form, flags)
		})
	}
}
