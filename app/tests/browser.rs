//! Browser tests: mount the real root component in headless Chromium and look at the DOM.
#![cfg(target_arch = "wasm32")]

use app::kind::KindText;
use gloo::timers::future::TimeoutFuture;
use wasm_bindgen_test::*;
use web_sys::{Document, Element};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts `App` into a fresh element and waits (without sleeping a fixed time) until it has
/// rendered something matching `ready`.
async fn mount_app(ready: &str) -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<app::App>::with_root(root.clone()).render();
    for _ in 0..200 {
        if root.query_selector(ready).unwrap().is_some() {
            return root;
        }
        TimeoutFuture::new(5).await;
    }
    panic!("the app never rendered {ready}");
}

#[wasm_bindgen_test]
async fn palette_lists_every_component_kind_and_the_annotate_tools() {
    let root = mount_app("[data-testid=palette]").await;
    let items = root.query_selector_all("[data-testid^=palette-]").unwrap();
    let tools = app::view::AnnotationTool::ALL;
    assert_eq!(
        items.length() as usize,
        app::kind::ComponentKind::PALETTE.len() + tools.len()
    );
    for (tool, word) in tools.iter().zip(["Note", "Box", "Arrow"]) {
        let item = root
            .query_selector(&format!("[data-testid=palette-{}]", tool.slug()))
            .unwrap()
            .unwrap_or_else(|| panic!("no palette item for {word}"));
        let name = item.query_selector(".name").unwrap().expect("a name");
        assert_eq!(name.text_content().unwrap().trim(), word);
        assert_eq!(item.get_attribute("draggable").as_deref(), Some("true"));
    }
    for kind in app::kind::ComponentKind::PALETTE {
        let item = root
            .query_selector(&format!("[data-testid=palette-{}]", kind.slug()))
            .unwrap()
            .unwrap_or_else(|| panic!("no palette item for {}", kind.label(app::i18n::Lang::En)));
        let name = item
            .query_selector(".name")
            .unwrap()
            .expect("item has a name");
        assert_eq!(
            name.text_content().unwrap().trim(),
            kind.label(app::i18n::Lang::En)
        );
        assert_eq!(item.get_attribute("draggable").as_deref(), Some("true"));
    }
}

#[wasm_bindgen_test]
async fn canvas_shows_the_sample_design() {
    let root = mount_app("[data-testid=canvas]").await;
    for kind in ["vpc", "subnet", "bastion", "instance"] {
        assert!(
            root.query_selector(&format!("[data-testid=canvas] [data-kind={kind}]"))
                .unwrap()
                .is_some(),
            "the sample design has no {kind}"
        );
    }
}
