//! QR codes for the window: the `qrcode` crate lays the code out and scales it (its
//! `Renderer`, quiet zone included); this is only the canvas it draws on, Slint's
//! pixel buffer, so the image goes to the window without a copy.

use qrcode::render::{Canvas, Pixel, Renderer};
use qrcode::{Color, QrCode};
use slint::{Rgb8Pixel, SharedPixelBuffer};

/// Pixels per module: a 29-module code with its quiet zone is 222 px, shown at 240.
const MODULE_PX: u32 = 6;

/// A pixel of the QR image.
#[derive(Debug, Clone, Copy)]
struct Dot(Rgb8Pixel);

impl Pixel for Dot {
    type Image = SharedPixelBuffer<Rgb8Pixel>;
    type Canvas = Sheet;

    fn default_unit_size() -> (u32, u32) {
        (MODULE_PX, MODULE_PX)
    }

    fn default_color(color: Color) -> Self {
        Dot(color.select(Rgb8Pixel::new(0, 0, 0), Rgb8Pixel::new(255, 255, 255)))
    }
}

/// The pixel buffer the renderer draws the dark modules on.
struct Sheet {
    pixels: SharedPixelBuffer<Rgb8Pixel>,
    dark: Rgb8Pixel,
}

impl Canvas for Sheet {
    type Pixel = Dot;
    type Image = SharedPixelBuffer<Rgb8Pixel>;

    fn new(width: u32, height: u32, dark: Dot, light: Dot) -> Self {
        let mut pixels = SharedPixelBuffer::new(width, height);
        pixels.make_mut_slice().fill(light.0);
        Sheet { pixels, dark: dark.0 }
    }

    fn draw_dark_pixel(&mut self, x: u32, y: u32) {
        let width = self.pixels.width() as usize;
        self.pixels.make_mut_slice()[y as usize * width + x as usize] = self.dark;
    }

    fn into_image(self) -> Self::Image {
        self.pixels
    }
}

/// The QR code of `text` as an image; an empty image if the text cannot be encoded.
pub fn image(text: &str) -> slint::Image {
    let Ok(code) = QrCode::new(text.as_bytes()) else { return slint::Image::default() };
    let colors = code.to_colors();
    let pixels = Renderer::<Dot>::new(&colors, code.width(), 4).build();
    slint::Image::from_rgb8(pixels)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_ticket_code_is_drawn_with_its_quiet_zone() {
        let qr = super::image("FRONTDESK:2030-03-04:B007");
        let size = qr.size();
        assert_eq!(size.width, size.height);
        // 4 modules of quiet zone on each side around a code of 21 + 4k modules.
        let modules = size.width / super::MODULE_PX;
        assert!(modules >= 29 && (modules - 8 - 21).is_multiple_of(4), "{modules} modules");
    }
}
