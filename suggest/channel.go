package suggest

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Edit is one step of the noisy channel: where the text has Want, the OCR
// wrote OCR. Either may be empty (a letter lost, a stray mark added), and
// either may be a space or a hyphen (a word split or run together).
type Edit struct {
	OCR  string `json:"ocr"`
	Want string `json:"want"`
}

// Channel is the error model of typewriter OCR: how likely each Edit is. It
// starts from what is known of such OCR (letters of similar shape, Latin
// look-alikes, split and run-together words, stray marks, line-break
// hyphens) and learns from the corrections scholars accept: each accepted
// correction adds its edits, so a confusion met often becomes cheap.
// It is safe for concurrent use.
type Channel struct {
	mu      sync.RWMutex
	learned map[Edit]float64
	total   float64 // sum of learned
	version uint64
	// changes holds the edits each version since since changed: version
	// since+i+1 changed changes[i]. What was scored with an older version
	// is scored afresh.
	changes [][]Edit
	since   uint64
}

// maxChanges is how many versions' changes a channel remembers.
const maxChanges = 1000

// changed records the edits of a new version; the caller holds ch.mu.
func (ch *Channel) changed(edits []Edit) {
	ch.version++
	ch.changes = append(ch.changes, edits)
	if len(ch.changes) > maxChanges {
		ch.changes = slices.Delete(ch.changes, 0, len(ch.changes)-maxChanges)
		ch.since = ch.version - maxChanges
	}
}

// changedSince returns the edits (folded) that the versions after version
// changed, or false if the channel no longer knows.
func (ch *Channel) changedSince(version uint64) (map[Edit]bool, bool) {
	ch.mu.RLock()
	defer ch.mu.RUnlock()
	if version < ch.since || version > ch.version {
		return nil, false
	}
	out := map[Edit]bool{}
	for _, es := range ch.changes[version-ch.since:] {
		for _, e := range es {
			out[e] = true
		}
	}
	return out, true
}

// state returns the channel's version and the total it has learned.
func (ch *Channel) state() (uint64, float64) {
	ch.mu.RLock()
	defer ch.mu.RUnlock()
	return ch.version, ch.total
}

// totalCost is the part of every edit's cost that depends on what the
// channel has learned in all: an edit learned nothing of costs this more
// for each correction learned.
func (ch *Channel) totalCost(total float64) float64 {
	return math.Log(priorMass + total)
}

// NewChannel returns a channel that has learned nothing yet.
func NewChannel() *Channel {
	return &Channel{learned: map[Edit]float64{}}
}

const (
	// errorRate is the chance that OCR gets a given word wrong.
	errorRate = 0.05
	// priorMass is the weight of all prior knowledge together; a learned
	// correction weighs 1.
	priorMass = 30
)

// genericWeight is the prior of an edit no rule foresees (any letter for
// any other, one lost or added).
var genericWeight = 0.02

// similar lists pairs of letters typewriter OCR takes for each other
// (both directions; capitals follow).
var similar = []string{
	"бв", "вз", "зэ", "эе", "вю", "юо", "ыи", "ий", "иц", "иш", "шщ", "цщ",
	"нк", "нп", "ин", "пл", "ли", "ил", "нм", "ми", "ям", "яа", "ял", "ад", "дл",
	"ео", "ес", "со", "оа", "кх", "жк", "хж", "тг", "гп", "ъь", "ьы", "ьб",
	"чу", "ун", "рф", "иу",
	"з3", "б6", "о0", "ч4",
}

// likeMarks lists marks typewriter OCR reads for others of like shape
// (the mark that is there, then what OCR reads): a comma with a speck
// above it as a semicolon or colon, its tail lost as a full stop.
var likeMarks = []string{",;", ",:", ",."}

// lookAlike maps Latin (and Ukrainian, Belarusian) letters that print like
// Russian ones; h and t are H and T in a word put in lower case.
var lookAlike = map[rune]string{
	'a': "а", 'e': "е", 'o': "о", 'p': "р", 'c': "с", 'y': "у", 'x': "х",
	'k': "к", 'm': "м", 'u': "и", 'n': "п", 'r': "г", 'b': "ь", 'i': "і",
	'h': "н", 't': "т",
	'A': "А", 'B': "В", 'E': "Е", 'K': "К", 'M': "М", 'H': "Н", 'O': "О",
	'P': "Р", 'C': "С", 'T': "Т", 'X': "Х", 'Y': "У",
	'і': "и", 'І': "И", 'ї': "и", 'ў': "у", 'є': "е",
}

// multiple lists glyphs OCR splits or joins: OCR → text.
var multiple = map[string][]string{
	"ьі": {"ы"}, "ьl": {"ы"}, "bl": {"ы"}, "ни": {"ы"}, "іо": {"ю"}, "ю": {"ио"},
	"щ": {"цд", "ш"}, "ш": {"щ", "ии"}, "ии": {"ш", "м"}, "м": {"ти"}, "н": {"ц"},
	"rn": {"т"}, "ш!": {"ш"},
}

