# The drag handles of the panels around the canvas (app/src/components/splitter.rs,
# app/src/state/panels.rs); $panel is the panel's slug.
panel-resize = { $panel ->
    [palette] Resize the component palette
    [properties] Resize the properties panel
   *[bottom] Resize the bottom panel
}
panel-show = { $panel ->
    [palette] Show the component palette
    [properties] Show the properties panel
   *[bottom] Show the bottom panel
}
panel-hide = { $panel ->
    [palette] Hide the component palette
    [properties] Hide the properties panel
   *[bottom] Hide the bottom panel
}
