//! The bottom panel: the live problems list from `sim`'s lints (each clickable, each fix
//! one click away), packet traces, the cluster timeline and the design's edit history.

use std::rc::Rc;

use sim::network::{Diagnostic, Severity};
use yew::prelude::*;

use crate::components::history::HistoryView;
use crate::components::policies::{NetworkAcls, RouteTables, RuleMark, SecurityGroups};
use crate::components::source::source_view;
use crate::i18n::{use_lang, Lang};
use crate::t;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Problems,
    RouteTables,
    SecurityGroups,
    NetworkAcls,
    Transit,
    Traces,
    Timeline,
    History,
}

#[derive(Properties, PartialEq)]
pub struct BottomPanelProps {
    pub lints: Rc<Vec<Diagnostic>>,
    pub design: Rc<sim::network::Design>,
    pub focus: Option<String>,
    pub on_policy: Callback<crate::bridge::PolicyOp>,
    /// The routes virtual private gateways propagate into the route tables (G3).
    #[prop_or_default]
    pub propagated: Rc<Vec<crate::bridge::routes::PropagatedRoute>>,
    /// The packet-trace panel, rendered by the app shell (it owns the trace state).
    pub traces: Html,
    /// The cluster view, rendered by the app shell (it owns the cluster session).
    pub cluster: Html,
    pub read_only: bool,
    pub on_select: Callback<String>,
    pub on_fix: Callback<usize>,
    /// Changes when the cluster tab should come to the front (a pod was dropped).
    #[prop_or_default]
    pub show_cluster: Option<u64>,
    /// A trace hop's rule to show in its list view (route tables, NACLs or security groups),
    /// with a count that changes on every request.
    #[prop_or_default]
    pub mark: Option<(u64, RuleMark)>,
    /// Changes when the Traces tab should come to the front (a checklist flow was opened).
    #[prop_or_default]
    pub show_traces: Option<u64>,
    /// Set when the design was imported from Terraform: where each component was written
    /// and the import's notes (assumptions, constructs not modelled).
    #[prop_or_default]
    pub terraform: Option<Rc<crate::bridge::terraform::TerraformInfo>>,
    /// The design's edit steps and the one being replayed (`None`: now).
    pub history: Rc<crate::state::history::History>,
    #[prop_or_default]
    pub replay_at: Option<usize>,
    pub on_replay: Callback<Option<usize>>,
}

/// Which problems the list shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    All,
    ErrorsAndWarnings,
    Errors,
}

impl Shown {
    fn shows(self, s: Severity) -> bool {
        match self {
            Shown::All => true,
            Shown::ErrorsAndWarnings => s != Severity::Info,
            Shown::Errors => s == Severity::Error,
        }
    }
}

/// The severity as the list shows it, in `lang` (`severity_word` is its stable hook).
fn severity_text(lang: Lang, s: Severity) -> String {
    match s {
        Severity::Error => t!(lang, "prob-sev-error"),
        Severity::Warning => t!(lang, "prob-sev-warning"),
        Severity::Info => t!(lang, "prob-sev-info"),
    }
}

