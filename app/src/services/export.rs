//! Export of the canvas as a standalone SVG (with the stylesheet inlined, so it looks the
//! same anywhere) and as PNG (the SVG rasterised at 2× through an offscreen canvas).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement, HtmlImageElement};

use crate::view::Shape;

/// The bounding box of the design with a margin, as an SVG viewBox.
fn view_box(shapes: &[Shape]) -> (f64, f64, f64, f64) {
    let mut it = shapes.iter().map(|s| s.rect);
    let Some(r0) = it.next() else {
        return (0.0, 0.0, 400.0, 300.0);
    };
    let (mut x0, mut y0, mut x1, mut y1) = (r0.x, r0.y, r0.x + r0.w, r0.y + r0.h + 60.0);
    for r in it {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y);
        x1 = x1.max(r.x + r.w);
        y1 = y1.max(r.y + r.h + 60.0);
    }
    (x0 - 40.0, y0 - 40.0, x1 - x0 + 80.0, y1 - y0 + 80.0)
}

fn stylesheet_text() -> String {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return String::new();
    };
    let sheets = doc.style_sheets();
    let mut css = String::new();
    for i in 0..sheets.length() {
        let Some(sheet) = sheets
            .item(i)
            .and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok())
        else {
            continue;
        };
        let Ok(rules) = sheet.css_rules() else {
            continue;
        };
        for j in 0..rules.length() {
            if let Some(rule) = rules.item(j) {
                css.push_str(&rule.css_text());
                css.push('\n');
            }
        }
    }
    css
}

/// The canvas as a standalone SVG document.
pub fn svg_document(shapes: &[Shape], theme: &str) -> Result<String, String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let layer: Element = doc
        .query_selector("[data-testid=canvas] .layer-still")
        .ok()
        .flatten()
        .ok_or("the canvas is not on screen")?;
    let moving = doc
        .query_selector("[data-testid=canvas] .layer-moving")
        .ok()
        .flatten()
        .map(|e| e.inner_html())
        .unwrap_or_default();
    let (x, y, w, h) = view_box(shapes);
    // Text comes from the DOM's own serialiser, which escapes it; nothing is re-parsed here.
    let css = stylesheet_text().replace("]]>", "]]&gt;");
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" data-theme=\"{theme}\" viewBox=\"{x} {y} {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\">\
         <style><![CDATA[{css}]]></style><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"var(--canvas-bg)\"/>{}{}</svg>",
        layer.inner_html(),
        moving
    ))
}

/// Rasterises the SVG at 2× and offers it as `name`.
pub fn download_png(svg: String, name: String, width: f64, height: f64) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(&svg));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let img = HtmlImageElement::new()?;
    let img2 = img.clone();
    let url2 = url.clone();
    let onload = Closure::once(move || {
        let result: Result<(), JsValue> = (|| {
            let doc = web_sys::window()
                .and_then(|w| w.document())
                .ok_or("no document")?;
            let canvas: HtmlCanvasElement = doc.create_element("canvas")?.dyn_into()?;
            canvas.set_width((width * 2.0) as u32);
            canvas.set_height((height * 2.0) as u32);
            let ctx: web_sys::CanvasRenderingContext2d = canvas
                .get_context("2d")?
                .ok_or("no 2d context")?
                .dyn_into()?;
            ctx.scale(2.0, 2.0)?;
            ctx.draw_image_with_html_image_element_and_dw_and_dh(&img2, 0.0, 0.0, width, height)?;
            super::files::download_url(&name, &canvas.to_data_url_with_type("image/png")?)
        })();
        let _ = web_sys::Url::revoke_object_url(&url2);
        if let Err(e) = result {
            web_sys::console::warn_1(&e);
        }
    });
    img.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    img.set_src(&url);
    Ok(())
}

/// The size of the exported picture, for the PNG.
pub fn export_size(shapes: &[Shape]) -> (f64, f64) {
    let (_, _, w, h) = view_box(shapes);
    (w, h)
}
