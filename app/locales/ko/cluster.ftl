# 클러스터 탭 (app/src/components/cluster.rs)과 bridge/cluster.rs가 주는 문구.
# Kubernetes 고유 이름은 kubectl 표기 그대로 둡니다: 플러그인 이름(NodeResourcesFit…), 파드 상태,
# 컨디션(Ready, NotReady), 이벤트 유형과 사유, 필드 이름(maxSkew).
cluster-follow-title = 재생하는 동안 스케줄링 결정이 일어날 때마다 설명합니다
cluster-follow = 스케줄링 결정 따라가기
cluster-importer-warnings = 가져오기 경고 { $count }건
# 클러스터가 없거나 매니페스트를 실행할 수 없을 때.
cluster-cannot-simulate = 클러스터를 시뮬레이션할 수 없습니다:
cluster-intro = 이 설계에 Kubernetes를 추가하면, 시뮬레이션 시계 위에서 스케줄러가 파드를 배치하고 노드가 실패할 때 컨트롤러가 클러스터를 복구하는 모습을 볼 수 있습니다.
cluster-replace-example = 예제 클러스터로 바꾸기
cluster-load-example = 예제 클러스터 불러오기
cluster-import = 매니페스트 가져오기…
cluster-example-alone = 가용 영역 2개에 노드 3개, 그리고 영역에 고르게 분산된 레플리카 6개짜리 디플로이먼트입니다.
cluster-example-on-nodes = 이 설계의 Kubernetes 노드 { $count }개 위에서, 영역에 고르게 분산된 레플리카 6개짜리 디플로이먼트입니다.
cluster-no-manifests = 이 설계에는 아직 Kubernetes 매니페스트가 없습니다.
cluster-no-nodes = 클러스터에 노드가 없습니다: 매니페스트에 Node 오브젝트를 선언하거나, 캔버스의 서브넷에 Kubernetes 노드를 배치하세요.
cluster-example-needs-nodes = 예제 클러스터는 이 설계의 Kubernetes 노드 위에서 실행됩니다 — { $reason }
# 타임라인 막대.
cluster-time = 시뮬레이션 시간
cluster-rewind = 0s 시점으로 돌아가기
cluster-previous-event = 이전 이벤트
cluster-next-event = 다음 이벤트
cluster-play = 재생
cluster-pause = 일시 정지
cluster-speed = 속도
cluster-seed-title = 시뮬레이션의 난수 시드 (파드 이름 접미사와 스케줄러 동점 처리): 같은 시드는 같은 실행을 만듭니다
cluster-seed = 시드
cluster-menu = 클러스터 ▾
# 영역, 노드, 파드.
cluster-zone = 가용 영역 { $zone }
cluster-no-zone = 영역 없음
cluster-inject-title = 현재 시각에 주입
cluster-fail-zone = 가용 영역 장애
cluster-recover-zone = 가용 영역 복구
cluster-queue-label = 스케줄링 큐
cluster-queue = 스케줄링 큐
cluster-no-pending = 대기 중인 파드 없음
node-kill = 중지
node-recover = 복구
node-drain = 드레인
node-drain-title = 스케줄 불가로 표시(cordon)하고 Eviction API로 축출합니다 (PDB 준수)
node-taint-title = 테인트 { $taint }
node-cpu = CPU
node-memory = 메모리
node-bar-title = { $resource } 요청 { $used } / 할당 가능 { $total }
pod-restarts = 재시작 { $count }회
# 선택한 파드의 스케줄링 사이클이 각 노드에 대해 말하는 것.
node-verdict-filtered = ✗ { $plugin }: { $reason }
node-only-feasible = 유일하게 가능한 노드
node-score = 점수 { $score }
node-feasible = 가능
node-chosen = ★ { $pod } 배치 노드 · { $score }
node-candidate = 가능 · { $score }
node-was-chosen = { $time }에 { $pod }의 배치 노드로 선택되었지만, 지금 노드는 { $condition } 상태입니다
# 디플로이먼트.
deployments = 디플로이먼트
deployment-new = 새 디플로이먼트…
deployment-none = 아직 디플로이먼트가 없습니다: 하나를 만들어 이 설계의 노드에서 이미지의 레플리카를 실행하세요.
deployment-status = 준비 { $ready }/{ $replicas } · 최신 { $up_to_date } · 사용 가능 { $available }
deployment-edit = 편집…
deployment-edit-label = 디플로이먼트 { $key } 편집
deployment-replicas = 레플리카
deployment-replicas-label = 매니페스트의 레플리카 수
deployment-in-manifest = 매니페스트에 기록 (실행 취소 가능)
deployment-image = 이미지
deployment-image-label = 매니페스트의 이미지
deployment-requests = 요청
deployment-strategy = 전략
deployment-spread = 분산
deployment-tolerations = 톨러레이션
deployment-affinity = 어피니티
deployment-spread-line = { $key } 기준 maxSkew { $max_skew } ({ $when })
deployment-toleration-for = { $toleration } { $seconds }초 동안
affinity-node-required = 노드 어피니티: 필수 조건 { $count }개
affinity-node-preferred = 노드 어피니티: 선호 조건 { $count }개
affinity-pod = 파드 어피니티: 필수 { $required }개, 선호 { $preferred }개
affinity-pod-anti = 파드 안티 어피니티: 필수 { $required }개, 선호 { $preferred }개
deployment-at-current-time = 현재 시각에:
deployment-scale-label = 스케일할 레플리카 수
deployment-scale = 스케일
deployment-rollout-label = 롤아웃할 이미지
deployment-rollout = 롤아웃
deployment-not-whole = { $value }은(는) 정수가 아닙니다
deployment-no-spread = 이 디플로이먼트에는 토폴로지 분산 제약 조건이 없습니다
# 주입한 이벤트.
injected-hint = 영역, 노드, 파드, 디플로이먼트의 버튼으로 장애를 주입하세요: 각 장애는 현재 시각에 일어나고, 실행 전체가 다시 계산되며, 이벤트는 설계와 함께 저장됩니다.
injected-events = 주입한 이벤트
injected-clear-title = 주입한 이벤트를 모두 삭제
injected-clear = 모두 지우기
injected-local = 이 화면에만 보관됨 (읽기 전용 설계)
injected-saved = 설계와 함께 저장됨
injected-remove = 주입한 이벤트 { $event } 삭제
injection-kill-node = 노드 { $node } 중지
injection-recover-node = 노드 { $node } 복구
injection-fail-zone = 가용 영역 { $zone } 장애
injection-recover-zone = 가용 영역 { $zone } 복구
injection-crash-pod = 파드 { $pod } 크래시 ×{ $times }
injection-fail-readiness = { $pod }의 준비 상태를 { $duration } 동안 실패시킴
injection-scale = { $workload }을(를) { $replicas }개로 스케일
injection-roll-out = { $workload }에 { $image } 롤아웃
injection-drain-node = 노드 { $node } 드레인
injection-taint-add = { $place ->
    [node] 노드 { $name }에
    [zone] 가용 영역 { $name }에
   *[none] {""}
} out-of-service 테인트 추가
injection-taint-remove = { $place ->
    [node] 노드 { $name }에서
    [zone] 가용 영역 { $name }에서
   *[none] {""}
} out-of-service 테인트 제거
workload-deployment = 디플로이먼트 { $name }
workload-replicaset = 레플리카셋 { $name }
# 선택한 파드에 대한 스케줄러의 설명.
explain-on-node = { $node }에서 실행
explain-not-bound = 바인딩되지 않음
explain-crash-title = 컨테이너가 다음 3번의 시작에서 종료됩니다 (CrashLoopBackOff)
explain-crash = 크래시 ×3
explain-gone = (이 시각에는 클러스터에 없음)
explain-close = 설명 닫기
explain-not-scheduled = 이 파드는 이 시각까지 스케줄러를 거치지 않았습니다: 노드에 직접 바인딩되었거나(노드에 놓았거나 매니페스트가 노드를 지정함), 아직 생성되지 않았습니다.
explain-bound-only = { $time }에 스케줄러가 { $node }에 바인딩했습니다: 모든 필터를 통과한 유일한 노드입니다 (점수 계산 생략).
explain-bound = { $time }에 스케줄러가 가중 합계가 가장 높은 { $node }에 바인딩했습니다.
explain-no-fit = { $time }에 맞는 노드가 없습니다: { $message }
explain-plugin = 플러그인
explain-filters = 필터 (모두 통과해야 함)
explain-skip = – 건너뜀
explain-scores = 점수 (점수 × 가중치), 가능한 노드만
explain-total = 합계
explain-filtered-out = 걸러짐
explain-tie = (동점)
# 이벤트 로그.
events-label = 이벤트 (kubectl get events)
events-seek = 이 이벤트로 이동
events-time = 시간
events-type = 유형
events-reason = 사유
events-object = 오브젝트 · 메시지
events-earlier = … 이전 이벤트 { $count }건
events-later = … 이후 이벤트 { $count }건
events-none = 이벤트가 없습니다.
# 디플로이먼트 양식과 함께 씁니다.
deployment-default-spread = 없음 (스케줄러의 기본 소프트 분산이 적용됩니다)
deployment-default-tolerations = 선언 없음 (어드미션이 not-ready/unreachable을 300s 동안 추가합니다)

# The severity word of a manifest diagnostic line ("error: manifest#1 Pod p: spec: …").
manifest-severity-warning = 경고
manifest-severity-error = 오류
