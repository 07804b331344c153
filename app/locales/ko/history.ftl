# 기록 탭 (app/src/components/history.rs). 단계의 내용($what)은 설계와 함께 영어로 기록되며,
# 기록된 그대로 보여 줍니다. $who는 "나" 또는 편집한 사람입니다.
hist-you = 나
hist-position-start = 전체 { $count }단계 중 0단계: 첫 단계 이전
hist-position = 전체 { $count }단계 중 { $at }단계: { $who } · { $what } ({ $time })
hist-empty = 아직 편집 기록이 없습니다. 이 설계의 모든 변경이 언제, 누가, 무엇을 했는지와 함께 여기에 기록되어 단계별로 재생할 수 있습니다.
hist-play = 재생
hist-pause = 일시 중지
hist-replay = 재생 위치
hist-output = { $at }/{ $count }
hist-back-to-now = 현재로 돌아가기
hist-summary = { $first }부터 { $count }단계를 기록했습니다.
hist-summary-dropped = { $first }부터 { $count }단계를 기록했습니다. 그보다 이전의 { $dropped }단계는 보관하지 않습니다.
hist-steps = 편집 단계
hist-start = 첫 단계 이전
