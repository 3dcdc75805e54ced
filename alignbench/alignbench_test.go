package alignbench

import (
	"os"
	"testing"

	"sverka/align"
)

// evaluate aligns every document of dir in every variant and returns the scores by
// variant, then by document.
func evaluate(t testing.TB, dir string) (map[Variant][]Score, []Document) {
	t.Helper()
	docs, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	dict, err := align.Debian()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	scores := map[Variant][]Score{}
	for _, v := range Variants {
		for _, d := range docs {
			ru, en := d.Texts(v)
			scores[v] = append(scores[v], Judge(ru, en, align.AlignTexts(align.Input{Text: ru.Text, Lang: "ru"}, align.Input{Text: en.Text, Lang: "en"}, dict)))
		}
	}
	return scores, docs
}

// minMeanF1 is the mean F1 each variant must reach on the tuning documents.
var minMeanF1 = map[Variant]float64{
	{Paragraphs: true}: 0.995, {Paragraphs: true, Noisy: true}: 0.995,
	{}: 0.98, {Noisy: true}: 0.98,
}

// TestEvaluationSet scores the tuning documents in every variant, reports the share of
// wrong links among those flagged uncertain and the others, and holds the mean F1 to
// minMeanF1.
func TestEvaluationSet(t *testing.T) {
	scores, docs := evaluate(t, "testdata")
	var all Score
	for _, v := range Variants {
		var total Score
		mean := 0.0
		for k, s := range scores[v] {
			t.Logf("%-20s %-32s links %4d P %.4f R %.4f F1 %.4f", v, docs[k].Name, s.Links, s.Precision(), s.Recall(), s.F1())
			total.Add(s)
			all.Add(s)
			mean += s.F1() / float64(len(docs))
		}
		t.Logf("%-20s mean F1 %.4f; wrong among flagged %d/%d, among unflagged %d/%d", v, mean,
			total.FlaggedWrong, total.Flagged, total.UnflaggedWrong, total.Unflagged)
		if mean < minMeanF1[v] {
			t.Errorf("%s: got mean F1 %.4f, want at least %.3f", v, mean, minMeanF1[v])
		}
	}
	// The links shown as uncertain are where the wrong ones are.
	flagged := float64(all.FlaggedWrong) / float64(max(1, all.Flagged))
	unflagged := float64(all.UnflaggedWrong) / float64(max(1, all.Unflagged))
	t.Logf("all layouts: wrong among flagged %d/%d (%.1f%%), among unflagged %d/%d (%.2f%%)",
		all.FlaggedWrong, all.Flagged, 100*flagged, all.UnflaggedWrong, all.Unflagged, 100*unflagged)
	if flagged < 5*unflagged {
		t.Errorf("got %.2f%% wrong among flagged links, want at least 5 times the %.2f%% among the others", 100*flagged, 100*unflagged)
	}
}
