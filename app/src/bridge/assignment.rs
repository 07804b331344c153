//! Scenarios, live grading and reports for assignment and interview modes. Everything here
//! calls `sim::scenarios` and `sim::grade`; the report is built as escaped HTML text so no
//! user text (design names, notes) can ever become markup.
//!
//! The bundle holds only what a candidate may see of a scenario (title, statement, prompt,
//! starting design: `sim` is built without its `answers` feature). The answer data — hints,
//! follow-ups, look-fors, the rubric — is a separate asset, `answers/<id>/{answers,rubric}.yaml`
//! (Trunk copies `sim/scenarios/` there), fetched by the interviewer's and the learner's views
//! and read here with [`parse_answers`]; a candidate's page never fetches it.
//!
//! The scenarios' Korean comes the same two ways (`sim::scenarios::translation`): title,
//! statement and prompt are in the bundle; the Korean answer data is fetched with the English
//! (`answers.ko.yaml`). Scenario texts are looked up by the UI's language here, so the
//! components show whatever these functions return.

use sim::grade::{grade_design, Report};
use sim::network::Design;
use sim::scenarios::{self, Answers, Scenario, ScenarioKind};

use crate::i18n::Lang;
use crate::t;

/// (id, title, kind word, first sentence of the statement) for the picker, in `lang`.
pub fn catalogue(lang: Lang) -> Vec<(&'static str, String, &'static str, String)> {
    scenarios::all()
        .iter()
        .map(|s| {
            let kind = match s.kind {
                ScenarioKind::Assignment => "assignment",
                ScenarioKind::Challenge => "challenge",
            };
            let text = s.text_in(lang.tag());
            (
                s.id,
                text.title.to_string(),
                kind,
                first_sentence(text.statement),
            )
        })
        .collect()
}

/// The statement's first sentence: up to a `.`, `!` or `?` that ends a word (followed by a
/// space or the end), or the first line — so `10.0.0.0/16` and `0.0.0.0/0` are not cut.
pub fn first_sentence(text: &str) -> String {
    let line = text.trim_start().lines().next().unwrap_or("");
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let ends = matches!(c, '.' | '!' | '?')
            && chars.get(k + 1).is_none_or(|&(_, n)| n.is_whitespace());
        if ends {
            return line[..i + c.len_utf8()].trim().to_string();
        }
    }
    line.trim().to_string()
}

pub fn scenario(id: &str) -> Option<&'static Scenario> {
    scenarios::get(id)
}

/// The starting design of a scenario, named after it.
pub fn start_design(id: &str) -> Option<Design> {
    let s = scenarios::get(id)?;
    let mut d = s.start.clone();
    if d.name.is_empty() {
        d.name = s.title.clone();
    }
    Some(d)
}

/// Whether the design holds work of the learner's: anything but the untouched sample, a
/// blank design or a scenario's untouched starting design. Starting a scenario over work
/// asks first.
pub fn has_work(design: &Design) -> bool {
    *design != super::sample()
        && *design != super::blank()
        && !scenarios::all()
            .iter()
            .any(|s| start_design(s.id).is_some_and(|d| d == *design))
}

/// Grades the design against the scenario's rubric (the live checklist and the report), the
/// checks' messages in `lang` where the answer data has them. Only the words change: ids,
/// points, evidence and the score are the grader's, as `stratosim grade` computes them.
pub fn grade(answers: &Answers, design: &Design, lang: Lang) -> Report {
    let mut report = grade_design(&answers.rubric, design);
    for c in &mut report.checks {
        if let Some(t) = answers.check_in(lang.tag(), &c.id) {
            c.message = t.message.clone();
        }
    }
    report
}

/// Where the answer data of scenario `id` is served, relative to the page:
/// `answers.yaml`, `rubric.yaml` and the Korean `answers.ko.yaml`.
pub fn answer_paths(id: &str) -> Option<[String; 3]> {
    scenarios::get(id)?;
    Some(["answers.yaml", "rubric.yaml", "answers.ko.yaml"].map(|f| format!("answers/{id}/{f}")))
}

