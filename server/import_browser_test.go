package server

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"sverka"
	"sverka/internal/browsertest"
)

// TestImportedAuthorInCard: an annotation imported through the site
// belongs to the editor who imported it, and its card says who wrote it in
// the archive and when ("imported; written by vera on …").
func TestImportedAuthorInCard(t *testing.T) {
	url, srv, db := startTestServer(t)
	vera := signedIn(t, db, "vera", sverka.RoleAnnotator)
	ed := signedIn(t, db, "ed", sverka.RoleEditor)
	note := &sverka.Annotation{DocumentID: "117313", Motivation: sverka.MotivationNote, CreatorID: vera.user.ID, Body: "vera's reading",
		Target: sverka.TextTarget{Lang: "en", ByQuote: true, Exact: "your reply"}}
	if err := db.CreateAnnotation(context.Background(), note); err != nil {
		t.Fatal(err)
	}
	importCopy(t, srv, vera, ed)

	ctx := browsertest.New(t, 120*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"/documents/copy"), chromedp.WaitVisible(chromedp.CSS(`aside.anno-panel`))); err != nil {
		t.Fatal(err)
	}
	const card = `document.querySelector(".anno-item.anno-commenting .meta")`
	wait(t, ctx, "the card", `!!`+card)
	run(t, ctx, "owned by the editor, written by vera", `(() => {
		const m = `+card+`;
		return m.querySelector(".author").textContent === "ed" && m.querySelector(".written-by")?.textContent === "vera"
			&& m.querySelector(".written").textContent.startsWith(" · imported; written by vera on ")
			&& !!m.querySelector(".written time[datetime]");
	})()`)
}
