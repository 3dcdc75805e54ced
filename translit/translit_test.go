package translit

import (
	"slices"
	"strings"
	"testing"
)

// TestPalladiusTable checks the table's size and that every syllable is
// Pinyin and every spelling Cyrillic.
func TestPalladiusTable(t *testing.T) {
	if n := len(palladius); n < 400 {
		t.Errorf("got %d syllables, want the ~410 of Pinyin", n)
	}
	for latin, cyr := range palladius {
		if strings.Trim(latin, "abcdefghijklmnopqrstuvwxyz") != "" || strings.Trim(cyr, "абвгдежзийклмнопрстуфхцчшщъыьэюя") != "" {
			t.Errorf("%s:%s is not Pinyin to Cyrillic", latin, cyr)
		}
	}
}

// TestNamePairs checks that known names in English find their Russian
// spelling: Chinese (Pinyin), Korean and others. None of these is from the
// seeded letter.
func TestNamePairs(t *testing.T) {
	for _, tc := range []struct{ latin, russian string }{
		{"Xiaoping", "Сяопин"}, {"Deng", "Дэн"}, {"Shaoqi", "Шаоци"}, {"Liu", "Лю"},
		{"Guangdong", "Гуандун"}, {"Nanking", "Нанкин"}, {"Xinjiang", "Синьцзян"},
		{"Chongqing", "Чунцин"}, {"Tianjin", "Тяньцзинь"}, {"Qingdao", "Циндао"},
		{"Jiang", "Цзян"}, {"Jieshi", "Цзеши"}, {"Hu", "Ху"}, {"Yaobang", "Яобан"},
		{"Lin", "Линь"}, {"Biao", "Бяо"}, {"Zhu", "Чжу"}, {"Xuan", "Сюань"},
		{"Kim", "Ким"}, {"Jong", "Чен"}, {"Seoul", "Сеул"}, {"Pusan", "Пусан"},
		{"Kaesong", "Кэсон"}, {"Wonsan", "Вонсан"}, {"Inchon", "Инчхон"}, {"Hamhung", "Хамхын"},
		{"Truman", "Трумэн"}, {"Washington", "Вашингтон"}, {"London", "Лондон"},
		{"Berlin", "Берлин"}, {"Marshall", "Маршалл"},
		{"Nehru", "Неру"}, {"Tokyo", "Токио"}, {"India", "Индия"}, {"Korea", "Корея"}, {"Hanoi", "Ханой"}, {"Eisenhower", "Эйзенхауэр"},
	} {
		found := slices.ContainsFunc(Cyrillic(tc.latin), func(r string) bool { return Key(r) == Key(tc.russian) })
		if !found {
			t.Errorf("%s: %s not among %v", tc.latin, tc.russian, Cyrillic(tc.latin))
		}
	}
}
