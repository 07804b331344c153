# 캔버스 위 라이브 세션 막대(app/src/components/live.rs).
live-title = 라이브
live-connecting = 연결 중…
live-connected = 연결됨, 종단 간 암호화
live-reconnecting = 다시 연결하는 중({ $reason }). 편집 내용은 보관했다가 연결되면 보냅니다.
live-unreachable = 라이브 서버에 연결할 수 없습니다. 이 페이지는 stratosim-serve 없이 제공되고 있습니다(scripts/run으로 앱을 시작하세요).
live-unreachable-rest = 그 밖의 기능은 그대로 동작합니다.
live-role-interviewer = 면접관
live-role-candidate = 지원자
live-waiting = 상대방을 기다리는 중
live-peer-editing = { $role }(편집 중)
live-presence = 나: { $role } · 참여 중: { $peers }
live-laser = 레이저 포인터
live-leave = 라이브 세션 나가기
