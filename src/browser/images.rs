//! An image file the user picked, made ready to attach: decoded by the
//! browser, scaled to fit `chat::images::MAX_SIDE`, re-encoded as JPEG on a
//! white ground (JPEG has no transparency), and returned as a `data:` URL.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d, File, HtmlCanvasElement, ImageBitmap};

use crate::chat::images::{JPEG_QUALITY, MAX_URL_CHARS, fit, is_safe_image_url};

/// The `data:` URL to attach for `file`, or a sentence saying why not.
pub async fn prepare(file: &File) -> Result<String, String> {
    let name = file.name();
    let unreadable = || format!("{name} could not be read as an image.");
    let window = web_sys::window().ok_or_else(unreadable)?;
    let decoding = window
        .create_image_bitmap_with_blob(file)
        .map_err(|_| unreadable())?;
    let bitmap: ImageBitmap = JsFuture::from(decoding)
        .await
        .map_err(|_| unreadable())?
        .dyn_into()
        .map_err(|_| unreadable())?;
    let (width, height) = fit(bitmap.width(), bitmap.height());
    let url = encode(&bitmap, width, height).ok_or_else(unreadable);
    bitmap.close();
    let url = url?;
    if url.len() > MAX_URL_CHARS {
        return Err(format!(
            "{name} is still too large after scaling it down; try a smaller picture."
        ));
    }
    if !is_safe_image_url(&url) {
        return Err(unreadable());
    }
    Ok(url)
}

fn encode(bitmap: &ImageBitmap, width: u32, height: u32) -> Option<String> {
    let canvas: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width(width);
    canvas.set_height(height);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.set_fill_style_str("#ffffff");
    let (w, h) = (f64::from(width), f64::from(height));
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, w, h)
        .ok()?;
    canvas
        .to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(JPEG_QUALITY))
        .ok()
}
