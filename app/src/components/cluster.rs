//! The cluster tab: the design's Kubernetes cluster on a simulated clock. A timeline bar
//! (play/pause/step, 1×/10×/100×, a seek bar), nodes grouped by availability zone with CPU and
//! memory request bars, conditions, taints and pods as chips, the Deployments (editable: the
//! edits go into the design's manifests and are undoable; `deployment_form` creates and edits
//! them), buttons that inject failures at the current time, the `kubectl get events`-style log
//! beside it, and for a selected pod the scheduler's explanation table (every filter plugin per
//! node, every score plugin's score, weight and weighted total, the winner marked).
//!
//! Everything it shows comes from `bridge::cluster` (which asks `sim`): the run without injected
//! events is the editor's `Analysis` one (the same seed gives the pods' addresses to the
//! tracer). Injected events are saved with the design (each injection or removal is an undoable
//! edit); on a read-only design they stay in this view. The other state here is the learner's:
//! the clock and the selected pod, handed back to the app shell when the view closes. The
//! playback timer is a `gloo` `Interval` owned by an effect: dropped on pause, on speed change
//! and on unmount.

use std::rc::Rc;

use sim::cluster::model::{ConditionStatus, SimTime};
use sim::cluster::sim::{EventType, Injected, NodeView, PodView, Snapshot};
use sim::network::Design;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::bridge::analysis::ClusterRun;
use crate::bridge::cluster::{self as bc, DeploymentForm, ExplainTable, Injection, Timeline};
use crate::bridge::k8s_objects::{self as bk, ObjectLists};
use crate::components::canvas::{ClusterOverlay, NodeMark, ServiceMark, VolumeMark};
use crate::components::deployment_form::DeploymentEditor;
use crate::components::k8s_objects::ClusterObjects;
use crate::i18n::{use_lang, Lang};
use crate::state::session::ClusterSession;
use crate::t;

/// Playback updates per second of wall time.
const TICK_MS: u32 = 50;
/// How many past events the log renders (older ones are summarised in one line).
const LOG_WINDOW: usize = 200;
/// How many upcoming events the log shows, faded.
const LOG_AHEAD: usize = 40;

#[derive(Properties, PartialEq)]
pub struct ClusterPanelProps {
    pub design: Rc<Design>,
    /// Changes whenever the run without injected events (`baseline`) does.
    pub revision: u64,
    pub read_only: bool,
    /// The design's run with `seed` and no injected events.
    pub baseline: Rc<ClusterRun>,
    pub seed: u64,
    /// What the learner set up before the view was last closed (read when it opens).
    pub session: ClusterSession,
    /// Run with another seed.
    pub on_seed: Callback<u64>,
    /// The view is closing with this set-up.
    pub on_keep: Callback<ClusterSession>,
    /// A new `design.cluster` value to commit (an undoable design edit).
    pub on_set_cluster: Callback<serde_json::Value>,
    /// Something to tell the learner (shown as the canvas toast).
    pub on_notify: Callback<String>,
    /// Open a Kubernetes manifest file (the shell owns the file picker).
    pub on_import: Callback<()>,
    /// Pods and node states to draw on the canvas (None when the view closes).
    #[prop_or_default]
    pub on_overlay: Callback<Option<ClusterOverlay>>,
    /// A pod just dropped from the palette (drop count, `namespace/name`): the view selects it
    /// and moves to its scheduling decision, once per drop.
    #[prop_or_default]
    pub focus_pod: Option<(u64, String)>,
}

#[derive(Clone, Debug, PartialEq)]
struct Player {
    time: SimTime,
    playing: bool,
    speed: i64,
}

enum PlayerAction {
    Tick { dt: SimTime, horizon: SimTime },
    Seek(SimTime),
    Play(bool),
    Speed(i64),
}

impl Reducible for Player {
    type Action = PlayerAction;
    fn reduce(self: Rc<Self>, action: PlayerAction) -> Rc<Self> {
        let mut p = (*self).clone();
        match action {
            PlayerAction::Tick { dt, horizon } => {
                if !p.playing {
                    return self;
                }
                p.time = (p.time + dt).min(horizon);
                if p.time >= horizon {
                    p.playing = false;
                }
            }
            PlayerAction::Seek(t) => p.time = t,
            PlayerAction::Play(on) => p.playing = on,
            PlayerAction::Speed(s) => p.speed = s,
        }
        Rc::new(p)
    }
}

/// A quick edit of a Deployment card: the typed value into the form, or why it is refused.
type EditFn = Rc<dyn Fn(&mut DeploymentForm, &str) -> Result<(), String>>;

/// A timeline shared by pointer (the memo's output).
#[derive(Clone)]
struct TimelineRc(Rc<Result<Timeline, Vec<bc::LoadLine>>>);

fn ready_word(n: &NodeView) -> (&'static str, &'static str) {
    match n.ready {
        ConditionStatus::True => ("Ready", "True"),
        ConditionStatus::False => ("NotReady", "False"),
        ConditionStatus::Unknown => ("NotReady", "Unknown"),
    }
}

fn status_class(status: &str) -> &'static str {
    match status {
        "Running" => "running",
        "Pending" => "pending",
        "ContainerCreating" => "creating",
        "Terminating" => "terminating",
        "CrashLoopBackOff" => "crashloop",
        "Error" => "error",
        _ => "other",
    }
}

fn pct(used: i64, total: i64) -> f64 {
    if total <= 0 {
        0.0
    } else {
        (used as f64 * 100.0 / total as f64).clamp(0.0, 100.0)
    }
}

