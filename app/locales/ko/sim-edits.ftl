# Korean for the reasons `sim` gives when an edit is refused (sim/src/network/edit.rs,
# policy_edit.rs, field_edit.rs, regions.rs, sim/src/grade/cluster.rs's taints). Korean only:
# the English is sim's own text, rendered by app/src/i18n/edits.rs from each message's key and
# arguments (sim::network::msg) or, for `refusal-*`, from the canvas refusal's variant.

## Canvas drops and edits (sim::network::edit::Refusal)

refusal-must-be-inside = {$what}은(는) {$allowed} 안에 놓아야 합니다.
refusal-wrong-container = {$what}은(는) {$inside} 안에 둘 수 없습니다. {$allowed}에 놓으세요.
refusal-pod-not-placeable = 파드는 클러스터가 만듭니다. 클러스터 보기에서 디플로이먼트를 추가하면 스케줄러가 파드를 노드에 배치합니다.
refusal-not-placeable = {$what}은(는) 캔버스에 놓는 구성 요소가 아닙니다.
refusal-unknown-component = 이 설계에는 구성 요소 `{$id}`이(가) 없습니다.
refusal-vpc-full = VPC {$vpc}에 서브넷을 더 만들 빈 /24가 없습니다. VPC에 CIDR 블록을 추가하거나 더 작은 서브넷을 사용하세요.
refusal-subnet-full = 서브넷 {$subnet}에 남은 주소가 없습니다(AWS는 서브넷마다 주소 5개를 예약합니다).
refusal-no-free-zone = 리전의 모든 가용 영역에 이미 VPC {$vpc}의 상자가 있습니다.
refusal-one-igw-per-vpc = VPC {$vpc}에는 이미 인터넷 게이트웨이 {$existing}이(가) 연결되어 있습니다. VPC에는 하나만 연결할 수 있습니다.
refusal-no-free-vpc-range = 새 VPC에 쓸 빈 10.x.0.0/16 범위가 남아 있지 않습니다.
refusal-cannot-copy = {$id}은(는) 복사할 수 없습니다. 인스턴스, 서브넷, NAT 게이트웨이, 데이터베이스를 복사하세요.
refusal-place-canvas = 캔버스의 빈 곳
refusal-place-vpc = VPC
refusal-place-zone = 가용 영역
refusal-place-subnet = 서브넷
refusal-place-zone-or-vpc = 가용 영역 또는 VPC

## Regions

region-none = 설계에 리전이 없어 가용 영역을 알 수 없습니다. 리전을 설정하세요(예: us-east-1).
region-unknown = `{$region}`은(는) Stratosim이 아는 AWS 리전이 아니어서 가용 영역을 알 수 없습니다(아는 리전: us-east-1, eu-west-1, ap-northeast-2, …).

## Route tables, security groups, network ACLs (sim::network::policy_edit)

