# The design canvas (app/src/components/canvas.rs) and what its shapes say to a screen reader
# (app/src/components/canvas_nav.rs). A shape's name repeats the words drawn on it in the
# order they are drawn; a word said but not drawn is in parentheses.
canvas-label = Design canvas
canvas-roledescription = design canvas
canvas-keys = Arrow keys move between the components of a container, Enter selects one and goes inside a container, Escape goes back out. Past the last top-level component come the notes, boxes and arrows. Shift with an arrow moves the selection.
canvas-empty-title = An empty canvas
canvas-empty-text = Drag a VPC from the palette to start a blank design, or begin with a scenario.
canvas-empty-scenarios = Start from a scenario
canvas-replaying = Replaying { $position }. Editing is paused.
canvas-back-to-now = Back to now
canvas-toolbar = View
canvas-zoom-out = Zoom out
canvas-zoom-out-title = Zoom out (−)
canvas-zoom-in = Zoom in
canvas-zoom-in-title = Zoom in (+)
canvas-zoom-reset = Zoom { $percent }%: reset
canvas-zoom-reset-title = Reset zoom (0)
canvas-fit = Fit
canvas-fit-title = Fit the design to the screen (F)
canvas-minimap = Minimap: click to move the view there
canvas-internet = internet
canvas-badge-group = security group { $group }
# The tier tag drawn on a subnet (in capitals where the script has them) and its word in the
# shape's name.
canvas-tier-public = public
canvas-tier-private = private
canvas-name-tier-public = public (tier)
canvas-name-tier-private = private (tier)
# Parts of a shape's accessible name, joined with ", ".
canvas-name-shape = { $kind } { $name }
canvas-name-az = AZ { $name }
canvas-name-az-word = availability zone
canvas-name-groups = { $count ->
    [one] { $groups } (security group)
   *[other] { $groups } (security groups)
}
canvas-name-traced = on the traced path
canvas-name-blocks = blocks the traced flow
canvas-name-flagged = has an error in Problems
canvas-name-empty = empty
canvas-name-inside = { $count ->
    [one] { $count } component inside, Enter to go in
   *[other] { $count } components inside, Enter to go in
}
canvas-planned-alb = ALB · Ingress { $ingress }
canvas-planned-alb-title = The ALB { $id } the AWS Load Balancer Controller would create for Ingress { $ingress } (not a design component)
