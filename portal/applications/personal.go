package applications

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"integrity-portal/portal/procurement/csvimport"
)

// The portal publishes statistics of applications, never who applied: the imports refuse applicant
// data rather than drop it silently, so that whoever exports the files learns to leave it out.

// personalHeaders are words of column headers that name applicant data, and what they name, the
// most telling first (申請人身分證字號 is an ID number). A header is checked only when it is not
// one of the format's own columns (so agency_name and service_name pass).
var personalHeaders = []struct {
	words []string
	what  string
}{
	{[]string{"身分證", "身份證", "統一證號", "居留證", "護照", "證號", "national_id", "id_number", "id_no", "idno",
		"identity", "passport", "ssn"}, "an ID number (身分證字號)"},
	{[]string{"地址", "住址", "戶籍地", "通訊處", "住所", "居所", "address", "addr", "street"}, "an address"},
	{[]string{"電話", "手機", "行動", "傳真", "電子郵件", "信箱", "email", "e_mail", "phone", "mobile", "tel", "fax"}, "contact details"},
	{[]string{"出生", "生日", "年齡", "birth", "dob", "age"}, "a date of birth or age"},
	{[]string{"姓名", "名字", "申請人", "申請者", "聯絡人", "代理人", "代表人", "負責人", "承辦人", "民眾",
		"name", "applicant", "surname", "contact", "person"}, "a person's name"},
}

// personalHeader says what applicant data a header names, or "".
func personalHeader(h string) string {
	key := csvimport.HeaderKey(h)
	words := strings.Split(key, "_")
	for _, p := range personalHeaders {
		for _, w := range p.words {
			if !isASCII(w) && strings.Contains(key, w) {
				return p.what
			}
			for _, kw := range words {
				if isASCII(w) && (kw == w || (len(w) > 3 && strings.Contains(kw, w))) {
					return p.what
				}
			}
			if strings.Contains(w, "_") && strings.Contains(key, w) {
				return p.what
			}
		}
	}
	return ""
}

// personalCell says what applicant data a cell holds, or "": a national ID or resident certificate
// number (a letter, then 1, 2, 8, 9 or A to D, then 8 digits: A123456789), a mobile number
// (0912-345-678), an e-mail address, or a street address (a road, street, lane or alley, then a
// house number: 臺灣大道三段99號). Names cannot be told from other text by their look; their
// columns are refused by header.
// personalCodes name personalCell's answers for the catalogues.
var personalCodes = map[string]string{
	"an ID number (身分證字號)": "id", "a mobile phone number": "mobile", "an e-mail address": "email", "a street address": "address",
}

func personalCell(s string) string {
	if strings.IndexByte(s, 0xef) >= 0 { // full-width forms (Ａ１２３…) are written as their ASCII
		s = width.Narrow.String(s)
	}
	switch {
	case len(s) < 5:
		return ""
	case hasIDNumber(s):
		return "an ID number (身分證字號)"
	case hasMobile(s):
		return "a mobile phone number"
	case hasEmail(s):
		return "an e-mail address"
	case hasAddress(s):
		return "a street address"
	}
	return ""
}

func hasIDNumber(s string) bool {
	for i := 0; i+10 <= len(s); i++ {
		if !isLetter(s[i]) || (i > 0 && isAlnum(s[i-1])) || (i+10 < len(s) && isAlnum(s[i+10])) {
			continue
		}
		if !strings.ContainsRune("1289ABCD", rune(s[i+1])) {
			continue
		}
		if allDigits(s[i+2 : i+10]) {
			return true
		}
	}
	return false
}

func hasMobile(s string) bool {
	for i := strings.Index(s, "09"); i >= 0; {
		if i == 0 || !isAlnum(s[i-1]) {
			digits, j := 0, i
			for ; j < len(s) && digits < 10; j++ {
				switch {
				case isDigit(s[j]):
					digits++
				case (s[j] == '-' || s[j] == ' ') && digits > 0:
				default:
					j = len(s) + 1
				}
			}
			if digits == 10 && (j >= len(s) || !isAlnum(s[j])) {
				return true
			}
		}
		next := strings.Index(s[i+2:], "09")
		if next < 0 {
			break
		}
		i += 2 + next
	}
	return false
}

func hasEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.ContainsAny(s[at-1:at], " ")
}

// hasAddress looks for a house number (digits, then 號) after a road, street, section, lane or alley.
func hasAddress(s string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], "號")
		if i < 0 {
			return false
		}
		i += from
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); unicode.IsDigit(r) {
			before := s[:i]
			for _, w := range []string{"路", "街", "大道", "段", "巷", "弄"} {
				if strings.Contains(before, w) {
					return true
				}
			}
		}
		from = i + len("號")
	}
}

func isDigit(b byte) bool  { return b >= '0' && b <= '9' }
func isLetter(b byte) bool { return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' }
func isAlnum(b byte) bool  { return isDigit(b) || isLetter(b) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