policy-no-route-table = 라우팅 테이블 `{$id}`이(가) 없습니다.
policy-no-security-group = 보안 그룹 `{$id}`이(가) 없습니다.
policy-no-subnet = 서브넷 `{$id}`이(가) 없습니다.
policy-no-vpc = VPC `{$id}`이(가) 없습니다.
policy-no-instance = 인스턴스 `{$id}`이(가) 없습니다.
policy-no-network-acl = 네트워크 ACL `{$id}`이(가) 없습니다.
policy-bad-ports = `{$t}`은(는) 포트나 1024-65535 같은 포트 범위가 아닙니다.
policy-ports-backwards = 포트 범위 `{$t}`의 시작이 끝보다 큽니다.
policy-bad-protocol = `{$input}`은(는) 프로토콜이 아닙니다(tcp, udp, icmp, all 또는 번호).
policy-bad-cidr = `{$input}`은(는) 올바른 CIDR 블록이 아닙니다: {$e}
policy-no-route-target = 라우팅할 게이트웨이, NAT 게이트웨이, 피어링 연결, 엔드포인트, 전송 게이트웨이 또는 인스턴스 `{$id}`이(가) 없습니다.
policy-tgw-not-attached = 전송 게이트웨이 {$id}은(는) VPC {$vpc}에 연결(attachment)이 없습니다. 먼저 VPC를 전송 게이트웨이에 연결하세요.
policy-vgw-not-attached = 가상 프라이빗 게이트웨이 {$id}은(는) VPC {$vpc}에 연결되어 있지 않습니다.
policy-eigw-not-attached = 송신 전용 인터넷 게이트웨이 {$id}은(는) VPC {$vpc}에 연결되어 있지 않습니다.
policy-eigw-ipv6-only = 송신 전용 인터넷 게이트웨이 {$target}은(는) IPv6만 전달하는데 {$destination}은(는) IPv4입니다. IPv4는 인터넷 게이트웨이나 NAT 게이트웨이로 보내세요.
policy-nat-ipv4-only = NAT 게이트웨이 {$target}은(는) IPv4(와 NAT64의 64:ff9b::/96)만 전달하는데 {$destination}은(는) IPv6입니다. IPv6는 송신 전용 인터넷 게이트웨이나 인터넷 게이트웨이로 보내세요.
policy-route-ipv6-without-block = {$destination}은(는) IPv6 대상인데 VPC {$vpc}에는 IPv6 CIDR 블록이 없습니다. 먼저 VPC에 IPv6 블록을 연결하세요.
policy-route-is-local = {$c}은(는) VPC {$vpc}의 CIDR 블록입니다. 이미 로컬 경로가 이 블록을 전달합니다.
policy-no-vpn-gateway = 가상 프라이빗 게이트웨이 `{$id}`이(가) 없습니다.
policy-no-prefix-list = 접두사 목록 `{$destination}`이(가) 없습니다.
policy-local-route-by-hand = 로컬 경로는 AWS가 VPC CIDR마다 만듭니다. 직접 추가할 수 없습니다.
policy-route-exists = 라우팅 테이블 {$table}에 이미 {$destination} 경로가 있습니다. 그 경로를 편집하거나 제거하세요.
policy-route-inside-vpc = {$c}은(는) VPC 안에 있습니다. 로컬 경로보다 구체적인 경로는 NAT 게이트웨이나 네트워크 인터페이스만 대상으로 할 수 있습니다(미들박스 라우팅).
policy-no-route-at = 라우팅 테이블 {$table}에 #{$index} 경로가 없습니다.
policy-local-route-kept = 로컬 경로는 제거할 수 없습니다. 모든 라우팅 테이블은 자기 VPC의 경로를 유지합니다.
policy-route-table-other-vpc = 서브넷 {$subnet}은(는) {$subnet_vpc}에 있지만 라우팅 테이블 {$table}은(는) {$table_vpc}에 속합니다.
policy-group-other-vpc = {$other}은(는) {$other_vpc}에 있고 {$vpc}나 피어링된 VPC에 있지 않습니다. 대신 CIDR로 참조하세요.
policy-rule-exists = 그룹에 이미 이 규칙이 있습니다.
policy-no-rule-at = 보안 그룹 {$group}에 #{$index} 규칙이 없습니다.
policy-group-name-taken = VPC {$vpc}에 이미 이름이 {$name}인 보안 그룹이 있습니다.
policy-group-instance-other-vpc = 보안 그룹 {$group}은(는) {$g_vpc}에 속하지만 인스턴스는 {$i_vpc}에 있습니다.
policy-too-many-groups = 인터페이스에는 기본적으로 보안 그룹을 최대 5개까지 붙일 수 있습니다.
policy-last-group = 인터페이스에는 보안 그룹이 적어도 하나 있어야 합니다.
policy-rule-number-range = 규칙 번호 {$rule_number}은(는) 네트워크 ACL 규칙이 쓸 수 있는 1–32766 밖에 있습니다.
policy-nacl-outbound-rule-exists = {$acl}에 이미 아웃바운드 규칙 {$rule_number}이(가) 있습니다.
policy-nacl-inbound-rule-exists = {$acl}에 이미 인바운드 규칙 {$rule_number}이(가) 있습니다.
policy-nacl-no-outbound-rule = {$acl}에 아웃바운드 규칙 {$rule_number}이(가) 없습니다.
policy-nacl-no-inbound-rule = {$acl}에 인바운드 규칙 {$rule_number}이(가) 없습니다.
policy-nacl-other-vpc = 서브넷 {$subnet}은(는) {$s_vpc}에 있지만 네트워크 ACL {$acl}은(는) {$n_vpc}에 속합니다.

## Properties fields (sim::network::field_edit)

