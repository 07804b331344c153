//! The sizes of the panels around the canvas (palette, properties, bottom panel): each is
//! resized by its drag handle and can be collapsed, so the canvas gets the screen when the
//! user wants it. Pure: the sizes are clamped here, stored as JSON by `services::storage`.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::t;

/// One of the three panels around the canvas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Palette,
    Properties,
    Bottom,
}

impl Panel {
    pub const ALL: [Panel; 3] = [Panel::Palette, Panel::Properties, Panel::Bottom];

    pub fn slug(self) -> &'static str {
        match self {
            Panel::Palette => "palette",
            Panel::Properties => "properties",
            Panel::Bottom => "bottom",
        }
    }

    /// The accessible name of the panel's drag handle ("Resize the properties panel").
    pub fn resize_label(self, lang: Lang) -> String {
        t!(lang, "panel-resize", panel = self.slug())
    }

    /// The name of the button that collapses the panel, or opens it again when `collapsed`.
    pub fn toggle_label(self, lang: Lang, collapsed: bool) -> String {
        if collapsed {
            t!(lang, "panel-show", panel = self.slug())
        } else {
            t!(lang, "panel-hide", panel = self.slug())
        }
    }

    /// (default, smallest, largest) size in CSS pixels: a width for the side panels, a height
    /// for the bottom panel.
    pub fn limits(self) -> (f64, f64, f64) {
        match self {
            Panel::Palette => (232.0, 150.0, 420.0),
            Panel::Properties => (312.0, 220.0, 640.0),
            Panel::Bottom => (250.0, 110.0, 720.0),
        }
    }

    /// Does the size grow as the pointer moves right/down (palette) or left/up (the others)?
    pub fn grows_forward(self) -> bool {
        self == Panel::Palette
    }
}

/// A panel's size and whether it is collapsed (its size is kept for when it opens again).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pane {
    pub size: f64,
    #[serde(default)]
    pub collapsed: bool,
}

/// The three panels' sizes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Panels {
    pub palette: Pane,
    pub properties: Pane,
    pub bottom: Pane,
}

impl Default for Panels {
    fn default() -> Self {
        let pane = |p: Panel| Pane {
            size: p.limits().0,
            collapsed: false,
        };
        Panels {
            palette: pane(Panel::Palette),
            properties: pane(Panel::Properties),
            bottom: pane(Panel::Bottom),
        }
    }
}

impl Panels {
    pub fn get(&self, p: Panel) -> Pane {
        match p {
            Panel::Palette => self.palette,
            Panel::Properties => self.properties,
            Panel::Bottom => self.bottom,
        }
    }

    fn get_mut(&mut self, p: Panel) -> &mut Pane {
        match p {
            Panel::Palette => &mut self.palette,
            Panel::Properties => &mut self.properties,
            Panel::Bottom => &mut self.bottom,
        }
    }

    /// The size on screen: 0 when collapsed.
    pub fn shown(&self, p: Panel) -> f64 {
        let pane = self.get(p);
        if pane.collapsed {
            0.0
        } else {
            pane.size
        }
    }

    /// The panel dragged to `size` pixels: dragged below half its smallest size it collapses
    /// (keeping the size it had), otherwise it opens at `size` clamped to its limits.
    pub fn resized(mut self, p: Panel, size: f64) -> Panels {
        let (_, min, max) = p.limits();
        let pane = self.get_mut(p);
        if !size.is_finite() {
            return self;
        }
        if size < min / 2.0 {
            pane.collapsed = true;
        } else {
            pane.collapsed = false;
            pane.size = size.clamp(min, max);
        }
        self
    }

    pub fn toggled(mut self, p: Panel) -> Panels {
        let pane = self.get_mut(p);
        pane.collapsed = !pane.collapsed;
        self
    }

