# The annotation layer: the palette's Annotate group, the drawings' names on the canvas and
# their properties panel (app/src/components/{palette,annotations,properties}.rs).
palette-group-annotate = Annotate
annotate-note = Note
annotate-note-hint = Free text on the canvas: assumptions, numbers, what you would ask the interviewer.
annotate-box = Box
annotate-box-hint = A labelled rectangle for what is not in the VPC: users, on-premises, a CDN.
annotate-arrow = Arrow
annotate-arrow-hint = Click its start, then its end: a component, a note, a box or an empty spot.
# Accessible names of the drawings ("a point": an arrow end on empty canvas).
annotate-name-note = note: { $text }
annotate-name-note-empty = empty note
annotate-name-box = box: { $label }
annotate-name-box-empty = empty box
annotate-name-arrow = arrow from { $from } to { $to }
annotate-name-arrow-labelled = arrow from { $from } to { $to }: { $label }
annotate-name-point = a point
# The properties panel of a selected drawing.
annotate-text = Text
annotate-label = Label
annotate-count = { $count } of { $max } characters
annotate-from = From
annotate-to = To
annotate-end-point = A point on the canvas
annotate-delete = Delete