// folded is the edit as the channel counts it: in lower case, unless case
// is what the edit changes (Б for В is learned as б for в).
func (e Edit) folded() Edit {
	f := Edit{lower(e.OCR), lower(e.Want)}
	if f.OCR == f.Want {
		return e
	}
	return f
}

// glyphWeights holds the prior weights of letter confusions (similar,
// lookAlike, multiple), and case confusions, looked up often.
var glyphWeights = func() map[Edit]float64 {
	m := map[Edit]float64{}
	set := func(o, w string, v float64) {
		for _, e := range []Edit{{o, w}, {strings.ToUpper(o), strings.ToUpper(w)}} {
			m[e] = max(m[e], v)
		}
	}
	for _, p := range similar {
		r := []rune(p)
		set(string(r[0]), string(r[1]), 1)
		set(string(r[1]), string(r[0]), 1)
	}
	for o, ws := range multiple {
		for _, w := range ws {
			set(o, w, 0.7)
		}
	}
	for _, r := range alphabet {
		m[Edit{strings.ToUpper(string(r)), string(r)}] = 2 // capital for small letter
		m[Edit{string(r), strings.ToUpper(string(r))}] = 2
	}
	for o, w := range lookAlike {
		m[Edit{string(o), w}] = 5
	}
	for _, p := range likeMarks {
		r := []rune(p)
		m[Edit{string(r[1]), string(r[0])}] = 1
	}
	for o, d := range digitLike {
		e := Edit{string(o), string(d)}
		m[e] = max(m[e], 1)
	}
	return m
}()

// priorWeight is what is known of an edit before learning anything.
func priorWeight(e Edit) float64 {
	if v, ok := glyphWeights[e]; ok {
		return v
	}
	if e.OCR != e.Want && (e.OCR == "" || russianLetter(e.OCR)) && (e.Want == "" || russianLetter(e.Want)) {
		return genericWeight // a letter for another, lost or added: none of the cases below, most edits the speller tries
	}
	or, wr := utf8.RuneCountInString(e.OCR), utf8.RuneCountInString(e.Want)
	switch {
	case e.OCR == e.Want:
		return 0
	case e.OCR == " " && e.Want == "":
		return 2 // a word split by a stray space
	case e.OCR == " " && (e.Want == "ъ" || e.Want == "ь"):
		return 1 // a faint hard sign read as a gap
	case e.OCR == "" && e.Want == " ":
		return 2 // words run together
	case e.OCR == "" && e.Want == "-":
		return 0.3 // a hyphen lost before a particle (какой-либо); see oneEdit
	case strings.HasPrefix(e.OCR, "-") && strings.TrimSpace(e.OCR) == "-" && or > 1 && e.Want == "":
		return 3 // a line-break hyphen left inside a word
	case e.OCR == "-" && (e.Want == "" || e.Want == " "):
		return 1
	case or == 1 && strings.Contains(",;:.!?", e.OCR) && e.Want == e.OCR+" ":
		return 1 // no space after punctuation
	case e.Want == "" && isStray(e.OCR):
		return 1 // a stray mark
	case wr == 1 && or == 1 && isMarks(e.OCR):
		return 0.3 // a letter read as a mark
	case or == 2 && wr == 2 && swapped(e.OCR, e.Want):
		return 0.1 // two letters swapped
	}
	return genericWeight
}

// swapped reports whether the two letters of a are those of b swapped.
func swapped(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	return ra[0] == rb[1] && ra[1] == rb[0]
}

