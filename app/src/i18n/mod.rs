//! The app's words in English and Korean, as Fluent catalogues (`app/locales/<lang>/*.ftl`).
//!
//! Why Fluent: Korean has no plural forms and English has two, and sentences put their
//! variables in a different order in each language; Fluent keeps those rules in the catalogue,
//! beside the translation, instead of in `format!` calls. The CLI and `sim` stay English: the
//! app translates what `sim` reports from its codes and structured fields (`i18n::explain`).
//!
//! **Invariants** (checked by the tests below):
//! - every catalogue file exists in both languages, parses, and holds the same message ids
//!   with the same variables;
//! - every `t!(lang, "id" …)` in `app/src` names a message of the English catalogue.
//!
//! A component reads the language with [`use_lang`]; code outside components takes a `Lang`
//! argument. Bidi isolation marks are off: both languages are left-to-right, and the marks
//! would end up in copied text and in screen-reader output.

use std::borrow::Cow;

pub use fluent_bundle::{FluentArgs, FluentValue};
use fluent_bundle::{FluentBundle, FluentResource};
use yew::prelude::*;

pub mod edits;
pub mod explain;

mod catalogue {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

/// A language of the UI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The BCP 47 tag: `<html lang>`, storage and the URL use it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's name in itself, as the switch lists it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// Reads a tag such as `ko`, `ko-KR` or `en-GB` (only the primary subtag counts).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The first of the browser's preferred languages that the app has, else English.
    pub fn preferred<'a>(browser: impl IntoIterator<Item = &'a str>) -> Lang {
        browser
            .into_iter()
            .find_map(Lang::from_tag)
            .unwrap_or_default()
    }

    fn sources(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => catalogue::EN,
            Lang::Ko => catalogue::KO,
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

fn build(lang: Lang) -> Bundle {
    let id = lang.tag().parse().expect("a valid language tag");
    let mut bundle = Bundle::new(vec![id]);
    bundle.set_use_isolating(false);
    for (_, source) in lang.sources() {
        // A broken catalogue is caught by the tests; at run time the parsable part is used.
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

thread_local! {
    // Parsed once per page: the catalogues are a few hundred short messages.
    static BUNDLES: [Bundle; 2] = [build(Lang::En), build(Lang::Ko)];
}

fn format(bundle: &Bundle, id: &str, args: Option<&FluentArgs>) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

/// The message `id` in `lang`; English when the Korean catalogue lacks it (the tests make sure
/// it never does), and the id itself when neither has it.
pub fn tr_args(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    BUNDLES.with(|b| {
        let index = usize::from(lang == Lang::Ko);
        format(&b[index], id, args)
            .or_else(|| format(&b[0], id, args))
            .unwrap_or_else(|| id.to_string())
    })
}

pub fn tr(lang: Lang, id: &str) -> String {
    tr_args(lang, id, None)
}

/// Whether `lang`'s catalogue has `id`: for messages looked up by a computed id (a lint code,
/// a reason code) where the English text from `sim` is the fallback.
pub fn has(lang: Lang, id: &str) -> bool {
    BUNDLES.with(|b| b[usize::from(lang == Lang::Ko)].has_message(id))
}

/// A number argument, so Fluent can choose a plural form.
pub fn num(n: impl Into<f64>) -> FluentValue<'static> {
    FluentValue::from(n.into())
}

/// A text argument.
pub fn text<'a>(s: impl Into<Cow<'a, str>>) -> FluentValue<'a> {
    FluentValue::String(s.into())
}

/// `t!(lang, "message-id")` or `t!(lang, "message-id", name = value, …)`; a value is anything
/// `FluentValue` converts from (text, numbers).
#[macro_export]
macro_rules! t {
    ($lang:expr, $id:literal $(,)?) => {
        $crate::i18n::tr($lang, $id)
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::FluentArgs::new();
        $( args.set(stringify!($name), $crate::i18n::FluentValue::from($value)); )+
        $crate::i18n::tr_args($lang, $id, Some(&args))
    }};
}

/// The language the app shell provides (English outside a provider, as in unit tests).
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
