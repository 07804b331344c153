# The scenario picker, the start dialog, the task and review cards
# (app/src/components/assignment.rs) and the report a learner or a reviewer downloads
# (app/src/bridge/assignment.rs). Scenario texts (titles, statements, checks) are not here.
assignment-kind-assignment = assignment
assignment-kind-challenge = challenge
assignment-kind-review = review
assignment-start = Start
assignment-interview = Interview
assignment-start-interview = Start the interview
assignment-start-scenario = Start the scenario
assignment-replace-title = Replace your design with “{ $title }”?
assignment-replace-has-work = “{ $design }” has work in it.
assignment-replace-keeps = Starting the scenario loads its starting design; yours is kept first as a snapshot you can restore from the File menu.
assignment-replace-or-grade = Or keep your design and grade it against this assignment.
assignment-grade-current = Grade my current design against this assignment
assignment-cancel = Cancel
assignment-score-error = the score is a whole number from 0 to { $max }, not “{ $text }”
assignment-rubric-yours = Graded with your rubric { $file }.
assignment-rubric-scenario = Graded with the scenario's rubric.
assignment-rubric-load = Grade with a rubric file…
assignment-rubric-back = Use the scenario's rubric
# After "12 / 20" on the score line.
assignment-points-percent = { $max ->
    [one] point
   *[other] points
} · { $percent }%
assignment-check-done = done
assignment-check-not-yet = not yet
assignment-check-points = ({ $points } pt)
assignment-open-flow = Open this flow in the tracer
assignment-hints-loading = Loading the hints…
assignment-hint-label = Hint { $n }:
assignment-reveal-hint = Reveal hint { $n } of { $total }
assignment-unknown-scenario = Unknown scenario `{ $id }`.
assignment-leave = Leave
assignment-review-note = A submitted design, graded live.
assignment-submitted-by-with-id = Submitted by { $name } ({ $id })
assignment-submitted-by = Submitted by { $name }
assignment-submitted-by-id = Submitted by student id { $id }
assignment-submitted-by-nobody = The link does not name the student.
assignment-name-required = Type your name: the report and the link carry it to your reviewer.
assignment-submit-label = Submit your design
assignment-your-name = Your name
assignment-student-id = Student id (optional)
assignment-submit = Submit
assignment-submit-note = Downloads a printable report and copies a link to your design.
assignment-review-label = Review this submission
assignment-review-comment = Comment for the student
assignment-review-score = Your score (0–{ $max }; empty keeps the graded score)
assignment-review-download = Download the review report

# The downloaded report. Variables that are markup ($link, $checksum, $name, $file, $id,
# $command) arrive escaped and wrapped in their element.
assignment-report-title = { $title } — report
assignment-report-meta = Scenario { $id } · design “{ $design }” · submitted { $when }
assignment-report-student-with-id = Student: { $name } ({ $id })
assignment-report-student = Student: { $name }
assignment-report-student-id = Student id: { $id }
assignment-report-override = (reviewer's score; graded { $score } / { $max }, { $percent }%)
assignment-report-rubric = Graded with the reviewer's rubric { $file } (id { $id }); { $command } with that file recomputes the checksum.
assignment-report-link = Submitted design (read-only): { $link }
assignment-report-open = open in Stratosim
assignment-report-checksum = Checksum { $checksum } of the link and the graded score: { $command } recomputes it.
assignment-report-comment = Reviewer's comment
assignment-report-picture = The submitted design
assignment-report-check = Check
assignment-report-points = Points
assignment-report-evidence = Evidence
assignment-report-method = Graded by Stratosim { $version }: reachability by static analysis of the design (like AWS Reachability Analyzer), cluster checks on a simulated clock.
assignment-report-print = Print this page to save it as PDF.
