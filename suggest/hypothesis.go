package suggest

import (
	"math"
	"slices"
)

// hypothesis is one span of a unit with the score of its OCR form (keep)
// and of each reading the channel could have turned into it.
type hypothesis struct {
	start, end int
	form       string   // the span as the unit has it (once doubtful)
	keys       []string // counting keys of the form and each reading (wordKeys), once doubtful
	keep       float64
	readings   []scored
	secondText string // a second OCR reading of the span, if asked
}

type scored struct {
	text  string
	score float64
	edits int // how many edits the channel charged for
}

// gain is how much more probable the best reading is than the OCR form.
func (h hypothesis) gain() float64 {
	if len(h.readings) == 0 {
		return math.Inf(-1)
	}
	return h.best().score - h.keep
}

func (h hypothesis) best() scored {
	return slices.MaxFunc(h.readings, func(a, b scored) int { return cmpFloat(a.score, b.score) })
}

// second lets a second OCR reading of the span vote: a reading it agrees
// with gains, and so does the OCR form when both OCR runs agree.
func (h *hypothesis) second(read func(start, end int) (string, bool)) {
	text, ok := read(h.start, h.end)
	if !ok {
		return
	}
	h.secondText = text
	for i := range h.readings {
		if h.readings[i].text == text {
			h.readings[i].score += secondAgree
			return
		}
	}
	h.keep += secondAgree
}

// secondAgree is what a second OCR reading adds to the reading it agrees
// with (nats): two independent OCR runs rarely make one error.
const secondAgree = 3.0

// flag turns the hypothesis into a flag with at most three readings and
// their probabilities (the OCR form's share included in the sum).
func (h hypothesis) flag() Flag {
	rs := slices.Clone(h.readings)
	slices.SortStableFunc(rs, func(a, b scored) int { return cmpFloat(b.score, a.score) })
	top := max(h.keep, rs[0].score)
	sum := math.Exp(h.keep - top)
	for _, r := range rs {
		sum += math.Exp(r.score - top)
	}
	f := Flag{Start: h.start, End: h.end, Form: h.form, Keep: math.Exp(h.keep-top) / sum, Second: h.secondText}
	for _, r := range rs[:min(3, len(rs))] {
		f.Readings = append(f.Readings, Reading{r.text, math.Exp(r.score-top) / sum})
	}
	return f
}
