package slip39_test

import (
	"fmt"
	"strings"

	"github.com/nemcustody/nemcustody/sign"
	"github.com/nemcustody/nemcustody/slip39"
)

// Back a key up 2-of-3 and restore it from two shares in another order.
func Example() {
	key, _ := sign.ParsePrivateKeyNIS("575dbb3062267eff57c970a336ebbc8fbcfe12c5bd3ed7bc11eb0481d7704ced")
	ms, _ := slip39.SeedSecret(key)
	groups, _ := slip39.Split(ms, nil, 1, []slip39.Group{{MemberThreshold: 2, MemberCount: 3}}, slip39.SplitOptions{})
	var paper []string
	for _, s := range groups[0] {
		words, _ := s.ExportMnemonic() // written on paper, one share per custodian
		paper = append(paper, words)
	}
	fmt.Println(len(strings.Fields(paper[0])), "words a share")

	s3, _ := slip39.ParseShare(paper[2])
	s1, _ := slip39.ParseShare(paper[0])
	back, _ := slip39.Combine([]*slip39.Share{s3, s1}, nil)
	restored, _ := slip39.KeySpec{Kind: slip39.Seed}.Key(back)
	fmt.Println(restored.Address(sign.Testnet) == key.Address(sign.Testnet))

	_, err := slip39.Combine([]*slip39.Share{s1}, nil)
	fmt.Println(err)
	// Output:
	// 33 words a share
	// true
	// slip39: not enough shares in a group: group 1 has 1 of the 2 shares it needs
}