/// Reads the fetched answer files of scenario `id` (the texts at [`answer_paths`], in order);
/// the error names the file and the problem.
pub fn parse_answers(id: &str, answers: &str, rubric: &str, ko: &str) -> Result<Answers, String> {
    let mut a = scenarios::parse_answers(id, answers, rubric).map_err(|e| e.to_string())?;
    a.add_translation(Lang::Ko.tag(), ko)
        .map_err(|e| e.to_string())?;
    Ok(a)
}

/// Reads a reviewer's own rubric file (YAML or JSON, the format `stratosim grade --rubric`
/// reads); the error names the file, the line and the field.
pub fn parse_rubric(file: &str, text: &str) -> Result<sim::grade::Rubric, String> {
    sim::grade::Rubric::parse(file, text).map_err(|e| e.to_string())
}

/// The answer data with another rubric: the scenario's hints and notes stay, the checklist
/// and the score come from `rubric` — in its own words: the scenario's translations of its
/// checks are dropped, since the reviewer's checks may reuse an id for another thing.
pub fn with_rubric(answers: Option<&Answers>, rubric: &sim::grade::Rubric) -> Answers {
    let mut translations = answers.map(|a| a.translations.clone()).unwrap_or_default();
    for t in translations.values_mut() {
        t.checks.clear();
    }
    Answers {
        hints: answers.map(|a| a.hints.clone()).unwrap_or_default(),
        follow_ups: answers.map(|a| a.follow_ups.clone()).unwrap_or_default(),
        look_for: answers.map(|a| a.look_for.clone()).unwrap_or_default(),
        rubric: rubric.clone(),
        translations,
    }
}