fn short_pod(key: &str) -> String {
    let name = key.rsplit('/').next().unwrap_or(key);
    // The ReplicaSet's pod suffix tells pods of one Deployment apart.
    match name.rsplit_once('-') {
        Some((_, suffix)) if !suffix.is_empty() => suffix.to_string(),
        _ => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pod_chips_show_the_replica_set_suffix() {
        assert_eq!(short_pod("default/web-5fd8774f64-9pwvt"), "9pwvt");
        assert_eq!(short_pod("default/solo"), "solo");
    }

    #[test]
    fn the_next_image_bumps_the_minor_version() {
        assert_eq!(bump_tag("nginx:1.27"), "nginx:1.28");
        assert_eq!(bump_tag("registry:5000/app:v1"), "registry:5000/app:v1-v2");
        assert_eq!(bump_tag("busybox"), "busybox-v2");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn node_verdicts_are_worded_in_each_language() {
        let mut d = crate::bridge::sample();
        d.cluster = serde_json::Value::String(bc::EXAMPLE_MANIFESTS.to_string());
        let kill = vec![bc::inject(&Injection::KillNode("node-a1".into()), 0)];
        let tl = bc::timeline(&d, &kill, 0).unwrap();
        let e = tl
            .log
            .iter()
            .find(|e| e.reason == "Scheduled" && e.time_ms == 355_000)
            .unwrap();
        let table = tl
            .explain(&format!("default/{}", e.object.name), tl.horizon)
            .unwrap();
        let snap = tl.snapshot_at(tl.horizon);
        let node = |name: &str| snap.nodes.iter().find(|n| n.name == name).unwrap();
        let winner = table.rows.iter().find(|r| r.winner).unwrap().node.clone();
        let pod = short_pod(&table.pod);
        let (kind, en) = node_verdict(Lang::En, node(&winner), Some(&table)).unwrap();
        let (_, ko) = node_verdict(Lang::Ko, node(&winner), Some(&table)).unwrap();
        assert_eq!(kind, "winner");
        let (score_en, score_ko) = match table.rows.iter().find(|r| r.winner).unwrap().total {
            _ if table.scoring_skipped => (
                "the only feasible node".to_string(),
                "유일하게 가능한 노드".to_string(),
            ),
            Some(s) => (format!("score {s}"), format!("점수 {s}")),
            None => ("feasible".to_string(), "가능".to_string()),
        };
        assert_eq!(en, format!("★ chosen for {pod} · {score_en}"));
        assert_eq!(ko, format!("★ {pod} 배치 노드 · {score_ko}"));
        let (kind, en) = node_verdict(Lang::En, node("node-a1"), Some(&table)).unwrap();
        let (_, ko) = node_verdict(Lang::Ko, node("node-a1"), Some(&table)).unwrap();
        assert_eq!(kind, "filtered");
        assert!(en.starts_with("✗ TaintToleration: "), "{en}");
        assert_eq!(
            en, ko,
            "the plugin and sim's reason stay as kube-scheduler writes them"
        );
    }

    #[test]
    fn playback_stops_at_the_horizon_and_ignores_ticks_when_paused() {
        let p = Rc::new(Player {
            time: 0,
            playing: false,
            speed: 10,
        });
        assert_eq!(
            p.clone()
                .reduce(PlayerAction::Tick {
                    dt: 500,
                    horizon: 1000
                })
                .time,
            0
        );
        let p = p
            .reduce(PlayerAction::Play(true))
            .reduce(PlayerAction::Tick {
                dt: 800,
                horizon: 1000,
            });
        assert!(p.playing && p.time == 800);
        let p = p.reduce(PlayerAction::Tick {
            dt: 800,
            horizon: 1000,
        });
        assert!(!p.playing && p.time == 1000);
    }
}

#[function_component(ClusterPanel)]
pub fn cluster_panel(p: &ClusterPanelProps) -> Html {
    let lang = use_lang();
    let initial = &p.session;
    // Injected events are saved with the design (undoable edits); a read-only (shared) design
    // keeps the learner's injections in the view only.
    let local_injected = use_state(|| initial.injected.clone());
    let saved = {
        let design = p.design.clone();
        use_memo(p.revision, move |_| bc::saved_events(&design))
    };
    let injected: Rc<Vec<Injected>> = if p.read_only {
        Rc::new((*local_injected).clone())
    } else {
        saved.clone()
    };
    // The Deployment form: closed, a new Deployment (`Some(None)`) or editing one.
    let editing = use_state(|| None::<Option<String>>);
    let selected = use_state(|| initial.selected_pod.clone());
    let player = use_reducer(|| Player {
        time: initial.time_ms,
        playing: false,
        speed: initial.speed,
    });
    let log_ref = use_node_ref();
    let focused_drop = use_mut_ref(|| initial.focused_drop);

    // Without injected events the run is the analysis' one; with them it is recomputed here.
    let timeline = {
        let (design, baseline) = (p.design.clone(), p.baseline.clone());
        use_memo(
            (p.revision, (*injected).clone(), p.seed),
            move |(_, inj, seed)| {
                TimelineRc(if inj.is_empty() {
                    baseline
                } else {
                    Rc::new(bc::timeline(&design, inj, *seed))
                })
            },
        )
    };
    // Hand what the learner set up back to the shell when the view closes.
    let latest = use_mut_ref(ClusterSession::default);
    {
        let (latest, focused_drop) = (latest.clone(), focused_drop.clone());
        use_effect_with(
            (
                (*local_injected).clone(),
                player.time,
                player.speed,
                (*selected).clone(),
            ),
            move |(injected, time_ms, speed, selected_pod)| {
                *latest.borrow_mut() = ClusterSession {
                    injected: injected.clone(),
                    time_ms: *time_ms,
                    speed: *speed,
                    selected_pod: selected_pod.clone(),
                    focused_drop: *focused_drop.borrow(),
                };
            },
        );
    }
    {
        let (latest, on_keep) = (latest.clone(), p.on_keep.clone());
        use_effect_with((), move |_| move || on_keep.emit(latest.borrow().clone()));
    }

    let horizon = timeline
        .0
        .as_ref()
        .as_ref()
        .map(|t| t.horizon)
        .unwrap_or(bc::MIN_HORIZON_MS);
    // Playback: the interval lives as long as (playing, speed) do; dropping it cancels it.
    {
        let dispatcher = player.dispatcher();
        use_effect_with(
            (player.playing, player.speed, horizon),
            move |(playing, speed, horizon)| {
                let (speed, horizon) = (*speed, *horizon);
                let timer = playing.then(|| {
                    gloo::timers::callback::Interval::new(TICK_MS, move || {
                        dispatcher.dispatch(PlayerAction::Tick {
                            dt: TICK_MS as SimTime * speed.max(1) as SimTime,
                            horizon,
                        })
                    })
                });
                move || drop(timer)
            },
        );
    }

    // A pod dropped on the canvas: select it and show the moment the scheduler placed it.
    {
        let (selected, dispatcher, tl) =
            (selected.clone(), player.dispatcher(), timeline.0.clone());
        let (focused_drop, latest) = (focused_drop.clone(), latest.clone());
        use_effect_with(p.focus_pod.clone(), move |focus| {
            if let Some((n, key)) = focus {
                if *focused_drop.borrow() != Some(*n) {
                    *focused_drop.borrow_mut() = Some(*n);
                    latest.borrow_mut().focused_drop = Some(*n);
                    selected.set(Some(key.clone()));
                    dispatcher.dispatch(PlayerAction::Play(false));
                    if let Some(t) = tl
                        .as_ref()
                        .as_ref()
                        .ok()
                        .and_then(|t| bc::scheduled_at(t, key))
                    {
                        dispatcher.dispatch(PlayerAction::Seek(t));
                    }
                }
            }
        });
    }

    // The cursor keeps a world between frames so playing forward only runs the new events.
    let cursor = use_mut_ref(|| None::<(Rc<Result<Timeline, Vec<bc::LoadLine>>>, bc::Cursor)>);
    let now = player.time.min(horizon);
    let passed = timeline
        .0
        .as_ref()
        .as_ref()
        .map(|t| t.events_until(now))
        .unwrap_or(0);

    // Keep the current moment of the log in view while time moves.
    {
        let log_ref = log_ref.clone();
        use_effect_with(passed, move |_| {
            if let Some(list) = log_ref.cast::<HtmlElement>() {
                if let Ok(Some(row)) = list.query_selector("[data-now]") {
                    if let Ok(row) = wasm_bindgen::JsCast::dyn_into::<HtmlElement>(row) {
                        let target = row.offset_top() - list.client_height() / 2;
                        list.set_scroll_top(target.max(0));
                    }
                }
            }
        });
    }
    // While playing with "follow" on, each scheduling decision is shown as it happens: the
    // pod of the latest Scheduled event becomes the explained pod, so node cards turn grey
    // (filtered, with the reason), stay candidates, or flash as the winner.
    let follow = use_state(|| true);
    let following = (*follow && player.playing)
        .then(|| {
            timeline.0.as_ref().as_ref().ok().and_then(|t| {
                t.log[..passed.min(t.log.len())]
                    .iter()
                    .rev()
                    .find(|e| e.reason == "Scheduled" && e.object.kind == "Pod")
                    .map(|e| {
                        format!(
                            "{}/{}",
                            e.object.namespace.as_deref().unwrap_or("default"),
                            e.object.name
                        )
                    })
            })
        })
        .flatten();
    let effective = following.clone().or_else(|| (*selected).clone());
    // The explanation replays the run, so it is recomputed only when an event passes.
    let explanation = {
        let tl = timeline.0.clone();
        use_memo(
            (
                p.revision,
                (*injected).clone(),
                p.seed,
                effective.clone(),
                passed,
            ),
            move |(_, _, _, key, _)| {
                key.as_ref()
                    .and_then(|k| tl.as_ref().as_ref().ok().and_then(|t| t.explain(k, now)))
            },
        )
    };

    // The manifests' network objects, read once per design; the lists follow the clock (which
    // pods a selector picks, which claims are bound).
    let parsed = {
        let design = p.design.clone();
        use_memo(p.revision, move |_| bk::parse(&design))
    };
    let shown_policy = use_state(|| None::<String>);
    let at_now: Option<(Snapshot, ObjectLists)> = timeline.0.as_ref().as_ref().ok().map(|tl| {
        let mut c = cursor.borrow_mut();
        if !matches!(&*c, Some((rc, _)) if Rc::ptr_eq(rc, &timeline.0)) {
            *c = Some((timeline.0.clone(), tl.cursor()));
        }
        let (_, cur) = c.as_mut().expect("set above");
        let snap = cur.snapshot_at(tl, now);
        let lists = bk::lists(&parsed, &cur.pods(), cur.storage());
        (snap, lists)
    });
    let (snapshot, lists) = match at_now {
        Some((s, l)) => (Some(s), Rc::new(l)),
        None => (None, Rc::new(ObjectLists::default())),
    };
    let highlighted: Vec<String> = shown_policy
        .as_ref()
        .and_then(|k| lists.policies.iter().find(|x| &x.key == k))
        .map(|x| x.pods.clone())
        .unwrap_or_default();
    // The canvas shows the same moment on the network's Kubernetes node tiles; it is told
    // only when something visible changed, and cleared when the view closes.
    let anchors = {
        let design = p.design.clone();
        use_memo(p.revision, move |_| bc::node_anchors(&design))
    };
    let overlay = snapshot
        .as_ref()
        .filter(|_| !anchors.is_empty())
        .map(|s| overlay(lang, s, &anchors, &lists, &highlighted));
    {
        let on_overlay = p.on_overlay.clone();
        use_effect_with(overlay, move |o| on_overlay.emit(o.clone()));
    }
    {
        let on_overlay = p.on_overlay.clone();
        use_effect_with((), move |_| move || on_overlay.emit(None));
    }

    let (tl, snapshot) = match (timeline.0.as_ref(), snapshot) {
        (Ok(t), Some(s)) => (t, s),
        (Err(errors), _) => return no_cluster(lang, p, errors, &editing),
        (Ok(_), None) => unreachable!("a snapshot is taken for every timeline"),
    };

    let seek = {
        let d = player.dispatcher();
        Callback::from(move |t: SimTime| {
            d.dispatch(PlayerAction::Play(false));
            d.dispatch(PlayerAction::Seek(t));
        })
    };
    let add_injection = {
        let (local, design, read_only) = (local_injected.clone(), p.design.clone(), p.read_only);
        let (set, notify) = (p.on_set_cluster.clone(), p.on_notify.clone());
        Callback::from(move |what: Injection| {
            let event = bc::inject(&what, now);
            if read_only {
                let mut v = (*local).clone();
                v.push(event);
                local.set(v);
                return;
            }
            match bc::save_event(&design, &event) {
                Ok(v) => set.emit(v),
                Err(why) => notify.emit(why),
            }
        })
    };
    let remove_injection = {
        let (local, design, read_only) = (local_injected.clone(), p.design.clone(), p.read_only);
        let (set, notify) = (p.on_set_cluster.clone(), p.on_notify.clone());
        Callback::from(move |index: Option<usize>| {
            if read_only {
                let mut v = (*local).clone();
                match index {
                    Some(i) if i < v.len() => {
                        v.remove(i);
                    }
                    Some(_) => {}
                    None => v.clear(),
                }
                local.set(v);
                return;
            }
            match bc::remove_saved_event(&design, index) {
                Ok(v) => set.emit(v),
                Err(why) => notify.emit(why),
            }
        })
    };

    let toolbar = toolbar(lang, p, tl, &player, now, &seek);
    let nodes = nodes_view(
        lang,
        tl,
        &snapshot,
        (&selected, &highlighted),
        &add_injection,
        explanation.as_ref().as_ref(),
    );
    let deployments = deployments_view(lang, p, tl, &snapshot, &add_injection, &editing);
    let explain = effective
        .as_ref()
        .map(|key| {
            explain_view(
                lang,
                key,
                explanation.as_ref().as_ref(),
                &snapshot,
                &selected,
                &add_injection,
            )
        })
        .unwrap_or_default();
    let follow_toggle = {
        let follow = follow.clone();
        let on = *follow;
        html! {
            <label class="cl-follow" title={t!(lang, "cluster-follow-title")}>
                <input type="checkbox" checked={on} data-testid="follow-scheduling" onchange={Callback::from(move |_: Event| follow.set(!on))} />
                {t!(lang, "cluster-follow")}
            </label>
        }
    };
    let log = log_view(lang, tl, now, &seek, &log_ref);
    let warnings = (!tl.warnings.is_empty()).then(|| {
        html! {
            <details class="cl-warnings" data-testid="cluster-warnings">
                <summary>{t!(lang, "cluster-importer-warnings", count = tl.warnings.len())}</summary>
                <ul>{ for tl.warnings.iter().map(|w| html! { <li data-testid="cluster-warning">{bc::load_error(lang, w)}</li> }) }</ul>
            </details>
        }
    });

    html! {
        <div class="cluster-view" data-testid="cluster-view" data-time={now.to_string()} data-seed={tl.seed.to_string()}>
            { toolbar }
            { follow_toggle }
            <div class="cl-body">
                <div class="cl-main">
                    { for warnings }
                    { nodes }
                    { deployments }
                    { injected_view(lang, &injected, &remove_injection, p.read_only) }
                    <ClusterObjects design={p.design.clone()} lists={lists.clone()} read_only={p.read_only}
                        shown_policy={(*shown_policy).clone()} on_show_policy={{ let s = shown_policy.clone(); Callback::from(move |k| s.set(k)) }}
                        on_set_cluster={p.on_set_cluster.clone()} />
                </div>
                <div class="cl-side">
                    { explain }
                    { log }
                </div>
            </div>
        </div>
    }
}

fn overlay(
    lang: Lang,
    snap: &Snapshot,
    anchors: &[(String, String)],
    lists: &ObjectLists,
    highlighted: &[String],
) -> ClusterOverlay {
    let nodes = snap
        .nodes
        .iter()
        .filter_map(|n| {
            let anchor = anchors.iter().find(|(name, _)| *name == n.name)?.1.clone();
            let pods = snap
                .pods
                .iter()
                .filter(|p| p.node.as_deref() == Some(n.name.as_str()))
                .map(|p| (p.name.clone(), status_class(&p.status)))
                .collect();
            Some(NodeMark {
                anchor,
                name: n.name.clone(),
                ready: n.ready == ConditionStatus::True,
                cordoned: n.unschedulable,
                cpu_pct: pct(n.requested_milli_cpu, n.allocatable_milli_cpu),
                pods,
            })
        })
        .collect();
    // Services that select pods, badged on the canvas around them.
    let services = lists
        .services
        .iter()
        .filter(|s| !s.pods.is_empty())
        .map(|s| ServiceMark {
            key: s.key.clone(),
            title: t!(
                lang,
                "k8s-service-badge",
                name = s.key.as_str(),
                pods = t!(lang, "k8s-pod-count", count = s.pods.len())
            ),
            pods: s.pods.clone(),
        })
        .collect();
    // Bound volumes with a zone: drawn in that zone, joined to the pod using them.
    let volumes = lists
        .claims
        .iter()
        .filter_map(|c| {
            let (volume, zone) = (c.volume.clone()?, c.zone.clone()?);
            let title = match &c.pod {
                Some(pod) => t!(
                    lang,
                    "k8s-volume-title-used",
                    volume = volume.as_str(),
                    claim = c.key.as_str(),
                    zone = zone.as_str(),
                    pod = pod.as_str()
                ),
                None => t!(
                    lang,
                    "k8s-volume-title-unused",
                    volume = volume.as_str(),
                    claim = c.key.as_str(),
                    zone = zone.as_str()
                ),
            };
            Some(VolumeMark {
                claim: c.key.clone(),
                volume,
                zone,
                pod: c.pod.clone(),
                title,
            })
        })
        .collect();
    ClusterOverlay {
        nodes,
        services,
        highlighted: highlighted.to_vec(),
        volumes,
    }
}

fn no_cluster(
    lang: Lang,
    p: &ClusterPanelProps,
    errors: &[bc::LoadLine],
    editing: &UseStateHandle<Option<Option<String>>>,
) -> Html {
    let has = bc::has_cluster(&p.design);
    let with_nodes = !bc::node_anchors(&p.design).is_empty();
    let new_deployment = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(Some(None)))
    };
    let form = deployment_form(p, editing);
    let load = {
        let design = p.design.clone();
        let (set, notify) = (p.on_set_cluster.clone(), p.on_notify.clone());
        Callback::from(
            move |_: MouseEvent| match bc::example_cluster(lang, &design) {
                Ok(v) => set.emit(v),
                Err(why) => notify.emit(why),
            },
        )
    };
    let import = p.on_import.reform(|_: MouseEvent| ());
    html! {
        <div class="cluster-view cluster-empty" data-testid="cluster-view">
            if has {
                <div class="cl-errors" data-testid="cluster-errors" role="alert">
                    <strong>{t!(lang, "cluster-cannot-simulate")}</strong>
                    <ul>{ for errors.iter().map(|e| html! { <li data-testid="cluster-error">{bc::load_error(lang, e)}</li> }) }</ul>
                </div>
            } else {
                <p class="cl-intro">{t!(lang, "cluster-intro")}</p>
            }
            <div class="cl-actions">
                <button type="button" class="btn primary" data-testid="cluster-load-example" disabled={p.read_only} onclick={load}>
                    { if has { t!(lang, "cluster-replace-example") } else { t!(lang, "cluster-load-example") } }
                </button>
                if with_nodes && !has {
                    <button type="button" class="btn" data-testid="deployment-new" disabled={p.read_only} onclick={new_deployment}>{t!(lang, "deployment-new")}</button>
                }
                <button type="button" class="btn" data-testid="cluster-import" disabled={p.read_only} onclick={import}>{t!(lang, "cluster-import")}</button>
                <span class="muted">{ match bc::node_anchors(&p.design).len() {
                    0 => t!(lang, "cluster-example-alone"),
                    n => t!(lang, "cluster-example-on-nodes", count = n),
                } }</span>
            </div>
            { form }
        </div>
    }
}

