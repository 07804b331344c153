fn main() {
    for s in sim::scenarios::all() {
        for (which, d) in [("start", &s.start), ("solution", &s.solution)] {
            let r = sim::grade::grade_design(&s.rubric, d);
            println!("== {} {} {}/{}", s.id, which, r.score, r.max);
            for c in &r.checks {
                if !c.passed { println!("   FAIL {} [{:?} {:?}] {}", c.id, c.blocked_by, c.reason_code, c.evidence); }
            }
        }
    }
}
