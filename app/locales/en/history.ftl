# The History tab (app/src/components/history.rs). A step's own text ($what) is recorded in
# English with the design and shown as it was recorded; $who is "you" or who made the edit.
hist-you = you
hist-position-start = step 0 of { $count }: before the first step
hist-position = step { $at } of { $count }: { $who } { $what } at { $time }
hist-empty = No edits yet. Every change to this design is recorded here — when, by whom and what — so it can be replayed step by step.
hist-play = Play
hist-pause = Pause
hist-replay = Replay
hist-output = { $at } of { $count }
hist-back-to-now = Back to now
hist-summary = { $count ->
        [one] { $count } step
       *[other] { $count } steps
    } since { $first }.
hist-summary-dropped = { $count ->
        [one] { $count } step
       *[other] { $count } steps
    } since { $first }; { $dropped ->
        [one] { $dropped } earlier step is not kept
       *[other] { $dropped } earlier steps are not kept
    }.
hist-steps = Edit steps
hist-start = Before the first step
