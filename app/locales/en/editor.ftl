# Notices the editor's reducer gives (app/src/state/editor.rs).
notice-replaying = You are watching the design's history. Choose “Back to now” to edit.
notice-read-only = This shared design is read-only. Choose “Make a copy” to edit it.
notice-step-not-shown = This step cannot be shown: { $why }
notice-copied = { $count ->
    [one] Copied { $count } component; Ctrl V pastes them.
   *[other] Copied { $count } components; Ctrl V pastes them.
}
