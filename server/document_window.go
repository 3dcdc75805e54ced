package server

// window is the run of links a reading view shows: a long document is
// shown windowSize links at a time, around the link asked for, with the
// whole of it one click away (for print and find in page).
type window struct {
	// From and To are the positions of the first and last link shown, of
	// Total; Prev and Next are the ?from= of the windows just before and
	// after, 0 if none.
	From, To, Total int
	Prev, Next      int
	// Partial is set when some links are not shown.
	Partial bool
}

// Long documents are shown windowSize links at a time, beginning
// windowBefore links above the one asked for; up to windowMax links are
// shown whole.
const (
	windowSize   = 200
	windowBefore = 20
	windowMax    = 300
)

// newWindow picks the links to show of total: all when whole or when
// there are few, else the window holding position at (1 for the top).
func newWindow(total, at int, whole bool) window {
	if whole || total <= windowMax {
		return window{From: 1, To: total, Total: total}
	}
	from := max(1, min(at-windowBefore, total-windowSize+1))
	w := window{From: from, To: min(total, from+windowSize-1), Total: total, Partial: true}
	// ?from=N starts a window windowBefore links above N.
	if w.From > 1 {
		w.Prev = max(1, w.From-windowSize) + windowBefore
	}
	if w.To < total {
		w.Next = w.To + 1 + windowBefore
	}
	return w
}
