# 클러스터 탭의 클러스터 오브젝트 영역 (app/src/components/k8s_objects.rs)과 bridge/k8s_objects.rs가
# 주는 문구. Kubernetes 고유 이름은 kubectl 표기 그대로 둡니다: 매니페스트의 kind, 서비스 유형
# (ClusterIP, NodePort…), 필드 경로, 레이블 셀렉터.
k8s-objects = 클러스터 오브젝트
k8s-objects-tabs = 클러스터 오브젝트 종류
k8s-kind-namespace = 네임스페이스
k8s-kind-service = 서비스
k8s-kind-ingress = 인그레스
k8s-kind-networkpolicy = 네트워크 정책
k8s-kind-pvc = 퍼시스턴트 볼륨 클레임
k8s-one-namespace = 네임스페이스
k8s-one-service = 서비스
k8s-one-ingress = 인그레스
k8s-one-networkpolicy = 네트워크 정책
k8s-one-pvc = 퍼시스턴트 볼륨 클레임
k8s-none = 매니페스트에 선언된 { $kind }이(가) 없습니다.
# 열 제목.
k8s-col-name = 이름
k8s-col-labels = 레이블
k8s-col-type = 유형
k8s-col-ports = 포트 → 대상
k8s-col-selector = 셀렉터
k8s-col-endpoints = 준비된 엔드포인트
k8s-col-class = 클래스
k8s-col-rules = 규칙 → 백엔드
k8s-col-pods = 선택된 파드
k8s-col-policy = 격리와 허용
k8s-col-storage-class = 스토리지 클래스
k8s-col-size = 크기
k8s-col-binding = 바인딩
k8s-col-actions = 작업
# 셀.
k8s-endpoints = { $total }개 중 { $ready }개 준비됨
k8s-headless = 헤드리스
k8s-no-selector = 없음 (엔드포인트 수동 관리)
k8s-default-backend = 기본 백엔드
k8s-no-class = 클래스 없음
k8s-unbound = 아직 바인딩되지 않음 (Pending)
k8s-bound = { $zone }의 { $volume }
k8s-bound-no-zone = { $volume } (영역 없음)
k8s-from-template = StatefulSet { $owner }에서 생성
k8s-implicit = 선언되지 않음 (파드가 이 안에 있음)
k8s-every-pod = 네임스페이스의 모든 파드
k8s-pod-count = 파드 { $count }개
k8s-ingress-rules = 인그레스
k8s-egress-rules = 이그레스
k8s-no-rules = 규칙 없음: 아무것도 허용하지 않음
# 네트워크 정책의 규칙.
k8s-any-labels = 모든 레이블
k8s-peer-pods-here = 이 네임스페이스의 { $pods } 파드
k8s-peer-pods-in = { $namespaces } 네임스페이스의 { $pods } 파드
k8s-peer-namespaces = { $namespaces } 네임스페이스의 모든 파드
k8s-peer-ip-except = { $cidr } ({ $except } 제외)
k8s-peer-anyone = 모든 대상
k8s-or = {" "}또는{" "}
k8s-every-port = 모든 포트
k8s-rule-from = 출발 { $peers } · 포트 { $ports }
k8s-rule-to = 목적지 { $peers } · 포트 { $ports }
k8s-isolates-both = 인그레스와 이그레스 격리
k8s-isolates-ingress = 인그레스 격리
k8s-isolates-egress = 이그레스 격리
k8s-isolates-none = 격리하지 않음
# 작업.
k8s-show-pods = 파드 표시
k8s-show-pods-label = { $name }의 파드 표시
k8s-policy-shown = { $name }: { $pods } 선택 ({ $isolates }) — 노드와 캔버스에 강조 표시됨.
k8s-edit = YAML 편집
k8s-edit-label = { $kind } { $name } YAML 편집
k8s-delete = 삭제
k8s-delete-label = { $kind } { $name } 삭제
k8s-add = { $kind } 추가
k8s-read-only = 이 설계는 읽기 전용입니다.
# YAML 대화 상자.
k8s-dialog-edit-title = { $kind } { $name } 편집
k8s-dialog-add-title = 새 { $kind }
k8s-dialog-label = 매니페스트 (YAML)
k8s-dialog-help = 이 오브젝트의 문서만 바뀝니다: 다른 문서와 주석은 그대로 남습니다. 실행 취소로 되돌릴 수 있습니다.
k8s-apply = 적용
k8s-cancel = 취소
k8s-refused = 적용하지 않았습니다 — 아무것도 바뀌지 않았습니다.
# 입력한 매니페스트를 거부하는 이유.
k8s-error-at-field-value = { $line }행, { $field } = { $value }
k8s-error-at-field = { $line }행, { $field }
k8s-error-at-line = { $line }행
k8s-error-field = { $field }
k8s-error-empty = 매니페스트가 비어 있습니다
k8s-error-several = 대화 상자 하나에 오브젝트 하나: "---" 줄과 그 뒤를 지우고 별도의 오브젝트로 추가하세요
k8s-error-syntax = 올바른 YAML이 아닙니다 ({ $detail })
k8s-error-not-mapping = 매니페스트는 필드(apiVersion, kind, metadata, spec)의 매핑입니다
k8s-error-kind = 이 목록은 { $kind } 오브젝트를 담습니다: kind는 { $kind }이어야 합니다
k8s-error-no-name = metadata.name이 필요합니다
k8s-error-taken = { $key }이(가) 이미 있습니다; 다른 이름을 지정하세요
k8s-error-gone = { $key }이(가) 더 이상 매니페스트에 없습니다
# 캔버스의 서비스 배지.
k8s-service-badge = 서비스 { $name }: { $pods }
k8s-volume-title-used = { $zone }의 EBS 볼륨 { $volume }(클레임 { $claim }), 파드 { $pod }에 연결됨
k8s-volume-title-unused = { $zone }의 EBS 볼륨 { $volume }(클레임 { $claim }): 지금 이 볼륨을 쓰는 파드가 없습니다. 그 파드는 { $zone }에서만 실행될 수 있습니다