fn toolbar(
    lang: Lang,
    p: &ClusterPanelProps,
    tl: &Timeline,
    player: &UseReducerHandle<Player>,
    now: SimTime,
    seek: &Callback<SimTime>,
) -> Html {
    let d = player.dispatcher();
    let playing = player.playing;
    let at_end = now >= tl.horizon;
    let play = {
        let (d, seek) = (d.clone(), seek.clone());
        Callback::from(move |_: MouseEvent| {
            if !playing && at_end {
                seek.emit(0);
            }
            d.dispatch(PlayerAction::Play(!playing));
        })
    };
    let back = {
        let (seek, t) = (seek.clone(), tl.previous_event_before(now));
        Callback::from(move |_: MouseEvent| seek.emit(t))
    };
    let fwd = {
        let (seek, t) = (seek.clone(), tl.next_event_after(now));
        Callback::from(move |_: MouseEvent| seek.emit(t))
    };
    let rewind = seek.reform(|_: MouseEvent| 0);
    let on_speed = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            d.dispatch(PlayerAction::Speed(
                e.target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .parse()
                    .unwrap_or(10),
            ))
        })
    };
    let on_seek = {
        let seek = seek.clone();
        Callback::from(move |e: InputEvent| {
            seek.emit(
                e.target_unchecked_into::<HtmlInputElement>()
                    .value()
                    .parse()
                    .unwrap_or(0),
            )
        })
    };
    let on_seed = {
        let on_seed = p.on_seed.clone();
        Callback::from(move |e: Event| {
            if let Ok(v) = e
                .target_unchecked_into::<HtmlInputElement>()
                .value()
                .trim()
                .parse::<u64>()
            {
                on_seed.emit(v);
            }
        })
    };
    let example = {
        let design = p.design.clone();
        let (set, notify) = (p.on_set_cluster.clone(), p.on_notify.clone());
        Callback::from(
            move |_: MouseEvent| match bc::example_cluster(lang, &design) {
                Ok(v) => set.emit(v),
                Err(why) => notify.emit(why),
            },
        )
    };
    let import = p.on_import.reform(|_: MouseEvent| ());
    html! {
        <div class="cl-toolbar" role="toolbar" aria-label={t!(lang, "cluster-time")}>
            <button type="button" class="btn small" data-testid="cluster-rewind" title={t!(lang, "cluster-rewind")} aria-label={t!(lang, "cluster-rewind")} onclick={rewind}>{ crate::icons::control(crate::icons::Control::First) }{"0s"}</button>
            <button type="button" class="btn small" data-testid="cluster-step-back" title={t!(lang, "cluster-previous-event")} aria-label={t!(lang, "cluster-previous-event")} onclick={back}>{ crate::icons::control(crate::icons::Control::Back) }</button>
            <button type="button" class={classes!("btn", "small", "cl-play", playing.then_some("primary"))} data-testid="cluster-play" onclick={play}>{ if playing { t!(lang, "cluster-pause") } else { t!(lang, "cluster-play") } }</button>
            <button type="button" class="btn small" data-testid="cluster-step" title={t!(lang, "cluster-next-event")} aria-label={t!(lang, "cluster-next-event")} onclick={fwd}>{ crate::icons::control(crate::icons::Control::Forward) }</button>
            <select data-testid="cluster-speed" aria-label={t!(lang, "cluster-speed")} onchange={on_speed}>
                { for [1i64, 10, 100].iter().map(|s| html! { <option value={s.to_string()} selected={player.speed == *s}>{format!("{s}×")}</option> }) }
            </select>
            <input type="range" class="cl-seek" data-testid="cluster-seek" aria-label={t!(lang, "cluster-time")} min="0" max={tl.horizon.to_string()} step="1000" value={now.to_string()} oninput={on_seek} />
            <span class="cl-clock" data-testid="cluster-time" data-ms={now.to_string()}>{bc::age(now)}<span class="muted">{format!(" / {}", bc::age(tl.horizon))}</span></span>
            <label class="cl-seed" title={t!(lang, "cluster-seed-title")}>
                {t!(lang, "cluster-seed")}{" "}<input type="number" min="0" data-testid="cluster-seed" value={tl.seed.to_string()} onchange={on_seed} />
            </label>
            <span class="cl-spacer"></span>
            <details class="menu cl-more">
                <summary class="btn small">{t!(lang, "cluster-menu")}</summary>
                <div class="menu-list">
                    <button type="button" class="menu-item" data-testid="cluster-load-example" disabled={p.read_only} onclick={example}>{t!(lang, "cluster-replace-example")}</button>
                    <button type="button" class="menu-item" data-testid="cluster-import" disabled={p.read_only} onclick={import}>{t!(lang, "cluster-import")}</button>
                </div>
            </details>
        </div>
    }
}

