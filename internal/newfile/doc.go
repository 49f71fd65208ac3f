// Package newfile is the one way nemcustody creates an output file:
// requests, wrappers, plans, responses, keystores, QR code PNGs and the
// journal's repair side files. A file is either complete at its name or
// not there at all, and an existing file is never replaced.
//
//	err := newfile.Write(newfile.File{Path: "response.txt", What: "response", Data: b, Perm: 0o644})
//
// # How a file is created
//
//  1. The name must be free: nothing there, not even a dangling symbolic
//     link. Its directory must exist.
//  2. A temporary file is created in the same directory with O_EXCL and
//     the final mode, named TempPrefix (".nemcustody-tmp-") and 16 random
//     hex digits. The process holds an exclusive flock on it while it
//     exists, so that another run can tell a live temporary file from a
//     stale one.
//  3. The data is written and the file fsynced.
//  4. The temporary file is hard-linked (link(2)) to the final name. link
//     never replaces an existing name: a name taken in the meantime fails
//     with an error wrapping fs.ErrExist, and nothing is replaced.
//  5. The temporary name is removed, and the directory is fsynced, which
//     makes the new name durable.
//
// A process killed at any point (SIGKILL runs no cleanup) therefore leaves
// either nothing at the final name or the complete file. What it can leave
// behind is a temporary file. Those are never deleted silently and never
// read as output: Stale lists them, and the CLI names each one in a
// warning on its next run in that directory, for an operator to inspect
// and delete.
//
// On an error the files this package created are removed again: an error
// means no new file at any of the names.
//
// # The directory fsync policy
//
// After a file is placed its directory is fsynced, and a failure is an
// error (the new file is removed again). The one exception: where a
// directory cannot be fsynced (the file system answers EINVAL or ENOTSUP;
// on Windows and Plan 9 a directory cannot be opened for it), the step is
// skipped and the durability of the name is left to the file system.
//
// # File systems without hard links
//
// Some file systems cannot link: FAT and exFAT, common on the USB sticks
// that carry files across an air gap, answer EPERM. There the temporary
// file is renamed with RENAME_NOREPLACE (Linux's renameat2, which FAT and
// exFAT support on current kernels), which never replaces a name either.
// Where neither works (another system, or a file system with neither
// call), the last resort is the old way: the final name is created with
// O_EXCL, written and fsynced. That still never replaces a file, but a
// crash in the middle can leave a partial file at the final name. Every
// nemcustody reader refuses such a file (envelopes carry a checksum,
// keystores are authenticated encryption), so it is never used; it must
// be deleted by hand.
//
// # Crash test
//
// The steps are marked for the crash test (package internal/faultpoint),
// in this order: "newfile.create" (before the temporary file is created),
// "newfile.write" (the write), "newfile.sync", "newfile.link",
// "newfile.unlink" (before the temporary name is removed),
// "newfile.syncdir" and "newfile.done" (after the directory fsync).
package newfile
