package generate

import "strings"

// Pattern is a set of red-flag patterns planted in a process. Each names the cardinal indicator it
// should raise (package indicators), with the settings, where they are not the defaults, that make
// the indicator see the planted cases and few others.
type Pattern uint16

const (
	// ShortPeriod: a tender period of 1 to 4 days, under any legal minimum (7 days under the 公告金額,
	// 14 above). Raises R003 (short submission period). At R003's default of 15 days the ordinary
	// 未達公告金額 tenders, whose legal minimum is 7 days, are flagged too; with threshold = 7
	// only the planted ones are.
	ShortPeriod Pattern = 1 << iota
	// Favoured: one of four buyers gives most of one trade to one supplier, often by 限制性招標 or
	// as its only bidder. Shows as buyer concentration (top-supplier share, HHI).
	Favoured
	// SingleBid: a favoured supplier is the only bidder of an open or selective tender. Raises R018
	// (single bid received), on top of the ordinary second-round single bids.
	SingleBid
	// Rotation: at one district office, a cartel of four road builders bids together and wins in
	// turn (the winner is the cartel member numbered by the tender's number, modulo four).
	Rotation
	// CoverBids: in half the cartel's tenders, the losing members' bids are deliberately
	// disqualified (陪標). Raises R035 (all except winning bid disqualified) for the process and
	// its winner, and R038 (excessive disqualified bids) for the district office. (R038 also groups
	// by tenderer, but as most firms have no disqualified bid its fence there is usually zero, and
	// it then flags none.)
	CoverBids
	// IdenticalBids: in the other half, two losing members bid the same amount, within 1% of the
	// winner's. Raises R028 (identical bid prices) for the process and those firms, and R024 (price
	// close to winning bid) with threshold = 0.01 (at its default fence, R024 flags nothing when
	// the differences spread widely, as they do here).
	IdenticalBids
	// LowestDisqualified: the lowest bid is disqualified and a dearer one wins. Raises R036.
	LowestDisqualified
	// LateBidWon: the winner's bid is dated after the tender period ended. Raises R030.
	LateBidWon
	// HeavyDiscount: the winner bid 40 to 55% under the next lowest (低價搶標). Raises R058
	// (heavily discounted bid).
	HeavyDiscount
	// ShellWinner: one firm wins tenders of every trade, from cars to cleaning. Raises R048
	// (heterogeneous supplier) for it.
	ShellWinner
	// Disqualifying: at one department, 45% of losing bids are disqualified. Raises R038 for it.
	Disqualifying
)

var patternNames = []string{"short-period", "favoured", "single-bid", "rotation", "cover-bids",
	"identical-bids", "lowest-disqualified", "late-bid-won", "heavy-discount", "shell-winner",
	"disqualifying"}

// Has reports whether p holds every pattern of q.
func (p Pattern) Has(q Pattern) bool { return p&q == q }

// String lists the patterns, like "cover-bids+rotation", or "none".
func (p Pattern) String() string {
	var names []string
	for i, n := range patternNames {
		if p&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, "+")
}
