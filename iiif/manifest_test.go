package iiif_test

import (
	"encoding/json"
	"os"
	"testing"

	"sverka/iiif"
	"sverka/internal/iiiftest"
)

func TestManifestValidates(t *testing.T) {
	// The schema tells valid from broken fixtures, so it checks something.
	for file, valid := range map[string]bool{"full_example.json": true, "annoPage.json": true, "broken_service.json": false, "broken_simple_image.json": false} {
		b, err := os.ReadFile("testdata/" + file)
		if err != nil {
			t.Fatal(err)
		}
		if err := iiiftest.Validate(t, b); (err == nil) != valid {
			t.Errorf("fixture %s: got %v, want valid %v", file, err, valid)
		}
	}
	base := "https://sverka.test/iiif/42"
	m := iiif.Manifest{
		ID:      base + "/manifest",
		Label:   map[string][]string{"ru": {"Письмо редактору"}, "en": {"Letter to the editor"}},
		Summary: map[string][]string{"en": {"Two scanned pages"}},
		Rights:  "http://creativecommons.org/licenses/by/4.0/",
		Canvases: []iiif.Canvas{
			{ID: base + "/canvas/1", Label: "1", Width: 2480, Height: 3508, Service: base + "/1",
				Annotations: []iiif.Annotation{
					{ID: base + "/annotation/9", Motivation: "commenting", Text: "A stamp of the archive", Language: "en", X: 100, Y: 200, W: 300, H: 50},
					{ID: base + "/annotation/10", Motivation: "tagging", Text: "опечатка", Language: "ru", X: 10, Y: 20, W: 30, H: 40},
				}},
			{ID: base + "/canvas/2", Label: "2", Width: 2480, Height: 3508, Service: base + "/2"},
		},
	}
	b, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if err := iiiftest.Validate(t, b); err != nil {
		t.Fatalf("manifest does not validate: %v\n%s", err, b)
	}
	var got struct {
		Items []struct {
			Items []struct {
				Items []struct {
					Body struct {
						Service []struct{ ID string }
					}
				}
			}
			Annotations []struct {
				Items []struct{ Target string }
			}
		}
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if svc := got.Items[1].Items[0].Items[0].Body.Service[0].ID; svc != base+"/2" {
		t.Errorf("canvas 2 image service %q, want %q", svc, base+"/2")
	}
	if tg := got.Items[0].Annotations[0].Items[0].Target; tg != base+"/canvas/1#xywh=100,200,300,50" {
		t.Errorf("annotation target %q", tg)
	}
	// A manifest with a broken id does not pass, so the test can fail.
	m.ID = "manifest"
	b, _ = m.JSON()
	if err := iiiftest.Validate(t, b); err == nil {
		t.Error("manifest with a relative id validates, want an error")
	}
}
