# 설계 캔버스 (app/src/components/canvas.rs)와 도형이 화면 읽기 프로그램에 알리는 이름
# (app/src/components/canvas_nav.rs). 도형의 이름은 도형에 그려진 글자를 그려진 순서대로 되풀이하며,
# 그려지지 않고 읽기만 하는 말은 괄호 안에 둡니다.
canvas-label = 설계 캔버스
canvas-roledescription = 설계 캔버스
canvas-keys = 화살표 키로 컨테이너 안의 구성 요소 사이를 이동하고, Enter 키로 선택하거나 컨테이너 안으로 들어가며, Escape 키로 다시 나옵니다. 맨 바깥의 마지막 구성 요소 다음에는 메모, 상자, 화살표가 이어집니다. Shift와 화살표 키를 함께 누르면 선택한 것을 옮깁니다.
canvas-empty-title = 빈 캔버스
canvas-empty-text = 팔레트에서 VPC를 끌어와 빈 설계를 시작하거나, 시나리오로 시작하세요.
canvas-empty-scenarios = 시나리오로 시작하기
canvas-replaying = 재생 중: { $position }. 편집이 일시 중지되었습니다.
canvas-back-to-now = 현재로 돌아가기
canvas-toolbar = 보기
canvas-zoom-out = 축소
canvas-zoom-out-title = 축소 (−)
canvas-zoom-in = 확대
canvas-zoom-in-title = 확대 (+)
canvas-zoom-reset = 배율 { $percent }%: 초기화
canvas-zoom-reset-title = 배율 초기화 (0)
canvas-fit = 맞춤
canvas-fit-title = 설계를 화면에 맞추기 (F)
canvas-minimap = 미니맵: 클릭하면 그 위치로 보기를 옮깁니다
canvas-internet = 인터넷
canvas-badge-group = 보안 그룹 { $group }
# 서브넷에 그려지는 계층 표시와, 도형 이름에서 그에 해당하는 말.
canvas-tier-public = 퍼블릭
canvas-tier-private = 프라이빗
canvas-name-tier-public = 퍼블릭 (계층)
canvas-name-tier-private = 프라이빗 (계층)
# 도형의 접근 가능한 이름을 이루는 부분들로, ", "로 잇습니다.
canvas-name-shape = { $kind } { $name }
canvas-name-az = AZ { $name }
canvas-name-az-word = 가용 영역
# 한국어는 개수로 말이 바뀌지 않지만, 영어와 같은 변수를 받습니다.
canvas-name-groups = { $count ->
   *[other] { $groups } (보안 그룹)
}
canvas-name-traced = 추적한 경로에 있음
canvas-name-blocks = 추적한 흐름을 차단함
canvas-name-flagged = 문제 탭에 오류가 있음
canvas-name-empty = 비어 있음
canvas-name-inside = 구성 요소 { $count }개가 안에 있음, Enter 키로 들어가기
canvas-planned-alb = ALB · Ingress { $ingress }
canvas-planned-alb-title = AWS Load Balancer Controller가 Ingress { $ingress }에 대해 만들 ALB { $id } (디자인 구성 요소가 아님)