field-cgw-bad-ip = `{$value}`은(는) IPv4 주소가 아닙니다. 고객 게이트웨이의 IP 주소는 외부 인터페이스의 주소입니다(예: 203.0.113.12).
field-cgw-bad-asn = `{$value}`은(는) BGP ASN이 아닙니다. 1부터 4294967294까지의 정수를 쓰세요(프라이빗 ASN은 64512–65534).
field-what-customer-gateway = 고객 게이트웨이
field-what-tgw-attachment = 전송 게이트웨이 연결
field-zone-box-no-field = 가용 영역 상자에는 편집할 수 있는 필드 `{$field}`이(가) 없습니다.
field-zone-not-in-region = `{$zone}`은(는) {$region}의 가용 영역이 아닙니다. {$zones} 중 하나를 사용하세요.
field-zone-box-needs-zone = 가용 영역 상자에는 가용 영역이 있어야 합니다.
field-zone-box-exists = VPC {$vpc}에는 이미 {$to} 상자가 있습니다.
field-no-zone-box = 가용 영역 상자 `{$from_key}`이(가) 없습니다.
field-bad-cidr = `{$value}`은(는) 올바른 CIDR 블록이 아닙니다: {$e}
field-no-such-field = {$what}에는 편집할 수 있는 필드 `{$field}`이(가) 없습니다.
field-what-vpc = VPC
field-what-subnet = 서브넷
field-what-instance = 인스턴스
field-what-nat-gateway = NAT 게이트웨이
field-what-load-balancer = 로드 밸런서
field-what-database = 데이터베이스
field-subnet-needs-zone = 서브넷은 가용 영역 하나에 있어야 합니다.
field-bad-ipv4 = `{$value}`은(는) IPv4 주소가 아닙니다.
field-id-no-field = `{$id}`에는 편집할 수 있는 필드 `{$field}`이(가) 없습니다.
field-not-a-port = `{$value}`은(는) 포트 번호가 아닙니다.
field-no-subnet-in-vpc = {$vpc}에 서브넷 `{$n}`이(가) 없습니다.
field-lb-needs-subnet = 로드 밸런서에는 서브넷이 적어도 하나 있어야 합니다.
field-bad-listener = 리스너 `{$x}`은(는) HTTP:80 같은 형식이어야 합니다.
field-no-instance = 인스턴스 `{$n}`이(가) 없습니다.
field-bad-label = 레이블 `{$l}`은(는) key=value 형식이어야 합니다.
field-invalid-cidr = 올바른 CIDR 블록이 아닙니다: {$e}
field-invalid-ipv4 = IPv4 주소가 아닙니다
field-invalid-port = 포트 번호(0–65535)가 아닙니다

## Node taints (sim::grade::parse_taint)

taint-needs-effect = 테인트 `{$text}`에 효과가 없습니다: key=value:NoSchedule
taint-bad-effect = 테인트 `{$text}`: 효과는 NoSchedule, PreferNoSchedule, NoExecute 중 하나여야 합니다.
taint-no-key = 테인트 `{$text}`에 키가 없습니다.