fn bar(
    lang: Lang,
    label: String,
    used: String,
    total: String,
    percent: f64,
    testid: &'static str,
) -> Html {
    let class = classes!("cl-bar", (percent > 85.0).then_some("hot"));
    html! {
        <div {class} data-testid={testid} title={t!(lang, "node-bar-title", resource = label.as_str(), used = used.as_str(), total = total.as_str())}>
            <span class="cl-bar-label">{label}</span>
            <span class="cl-bar-track"><span class="cl-bar-fill" style={format!("width:{percent:.1}%")}></span></span>
            <span class="cl-bar-value">{format!("{used}/{total}")}</span>
        </div>
    }
}

/// The selected pod, and the pods the shown NetworkPolicy selects (highlighted).
type Picked<'a> = (&'a UseStateHandle<Option<String>>, &'a [String]);

fn pod_chip(lang: Lang, pod: &PodView, (selected, lit): Picked) -> Html {
    let is_sel = selected.as_deref() == Some(pod.name.as_str());
    let is_lit = lit.contains(&pod.name);
    let onclick = {
        let (selected, key) = (selected.clone(), pod.name.clone());
        Callback::from(move |_: MouseEvent| {
            selected.set(if is_sel { None } else { Some(key.clone()) })
        })
    };
    let title = format!(
        "{} — {}{}{}",
        pod.name,
        pod.status,
        pod.ip
            .as_ref()
            .map(|i| format!(", {i}"))
            .unwrap_or_default(),
        if pod.restarts > 0 {
            format!(", {}", t!(lang, "pod-restarts", count = pod.restarts))
        } else {
            String::new()
        }
    );
    html! {
        <button type="button" key={pod.name.clone()} class={classes!("pod-chip", status_class(&pod.status), is_sel.then_some("selected"), is_lit.then_some("np-selected"), (!pod.ready && pod.status == "Running").then_some("unready"))}
            data-testid="cluster-pod" data-pod={pod.name.clone()} data-highlighted={is_lit.to_string()} data-status={pod.status.clone()} data-node={pod.node.clone().unwrap_or_default()}
            aria-pressed={is_sel.to_string()} {title} {onclick}>
            {short_pod(&pod.name)}
        </button>
    }
}