// isStray reports whether s is scan noise OCR may add: a few marks or Latin
// letters (I:, ·, |), with the spaces around them.
func isStray(s string) bool {
	t := strings.TrimSpace(s)
	if t == "" || len([]rune(t)) > 4 || isCyrillic(t) {
		return false
	}
	for _, r := range t {
		if unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// isMarks reports whether s holds no letter or digit but at least one mark.
func isMarks(s string) bool {
	if strings.TrimSpace(s) == "" {
		return false
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// Cost is the negative log probability of an edit, in nats.
func (ch *Channel) Cost(e Edit) float64 {
	ch.mu.RLock()
	defer ch.mu.RUnlock()
	return ch.costLocked(e)
}

func (ch *Channel) costLocked(e Edit) float64 {
	return ch.costWeighted(e, priorWeight(e))
}

// costWeighted is the cost of an edit of the given prior weight; the
// caller holds ch.mu.
func (ch *Channel) costWeighted(e Edit, prior float64) float64 {
	w := prior + ch.learned[e.folded()]
	return -math.Log(errorRate * w / (priorMass + ch.total))
}

// keepCost is the negative log probability that OCR read a word right.
func (ch *Channel) keepCost() float64 { return -math.Log(1 - errorRate) }

// Edits returns the edits by which OCR would have turned corrected into
// ocr, as the channel counts them (see Learn).
func Edits(ocr, corrected string) []Edit {
	edits := align(ocr, corrected)
	for i, e := range edits {
		edits[i] = e.folded()
	}
	return edits
}

// Learn adds the edits that turn ocr into corrected (an accepted
// correction) to what the channel knows, and returns them.
func (ch *Channel) Learn(ocr, corrected string) []Edit {
	edits := Edits(ocr, corrected)
	ch.mu.Lock()
	defer ch.mu.Unlock()
	for _, e := range edits {
		ch.learned[e]++
		ch.total++
	}
	ch.changed(edits)
	return edits
}

// ChannelOf returns a channel that has learned these counts of edits (as
// stored from Edits).
func ChannelOf(learned map[Edit]float64) (*Channel, error) {
	ch := NewChannel()
	for e, n := range learned {
		if n <= 0 || math.IsNaN(n) || math.IsInf(n, 0) {
			return nil, fmt.Errorf("bad count %v for %q→%q", n, e.OCR, e.Want)
		}
		ch.learned[e.folded()] += n
		ch.total += n
	}
	return ch, nil
}

// Replace makes the channel know what learned knows instead of what it
// knew (the stored model, read again after a review). If that is what it
// knew (a proposal rejected), its version stays, and so does every check
// made with it.
func (ch *Channel) Replace(learned *Channel) {
	learned.mu.RLock()
	m, total := maps.Clone(learned.learned), learned.total
	learned.mu.RUnlock()
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if maps.Equal(ch.learned, m) {
		return
	}
	var edits []Edit
	for e, n := range m {
		if ch.learned[e] != n {
			edits = append(edits, e)
		}
	}
	for e := range ch.learned {
		if _, ok := m[e]; !ok {
			edits = append(edits, e)
		}
	}
	ch.learned, ch.total = m, total
	ch.changed(edits)
}

// Version changes whenever the channel learns; results computed with an
// older version are stale.
func (ch *Channel) Version() uint64 {
	ch.mu.RLock()
	defer ch.mu.RUnlock()
	return ch.version
}

// MarshalJSON writes what the channel has learned, to be stored.
func (ch *Channel) MarshalJSON() ([]byte, error) {
	ch.mu.RLock()
	defer ch.mu.RUnlock()
	type counted struct {
		Edit
		Count float64 `json:"count"`
	}
	list := make([]counted, 0, len(ch.learned))
	for e, n := range ch.learned {
		list = append(list, counted{e, n})
	}
	return json.Marshal(list)
}

// UnmarshalJSON reads what MarshalJSON wrote, replacing what was learned.
func (ch *Channel) UnmarshalJSON(b []byte) error {
	var list []struct {
		Edit
		Count float64 `json:"count"`
	}
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("read channel: %w", err)
	}
	learned := map[Edit]float64{}
	for _, x := range list {
		learned[x.Edit] += x.Count
	}
	read, err := ChannelOf(learned)
	if err != nil {
		return fmt.Errorf("read channel: %w", err)
	}
	ch.mu.Lock()
	defer ch.mu.Unlock()
	ch.learned, ch.total = read.learned, read.total
	ch.version++
	ch.changes, ch.since = nil, ch.version // no change known: all scored afresh
	return nil
}

// align returns the edits of a cheapest alignment of ocr with corrected
// (Levenshtein over code points), adjacent edits merged into one when
// together they are a known multi-letter confusion or a split word.
func align(ocr, corrected string) []Edit {
	a, b := []rune(ocr), []rune(corrected)
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range b {
		d[0][j+1] = j + 1
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			sub := d[i-1][j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			d[i][j] = min(sub, d[i-1][j]+1, d[i][j-1]+1)
		}
	}
	// Walk back, collecting runs of differences as single edits.
	var edits []Edit
	var run Edit
	flush := func() {
		if run.OCR != "" || run.Want != "" {
			edits = append(edits, run)
		}
		run = Edit{}
	}
	i, j := len(a), len(b)
	for i > 0 || j > 0 {
		switch {
		case i > 0 && j > 0 && a[i-1] == b[j-1] && d[i][j] == d[i-1][j-1]:
			flush()
			i, j = i-1, j-1
		case i > 0 && j > 0 && d[i][j] == d[i-1][j-1]+1:
			run = Edit{string(a[i-1]) + run.OCR, string(b[j-1]) + run.Want}
			i, j = i-1, j-1
		case i > 0 && d[i][j] == d[i-1][j]+1:
			run = Edit{string(a[i-1]) + run.OCR, run.Want}
			i--
		default:
			run = Edit{run.OCR, string(b[j-1]) + run.Want}
			j--
		}
	}
	flush()
	// Split long runs of single-letter substitutions back into letters, so
	// that each confusion is learned on its own.
	var out []Edit
	for k := len(edits) - 1; k >= 0; k-- {
		e := edits[k]
		or, wr := []rune(e.OCR), []rune(e.Want)
		if len(or) == len(wr) && len(or) > 1 && priorWeight(e) == genericWeight {
			for x := range or {
				out = append(out, Edit{string(or[x]), string(wr[x])})
			}
			continue
		}
		out = append(out, e)
	}
	return out
}

// costAtLeast is Cost of an edit whose prior weight is at least least.
func (ch *Channel) costAtLeast(e Edit, least float64) float64 {
	ch.mu.RLock()
	defer ch.mu.RUnlock()
	return ch.costWeighted(e, max(priorWeight(e), least))
}
