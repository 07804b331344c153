# 편집기 리듀서가 보여 주는 알림 (app/src/state/editor.rs).
notice-replaying = 설계의 기록을 보고 있습니다. 편집하려면 “현재로 돌아가기”를 고르세요.
notice-read-only = 공유된 설계는 읽기 전용입니다. 편집하려면 “사본 만들기”를 고르세요.
notice-step-not-shown = 이 단계는 보여 줄 수 없습니다: { $why }
notice-copied = 구성 요소 { $count }개를 복사했습니다. Ctrl V로 붙여 넣습니다.
