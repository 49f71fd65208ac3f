// Package faultpoint marks the places where the crash test kills a
// nemcustody process: each write and each sync of an output file or a
// journal entry, in the order the program reaches them.
//
//	faultpoint.Point("journal.sync")                 // before fsync
//	n, err := faultpoint.Write("journal.write", f, line)
//
// # Production builds
//
// In every normal build (without the nemcustody_faultinject build tag)
// Point does nothing and Write is w.Write. Nothing reads the environment
// and there is no state to set, so no input, file or variable an attacker
// controls can trigger a fault. The tagged build exists only inside the
// crash test, which compiles its own binary.
//
// # The test build
//
// Built with -tags nemcustody_faultinject, the process reads two
// environment variables once, when it starts:
//
//	NEMCUSTODY_FAULT_TRACE=FILE     append the name of every point reached
//	                                to FILE, one per line
//	NEMCUSTODY_FAULT="kill NAME N"  the Nth time point NAME is reached,
//	                                die by SIGKILL before the step it names
//	NEMCUSTODY_FAULT="tear NAME N"  at the Nth write named NAME, write the
//	                                first half of the bytes, then die by
//	                                SIGKILL (a write cut short)
//
// Point names are "<package>.<step>"; each is documented where it is
// reached (internal/newfile, coldwallet's journal).
package faultpoint
