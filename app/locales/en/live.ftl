# The live session's bar over the canvas (app/src/components/live.rs).
live-title = Live
live-connecting = connecting…
live-connected = connected, end-to-end encrypted
live-reconnecting = reconnecting ({ $reason }); your edits are kept and sent when it is back
live-unreachable = the live server is not reachable: this page is served without stratosim-serve (start the app with scripts/run).
live-unreachable-rest = Everything else works as before.
live-role-interviewer = interviewer
live-role-candidate = candidate
live-waiting = waiting for the other side
live-peer-editing = { $role } (editing)
live-presence = You: { $role } · here: { $peers }
live-laser = Laser pointer
live-leave = Leave live session
