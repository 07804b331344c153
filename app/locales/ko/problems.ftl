# 하단 패널의 탭과, 린트 메시지를 둘러싼 문제 목록 (app/src/components/bottom_panel.rs).
prob-tab-problems = 문제 · 오류 { $errors }개, 경고 { $warnings }개
prob-tab-route-tables = 라우팅 테이블
prob-tab-security-groups = 보안 그룹
prob-tab-network-acls = 네트워크 ACL
prob-tab-transit = 전송 및 VPN
prob-tab-traces = 트레이스
prob-tab-cluster = 클러스터
prob-tab-history = 기록
prob-panel = 시뮬레이션
prob-tabs = 시뮬레이션 보기
prob-import-notes = 가져오기 메모: 이 설계의 전제
prob-fix = 수정: { $summary }
prob-select = 캔버스에서 이 구성 요소를 선택합니다
prob-sev-error = 오류
prob-sev-warning = 경고
prob-sev-info = 정보
prob-show = 표시{" "}
prob-show-all = 전체 ({ $count })
prob-show-errors-warnings = 오류와 경고 ({ $count })
prob-show-errors = 오류만 ({ $count })
prob-hidden = 정보 메모 { $count }개 숨김
prob-none = 문제가 없습니다. 모든 검사를 통과했습니다.
# 한 린트의 정보 메모 묶음: 개수와 첫 메모의 메시지.
prob-group = 메모 { $count }개 · { $message } …
