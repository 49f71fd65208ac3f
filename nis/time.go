package nis

import (
	"context"

	"github.com/nemcustody/nemcustody/transaction"
)

// networkTime is NIS's CommunicationTimeStamps: milliseconds of network
// time when the node received the request and sent the answer.
type networkTime struct {
	Send    *int64 `json:"sendTimeStamp"`
	Receive *int64 `json:"receiveTimeStamp"`
}

// maxNetworkMillis is the largest network time a transaction can carry, in
// milliseconds.
const maxNetworkMillis = int64(transaction.MaxTimestamp) * 1000

// NetworkTime returns the node's network time (GET
// /time-sync/network-time: its sendTimeStamp, the later of the two),
// rounded to the second as NIS rounds it: the
// time to stamp transactions with and to check deadlines against. NIS
// refuses a timestamp more than 10 seconds ahead of its own clock, and
// local clocks drift; use this, not time.Now.
func (c *Client) NetworkTime(ctx context.Context) (transaction.Timestamp, error) {
	b, err := c.get(ctx, "/time-sync/network-time", nil)
	if err != nil {
		return 0, err
	}
	var t networkTime
	if err := decodeStrict("network time", b, &t); err != nil {
		return 0, err
	}
	if t.Send == nil || t.Receive == nil {
		return 0, badResponse("network time: sendTimeStamp and receiveTimeStamp are required")
	}
	for _, ms := range []int64{*t.Send, *t.Receive} {
		if ms < 0 || ms > maxNetworkMillis {
			return 0, badResponse("network time: %d ms is out of range", ms)
		}
	}
	return transaction.NetworkTimeFromMillis(*t.Send), nil
}
