package qr

import (
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// ScanImage decodes images with ZXing (TestScanImage); in addition, when
// the zbarimg program (Debian package zbar-tools) is installed, this
// test reads every generated code back with it: the PNGs as written, and
// copies scaled by non-integer factors with noise added, as a camera sees
// them (noise of ±24 levels, about a tenth of the contrast: zbar's scan
// lines are thrown off by strong uncorrelated pixel noise at large sizes,
// which cameras do not make). Without zbarimg it is skipped.
func TestPNGsDecodeWithZbar(t *testing.T) {
	zbarimg, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg not installed (apt-get install zbar-tools)")
	}
	r := newRand(11)
	var parts []string
	var opts []Options
	add := func(p []string, o Options) {
		for _, s := range p {
			parts, opts = append(parts, s), append(opts, o)
		}
	}
	add(readGoldenParts(t), Options{})
	// The race detector slows encoding fivefold and adds nothing to a check
	// by an outside program: under it, read the golden codes only.
	if !raceEnabled {
		add(mustSplit(t, randomPayload(r, 3072), Options{}), Options{})
		add(mustSplit(t, randomPayload(r, 2000), Options{Level: LevelQ, ModulePixels: 4}), Options{Level: LevelQ, ModulePixels: 4})
		add(mustSplit(t, randomPayload(r, 3000), Options{Level: LevelL, MaxVersion: 30}), Options{Level: LevelL, MaxVersion: 30})
		add([]string{helloPart}, Options{ModulePixels: 2})
	}

	dir := t.TempDir()
	for i, p := range parts {
		s, err := Encode(p, opts[i])
		require.NoError(t, err)
		clean, err := s.PNG()
		require.NoError(t, err)
		files := map[string][]byte{"clean.png": clean}
		for _, scale := range []float64{0.45, 0.7, 1.45} {
			if px := float64(s.opts.ModulePixels) * scale; px < 1.5 {
				continue // no camera image has under 1.5 pixels per module
			}
			noisy := scaleWithNoise(s.Image(), scale, 24, r.Uint64())
			files["scaled-"+strconv.FormatFloat(scale, 'f', -1, 64)+".pgm"] = encodePGM(noisy)
		}
		for name, b := range files {
			path := filepath.Join(dir, name)
			require.NoError(t, os.WriteFile(path, b, 0o644))
			out, err := exec.Command(zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path).Output()
			require.NoError(t, err, "part %d (%s): zbarimg found no code", i, name)
			require.Equal(t, p+"\n", string(out), "part %d (%s)", i, name)
		}
	}
	t.Logf("%d codes read back, each clean and at up to three scales with noise", len(parts))
}

// scaleWithNoise resamples img (bilinear) by factor into 8-bit gray and adds
// uniform noise of up to ±amp levels.
func scaleWithNoise(img *image.Paletted, factor float64, amp int, seed uint64) *image.Gray {
	r := newRand(seed)
	sw, sh := img.Bounds().Dx(), img.Bounds().Dy()
	w, h := int(float64(sw)*factor), int(float64(sh)*factor)
	gray := func(x, y int) float64 {
		x, y = min(max(x, 0), sw-1), min(max(y, 0), sh-1)
		if img.Pix[y*img.Stride+x] != 0 { // palette index 1 is black
			return 0
		}
		return 255
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			sx, sy := (float64(x)+0.5)/factor-0.5, (float64(y)+0.5)/factor-0.5
			x0, y0 := int(sx), int(sy)
			fx, fy := sx-float64(x0), sy-float64(y0)
			v := gray(x0, y0)*(1-fx)*(1-fy) + gray(x0+1, y0)*fx*(1-fy) +
				gray(x0, y0+1)*(1-fx)*fy + gray(x0+1, y0+1)*fx*fy
			v += float64(r.IntN(2*amp+1) - amp)
			out.Pix[y*out.Stride+x] = uint8(min(max(v, 0), 255))
		}
	}
	return out
}

// encodePGM writes img as a binary PGM, which zbarimg reads and which is
// much faster to write than a PNG of a noisy image.
func encodePGM(img *image.Gray) []byte {
	b := fmt.Appendf(nil, "P5\n%d %d\n255\n", img.Rect.Dx(), img.Rect.Dy())
	for y := range img.Rect.Dy() {
		b = append(b, img.Pix[y*img.Stride:y*img.Stride+img.Rect.Dx()]...)
	}
	return b
}
