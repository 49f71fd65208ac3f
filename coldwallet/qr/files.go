package qr

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/nemcustody/nemcustody/internal/newfile"
)

// pngName returns the file name WritePNGs gives part p:
// "nc1-<payload id in lower case>-<iii>-of-<nnn>.png", so that a directory
// listing sorts the parts of a payload together and in order.
func pngName(p Part) string {
	return fmt.Sprintf("nc1-%s-%03d-of-%03d.png", strings.ToLower(p.PayloadID.String()), p.Index, p.Total)
}

// WritePNGs writes the code of each part to a new file in dir (which must
// exist), named by pngName, with mode 0644, captioned under the code with
// "PART i/n" and the payload id (caption, captionedImage), and returns the paths in the
// order of parts. It never overwrites a file, and creates the files all or
// none: every part is encoded and every name checked before the first
// file is created, and on an error the files it created are removed. Each
// file is written through a temporary file and linked into place (see
// package internal/newfile), so a crash never leaves a partial PNG at a
// final name.
func WritePNGs(dir string, parts []string, opts Options) ([]string, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("qr: %w: no parts to write", ErrPayloadSize)
	}
	files := make([]newfile.File, len(parts))
	paths := make([]string, len(parts))
	seen := make(map[string]bool, len(parts))
	for i, part := range parts {
		p, err := ParsePart(part)
		if err != nil {
			return nil, err
		}
		sym, err := Encode(part, opts)
		if err != nil {
			return nil, err
		}
		png, err := sym.captionedPNG(caption(p)...)
		if err != nil {
			return nil, err
		}
		name := pngName(p)
		if seen[name] {
			return nil, fmt.Errorf("qr: part %d of %d is given twice", p.Index, p.Total)
		}
		seen[name] = true
		paths[i] = filepath.Join(dir, name)
		files[i] = newfile.File{Path: paths[i], What: "QR code PNG", Data: png, Perm: 0o644}
	}
	if err := newfile.WriteAll(files...); err != nil {
		return nil, fmt.Errorf("qr: %w", err)
	}
	return paths, nil
}
