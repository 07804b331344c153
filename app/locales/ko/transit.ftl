# "전송 및 VPN" 목록 보기 (app/src/components/transit.rs).
tv-tables-title = 전송 게이트웨이 라우팅 테이블
tv-table-note = { $tgw } · 연결 { $count }개
tv-no-tables = 이 설계에는 전송 게이트웨이 라우팅 테이블이 없습니다. 팔레트에서 전송 게이트웨이를 추가하세요.
tv-associations = 연결된 어태치먼트
tv-propagations = 전파하는 어태치먼트
tv-route-type = 유형
tv-blackhole = 블랙홀(삭제)
tv-route-static = 정적
tv-route-propagated = 전파됨
tv-route-remove = 경로 삭제
tv-route-cidr = 대상 CIDR
tv-route-target = 대상 어태치먼트
tv-route-add = 경로 추가
tv-attach-title = VPC를 전송 게이트웨이에 연결
tv-attach-gateway = 전송 게이트웨이
tv-attach-vpc = VPC
tv-attach-subnet = { $zone }의 서브넷
tv-attach-no-subnet = 없음(이 가용 영역에는 연결하지 않음)
tv-attach-button = 연결
tv-vpn-title = VPN 연결
tv-vpn-customer-gateway = 고객 게이트웨이
tv-vpn-end = AWS 쪽
tv-vpn-routes = 온프레미스 CIDR(쉼표로 구분)
tv-vpn-button = 연결
tv-prefix-lists-title = 접두사 목록
tv-prefix-lists-none = 이 설계에는 고객 관리형 접두사 목록이 없습니다.

## Prefix lists (components/prefix_lists.rs)

pl-note = { $family } · 항목 { $count }/{ $max }개
pl-new-name = 새 접두사 목록 이름
pl-name-placeholder = 새 목록 이름
pl-name = 이름
pl-family = 주소 패밀리
pl-max-entries = 최대 항목 수
pl-create = 접두사 목록 만들기
pl-save = 저장
pl-delete = 목록 삭제
pl-cidr = CIDR
pl-description = 설명
pl-add-entry = 항목 추가
pl-remove-entry = 항목 { $cidr } 제거
pl-aws-managed-note = AWS가 관리하는 목록(서비스의 주소 범위)이라 읽기 전용입니다.
