package applications

import "testing"

func TestPersonalHeader(t *testing.T) {
	for h, want := range map[string]string{
		"申請人姓名":            "a person's name",
		"姓名":               "a person's name",
		"Applicant Name":   "a person's name",
		"full-name":        "a person's name",
		"身分證字號":            "an ID number (身分證字號)",
		"申請人身分證統一編號":       "an ID number (身分證字號)",
		"National ID":      "an ID number (身分證字號)",
		"id_number":        "an ID number (身分證字號)",
		"戶籍地址":             "an address",
		"通訊處":              "an address",
		"address":          "an address",
		"聯絡電話":             "contact details",
		"E-mail":           "contact details",
		"mobile":           "contact details",
		"出生日期":             "a date of birth or age",
		"age":              "a date of birth or age",
		"備考":               "",
		"page":             "", // "age" only as a whole word
		"station":          "",
		"processing_notes": "",
	} {
		if got := personalHeader(h); got != want {
			t.Errorf("personalHeader(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestPersonalCell(t *testing.T) {
	for cell, want := range map[string]string{
		"A123456789":         "an ID number (身分證字號)",
		"f223456789":         "an ID number (身分證字號)",
		"案號B123456789號":      "an ID number (身分證字號)",
		"AC01234567":         "an ID number (身分證字號)", // an old resident certificate
		"A812345678":         "an ID number (身分證字號)", // a new one
		"Ａ１２３４５６７８９":         "an ID number (身分證字號)", // full width
		"0912-345-678":       "a mobile phone number",
		"請洽0912345678":       "a mobile phone number",
		"someone@example.tw": "an e-mail address",
		"臺中市西屯區臺灣大道三段99號": "a street address",
		"北區三民路三段129號":     "a street address",
		"南屯區文心南五路一段１２３號":  "a street address",
		// Not applicant data.
		"臺中市政府民政局":      "",
		"北屯戶字第1130001號": "", // a case number in 字號 form: no road before the number
		"A1234567890":   "", // eleven characters: not an ID
		"XA123456789":   "", // part of a longer code
		"113-000123":    "",
		"0900-12":       "",
		"道路挖掘許可":        "",
		"3.76.47":       "",
	} {
		if got := personalCell(cell); got != want {
			t.Errorf("personalCell(%q) = %q, want %q", cell, got, want)
		}
	}
}