/// The Problems tab's label: "Problems · 1 error, 2 warnings".
fn problems_tab_text(lang: Lang, errors: usize, warnings: usize) -> String {
    t!(
        lang,
        "prob-tab-problems",
        errors = errors,
        warnings = warnings
    )
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

#[function_component(BottomPanel)]
pub fn bottom_panel(props: &BottomPanelProps) -> Html {
    let lang = use_lang();
    let tab = use_state(|| Tab::Problems);
    let shown = use_state(|| Shown::All);
    {
        let tab = tab.clone();
        use_effect_with(props.show_cluster, move |show| {
            if show.is_some() {
                tab.set(Tab::Timeline);
            }
        });
    }
    {
        let tab = tab.clone();
        use_effect_with(props.mark.as_ref().map(|(n, _)| *n), {
            let mark = props.mark.clone();
            move |_| {
                if let Some((_, m)) = mark {
                    tab.set(match m {
                        RuleMark::Route { .. } => Tab::RouteTables,
                        RuleMark::Nacl { .. } => Tab::NetworkAcls,
                        RuleMark::SecurityGroup { .. } => Tab::SecurityGroups,
                    });
                }
            }
        });
    }
    let mark = props.mark.as_ref().map(|(_, m)| m.clone());
    {
        let tab = tab.clone();
        use_effect_with(props.show_traces, move |show| {
            if show.is_some() {
                tab.set(Tab::Traces);
            }
        });
    }
    let errors = props
        .lints
        .iter()
        .filter(|l| l.severity == Severity::Error)
        .count();
    let warnings = props
        .lints
        .iter()
        .filter(|l| l.severity == Severity::Warning)
        .count();
    let tab_id = |t: Tab| match t {
        Tab::Problems => "tab-problems",
        Tab::RouteTables => "tab-route-tables",
        Tab::SecurityGroups => "tab-security-groups",
        Tab::NetworkAcls => "tab-network-acls",
        Tab::Transit => "tab-transit",
        Tab::Traces => "tab-traces",
        Tab::Timeline => "tab-timeline",
        Tab::History => "tab-history",
    };
    let button = |t: Tab, label: String, testid: &'static str| {
        let tab = tab.clone();
        let active = *tab == t;
        html! {
            <button type="button" role="tab" id={testid} aria-selected={active.to_string()} aria-controls="bottom-tabpanel"
                tabindex={if active { "0" } else { "-1" }} data-testid={testid}
                class={classes!("tab", active.then_some("active"))}
                onclick={Callback::from(move |_| tab.set(t))}>{label}</button>
        }
    };
    let notes = props.terraform.as_ref().filter(|t| !t.import.warnings.is_empty()).map(|t| html! {
        <div class="import-notes" data-testid="import-notes">
            <h4>{t!(lang, "prob-import-notes")}</h4>
            <ul>
                { for t.import.warnings.iter().map(|w| html! {
                    <li class="problem info" data-testid="import-note">
                        <span class="msg"><code>{w.block.clone()}</code>{": "}{w.message.clone()}</span>
                        { source_view(&t.warning(w), "import-note-source") }
                    </li>
                }) }
            </ul>
        </div>
    });
    let row = |i: usize, l: &Diagnostic| {
        let select = {
            let id = l.component.clone();
            props.on_select.reform(move |_: MouseEvent| id.clone())
        };
        let fix = l.fix.as_ref().map(|f| {
            let on_fix = props.on_fix.reform(move |e: MouseEvent| { e.stop_propagation(); i });
            html! { <button type="button" class="btn small" data-testid="apply-fix" disabled={props.read_only} title={crate::i18n::explain::fix_text(lang, f)} onclick={on_fix}>{t!(lang, "prob-fix", summary = crate::i18n::explain::fix_text(lang, f))}</button> }
        });
        html! {
            <li class={classes!("problem", severity_word(l.severity))} data-testid="problem" data-code={l.code.clone()} data-severity={severity_word(l.severity)}>
                <button type="button" class="problem-main" onclick={select} title={t!(lang, "prob-select")}>
                    <span class="sev">{severity_text(lang, l.severity)}</span>
                    <span class="msg">{crate::i18n::explain::lint_message(lang, l)}</span>
                    <span class="where">{l.component.clone()}</span>
                </button>
                { for props.terraform.as_ref().and_then(|t| t.component(&l.component)).map(|r| source_view(&r, "problem-source")) }
                { for fix }
            </li>
        }
    };
    let filter = {
        let handle = shown.clone();
        let on_change = Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            handle.set(match v.as_str() {
                "errors" => Shown::Errors,
                "errors-warnings" => Shown::ErrorsAndWarnings,
                _ => Shown::All,
            });
        });
        let infos = props.lints.len() - errors - warnings;
        html! {
            <div class="problems-filter">
                <label for="problems-filter">{t!(lang, "prob-show")}</label>
                <select id="problems-filter" data-testid="problems-filter" onchange={on_change}>
                    <option value="all" selected={*shown == Shown::All}>{t!(lang, "prob-show-all", count = props.lints.len())}</option>
                    <option value="errors-warnings" selected={*shown == Shown::ErrorsAndWarnings}>{t!(lang, "prob-show-errors-warnings", count = errors + warnings)}</option>
                    <option value="errors" selected={*shown == Shown::Errors}>{t!(lang, "prob-show-errors", count = errors)}</option>
                </select>
                if infos > 0 && *shown != Shown::All { <span class="muted small">{" "}{t!(lang, "prob-hidden", count = infos)}</span> }
            </div>
        }
    };
    let problems = if props.lints.is_empty() {
        html! { <p class="all-clear" data-testid="no-problems">{t!(lang, "prob-none")}</p> }
    } else {
        // Errors and warnings one per row; info notes grouped by lint, one collapsed group each.
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for (i, l) in props.lints.iter().enumerate() {
            if l.severity == Severity::Info {
                match groups.iter_mut().find(|(c, _)| *c == l.code) {
                    Some((_, v)) => v.push(i),
                    None => groups.push((l.code.clone(), vec![i])),
                }
            }
        }
        let show_infos = shown.shows(Severity::Info);
        html! {
            <>
                { filter }
                <ul class="problems" data-testid="problems">
                    { for props.lints.iter().enumerate().filter(|(_, l)| l.severity != Severity::Info && shown.shows(l.severity)).map(|(i, l)| row(i, l)) }
                    if show_infos {
                        { for groups.iter().map(|(code, items)| if items.len() == 1 {
                            row(items[0], &props.lints[items[0]])
                        } else {
                            html! {
                                <li class="problem info info-group" data-testid="info-group" data-code={code.clone()}>
                                    <details>
                                        <summary><span class="sev">{severity_text(lang, Severity::Info)}</span><span class="msg">{t!(lang, "prob-group", count = items.len(), message = crate::i18n::explain::lint_message(lang, &props.lints[items[0]]))}</span></summary>
                                        <ul class="problems">{ for items.iter().map(|&i| row(i, &props.lints[i])) }</ul>
                                    </details>
                                </li>
                            }
                        }) }
                    }
                </ul>
            </>
        }
    };
    html! {
        <section class="bottom" data-testid="bottom-panel" aria-label={t!(lang, "prob-panel")}>
            <div class="tabs" role="tablist" aria-label={t!(lang, "prob-tabs")} onkeydown={Callback::from(crate::components::dialog::tablist_keys)}>
                { button(Tab::Problems, problems_tab_text(lang, errors, warnings), "tab-problems") }
                { button(Tab::RouteTables, t!(lang, "prob-tab-route-tables"), "tab-route-tables") }
                { button(Tab::SecurityGroups, t!(lang, "prob-tab-security-groups"), "tab-security-groups") }
                { button(Tab::NetworkAcls, t!(lang, "prob-tab-network-acls"), "tab-network-acls") }
                { button(Tab::Transit, t!(lang, "prob-tab-transit"), "tab-transit") }
                { button(Tab::Traces, t!(lang, "prob-tab-traces"), "tab-traces") }
                { button(Tab::Timeline, t!(lang, "prob-tab-cluster"), "tab-timeline") }
                { button(Tab::History, t!(lang, "prob-tab-history"), "tab-history") }
            </div>
            <div class="tab-body" role="tabpanel" id="bottom-tabpanel" aria-labelledby={tab_id(*tab)}>
                { match *tab {
                    Tab::Problems => html! { <>{ problems }{ for notes }</> },
                    Tab::RouteTables => html! { <RouteTables design={props.design.clone()} focus={props.focus.clone()} read_only={props.read_only} on_op={props.on_policy.clone()} mark={mark.clone()} propagated={props.propagated.clone()} /> },
                    Tab::SecurityGroups => html! { <SecurityGroups design={props.design.clone()} focus={props.focus.clone()} read_only={props.read_only} on_op={props.on_policy.clone()} mark={mark.clone()} /> },
                    Tab::NetworkAcls => html! { <NetworkAcls design={props.design.clone()} focus={props.focus.clone()} read_only={props.read_only} on_op={props.on_policy.clone()} mark={mark.clone()} /> },
                    Tab::Transit => html! { <crate::components::transit::TransitTables design={props.design.clone()} focus={props.focus.clone()} read_only={props.read_only} on_op={props.on_policy.clone()} /> },
                    Tab::Traces => props.traces.clone(),
                    Tab::Timeline => props.cluster.clone(),
                    Tab::History => html! { <HistoryView history={props.history.clone()} at={props.replay_at} on_replay={props.on_replay.clone()} /> },
                } }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_problems_tab_counts_with_plurals_in_english_and_counters_in_korean() {
        let cases = [
            (Lang::En, 1, 2, "Problems · 1 error, 2 warnings"),
            (Lang::En, 0, 1, "Problems · 0 errors, 1 warning"),
            (Lang::En, 3, 0, "Problems · 3 errors, 0 warnings"),
            (Lang::Ko, 1, 2, "문제 · 오류 1개, 경고 2개"),
        ];
        for (lang, errors, warnings, want) in cases {
            assert_eq!(problems_tab_text(lang, errors, warnings), want);
        }
        let hidden = [
            (Lang::En, 1, "1 info note hidden"),
            (Lang::En, 2, "2 info notes hidden"),
            (Lang::Ko, 2, "정보 메모 2개 숨김"),
        ];
        for (lang, count, want) in hidden {
            assert_eq!(t!(lang, "prob-hidden", count = count), want);
        }
        assert_eq!(
            t!(
                Lang::En,
                "prob-group",
                count = 2,
                message = "Subnet a is small."
            ),
            "2 notes · Subnet a is small. …"
        );
        assert_eq!(severity_text(Lang::Ko, Severity::Warning), "경고");
        assert_eq!(severity_text(Lang::En, Severity::Info), "info");
        assert_eq!(t!(Lang::En, "prob-show"), "Show ");
    }
}