fn nodes_view(
    lang: Lang,
    tl: &Timeline,
    snap: &Snapshot,
    selected: Picked,
    add: &Callback<Injection>,
    why: Option<&ExplainTable>,
) -> Html {
    let pending: Vec<&PodView> = snap.pods.iter().filter(|p| p.node.is_none()).collect();
    let zone_col = |zone: &String| {
        let nodes: Vec<&NodeView> = snap
            .nodes
            .iter()
            .filter(|n| n.zone.as_deref().unwrap_or("") == zone)
            .collect();
        let zone_down = nodes.iter().all(|n| n.ready != ConditionStatus::True);
        let fail = {
            let (add, z) = (add.clone(), zone.clone());
            Callback::from(move |_: MouseEvent| {
                add.emit(if zone_down {
                    Injection::RecoverZone(z.clone())
                } else {
                    Injection::FailZone(z.clone())
                })
            })
        };
        html! {
            <section class="cl-zone" data-testid="cluster-zone" data-zone={zone.clone()} aria-label={t!(lang, "cluster-zone", zone = zone.as_str())}>
                <header class="cl-zone-head">
                    <span class="cl-zone-name">{ if zone.is_empty() { t!(lang, "cluster-no-zone") } else { zone.clone() } }</span>
                    if !zone.is_empty() {
                        <button type="button" class="btn tiny" data-testid="inject-zone" onclick={fail} title={t!(lang, "cluster-inject-title")}>{ if zone_down { t!(lang, "cluster-recover-zone") } else { t!(lang, "cluster-fail-zone") } }</button>
                    }
                </header>
                <div class="cl-zone-nodes">
                    { for nodes.iter().map(|n| node_card(lang, n, snap, selected, add, why)) }
                </div>
            </section>
        }
    };
    html! {
        <div class="cl-nodes" data-testid="cluster-nodes">
            { for tl.zones.iter().map(zone_col) }
            <section class="cl-zone cl-queue" data-testid="cluster-queue" aria-label={t!(lang, "cluster-queue-label")}>
                <header class="cl-zone-head"><span class="cl-zone-name">{t!(lang, "cluster-queue")}</span><span class="muted">{pending.len()}</span></header>
                <div class={classes!("pod-chips", (pending.len() > 24).then_some("dense"))}>
                    if pending.is_empty() { <span class="muted small">{t!(lang, "cluster-no-pending")}</span> }
                    { for pending.iter().map(|p| pod_chip(lang, p, selected)) }
                </div>
            </section>
        </div>
    }
}

/// The selected pod's scheduling cycle, seen from one node: filtered out (and why), or its score.
fn node_verdict(
    lang: Lang,
    n: &NodeView,
    why: Option<&ExplainTable>,
) -> Option<(&'static str, String)> {
    let t = why?;
    let i = t.rows.iter().position(|r| r.node == n.name)?;
    let row = &t.rows[i];
    if let Some(k) = row.filters.iter().position(|(ok, _)| !ok) {
        let counts = row
            .counts
            .get(k)
            .filter(|c| !c.is_empty())
            .map(|c| format!(" ({})", c.join("; ")))
            .unwrap_or_default();
        let verdict = t!(
            lang,
            "node-verdict-filtered",
            plugin = t.filters.get(k).cloned().unwrap_or_default(),
            reason = row.filters[k].1.as_str()
        );
        return Some(("filtered", format!("{verdict}{counts}")));
    }
    let score = match row.total {
        _ if t.scoring_skipped => t!(lang, "node-only-feasible"),
        Some(s) => t!(lang, "node-score", score = s.to_string()),
        None => t!(lang, "node-feasible"),
    };
    Some(if row.winner {
        (
            "winner",
            t!(lang, "node-chosen", pod = short_pod(&t.pod), score = score),
        )
    } else {
        ("candidate", t!(lang, "node-candidate", score = score))
    })
}

