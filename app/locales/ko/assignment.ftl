# 시나리오 목록, 시작 대화 상자, 과제·검토 카드(app/src/components/assignment.rs)와
# 학습자나 검토자가 내려받는 보고서(app/src/bridge/assignment.rs). 시나리오 본문(제목, 설명,
# 검사 항목)은 여기에 없습니다.
assignment-kind-assignment = 과제
assignment-kind-challenge = 도전 과제
assignment-kind-review = 검토
assignment-start = 시작
assignment-interview = 면접
assignment-start-interview = 면접 시작
assignment-start-scenario = 시나리오 시작
assignment-replace-title = 현재 설계를 “{ $title }”(으)로 바꾸시겠습니까?
assignment-replace-has-work = “{ $design }”에 작업한 내용이 있습니다.
assignment-replace-keeps = 시나리오를 시작하면 시나리오의 시작 설계를 불러옵니다. 현재 설계는 먼저 스냅샷으로 보관되며 파일 메뉴에서 복원할 수 있습니다.
assignment-replace-or-grade = 또는 현재 설계를 그대로 두고 이 과제 기준으로 채점할 수 있습니다.
assignment-grade-current = 현재 설계를 이 과제 기준으로 채점
assignment-cancel = 취소
assignment-score-error = 점수는 0부터 { $max }까지의 정수여야 합니다(입력: “{ $text }”)
assignment-rubric-yours = 직접 불러온 채점 기준표 { $file }(으)로 채점합니다.
assignment-rubric-scenario = 시나리오의 채점 기준표로 채점합니다.
assignment-rubric-load = 채점 기준표 파일로 채점…
assignment-rubric-back = 시나리오의 채점 기준표 사용
# 점수 줄에서 "12 / 20" 뒤. 한국어에는 복수형이 없어 $max의 모든 값이 같은 말입니다.
assignment-points-percent = { $max ->
   *[other] 점
} · { $percent }%
assignment-check-done = 완료
assignment-check-not-yet = 미완료
assignment-check-points = ({ $points }점)
assignment-open-flow = 이 흐름을 트레이스에서 열기
assignment-hints-loading = 힌트를 불러오는 중…
assignment-hint-label = 힌트 { $n }:
assignment-reveal-hint = 힌트 보기 ({ $n }/{ $total })
assignment-unknown-scenario = 알 수 없는 시나리오 `{ $id }`입니다.
assignment-leave = 나가기
assignment-review-note = 제출된 설계를 실시간으로 채점합니다.
assignment-submitted-by-with-id = 제출자: { $name } ({ $id })
assignment-submitted-by = 제출자: { $name }
assignment-submitted-by-id = 제출자 학번: { $id }
assignment-submitted-by-nobody = 링크에 학생 이름이 없습니다.
assignment-name-required = 이름을 입력하세요. 보고서와 링크에 담겨 검토자에게 전달됩니다.
assignment-submit-label = 설계 제출
assignment-your-name = 이름
assignment-student-id = 학번 (선택)
assignment-submit = 제출
assignment-submit-note = 인쇄할 수 있는 보고서를 내려받고 설계 링크를 복사합니다.
assignment-review-label = 이 제출물 검토
assignment-review-comment = 학생에게 남길 의견
assignment-review-score = 검토자 점수 (0–{ $max }, 비워 두면 채점 점수 유지)
assignment-review-download = 검토 보고서 내려받기

# 내려받는 보고서. 마크업인 변수($link, $checksum, $name, $file, $id, $command)는
# 이스케이프되어 요소에 감싸인 채로 들어옵니다.
assignment-report-title = { $title } — 보고서
assignment-report-meta = 시나리오 { $id } · 설계 “{ $design }” · 제출 { $when }
assignment-report-student-with-id = 학생: { $name } ({ $id })
assignment-report-student = 학생: { $name }
assignment-report-student-id = 학번: { $id }
assignment-report-override = (검토자 점수, 채점 결과 { $score } / { $max }, { $percent }%)
assignment-report-rubric = 검토자의 채점 기준표 { $file }(id { $id })(으)로 채점했습니다. 그 파일로 { $command }을(를) 실행하면 체크섬을 다시 계산합니다.
assignment-report-link = 제출된 설계(읽기 전용): { $link }
assignment-report-open = Stratosim에서 열기
assignment-report-checksum = 링크와 채점 점수의 체크섬 { $checksum }: { $command }(으)로 다시 계산할 수 있습니다.
assignment-report-comment = 검토자 의견
assignment-report-picture = 제출된 설계
assignment-report-check = 검사 항목
assignment-report-points = 점수
assignment-report-evidence = 근거
assignment-report-method = Stratosim { $version }(으)로 채점했습니다. 도달 가능성은 설계를 정적 분석해 확인하고(AWS Reachability Analyzer와 같은 방식), 클러스터 검사는 시뮬레이션 시계로 실행합니다.
assignment-report-print = 이 페이지를 인쇄하면 PDF로 저장할 수 있습니다.
