package server

import (
	"strconv"
	"strings"

	"sverka"
)

// An annotation's history in words, for /changes and for the versions of
// one annotation: what changed from one state to the next, never JSON.

// annotationState is what the history reads of a state of an annotation:
// the audit trail's record (store/record.go) read from its JSON for
// /changes, or a version the store read (stateOfAnnotation).
type annotationState struct {
	Motivation string `json:"motivation"`
	Target     struct {
		Lang  string `json:"lang"`
		Start int    `json:"start"`
		End   int    `json:"end"`
		Exact string `json:"exact"`
	} `json:"target"`
	Orphaned bool       `json:"orphaned"`
	Body     string     `json:"body"`
	Tags     []string   `json:"tags"`
	Link     *linkState `json:"link"`
	Status   string     `json:"status"`
	Private  bool       `json:"private"`
	Redacted string     `json:"redacted"`
}

// linkState is the far end of a cross-reference in an annotationState.
type linkState struct {
	DocumentID string `json:"documentID"`
	Exact      string `json:"exact"`
	URL        string `json:"url"`
	Citation   string `json:"citation"`
	Orphaned   bool   `json:"orphaned"`
}

// stateOfAnnotation is what the history reads of a.
func stateOfAnnotation(a *sverka.Annotation) annotationState {
	var s annotationState
	s.Motivation, s.Orphaned, s.Body, s.Tags, s.Status, s.Private = a.Motivation, a.Orphaned, a.Body, a.Tags, a.Status, a.Private
	s.Target.Lang, s.Target.Start, s.Target.End, s.Target.Exact = a.Target.Lang, a.Target.Start, a.Target.End, a.Target.Exact
	if l := a.Link; l != nil {
		s.Link = &linkState{l.DocumentID, l.Exact, l.URL, l.Citation, l.Orphaned}
	}
	return s
}

// annotationDetails says in words what changed from before (nil for the
// first state) to after: a correction's reading, the words of a note's
// text taken out and put in, tags, the words annotated, a move with the
// text, orphaning and re-attaching, the far end of a cross-reference, the
// review status, privacy.
func annotationDetails(before *annotationState, after annotationState) []string {
	var out []string
	if after.Motivation == sverka.MotivationCorrection {
		out = append(out, "reading: “"+after.Target.Exact+"” → “"+after.Body+"”")
	}
	if before == nil {
		return out
	}
	if before.Body != after.Body && after.Motivation != sverka.MotivationCorrection {
		out = append(out, textDiff(before.Body, after.Body)...)
	}
	if strings.Join(before.Tags, ",") != strings.Join(after.Tags, ",") {
		out = append(out, "tags: "+strings.Join(before.Tags, ", ")+" → "+strings.Join(after.Tags, ", "))
	}
	bt, at := before.Target, after.Target
	switch {
	case bt.Exact != at.Exact:
		out = append(out, "words: “"+bt.Exact+"” → “"+at.Exact+"”")
	case at.Lang != "" && !after.Orphaned && (bt.Start != at.Start || bt.Lang != at.Lang):
		out = append(out, "moved with the text: its words are now at characters "+span(at.Start, at.End)+" (were "+span(bt.Start, bt.End)+")")
	}
	if !before.Orphaned && after.Orphaned {
		out = append(out, "its words are gone: orphaned")
	} else if before.Orphaned && !after.Orphaned {
		out = append(out, "attached again to “"+at.Exact+"”")
	}
	if bl, al := before.Link, after.Link; al != nil && bl != nil {
		if bl.DocumentID != al.DocumentID || bl.Exact != al.Exact {
			out = append(out, "links to: document "+bl.DocumentID+" “"+bl.Exact+"” → document "+al.DocumentID+" “"+al.Exact+"”")
		}
		if !bl.Orphaned && al.Orphaned {
			out = append(out, "the passage it links to is gone: orphaned")
		} else if bl.Orphaned && !al.Orphaned {
			out = append(out, "the passage it links to is found again")
		}
	}
	if before.Status != after.Status && after.Status != "" {
		out = append(out, "status: "+before.Status+" → "+after.Status)
	}
	if before.Private != after.Private {
		out = append(out, map[bool]string{true: "made private", false: "made visible to all who may read the document"}[after.Private])
	}
	return out
}

// span is a code-point range as a person reads it.
func span(start, end int) string { return strconv.Itoa(start) + "–" + strconv.Itoa(end) }

// textDiff says how a text changed, word by word: the words taken out and
// put in between what the two have in common at both ends.
func textDiff(before, after string) []string {
	b, a := strings.Fields(before), strings.Fields(after)
	p := 0
	for p < len(b) && p < len(a) && b[p] == a[p] {
		p++
	}
	s := 0
	for s < len(b)-p && s < len(a)-p && b[len(b)-1-s] == a[len(a)-1-s] {
		s++
	}
	var out []string
	if gone := b[p : len(b)-s]; len(gone) > 0 {
		out = append(out, "text taken out: “"+strings.Join(gone, " ")+"”")
	}
	if put := a[p : len(a)-s]; len(put) > 0 {
		out = append(out, "text put in: “"+strings.Join(put, " ")+"”")
	}
	return out
}

// versionChanges says in words what each version changed (versions newest
// first, as the store lists them): the change from the version before it,
// and for the first what was made ("a note on “…”").
func versionChanges(states []*sverka.Annotation) [][]string {
	out := make([][]string, len(states))
	for i, a := range states {
		after := stateOfAnnotation(a)
		if i+1 == len(states) {
			out[i] = append([]string{"a " + annotationWords(after)}, annotationDetails(nil, after)...)
			continue
		}
		before := stateOfAnnotation(states[i+1])
		out[i] = annotationDetails(&before, after)
	}
	return out
}