fn node_card(
    lang: Lang,
    n: &NodeView,
    snap: &Snapshot,
    selected: Picked,
    add: &Callback<Injection>,
    why: Option<&ExplainTable>,
) -> Html {
    let (word, cond) = ready_word(n);
    // A decision from the past on a node that has since died is history, not the node's state.
    let verdict = node_verdict(lang, n, why).map(|(kind, text)| {
        if kind == "winner" && n.ready != ConditionStatus::True {
            let t = why.map(|t| bc::age(t.time_ms)).unwrap_or_default();
            (
                "stale",
                t!(
                    lang,
                    "node-was-chosen",
                    pod = why.map(|t| short_pod(&t.pod)).unwrap_or_default(),
                    time = t,
                    condition = word
                ),
            )
        } else {
            (kind, text)
        }
    });
    let pods: Vec<&PodView> = snap
        .pods
        .iter()
        .filter(|p| p.node.as_deref() == Some(n.name.as_str()))
        .collect();
    let alive = n.ready == ConditionStatus::True;
    let kill = {
        let (add, name) = (add.clone(), n.name.clone());
        Callback::from(move |_: MouseEvent| {
            add.emit(if alive {
                Injection::KillNode(name.clone())
            } else {
                Injection::RecoverNode(name.clone())
            })
        })
    };
    let drain = {
        let (add, name) = (add.clone(), n.name.clone());
        Callback::from(move |_: MouseEvent| add.emit(Injection::DrainNode(name.clone())))
    };
    html! {
        <article class={classes!("cl-node", (!alive).then_some("down"), n.unschedulable.then_some("cordoned"), verdict.as_ref().map(|v| v.0))} key={n.name.clone()}
            data-testid="cluster-node" data-node={n.name.clone()} data-ready={cond} data-pods={pods.len().to_string()}>
            <header class="cl-node-head">
                <span class="cl-node-name">{n.name.clone()}</span>
                <span class={classes!("cl-cond", if alive { "ok" } else { "bad" })} data-testid="node-condition" title={format!("Ready={cond}")}>{word}</span>
                if n.unschedulable { <span class="cl-cond warn" title="spec.unschedulable">{"SchedulingDisabled"}</span> }
                <span class="cl-spacer"></span>
                <button type="button" class="btn tiny" data-testid="inject-kill" onclick={kill} title={t!(lang, "cluster-inject-title")}>{ if alive { t!(lang, "node-kill") } else { t!(lang, "node-recover") } }</button>
                <button type="button" class="btn tiny" data-testid="inject-drain" onclick={drain} disabled={n.unschedulable} title={t!(lang, "node-drain-title")}>{t!(lang, "node-drain")}</button>
            </header>
            if let Some((kind, text)) = verdict {
                <div class={classes!("cl-node-verdict", kind)} data-testid="node-verdict" data-verdict={kind}>{text}</div>
            }
            { bar(lang, t!(lang, "node-cpu"), bc::cpu_text(n.requested_milli_cpu), bc::cpu_text(n.allocatable_milli_cpu), pct(n.requested_milli_cpu, n.allocatable_milli_cpu), "node-cpu") }
            { bar(lang, t!(lang, "node-memory"), bc::memory_text(n.requested_memory), bc::memory_text(n.allocatable_memory), pct(n.requested_memory, n.allocatable_memory), "node-memory") }
            if !n.taints.is_empty() {
                <div class="cl-taints" data-testid="node-taints">{ for n.taints.iter().map(|t| html! { <span class="cl-taint" title={t!(lang, "node-taint-title", taint = t.as_str())}>{t.trim_start_matches("node.kubernetes.io/").to_string()}</span> }) }</div>
            }
            <div class={classes!("pod-chips", (pods.len() > 24).then_some("dense"))}>{ for pods.iter().map(|p| pod_chip(lang, p, selected)) }</div>
        </article>
    }
}

