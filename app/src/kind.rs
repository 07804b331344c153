//! The words the palette and the properties panel show for each kind of component. The kinds
//! themselves are `sim`'s one list ([`sim::network::ComponentKind`]); this adds only UI text,
//! from the catalogue (`locales/*/kinds.ftl`, message `kind-<slug>` and `kind-<slug>-hint`).

pub use sim::network::ComponentKind;

use crate::i18n::{tr, Lang};

/// A learner-facing name and one-line hint for a component kind.
pub trait KindText {
    fn label(self, lang: Lang) -> String;
    /// One line for the palette tooltip: what the thing is for, in a learner's words.
    fn hint(self, lang: Lang) -> String;
}

impl KindText for ComponentKind {
    fn label(self, lang: Lang) -> String {
        tr(lang, &format!("kind-{}", self.slug()))
    }

    fn hint(self, lang: Lang) -> String {
        tr(lang, &format!("kind-{}-hint", self.slug()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::has;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn every_palette_kind_has_its_own_words_in_every_language() {
        for lang in Lang::ALL {
            let mut labels: Vec<String> = ComponentKind::PALETTE
                .iter()
                .map(|k| k.label(lang))
                .collect();
            labels.sort();
            labels.dedup();
            assert_eq!(labels.len(), ComponentKind::PALETTE.len());
            for k in ComponentKind::PALETTE {
                assert!(has(lang, &format!("kind-{}", k.slug())), "{k:?}");
                assert!(has(lang, &format!("kind-{}-hint", k.slug())), "{k:?}");
            }
        }
        assert_eq!(ComponentKind::Bastion.label(Lang::Ko), "배스천 호스트");
    }
}
