# 편집이 아무것도 바꾸지 못한 이유 중 앱이 직접 말하는 것 (app/src/bridge/mod.rs `Refused`).
# sim이 말하는 이유의 한국어는 ko/sim-edits.ftl에 있습니다.
edits-no-automatic-fix = 이 문제에는 자동 수정이 없습니다.
edits-not-a-rule-number = `{ $number }`은(는) 규칙 번호가 아닙니다.
edits-pod-needs-node = 파드를 실행할 쿠버네티스 노드가 필요합니다. 먼저 역할이 쿠버네티스 노드인 EC2 인스턴스를 서브넷에 두세요.
edits-flow-already-saved = 이 테스트 흐름은 이미 저장되어 있습니다.