fn deployments_view(
    lang: Lang,
    p: &ClusterPanelProps,
    tl: &Timeline,
    snap: &Snapshot,
    add: &Callback<Injection>,
    editing: &UseStateHandle<Option<Option<String>>>,
) -> Html {
    let open = |key: Option<String>| {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(Some(key.clone())))
    };
    let form = deployment_form(p, editing);
    let rows = tl.deployments.iter().map(|d| {
        let status = snap.deployments.iter().find(|x| x.name == d.key);
        // The quick edits of a card go through the same typed form as the editor.
        let edit = |apply: EditFn| {
            let (design, key, on_set, on_notify) = (p.design.clone(), d.key.clone(), p.on_set_cluster.clone(), p.on_notify.clone());
            Callback::from(move |e: Event| {
                let v = e.target_unchecked_into::<HtmlInputElement>().value();
                let result = bc::deployment_form(&design, &key).and_then(|mut f| {
                    (*apply)(&mut f, &v)?;
                    bc::update_deployment(&design, &key, &f)
                });
                match result {
                    Ok(value) => on_set.emit(value),
                    Err(e) => on_notify.emit(e),
                }
            })
        };
        let whole = move |v: &str| -> Result<i32, String> {
            v.trim().parse().map_err(|_| t!(lang, "deployment-not-whole", value = format!("{v:?}")))
        };
        let no_spread = move || t!(lang, "deployment-no-spread");
        let on_replicas = edit(Rc::new(move |f, v| { f.replicas = whole(v)?; Ok(()) }));
        let on_image = edit(Rc::new(|f, v| { f.image = v.trim().to_string(); Ok(()) }));
        let on_skew = edit(Rc::new(move |f, v| {
            let n = whole(v)?;
            f.spread.first_mut().ok_or_else(no_spread)?.max_skew = n;
            Ok(())
        }));
        let on_when = edit(Rc::new(move |f, v| {
            f.spread.first_mut().ok_or_else(no_spread)?.when_unsatisfiable = match v {
                "ScheduleAnyway" => sim::cluster::model::WhenUnsatisfiable::ScheduleAnyway,
                _ => sim::cluster::model::WhenUnsatisfiable::DoNotSchedule,
            };
            Ok(())
        }));
        let scale_ref = NodeRef::default();
        let image_ref = NodeRef::default();
        let scale = {
            let (add, key, r) = (add.clone(), d.key.clone(), scale_ref.clone());
            Callback::from(move |_: MouseEvent| {
                if let Some(n) = r.cast::<HtmlInputElement>().and_then(|i| i.value().trim().parse::<i32>().ok()) {
                    add.emit(Injection::Scale(key.clone(), n));
                }
            })
        };
        let roll = {
            let (add, key, r) = (add.clone(), d.key.clone(), image_ref.clone());
            Callback::from(move |_: MouseEvent| {
                if let Some(img) = r.cast::<HtmlInputElement>().map(|i| i.value().trim().to_string()).filter(|s| !s.is_empty()) {
                    add.emit(Injection::RollOut(key.clone(), img));
                }
            })
        };
        let next_image = bump_tag(&d.image);
        html! {
            <div class="cl-deploy" data-testid="cluster-deployment" data-deployment={d.key.clone()} key={d.key.clone()}>
                <div class="cl-deploy-head">
                    <strong>{d.name.clone()}</strong>
                    if let Some(s) = status {
                        <span class="muted" data-testid="deployment-status">{t!(lang, "deployment-status", ready = s.ready, replicas = s.replicas, up_to_date = s.up_to_date, available = s.available)}</span>
                    }
                    <span class="cl-spacer"></span>
                    <button type="button" class="btn tiny" data-testid="deployment-edit" disabled={p.read_only} onclick={open(Some(d.key.clone()))}
                        aria-label={t!(lang, "deployment-edit-label", key = d.key.as_str())}>{t!(lang, "deployment-edit")}</button>
                </div>
                <dl class="cl-spec">
                    <dt>{t!(lang, "deployment-replicas")}</dt>
                    <dd><input type="number" min="0" max="1000" class="cl-num" data-testid="deployment-replicas" aria-label={t!(lang, "deployment-replicas-label")} value={d.replicas.to_string()} disabled={p.read_only} onchange={on_replicas} />
                        <span class="muted small">{" "}{t!(lang, "deployment-in-manifest")}</span></dd>
                    <dt>{t!(lang, "deployment-image")}</dt>
                    <dd><input type="text" class="cl-text" data-testid="deployment-image" aria-label={t!(lang, "deployment-image-label")} value={d.image.clone()} disabled={p.read_only} onchange={on_image} spellcheck="false" /></dd>
                    <dt>{t!(lang, "deployment-requests")}</dt><dd class="mono" data-testid="deployment-requests">{d.requests.clone()}</dd>
                    <dt>{t!(lang, "deployment-strategy")}</dt><dd>{d.strategy.clone()}</dd>
                    <dt>{t!(lang, "deployment-spread")}</dt>
                    <dd>
                        if d.spread.is_empty() { <span class="muted">{t!(lang, "deployment-default-spread")}</span> }
                        { for d.spread.iter().enumerate().map(|(i, s)| html! {
                            <div class="mono" data-testid="deployment-spread">{s.text(lang)}
                                if i == 0 {
                                    <label class="small">{" maxSkew "}<input type="number" min="1" max="100" class="cl-num" data-testid="deployment-max-skew" value={s.max_skew.to_string()} disabled={p.read_only} onchange={on_skew.clone()} /></label>
                                    <select class="cl-num cl-when" data-testid="deployment-when-unsatisfiable" aria-label="whenUnsatisfiable" disabled={p.read_only} onchange={on_when.clone()}>
                                        { for ["DoNotSchedule", "ScheduleAnyway"].iter().map(|w| html! { <option value={*w} selected={s.when == *w}>{*w}</option> }) }
                                    </select>
                                }
                            </div>
                        }) }
                    </dd>
                    <dt>{t!(lang, "deployment-tolerations")}</dt>
                    <dd data-testid="deployment-tolerations">
                        if d.tolerations.is_empty() { <span class="muted">{t!(lang, "deployment-default-tolerations")}</span> }
                        { for d.tolerations.iter().map(|t| html! { <div class="mono">{t.text(lang)}</div> }) }
                    </dd>
                    if !d.affinity.is_empty() {
                        <dt>{t!(lang, "deployment-affinity")}</dt><dd data-testid="deployment-affinity">{ for d.affinity.iter().map(|a| html! { <div>{a.text(lang)}</div> }) }</dd>
                    }
                </dl>
                <div class="cl-deploy-inject">
                    <span class="muted small">{t!(lang, "deployment-at-current-time")}</span>
                    <input ref={scale_ref} type="number" min="0" max="1000" class="cl-num" data-testid="inject-scale-replicas" aria-label={t!(lang, "deployment-scale-label")} value={(d.replicas + 2).to_string()} />
                    <button type="button" class="btn tiny" data-testid="inject-scale" onclick={scale}>{t!(lang, "deployment-scale")}</button>
                    <input ref={image_ref} type="text" class="cl-text" data-testid="inject-image" aria-label={t!(lang, "deployment-rollout-label")} value={next_image} spellcheck="false" />
                    <button type="button" class="btn tiny" data-testid="inject-rollout" onclick={roll}>{t!(lang, "deployment-rollout")}</button>
                </div>
            </div>
        }
    });
    html! {
        <section class="cl-deployments" data-testid="cluster-deployments">
            <h3 class="cl-h">{t!(lang, "deployments")}{" "}
                <button type="button" class="btn tiny" data-testid="deployment-new" disabled={p.read_only} onclick={open(None)}>{t!(lang, "deployment-new")}</button>
            </h3>
            { form }
            if tl.deployments.is_empty() { <p class="muted small">{t!(lang, "deployment-none")}</p> }
            { for rows }
        </section>
    }
}

/// The open Deployment form (new or editing), or nothing.
fn deployment_form(
    p: &ClusterPanelProps,
    editing: &UseStateHandle<Option<Option<String>>>,
) -> Html {
    let Some(key) = (**editing).clone() else {
        return html! {};
    };
    let close = {
        let editing = editing.clone();
        Callback::from(move |()| editing.set(None))
    };
    let id = key.clone().unwrap_or_default();
    html! {
        <DeploymentEditor key={id} design={p.design.clone()} editing={key} read_only={p.read_only}
            on_set_cluster={p.on_set_cluster.clone()} on_close={close} />
    }
}

/// `nginx:1.27` → `nginx:1.28`, a plausible next image to roll out.
fn bump_tag(image: &str) -> String {
    let first = image.split(", ").next().unwrap_or(image);
    if let Some((repo, tag)) = first.rsplit_once(':') {
        if let Some((major, minor)) = tag.rsplit_once('.') {
            if let Ok(n) = minor.parse::<u64>() {
                return format!("{repo}:{major}.{}", n + 1);
            }
        }
    }
    format!("{first}-v2")
}

fn injected_view(
    lang: Lang,
    injected: &[Injected],
    remove: &Callback<Option<usize>>,
    read_only: bool,
) -> Html {
    if injected.is_empty() {
        return html! { <p class="muted small cl-hint">{t!(lang, "injected-hint")}</p> };
    }
    let reset = remove.reform(|_: MouseEvent| None);
    html! {
        <section class="cl-injected" data-testid="cluster-injected">
            <h3 class="cl-h">{t!(lang, "injected-events")}{" "}
                <button type="button" class="btn tiny" data-testid="cluster-clear-injections" onclick={reset} title={t!(lang, "injected-clear-title")}>{t!(lang, "injected-clear")}</button>
                <span class="muted small" data-testid="injections-saved">{" "}{ if read_only { t!(lang, "injected-local") } else { t!(lang, "injected-saved") } }</span>
            </h3>
            <ul>
                { for injected.iter().enumerate().map(|(i, e)| {
                    let rm = remove.reform(move |_: MouseEvent| Some(i));
                    let what = bc::describe(lang, e);
                    html! { <li data-testid="cluster-injection"><span>{what.clone()}</span><button type="button" class="icon-x" aria-label={t!(lang, "injected-remove", event = what)} onclick={rm}>{"×"}</button></li> }
                }) }
            </ul>
        </section>
    }
}

