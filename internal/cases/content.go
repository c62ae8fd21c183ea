package cases

// What the entries of a case hold once opened: JSON, sealed to the case's mailbox or internal key.

// ReportContent is a report as the reporter wrote it (mailbox key).
type ReportContent struct {
	Category          string `json:"category"`
	Agency            string `json:"agency"`
	What              string `json:"what"`
	Who               string `json:"who,omitempty"`
	When              string `json:"when,omitempty"`
	Where             string `json:"where,omitempty"`
	HowKnown          string `json:"how_known,omitempty"`
	ReportedElsewhere string `json:"reported_elsewhere,omitempty"`
	ElsewhereDetail   string `json:"elsewhere_detail,omitempty"`
	WhistleblowerAct  bool   `json:"whistleblower_act"`
}

// SuggestionContent is a reform suggestion (mailbox key).
type SuggestionContent struct {
	Topic   string `json:"topic"`
	Agency  string `json:"agency"`
	Text    string `json:"text"`
	Publish bool   `json:"publish"`
}

// MessageContent is a message between reporter and officers (mailbox key).
type MessageContent struct {
	Text string `json:"text"`
}

// IdentityContent is what a reporter discloses about themselves (internal key).
type IdentityContent struct {
	Name    string `json:"name"`
	Contact string `json:"contact"`
}

// AttachmentMeta is sealed beside a file's content (mailbox key): its name, type, size, and what
// stripping removed and could not remove.
type AttachmentMeta struct {
	Name    string   `json:"name"`
	Kind    string   `json:"kind"`
	MIME    string   `json:"mime"`
	Size    int64    `json:"size"`
	Removed []string `json:"removed,omitempty"`
	Remains []string `json:"remains,omitempty"`
}
