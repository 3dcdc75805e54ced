//go:build libjpeg

package iiif

/*
#cgo LDFLAGS: -ljpeg
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <jpeglib.h>

// A libjpeg error jumps back to the encoder with its message instead of
// ending the process, libjpeg's default.
struct sverka_jpeg_error {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	char msg[JMSG_LENGTH_MAX];
};

static void sverka_jpeg_exit(j_common_ptr c) {
	struct sverka_jpeg_error *e = (struct sverka_jpeg_error *)c->err;
	(*c->err->format_message)(c, e->msg);
	longjmp(e->jump, 1);
}

// sverka_jpeg_encode compresses h rows of w pixels of space (grey or RGBA),
// stride bytes apart, into *out (malloc'd, *size bytes; the caller frees
// it). It returns 0, or 1 with why in msg.
static int sverka_jpeg_encode(const unsigned char *pix, int w, int h, int stride, J_COLOR_SPACE space, int quality,
                              unsigned char **out, unsigned long *size, char *msg) {
	struct jpeg_compress_struct c;
	struct sverka_jpeg_error e;
	c.err = jpeg_std_error(&e.mgr);
	e.mgr.error_exit = sverka_jpeg_exit;
	*out = NULL;
	*size = 0;
	if (setjmp(e.jump)) {
		jpeg_destroy_compress(&c);
		free(*out);
		*out = NULL;
		snprintf(msg, JMSG_LENGTH_MAX, "%s", e.msg);
		return 1;
	}
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, out, size);
	c.image_width = w;
	c.image_height = h;
	c.in_color_space = space;
	c.input_components = space == JCS_GRAYSCALE ? 1 : 4;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, quality, TRUE);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		JSAMPROW row = (JSAMPROW)(pix + (size_t)c.next_scanline * stride);
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	return 0;
}
*/
import "C"

import (
	"errors"
	"image"
	"unsafe"

	"golang.org/x/image/draw"
)

// encodeJPEG encodes img as a baseline JPEG with libjpeg-turbo, several
// times faster than image/jpeg (built with the libjpeg tag; jpeg_go.go
// otherwise): greyscale images as they are, any other after drawing it into
// RGBA.
func encodeJPEG(img image.Image) ([]byte, error) {
	var pix []byte
	var stride int
	space := uint32(C.JCS_GRAYSCALE)
	switch m := img.(type) {
	case *image.Gray:
		pix, stride = m.Pix, m.Stride
	case *image.RGBA:
		pix, stride, space = m.Pix, m.Stride, C.JCS_EXT_RGBA
	default:
		rgba := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
		draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
		pix, stride, space = rgba.Pix, rgba.Stride, C.JCS_EXT_RGBA
	}
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	if w == 0 || h == 0 {
		return nil, errors.New("encode jpeg: an empty image")
	}
	var out *C.uchar
	var size C.ulong
	var msg [C.JMSG_LENGTH_MAX]C.char
	if C.sverka_jpeg_encode((*C.uchar)(unsafe.Pointer(&pix[0])), C.int(w), C.int(h), C.int(stride), C.J_COLOR_SPACE(space),
		jpegQuality, &out, &size, &msg[0]) != 0 {
		return nil, errors.New("encode jpeg: " + C.GoString(&msg[0]))
	}
	defer C.free(unsafe.Pointer(out))
	return C.GoBytes(unsafe.Pointer(out), C.int(size)), nil
}