fn explain_view(
    lang: Lang,
    key: &str,
    table: Option<&ExplainTable>,
    snap: &Snapshot,
    selected: &UseStateHandle<Option<String>>,
    add: &Callback<Injection>,
) -> Html {
    let pod = snap.pods.iter().find(|p| p.name == key);
    let close = {
        let selected = selected.clone();
        Callback::from(move |_: MouseEvent| selected.set(None))
    };
    let crash = {
        let (add, key) = (add.clone(), key.to_string());
        Callback::from(move |_: MouseEvent| add.emit(Injection::CrashPod(key.clone(), 3)))
    };
    let head = html! {
        <div class="cl-explain-head">
            <strong class="mono">{key.to_string()}</strong>
            if let Some(p) = pod {
                <span class={classes!("pod-status", status_class(&p.status))}>{p.status.clone()}</span>
                <span class="muted">{format!("{}{}", p.node.as_ref().map(|n| t!(lang, "explain-on-node", node = n.as_str())).unwrap_or_else(|| t!(lang, "explain-not-bound")), p.ip.as_ref().map(|i| format!(" · {i}")).unwrap_or_default())}</span>
                if p.restarts > 0 { <span class="muted">{format!(" · {}", t!(lang, "pod-restarts", count = p.restarts))}</span> }
                if p.status == "Running" {
                    <button type="button" class="btn tiny" data-testid="inject-crash" onclick={crash} title={t!(lang, "explain-crash-title")}>{t!(lang, "explain-crash")}</button>
                }
            } else {
                <span class="muted">{t!(lang, "explain-gone")}</span>
            }
            <span class="cl-spacer"></span>
            <button type="button" class="icon-x" aria-label={t!(lang, "explain-close")} onclick={close}>{"×"}</button>
        </div>
    };
    let body = match table {
        None => {
            html! { <p class="muted">{t!(lang, "explain-not-scheduled")}</p> }
        }
        Some(t) => explain_table(lang, t),
    };
    html! { <section class="cl-explain" data-testid="cluster-explain">{ head }{ body }</section> }
}

fn explain_table(lang: Lang, t: &ExplainTable) -> Html {
    let time = bc::age(t.time_ms);
    let verdict = match &t.node {
        Some(n) if t.scoring_skipped => {
            t!(lang, "explain-bound-only", time = time, node = n.as_str())
        }
        Some(n) => t!(lang, "explain-bound", time = time, node = n.as_str()),
        None => t!(
            lang,
            "explain-no-fit",
            time = time,
            message = t.message.as_str()
        ),
    };
    html! {
        <>
            <p class="cl-verdict" data-testid="explain-verdict" data-node={t.node.clone().unwrap_or_default()} data-time={t.time_ms.to_string()}>{verdict}</p>
            <div class="cl-table-wrap">
                <table class="cl-explain-table" data-testid="explain-table">
                    <thead>
                        <tr>
                            <th>{t!(lang, "explain-plugin")}</th>
                            { for t.rows.iter().map(|r| html! {
                                <th class={classes!(r.winner.then_some("winner"), (!r.feasible).then_some("filtered"))} data-testid="explain-node" data-node={r.node.clone()} data-winner={r.winner.to_string()}>
                                    {r.node.clone()}{ if r.winner { " ★" } else { "" } }
                                </th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        <tr class="cl-section"><td colspan={(t.rows.len() + 1).to_string()}>{t!(lang, "explain-filters")}</td></tr>
                        { for t.filters.iter().enumerate().map(|(i, plugin)| html! {
                            <tr>
                                <th class="mono">{plugin.clone()}</th>
                                { for t.rows.iter().map(|r| {
                                    let (ok, why) = r.filters.get(i).cloned().unwrap_or((true, String::new()));
                                    let counts = r.counts.get(i).cloned().unwrap_or_default();
                                    html! { <td class={if ok { "ok" } else { "bad" }} data-testid="explain-filter" data-plugin={plugin.clone()} data-ok={ok.to_string()}>
                                        { if ok { if why == "skip" { t!(lang, "explain-skip") } else { "✓".to_string() } } else { format!("✗ {why}") } }
                                        { for counts.into_iter().map(|line| html! { <div class="cl-counts" data-testid="explain-counts">{line}</div> }) }
                                    </td> }
                                }) }
                            </tr>
                        }) }
                        <tr class="cl-section"><td colspan={(t.rows.len() + 1).to_string()}>{t!(lang, "explain-scores")}</td></tr>
                        { for t.scores.iter().enumerate().map(|(i, (plugin, weight))| html! {
                            <tr>
                                <th class="mono">{format!("{plugin} ×{weight}")}</th>
                                { for t.rows.iter().map(|r| match r.scores.get(i).cloned().flatten() {
                                    Some((s, w)) => html! { <td class="num" data-testid="explain-score" data-plugin={plugin.clone()} data-score={s.to_string()}>{format!("{s} → {w}")}</td> },
                                    None => html! { <td class="muted">{"–"}</td> },
                                }) }
                            </tr>
                        }) }
                        <tr class="cl-total">
                            <th>{t!(lang, "explain-total")}</th>
                            { for t.rows.iter().map(|r| html! {
                                <td class={classes!("num", r.winner.then_some("winner"))} data-testid="explain-total" data-node={r.node.clone()}>
                                    { r.total.map(|x| x.to_string()).unwrap_or_else(|| t!(lang, "explain-filtered-out")) }if r.tied { {" "}{t!(lang, "explain-tie")} }
                                </td>
                            }) }
                        </tr>
                    </tbody>
                </table>
            </div>
        </>
    }
}

fn log_view(
    lang: Lang,
    tl: &Timeline,
    now: SimTime,
    seek: &Callback<SimTime>,
    log_ref: &NodeRef,
) -> Html {
    let passed = tl.events_until(now);
    let start = passed.saturating_sub(LOG_WINDOW);
    let end = (passed + LOG_AHEAD).min(tl.log.len());
    let rows = tl.log[start..end].iter().enumerate().map(|(k, e)| {
        let i = start + k;
        let past = i < passed;
        let onclick = { let (seek, t) = (seek.clone(), e.time_ms); Callback::from(move |_: MouseEvent| seek.emit(t)) };
        let warning = e.kind == EventType::Warning;
        let class = classes!("cl-event", if past { "past" } else { "future" }, warning.then_some("warning"), (i + 1 == passed).then_some("now"));
        html! {
            <>
                <tr class={class.clone()}
                    data-testid="cluster-event" data-time={e.time_ms.to_string()} data-reason={e.reason.clone()} data-object={e.object.to_string()} data-past={past.to_string()}
                    data-now={(i + 1 == passed).then_some("true")} title={t!(lang, "events-seek")} onclick={onclick.clone()}>
                    <td class="t">{bc::age(e.time_ms)}</td>
                    <td class={classes!("ty", warning.then_some("warn"))}>{ if warning { "Warning" } else { "Normal" } }</td>
                    <td class="r">{e.reason.clone()}</td>
                    <td class="o mono">{e.object.to_string()}</td>
                </tr>
                <tr class={classes!(class, "cl-msg")} {onclick}><td></td><td colspan="3" class="m" data-testid="cluster-event-message">{e.message.clone()}</td></tr>
            </>
        }
    });
    html! {
        <div class="cl-log" ref={log_ref.clone()} data-testid="cluster-events" role="region" tabindex="0" aria-label={t!(lang, "events-label")}>
            <table>
                <thead><tr><th>{t!(lang, "events-time")}</th><th>{t!(lang, "events-type")}</th><th>{t!(lang, "events-reason")}</th><th>{t!(lang, "events-object")}</th></tr></thead>
                <tbody>
                    if start > 0 { <tr class="cl-event-more"><td colspan="4">{t!(lang, "events-earlier", count = start)}</td></tr> }
                    { for rows }
                    if end < tl.log.len() { <tr class="cl-event-more"><td colspan="4">{t!(lang, "events-later", count = tl.log.len() - end)}</td></tr> }
                    if tl.log.is_empty() { <tr><td colspan="4" class="muted">{t!(lang, "events-none")}</td></tr> }
                </tbody>
            </table>
        </div>
    }
}
