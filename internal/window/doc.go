// Package window is the rolling window's index: the signings an offline
// journal records, each counted over its validity (NEM network seconds,
// inclusive), sorted for the sweep that finds the most any window holds.
// The journal (coldwallet/journal) builds and keeps it; the policy
// (coldwallet) asks it for peaks. It knows nothing of entries or policies.
package window