# The annotation layer (notes, boxes, arrows): sim::network::annotation::AnnotationError.
refusal-annotation-too-many = `annotations`: 주석이 {$count}개입니다. 설계 하나에는 최대 {$max}개까지 둘 수 있습니다.
refusal-annotation-too-long = `{$path}`: {$field}이(가) {$chars}자입니다. 최대 {$max}자까지 쓸 수 있습니다.
refusal-annotation-field-text = 메모 내용
refusal-annotation-field-label = 레이블
refusal-annotation-field-id = ID
refusal-annotation-empty-id = `{$path}`: 주석 ID는 비워 둘 수 없습니다.
refusal-annotation-duplicate-id = `{$path}`: ID `{$id}`은(는) 이미 다른 주석이나 구성 요소가 쓰고 있습니다.
refusal-annotation-unknown-end = `{$path}`: `{$id}`은(는) 이 설계의 구성 요소, 메모, 상자가 아닙니다.
refusal-annotation-end-on-arrow = `{$path}`: `{$id}`은(는) 화살표입니다. 화살표는 구성 요소, 메모, 상자 또는 캔버스의 한 점에 이어집니다.
refusal-annotation-bad-geometry = `{$path}`: {$value}은(는) 캔버스의 위치나 크기로 쓸 수 없습니다.
refusal-annotation-unknown = 이 설계에는 주석 `{$id}`이(가) 없습니다.
refusal-annotation-not-an-arrow = 주석 `{$id}`은(는) 화살표가 아닙니다.
field-what-aws-service = AWS 서비스
field-bad-service-kind = `{$value}`은(는) AWS 서비스 종류가 아닙니다. {$kinds} 중 하나를 사용하세요.
field-service-kind-in-vpc = {$kind}은(는) VPC 안의 보안 그룹이 있는 서브넷에서 실행됩니다. 설계 JSON에 subnet_ids와 security_groups를 지정하세요.
refusal-one-vgw-per-vpc = VPC {$vpc}에는 이미 가상 프라이빗 게이트웨이 {$existing}이(가) 연결되어 있습니다. VPC에는 하나만 연결할 수 있습니다.
transit-no-route-table = 전송 게이트웨이 라우팅 테이블 `{$id}`이(가) 없습니다.
transit-no-gateway = 전송 게이트웨이 `{$id}`이(가) 없습니다.
transit-already-attached = VPC {$vpc}은(는) 이미 {$attachment}(으)로 전송 게이트웨이 {$tgw}에 연결되어 있습니다.
transit-no-subnets = VPC {$vpc}의 서브넷을 하나 이상 고르세요. 전송 게이트웨이는 그곳에 인터페이스를 둡니다.
transit-subnet-other-vpc = 서브넷 {$subnet}은(는) {$vpc}이(가) 아니라 VPC {$other}에 있습니다.
transit-two-subnets-one-zone = 서브넷 {$first}와(과) {$second}이(가) 모두 {$zone}에 있습니다. 어태치먼트는 가용 영역마다 서브넷 하나를 씁니다.
transit-no-customer-gateway = 고객 게이트웨이 `{$id}`이(가) 없습니다.
transit-no-vpn-gateway = 가상 프라이빗 게이트웨이 `{$id}`이(가) 없습니다.
transit-bad-cidr = {$value}은(는) IPv4 CIDR이 아닙니다({$e}).
transit-no-attachment = 전송 게이트웨이 어태치먼트 `{$id}`이(가) 없습니다.
transit-attachment-other-gateway = 어태치먼트 {$attachment}은(는) {$tgw}이(가) 아니라 전송 게이트웨이 {$other}에 속합니다.
transit-route-exists = 라우팅 테이블 {$table}에는 이미 {$cidr}의 정적 경로가 있습니다.
transit-route-propagated = {$cidr} 경로는 전파된 경로입니다. 대신 어태치먼트의 전파를 끄세요.
transit-no-route = 라우팅 테이블 {$table}에는 #{$index} 경로가 없습니다.
transit-associated-elsewhere = 어태치먼트 {$attachment}은(는) {$other}에 연결되어 있습니다. 어태치먼트는 라우팅 테이블 하나만 가지므로 먼저 그 연결을 끊으세요.
field-ipv6-host-bits = `{$value}`에 호스트 비트가 설정되어 있습니다. 블록은 {$expected}에서 시작합니다.
field-bad-ipv6-cidr = `{$value}`은(는) IPv6 CIDR 블록이 아닙니다(예: 2600:1f18:1234:5600::/64).
field-ipv6-vpc-prefix = VPC의 IPv6 블록은 /56이어야 합니다. `{$value}`은(는) 아닙니다.
field-ipv6-subnet-prefix = 서브넷의 IPv6 블록은 /64이어야 합니다. `{$value}`은(는) 아닙니다.
field-ipv6-outside-vpc = `{$value}`은(는) VPC {$vpc}의 IPv6 블록 안에 있지 않습니다. 먼저 VPC에 /56을 지정하세요.
field-ipv6-overlap = `{$value}`은(는) 서브넷 {$other}의 IPv6 블록과 겹칩니다.

## Prefix lists (sim::network::prefix_list_edit)

pl-aws-managed = 접두사 목록 {$id}({$name})은(는) AWS가 관리합니다. 편집할 수 없습니다.
pl-bad-family = `{$input}`은(는) 주소 패밀리가 아닙니다. 접두사 목록은 IPv4 또는 IPv6입니다.
pl-bad-max-entries = `{$input}`은(는) 최대 항목 수가 아닙니다. 1부터 {$limit}까지의 정수를 쓰세요.
pl-bad-name = `{$name}`은(는) 접두사 목록 이름으로 쓸 수 없습니다. 이름은 255자까지이고 com.amazonaws로 시작할 수 없습니다.
pl-description-too-long = {$cidr}의 설명이 {$chars}자입니다. AWS는 255자까지 받습니다.
pl-entry-exists = 접두사 목록 {$id}에 이미 항목 {$cidr}이(가) 있습니다.
pl-entry-wrong-family = {$cidr}은(는) {$family} 블록이 아닌데, 접두사 목록 {$id}에는 {$family} 항목만 넣을 수 있습니다.
pl-full = 접두사 목록 {$id}이(가) 가득 찼습니다(최대 항목 수: {$max}). 먼저 최대 항목 수를 늘리세요.
pl-in-use = 접두사 목록 {$id}을(를) {$user}이(가) 사용하고 있습니다. 먼저 그 규칙이나 경로를 제거하세요.
pl-max-below-entries = 접두사 목록 {$id}에 항목이 {$count}개 있어 최대 항목 수를 {$max}(으)로 할 수 없습니다.
pl-name-empty = 접두사 목록에는 이름이 필요합니다.
pl-no-entry = 접두사 목록 {$id}에 항목 {$cidr}이(가) 없습니다.
