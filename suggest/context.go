package suggest

import "strings"

// context scores a reading of tokens [i, j] with the words around them.
func (s *scan) context(i, j int, reading string) float64 {
	first, last := reading, reading
	if k := strings.IndexByte(reading, ' '); k >= 0 {
		first, last = reading[:k], reading[strings.LastIndexByte(reading, ' ')+1:]
	}
	v := 0.0
	if first != last {
		// The words of a reading of more than one follow each other too.
		words := strings.Split(reading, " ")
		for k := 1; k < len(words); k++ {
			v += s.c.counts.logClasses(s.c.classOf(words[k-1]), s.c.classOf(words[k])) // logContext, remembered
		}
	}
	counts := s.c.counts
	p, n := s.neighbour(i, -1), s.neighbour(j, +1)
	if p < 0 && n < 0 {
		return v
	}
	cf := s.c.classOf(first)
	if p >= 0 {
		v += counts.logClasses(s.classOf(p), cf)
	}
	if n >= 0 {
		cl := cf
		if first != last {
			cl = s.c.classOf(last)
		}
		v += counts.logClasses(cl, s.classOf(n))
	}
	return v
}

// classOf returns the class of word token i in the counts (remembered).
func (s *scan) classOf(i int) classStats {
	if s.classes == nil {
		s.classes = make([]classStats, len(s.toks))
	}
	if s.classes[i].class == "" {
		s.classes[i] = s.c.classOf(s.toks[i].text)
	}
	return s.classes[i]
}