    /// Panels read back from storage; anything unreadable or out of range gives the
    /// defaults for that panel (a layout preference, never the user's work).
    pub fn from_json(text: &str) -> Panels {
        let Ok(stored) = serde_json::from_str::<Panels>(text) else {
            return Panels::default();
        };
        let mut out = Panels::default();
        for p in Panel::ALL {
            let (_, min, max) = p.limits();
            let pane = stored.get(p);
            if pane.size.is_finite() && (min..=max).contains(&pane.size) {
                *out.get_mut(p) = pane;
            }
        }
        out
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The CSS custom properties the stylesheet lays the app grid out with.
    pub fn style(&self) -> String {
        let b = self.shown(Panel::Bottom);
        let cluster = if self.bottom.collapsed {
            "0px".to_string()
        } else {
            format!("max({b}px, min(450px, 56vh))")
        };
        format!(
            "--palette-w: {}px; --props-w: {}px; --bottom-h: {b}px; --bottom-h-cluster: {cluster};",
            self.shown(Panel::Palette),
            self.shown(Panel::Properties),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_dragged_panel_is_clamped_to_its_limits_and_collapses_below_half_its_minimum() {
        // (panel, dragged to, shown size after, collapsed after)
        let cases = [
            (Panel::Palette, 300.0, 300.0, false),
            (Panel::Palette, 1000.0, 420.0, false),
            (Panel::Palette, 100.0, 150.0, false),
            (Panel::Palette, 60.0, 0.0, true),
            (Panel::Properties, 200.0, 220.0, false),
            (Panel::Bottom, 40.0, 0.0, true),
            (Panel::Bottom, f64::NAN, 250.0, false),
        ];
        for (panel, to, shown, collapsed) in cases {
            let after = Panels::default().resized(panel, to);
            assert_eq!(after.shown(panel), shown, "{panel:?} dragged to {to}");
            assert_eq!(
                after.get(panel).collapsed,
                collapsed,
                "{panel:?} dragged to {to}"
            );
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn each_panel_handle_is_named_after_its_panel_in_each_language() {
        let cases = [
            (
                Panel::Palette,
                Lang::En,
                "Resize the component palette",
                "Show the component palette",
            ),
            (
                Panel::Properties,
                Lang::En,
                "Resize the properties panel",
                "Show the properties panel",
            ),
            (
                Panel::Bottom,
                Lang::En,
                "Resize the bottom panel",
                "Show the bottom panel",
            ),
            (
                Panel::Palette,
                Lang::Ko,
                "구성 요소 팔레트 크기 조절",
                "구성 요소 팔레트 보이기",
            ),
            (
                Panel::Properties,
                Lang::Ko,
                "속성 패널 크기 조절",
                "속성 패널 보이기",
            ),
            (
                Panel::Bottom,
                Lang::Ko,
                "하단 패널 크기 조절",
                "하단 패널 보이기",
            ),
        ];
        for (panel, lang, resize, show) in cases {
            assert_eq!(panel.resize_label(lang), resize);
            assert_eq!(panel.toggle_label(lang, true), show);
        }
        assert_eq!(
            Panel::Properties.toggle_label(Lang::En, false),
            "Hide the properties panel"
        );
        assert_eq!(
            Panel::Bottom.toggle_label(Lang::Ko, false),
            "하단 패널 숨기기"
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_collapsed_panel_reopens_at_the_size_it_had() {
        let p = Panels::default()
            .resized(Panel::Properties, 400.0)
            .toggled(Panel::Properties);
        assert_eq!(p.shown(Panel::Properties), 0.0);
        assert_eq!(p.toggled(Panel::Properties).shown(Panel::Properties), 400.0);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn stored_sizes_round_trip_and_unreadable_ones_give_the_defaults() {
        let p = Panels::default()
            .resized(Panel::Palette, 180.0)
            .toggled(Panel::Bottom);
        assert_eq!(Panels::from_json(&p.to_json()), p);
        assert_eq!(Panels::from_json("not json"), Panels::default());
        let wild = r#"{"palette":{"size":5000},"properties":{"size":300},"bottom":{"size":200,"collapsed":true}}"#;
        let read = Panels::from_json(wild);
        assert_eq!(read.palette, Panels::default().palette);
        assert_eq!(read.shown(Panel::Properties), 300.0);
        assert!(read.bottom.collapsed);
    }
}