/// The brief of a candidate link for scenario `id`: its prompt, the hints revealed so far
/// (`hints` of `answers`), the interviewer's lint setting and time limit. Prompt and hints are
/// in the interviewer's language `lang`: the candidate reads what the interviewer revealed.
pub fn candidate_brief(
    id: &str,
    answers: Option<&Answers>,
    hints: usize,
    lints: crate::state::interview::LintLevel,
    limit_min: Option<u32>,
    lang: Lang,
) -> Option<crate::state::interview::CandidateBrief> {
    let s = scenarios::get(id)?;
    Some(crate::state::interview::CandidateBrief {
        prompt: s.text_in(lang.tag()).prompt.to_string(),
        lints,
        hints: answers
            .map(|a| {
                a.text_in(lang.tag())
                    .hints
                    .iter()
                    .take(hints)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
        limit_min,
    })
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Who submitted, what the reviewer added, and the design's picture: the parts of a report
/// beyond the grade itself. Every text here is the user's and is escaped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportExtras {
    /// The student's name as typed on Submit (or as the link says, in review).
    pub student: Option<String>,
    /// The student's id (a roll number), if given.
    pub student_id: Option<String>,
    /// The design drawn as a standalone SVG document (shown as an image, so its stylesheet
    /// stays inside it and nothing in it can run).
    pub picture_svg: Option<String>,
    /// The reviewer's comment.
    pub comment: Option<String>,
    /// The reviewer's score, replacing the graded one on the report's headline (the graded
    /// score and its checksum stay printed beside it).
    pub override_score: Option<u32>,
    /// The reviewer's own rubric file, when it graded instead of the scenario's.
    pub rubric_file: Option<String>,
}

/// The checksum `stratosim grade` recomputes for this link and score (`sim::share`).
pub fn checksum(link: &str, score: u32, max: u32) -> String {
    sim::share::checksum(link, score, max)
}

/// The report's file name: scenario, design and student, each reduced to safe characters
/// (`vpc-week1-my-vpc-kim-min-ji-report.html`), so a reviewer's downloads never collide.
pub fn report_file_name(scenario: &str, design: &str, student: Option<&str>) -> String {
    let slug = |s: &str| {
        let mut out = String::new();
        for c in s.chars() {
            if c.is_alphanumeric() {
                out.extend(c.to_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        out.trim_end_matches('-')
            .chars()
            .take(40)
            .collect::<String>()
    };
    let parts: Vec<String> = [Some(scenario), Some(design), student]
        .into_iter()
        .flatten()
        .map(slug)
        .filter(|s| !s.is_empty())
        .collect();
    format!("{}-report.html", parts.join("-"))
}

/// A standalone, printable HTML report of a graded submission. `share_link` (if any) points
/// back at the submitted design, read-only, and its checksum with the graded score is
/// printed for `stratosim grade` to verify.
///
/// Worded in the language of the UI that downloads it (the learner's on Submit, the
/// reviewer's in review): only the app writes this report (`stratosim grade --report` writes
/// a different, class-wide page). Catalogue text is trusted and not escaped; everything from
/// the user, the scenario or `sim` is. The scenario's title is in `lang`, like the checks' messages of a report graded in it
/// ([`grade`]).
pub fn report_html(
    lang: Lang,
    scenario: &Scenario,
    design: &Design,
    report: &Report,
    submitted_at: &str,
    share_link: Option<&str>,
    extras: &ReportExtras,
) -> String {
    let rows: String = report
        .checks
        .iter()
        .map(|c| {
            format!(
                "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}/{}</td><td>{}</td></tr>",
                if c.passed { "pass" } else { "fail" },
                if c.passed { "✓" } else { "✗" },
                escape(&c.message),
                c.earned,
                c.points,
                escape(&c.evidence)
            )
        })
        .collect();
    let link = share_link
        .map(|l| {
            let anchor = format!(
                "<a href=\"{}\">{}</a>",
                escape(l),
                t!(lang, "assignment-report-open")
            );
            format!(
                "<p>{}</p>",
                t!(lang, "assignment-report-link", link = anchor)
            )
        })
        .unwrap_or_default();
    let sum = share_link
        .map(|l| {
            let code = format!(
                "<code data-testid=\"checksum\">{}</code>",
                checksum(l, report.score, report.max)
            );
            format!(
                "<p class=\"muted\">{}</p>",
                t!(
                    lang,
                    "assignment-report-checksum",
                    checksum = code,
                    command = "<code>stratosim grade</code>"
                )
            )
        })
        .unwrap_or_default();
    let strong = |n: &str| format!("<strong>{}</strong>", escape(n));
    let who = match (&extras.student, &extras.student_id) {
        (Some(n), Some(i)) => Some(t!(
            lang,
            "assignment-report-student-with-id",
            name = strong(n),
            id = escape(i)
        )),
        (Some(n), None) => Some(t!(lang, "assignment-report-student", name = strong(n))),
        (None, Some(i)) => Some(t!(lang, "assignment-report-student-id", id = escape(i))),
        (None, None) => None,
    }
    .map(|p| format!("<p class=\"student\">{p}</p>"))
    .unwrap_or_default();
    let headline = match extras.override_score {
        Some(o) => format!(
            "<p class=\"score\">{o} / {max} <span class=\"muted small\">{graded}</span></p>",
            max = report.max,
            graded = t!(
                lang,
                "assignment-report-override",
                score = report.score,
                max = report.max,
                percent = format!("{:.0}", report.percent())
            )
        ),
        None => format!(
            "<p class=\"score\">{} / {} ({:.0}%)</p>",
            report.score,
            report.max,
            report.percent()
        ),
    };
    let comment = extras
        .comment
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|c| {
            format!(
                "<h2>{}</h2><p class=\"comment\">{}</p>",
                t!(lang, "assignment-report-comment"),
                escape(c)
            )
        })
        .unwrap_or_default();
    let rubric = match &extras.rubric_file {
        Some(f) => format!(
            "<p class=\"muted\">{}</p>",
            t!(
                lang,
                "assignment-report-rubric",
                file = format!("<code>{}</code>", escape(f)),
                id = format!("<code>{}</code>", escape(&report.rubric)),
                command = "<code>stratosim grade --rubric</code>"
            )
        ),
        None => String::new(),
    };
    let picture = extras
        .picture_svg
        .as_deref()
        .map(|svg| {
            use base64::Engine;
            format!(
                "<figure><img alt=\"{}\" src=\"data:image/svg+xml;base64,{}\"></figure>",
                t!(lang, "assignment-report-picture"),
                base64::engine::general_purpose::STANDARD.encode(svg)
            )
        })
        .unwrap_or_default();
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{page_title}</title>\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\
<style>body{{font:14px/1.5 system-ui,sans-serif;max-width:960px;margin:32px auto;color:#1b2330}}h1{{font-size:22px;margin:0}}\
.score{{font-size:28px;font-weight:700}}table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #dde1e7;padding:6px 8px;text-align:left;vertical-align:top}}\
tr.pass td:first-child{{color:#1a9a5b;font-weight:700}}tr.fail td:first-child{{color:#d62d3b;font-weight:700}}.muted{{color:#5b6676}}\
h2{{font-size:16px}}.comment{{white-space:pre-wrap}}figure{{margin:16px 0}}figure img{{max-width:100%;border:1px solid #dde1e7}}.small{{font-size:13px}}\
@media print{{a{{color:inherit}}}}</style></head><body>\
<h1>{title}</h1><p class=\"muted\">{meta}</p>\
{who}{headline}{rubric}{link}{sum}{comment}{picture}\
<table><thead><tr><th></th><th>{check}</th><th>{points}</th><th>{evidence}</th></tr></thead><tbody>{rows}</tbody></table>\
<p class=\"muted\">{method} {print}</p></body></html>",
        lang = lang.tag(),
        page_title = t!(
            lang,
            "assignment-report-title",
            title = escape(scenario.text_in(lang.tag()).title)
        ),
        title = escape(scenario.text_in(lang.tag()).title),
        meta = t!(
            lang,
            "assignment-report-meta",
            id = format!("<code>{}</code>", escape(scenario.id)),
            design = escape(&design.name),
            when = escape(submitted_at)
        ),
        check = t!(lang, "assignment-report-check"),
        points = t!(lang, "assignment-report-points"),
        evidence = t!(lang, "assignment-report-evidence"),
        method = t!(lang, "assignment-report-method", version = sim::VERSION),
        print = t!(lang, "assignment-report-print"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_blurb_is_not_cut_inside_an_address() {
        for (text, first) in [
            (
                "Build a VPC (10.0.0.0/16) with two tiers. Then add a NAT.",
                "Build a VPC (10.0.0.0/16) with two tiers.",
            ),
            (
                "The web tier sends 0.0.0.0/0 to the IGW",
                "The web tier sends 0.0.0.0/0 to the IGW",
            ),
            ("One line\nsecond line.", "One line"),
            ("Why? Because.", "Why?"),
        ] {
            assert_eq!(first_sentence(text), first, "{text}");
        }
        for lang in Lang::ALL {
            assert!(catalogue(lang)
                .iter()
                .all(|(_, _, _, b)| !b.ends_with("(10.") && !b.ends_with(" 0.")));
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_picker_lists_the_scenarios_in_the_ui_language() {
        for (lang, title, blurb) in [
            (
                Lang::En,
                "Broken: a NAT gateway in a private subnet",
                "The app server in the private subnet cannot download packages: `yum update` hangs.",
            ),
            (
                Lang::Ko,
                "고장: 프라이빗 서브넷에 있는 NAT 게이트웨이",
                "프라이빗 서브넷의 앱 서버가 패키지를 내려받지 못합니다.",
            ),
        ] {
            let list = catalogue(lang);
            let (id, t, kind, b) = list.iter().find(|e| e.0 == "nat-in-private").unwrap();
            assert_eq!((*id, t.as_str(), *kind, b.as_str()), ("nat-in-private", title, "challenge", blurb));
            assert_eq!(
                list.iter().map(|e| e.0).collect::<Vec<_>>(),
                scenarios::ids(),
                "the same scenarios in the same order"
            );
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_reviewer_s_rubric_file_grades_instead_and_its_errors_name_the_line() {
        let s = scenario("vpc-week1").unwrap();
        let a = week1_answers();
        let own = "id: my-rubric\ntitle: SSH only\nchecks:\n  - id: ssh\n    points: 4\n    message: SSH reaches the bastion\n    reach: {from: 203.0.113.10, to: \"role:bastion\", port: 22, expect: allowed}\n";
        let rubric = parse_rubric("mine.yaml", own).unwrap();
        let report = grade(&with_rubric(Some(&a), &rubric), &s.solution, Lang::En);
        assert_eq!((report.score, report.max), (4, 4));
        assert_eq!(report.checks.len(), 1);
        // The reviewer's check reuses a scenario check's id: its words stay the reviewer's.
        let reused = parse_rubric("mine.yaml", &own.replace("id: ssh", "id: igw")).unwrap();
        let mine = with_rubric(Some(&a), &reused);
        let report = grade(&mine, &s.solution, Lang::Ko);
        assert_eq!(report.checks[0].message, "SSH reaches the bastion");
        assert_eq!(
            mine.text_in("ko").hints,
            a.text_in("ko").hints,
            "the hints stay"
        );
        let err = parse_rubric(
            "mine.yaml",
            "id: x\ntitle: t\nchecks:\n  - id: a\n    points: many\n",
        )
        .unwrap_err();
        assert!(err.starts_with("mine.yaml:5"), "{err}");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_week1_solution_scores_full_marks_and_the_start_does_not() {
        let s = scenario("vpc-week1").expect("built in");
        let a = week1_answers();
        let full = grade(&a, &s.solution, Lang::En);
        assert_eq!(full.score, full.max);
        let start = grade(&a, &start_design("vpc-week1").unwrap(), Lang::En);
        assert!(start.score < start.max);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_report_graded_in_korean_changes_the_messages_and_nothing_else() {
        let a = week1_answers();
        let design = start_design("vpc-week1").unwrap();
        let en = grade(&a, &design, Lang::En);
        let ko = grade(&a, &design, Lang::Ko);
        for (lang, report, message) in [
            (
                Lang::En,
                &en,
                "The admin (203.0.113.10) can SSH to the management tier",
            ),
            (
                Lang::Ko,
                &ko,
                "관리자(203.0.113.10)가 관리 계층으로 SSH 접속할 수 있습니다",
            ),
        ] {
            let c = report.check("admin-ssh-management").unwrap();
            assert_eq!(c.message, message, "{lang:?}");
        }
        assert_eq!(en.checks.len(), ko.checks.len());
        for (e, k) in en.checks.iter().zip(&ko.checks) {
            assert_ne!(e.message, k.message, "{} is translated", e.id);
            let mut k = k.clone();
            k.message = e.message.clone();
            assert_eq!(&k, e, "only the message differs");
        }
        assert_eq!(
            (en.score, en.max, &en.rubric),
            (ko.score, ko.max, &ko.rubric)
        );
        let html = report_html(
            Lang::Ko,
            scenario("vpc-week1").unwrap(),
            &design,
            &ko,
            "now",
            None,
            &ReportExtras::default(),
        );
        assert!(html.starts_with("<!doctype html><html lang=\"ko\">"));
        assert!(html.contains("<h1>1주차: 퍼블릭, 프라이빗, 관리 계층이 있는 VPC</h1>"));
        assert!(html.contains("관리자(203.0.113.10)가 관리 계층으로 SSH 접속할 수 있습니다"));
    }

    /// The answer files as the interviewer's page fetches them.
    fn week1_answers() -> Answers {
        parse_answers(
            "vpc-week1",
            include_str!("../../../sim/scenarios/vpc-week1/answers.yaml"),
            include_str!("../../../sim/scenarios/vpc-week1/rubric.yaml"),
            include_str!("../../../sim/scenarios/vpc-week1/answers.ko.yaml"),
        )
        .unwrap()
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn fetched_answers_equal_the_embedded_ones_and_bad_files_are_named() {
        let s = scenario("vpc-week1").unwrap();
        let a = week1_answers();
        assert_eq!(
            (
                &a.hints,
                &a.follow_ups,
                &a.look_for,
                &a.rubric,
                &a.translations
            ),
            (
                &s.hints,
                &s.question.follow_ups,
                &s.question.look_for,
                &s.rubric,
                &s.answer_translations
            )
        );
        let rubric = include_str!("../../../sim/scenarios/vpc-week1/rubric.yaml");
        let ko = include_str!("../../../sim/scenarios/vpc-week1/answers.ko.yaml");
        let cases = [
            ("hints: [a]\nsurprise: 1\n", rubric, ko, "answers.yaml"),
            ("hints: [a]\n", "not: a rubric", ko, "rubric.yaml"),
            (
                "hints: [a]\n",
                rubric,
                "hints: [a]\nsurprise: 1\n",
                "answers.ko.yaml",
            ),
        ];
        for (answers, rubric, ko, file) in cases {
            let e = parse_answers("vpc-week1", answers, rubric, ko).unwrap_err();
            assert!(e.contains(file), "{e}");
        }
        let e = parse_answers("three-tier", "hints: [a]\n", rubric, ko).unwrap_err();
        assert!(
            e.contains("vpc-week1"),
            "the rubric of another scenario: {e}"
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_candidate_brief_holds_the_prompt_and_only_the_revealed_hints() {
        let s = scenario("bastion-ssh-timeout").unwrap();
        let a = parse_answers(
            "bastion-ssh-timeout",
            include_str!("../../../sim/scenarios/bastion-ssh-timeout/answers.yaml"),
            include_str!("../../../sim/scenarios/bastion-ssh-timeout/rubric.yaml"),
            include_str!("../../../sim/scenarios/bastion-ssh-timeout/answers.ko.yaml"),
        )
        .unwrap();
        let level = crate::state::interview::LintLevel::Warnings;
        for lang in Lang::ALL {
            let (text, answers) = (s.text_in(lang.tag()), a.text_in(lang.tag()));
            let b = candidate_brief(s.id, Some(&a), 1, level, Some(30), lang).unwrap();
            assert_eq!(b.prompt, text.prompt);
            assert_eq!(b.hints, answers.hints[..1]);
            let json = serde_json::to_string(&b).unwrap();
            let secrets = [&a.hints[1..], &a.look_for, &a.follow_ups];
            let translated = [&answers.hints[1..], answers.look_for, answers.follow_ups];
            for secret in secrets.into_iter().chain(translated).flatten() {
                assert!(!json.contains(secret.as_str()), "{lang:?}: {secret}");
            }
        }
        let ko = candidate_brief(s.id, Some(&a), 1, level, None, Lang::Ko).unwrap();
        assert!(ko.prompt.starts_with("탄력적 IP가 있고"), "{}", ko.prompt);
        let start = start_design(s.id).unwrap();
        assert!(
            !start.name.to_lowercase().contains("ssh"),
            "a neutral design name: {}",
            start.name
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn only_a_design_the_learner_changed_counts_as_work() {
        assert!(!has_work(&crate::bridge::sample()));
        assert!(!has_work(&crate::bridge::blank()));
        assert!(!has_work(&start_design("vpc-week1").unwrap()));
        let mut renamed = crate::bridge::blank();
        renamed.name = "my network".into();
        assert!(has_work(&renamed));
        let mut edited = crate::bridge::sample();
        let vpc = edited.network.vpcs[0].id.clone();
        edited.layout.get_mut(&vpc).unwrap().x += 20.0;
        assert!(has_work(&edited), "a moved VPC is the learner's work too");
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_report_escapes_every_user_text() {
        let s = scenario("vpc-week1").unwrap();
        let mut d = s.solution.clone();
        d.name = "<script>alert(1)</script>".into();
        let r = grade(&week1_answers(), &d, Lang::En);
        let extras = ReportExtras {
            student: Some("<b>Kim</b>".into()),
            student_id: Some("\"><img src=x onerror=alert(2)>".into()),
            comment: Some("<script>alert(3)</script>".into()),
            ..ReportExtras::default()
        };
        let html = report_html(
            Lang::En,
            s,
            &d,
            &r,
            "now",
            Some("https://x/#design=a\"b"),
            &extras,
        );
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<b>Kim") && html.contains("&lt;b&gt;Kim&lt;/b&gt;"));
        assert!(!html.contains("<img src=x"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("a&quot;b"));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_report_names_the_student_prints_the_checksum_and_keeps_the_reviewers_word() {
        let s = scenario("vpc-week1").unwrap();
        let d = s.solution.clone();
        let r = grade(&week1_answers(), &d, Lang::En);
        let link = "https://x/#design=abc&student=Kim";
        let extras = ReportExtras {
            student: Some("Kim Min-ji".into()),
            student_id: Some("2026-017".into()),
            picture_svg: Some("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".into()),
            comment: Some("Good NAT placement.\nTighten the DB group.".into()),
            override_score: Some(r.max - 5),
            rubric_file: None,
        };
        let html = report_html(Lang::En, s, &d, &r, "now", Some(link), &extras);
        assert!(html.starts_with("<!doctype html><html lang=\"en\">"));
        assert!(!html.contains("reviewer's rubric"));
        let own = ReportExtras {
            rubric_file: Some("class-<b>.yaml".into()),
            ..extras.clone()
        };
        let with_own = report_html(Lang::En, s, &d, &r, "now", Some(link), &own);
        assert!(
            with_own
                .contains("Graded with the reviewer's rubric <code>class-&lt;b&gt;.yaml</code>"),
            "{with_own}"
        );
        assert!(html.contains("Kim Min-ji") && html.contains("(2026-017)"));
        assert!(html.contains(&sim::share::checksum(link, r.score, r.max)));
        assert!(html.contains(&format!("{} / {}", r.max - 5, r.max)));
        assert!(html.contains(&format!("graded {} / {}", r.score, r.max)));
        assert!(html.contains("Tighten the DB group."));
        assert!(html.contains("data:image/svg+xml;base64,"));
        assert!(
            !html.contains("<svg"),
            "the picture is an image, not inline markup"
        );
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn report_file_names_carry_the_design_and_the_student() {
        for (design, student, want) in [
            (
                "My VPC",
                Some("Kim Min-ji"),
                "vpc-week1-my-vpc-kim-min-ji-report.html",
            ),
            ("My VPC", None, "vpc-week1-my-vpc-report.html"),
            (
                "../../etc",
                Some("김민지"),
                "vpc-week1-etc-김민지-report.html",
            ),
            ("***", Some("  "), "vpc-week1-report.html"),
        ] {
            assert_eq!(report_file_name("vpc-week1", design, student), want);
        }
    }
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn the_report_is_worded_in_the_language_of_the_ui_that_downloads_it() {
        let s = scenario("vpc-week1").unwrap();
        let d = s.solution.clone();
        let r = grade(&week1_answers(), &d, Lang::En);
        let extras = ReportExtras {
            student: Some("Kim <b>".into()),
            student_id: Some("2026-017".into()),
            comment: Some("ok".into()),
            override_score: Some(1),
            rubric_file: Some("class.yaml".into()),
            ..ReportExtras::default()
        };
        let link = "https://x/#design=a";
        let cases = [
            (
                Lang::En,
                [
                    "<html lang=\"en\">",
                    "Student: <strong>Kim &lt;b&gt;</strong> (2026-017)",
                    "(reviewer's score; graded ",
                    "Graded with the reviewer's rubric <code>class.yaml</code> (id <code>vpc-week1</code>)",
                    "<h2>Reviewer's comment</h2>",
                    "<th>Check</th><th>Points</th><th>Evidence</th>",
                ],
            ),
            (
                Lang::Ko,
                [
                    "<html lang=\"ko\">",
                    "학생: <strong>Kim &lt;b&gt;</strong> (2026-017)",
                    "(검토자 점수, 채점 결과 ",
                    "검토자의 채점 기준표 <code>class.yaml</code>(id <code>vpc-week1</code>)",
                    "<h2>검토자 의견</h2>",
                    "<th>검사 항목</th><th>점수</th><th>근거</th>",
                ],
            ),
        ];
        for (lang, parts) in cases {
            let html = report_html(lang, s, &d, &r, "now", Some(link), &extras);
            for part in parts {
                assert!(html.contains(part), "{lang:?}: {part}");
            }
            assert!(html.contains(&sim::share::checksum(link, r.score, r.max)));
        }
    }
}
