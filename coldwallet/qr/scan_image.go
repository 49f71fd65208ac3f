package qr

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif"  // decode GIF codes
	_ "image/jpeg" // decode photographs of codes
	_ "image/png"  // decode the PNGs WritePNGs writes

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// ErrNoCode: no QR code could be read in an image.
var ErrNoCode = errors.New("no QR code found in the image")

// maxImagePixels caps the images ScanImage decodes (width × height): a
// photograph from a phone is about 12 million pixels; a file that claims
// far more is refused before its pixels are decoded.
const maxImagePixels = 50 << 20

// ScanImage reads the one QR code in an image file (PNG, JPEG or GIF),
// as a camera or 'zbarimg' would, and returns its text: the part to give
// Assembler.Add, which checks it. It is the only function of this package
// that reads images; it uses the ZXing port github.com/makiuchi-d/gozxing.
// The error wraps ErrNoCode when no code is found; the decoder's own
// messages are not passed on.
func ScanImage(file []byte) (string, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(file))
	if err != nil {
		return "", fmt.Errorf("qr: not a PNG, JPEG or GIF image: %w", err)
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxImagePixels || cfg.Width <= 0 || cfg.Height <= 0 {
		return "", fmt.Errorf("qr: a %d x %d image is larger than %d pixels", cfg.Width, cfg.Height, maxImagePixels)
	}
	img, _, err := image.Decode(bytes.NewReader(file))
	if err != nil {
		return "", fmt.Errorf("qr: decoding the image: %w", err)
	}
	return scan(img)
}

// scan finds the QR code in img. ZXing's detector (finder patterns) is
// tried first, as for a photograph; then, for a clean image such as the
// PNGs of WritePNGs, ZXing's pure-code mode on the image and on its top
// square (where WritePNGs puts the code above its caption). The decoder
// must not take the process down on a crafted image: a panic in it is
// an error.
func scan(img image.Image) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("qr: %w (the decoder failed on this image)", ErrNoCode)
		}
	}()
	b := img.Bounds()
	candidates := []struct {
		img  image.Image
		pure bool
	}{{img, false}, {img, true}}
	if b.Dy() > b.Dx() {
		if sub, ok := img.(interface {
			SubImage(image.Rectangle) image.Image
		}); ok {
			candidates = append(candidates, struct {
				img  image.Image
				pure bool
			}{sub.SubImage(image.Rect(b.Min.X, b.Min.Y, b.Max.X, b.Min.Y+b.Dx())), true})
		}
	}
	for _, c := range candidates {
		bmp, err := gozxing.NewBinaryBitmapFromImage(c.img)
		if err != nil {
			continue
		}
		hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
		if c.pure {
			hints = map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true}
		}
		if res, err := qrcode.NewQRCodeReader().Decode(bmp, hints); err == nil {
			return res.GetText(), nil
		}
	}
	return "", fmt.Errorf("qr: %w", ErrNoCode)
}
