//! Files in and out: downloads through an object URL, uploads read as bytes and decoded
//! like the CLI decodes them.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `contents` as a download named `name`.
pub fn download(name: &str, mime: &str, contents: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(contents));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    download_blob(name, &blob)
}

/// Offers binary `contents` (an archive) as a download named `name`.
pub fn download_bytes(name: &str, mime: &str, contents: &[u8]) -> Result<(), JsValue> {
    let bytes = js_sys::Uint8Array::from(contents);
    let parts = js_sys::Array::of1(&bytes);
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &opts)?;
    download_blob(name, &blob)
}

pub fn download_blob(name: &str, blob: &Blob) -> Result<(), JsValue> {
    let url = Url::create_object_url_with_blob(blob)?;
    download_url(name, &url)?;
    Url::revoke_object_url(&url)?;
    Ok(())
}

/// Offers the resource at `url` (an object or data URL) as a download named `name`.
pub fn download_url(name: &str, url: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(url);
    a.set_download(name);
    a.click();
    Ok(())
}

/// Reads a picked or dropped file as text. The bytes are decoded by the simulator's own
/// reader (through the bridge), so a UTF-8 file with a BOM or the UTF-16 that Windows
/// PowerShell's `aws … > f.json` writes opens here exactly as it does in the CLI.
pub async fn read_text(file: web_sys::File) -> Result<String, String> {
    let name = file.name();
    read_named(file, &name).await
}

/// Reads `file` as text; errors name it `name` (its path inside a picked folder).
async fn read_named(file: web_sys::File, name: &str) -> Result<String, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("{name}: could not be read"))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    crate::bridge::decode_text(name, &bytes)
}

/// A picked file's path relative to the folder the user chose (`two-tier/main.tf`, from
/// `webkitRelativePath`), else its bare name.
pub fn relative_path(file: &web_sys::File) -> String {
    js_sys::Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| file.name())
}

/// The files of a file input (several files, or a whole folder), with their relative paths.
pub fn picked(list: &web_sys::FileList) -> Vec<(String, web_sys::File)> {
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|f| (relative_path(&f), f))
        .collect()
}

/// Reads files as text, keeping their paths; the first unreadable one is the error. The
/// browser reads them all at once (one wait, not one per file); only when that fails are
/// they read one by one to name the file that could not be read.
pub async fn read_all(
    files: Vec<(String, web_sys::File)>,
) -> Result<Vec<(String, String)>, String> {
    let reads: js_sys::Array = files.iter().map(|(_, f)| f.array_buffer()).collect();
    if let Ok(buffers) = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all(&reads)).await {
        let buffers = js_sys::Array::from(&buffers);
        if buffers.length() as usize == files.len() {
            return files
                .iter()
                .zip(buffers.iter())
                .map(|((path, _), buffer)| {
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    Ok((path.clone(), crate::bridge::decode_text(path, &bytes)?))
                })
                .collect();
        }
    }
    let mut out = Vec::with_capacity(files.len());
    for (path, file) in files {
        let text = read_named(file, &path).await?;
        out.push((path, text));
    }
    Ok(out)
}

/// The file-system entries of a drop (files and folders), taken while the drop event is
/// still being handled (the browser empties them afterwards).
pub fn dropped_entries(dt: &web_sys::DataTransfer) -> Vec<JsValue> {
    let Ok(items) = js_sys::Reflect::get(dt, &JsValue::from_str("items")) else {
        return vec![];
    };
    let n = js_sys::Reflect::get(&items, &JsValue::from_str("length"))
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u32;
    (0..n)
        .filter_map(|i| js_sys::Reflect::get_u32(&items, i).ok())
        .filter_map(|item| {
            let f: js_sys::Function =
                js_sys::Reflect::get(&item, &JsValue::from_str("webkitGetAsEntry"))
                    .ok()?
                    .dyn_into()
                    .ok()?;
            f.call0(&item)
                .ok()
                .filter(|e| !e.is_null() && !e.is_undefined())
        })
        .collect()
}

fn flag(v: &JsValue, name: &str) -> bool {
    js_sys::Reflect::get(v, &JsValue::from_str(name))
        .ok()
        .and_then(|b| b.as_bool())
        .unwrap_or(false)
}

/// Is one of these dropped entries a folder?
pub fn has_folder(entries: &[JsValue]) -> bool {
    entries.iter().any(|e| flag(e, "isDirectory"))
}

/// Calls `target.method(onSuccess, onError)` and waits for the callback.
async fn callback_call(target: &JsValue, method: &str) -> Result<JsValue, String> {
    let f: js_sys::Function = js_sys::Reflect::get(target, &JsValue::from_str(method))
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| format!("the browser cannot {method}"))?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let _ = f.call2(target, &resolve, &reject);
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|_| "a dropped file could not be read".to_string())
}

/// Every file under the dropped entries (folders walked), as (path without the leading
/// `/`, file), in the order the browser lists them.
pub async fn entry_files(entries: Vec<JsValue>) -> Result<Vec<(String, web_sys::File)>, String> {
    let mut out = Vec::new();
    let mut stack = entries;
    stack.reverse();
    while let Some(e) = stack.pop() {
        let path = js_sys::Reflect::get(&e, &JsValue::from_str("fullPath"))
            .ok()
            .and_then(|p| p.as_string())
            .unwrap_or_default()
            .trim_start_matches('/')
            .to_string();
        if flag(&e, "isDirectory") {
            let reader = js_sys::Reflect::get(&e, &JsValue::from_str("createReader"))
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .and_then(|f| f.call0(&e).ok())
                .ok_or("the browser cannot read a dropped folder")?;
            // `readEntries` returns a batch at a time, then an empty one.
            loop {
                let batch: js_sys::Array = callback_call(&reader, "readEntries")
                    .await?
                    .dyn_into()
                    .map_err(|_| "a dropped folder could not be listed")?;
                if batch.length() == 0 {
                    break;
                }
                stack.extend(batch.iter());
            }
        } else if flag(&e, "isFile") {
            let file: web_sys::File = callback_call(&e, "file")
                .await?
                .dyn_into()
                .map_err(|_| format!("{path} could not be read"))?;
            out.push((path, file));
        }
    }
    Ok(out)
}
