# Korean for the packet tracer's explanations, fixes and notes that `sim` writes in English
# (sim/src/network/trace). Korean only: the English is sim's own text, rendered by
# app/src/i18n/explain.rs from each message's key and arguments (sim::network::msg).
# No message ends with a full stop: hop and blocker explanations get one when rendered, and
# many messages are parts of others. $dir is `inbound`/`outbound`, $to_from `from`/`to`,
# $action `allow`/`deny` (sim's English words, chosen between here).

list = {$items}

## Words and names

trace-all-traffic = 모든 트래픽
trace-customer-gateway = (고객 게이트웨이 {$cgw})
trace-customer-gateway-at = (고객 게이트웨이 {$cgw}, 주소 {$addr})
trace-main-route-table-of = {$vpc}의 기본 라우팅 테이블
trace-name-database = 데이터베이스 {$name}
trace-name-instance = 인스턴스 {$name}
trace-name-instance-interface = 인스턴스 {$name}, 인터페이스 {$eni}
trace-name-instance-primary = 인스턴스 {$name}, 기본 인터페이스 {$eni}
trace-name-interface-endpoint = {$service}용 인터페이스 엔드포인트 {$name}
trace-name-interface-endpoint-eni = {$subnet}에 있는 {$service}용 인터페이스 엔드포인트 {$name}({$eni})
trace-name-interface-endpoint-in = {$subnet}에 있는 {$service}용 인터페이스 엔드포인트 {$name}
trace-name-internet = 인터넷
trace-name-load-balancer = 로드 밸런서 {$name}
trace-name-nat-gateway = NAT 게이트웨이 {$name}
trace-name-vpc = VPC {$id}
trace-no-security-group = 보안 그룹 없음
trace-peer-members = {$group}의 구성원
trace-peer-prefix-list = 접두사 목록 {$list}
trace-proto-icmp = icmp 유형 {$icmp_type}
trace-proto-other = 프로토콜 {$proto}
trace-proto-port = {$proto} 포트 {$port}
trace-route-dest-prefix-list = {$pl}({$cidr})
trace-route-dest-propagated = {$cidr}(전파됨)
trace-rule-all-icmp = 모든 icmp
trace-rule-all-ports = {$proto} 모든 포트
trace-rule-port = {$proto} {$port}
trace-rule-port-range = {$proto} {$from}-{$to}
trace-service-dns = Route 53 Resolver(Amazon DNS)
trace-service-metadata = 인스턴스 메타데이터 서비스
trace-service-time-sync = Amazon Time Sync Service
trace-the-internet-stand-in = 인터넷(모든 퍼블릭 주소, {$addr}이(가) 대표함)
trace-tgw-no-subnet-at-all = 서브넷이 하나도 없음
trace-tgw-propagated-route = {$cidr} → {$target}(전파된 경로)
trace-tgw-static-route = {$cidr} → {$target}(정적 경로)
trace-tgw-subnets-only-in = {$zones}에만 있는 서브넷
trace6-word-eigw = 송신 전용 인터넷 게이트웨이
trace6-word-igw = 인터넷 게이트웨이
trace-nacl-entry = 규칙 {$number}({ $to_from ->
        [from] {$cidr}에서 오는
       *[to] {$cidr}(으)로 가는
    } {$rule} { $action ->
        [allow] 허용
       *[deny] 거부
    })

## Hops and blockers

trace-arrives = 패킷이 {$eni}({$addr})에 도착합니다
trace-blackhole-route = 서브넷 {$subnet}의 라우팅 테이블 {$table_id}에서 {$dst}은(는) {$dest} → {$target}에 일치하지만 {$reason}. 이 경로는 블랙홀이므로 패킷이 삭제됩니다(더 짧은 경로로 대체되지 않습니다)
trace-destination-not-running = 대상 인스턴스 {$id}은(는) {$state} 상태로 캡처되었습니다. 실행 중이 아닌 인스턴스는 아무것도 보내거나 받지 않습니다
trace-disconnected-vpcs = {$a}와(과) {$b}은(는) 연결되어 있지 않습니다. 둘을 잇는 피어링 연결이나 전송 게이트웨이가 없고 인터넷 게이트웨이를 통해서도 서로 도달할 수 없으므로, 어떤 라우팅 테이블도 둘 사이에 트래픽을 보낼 수 없습니다
trace-endpoint-initiates-nothing = {$endpoint}은(는) 연결을 시작할 수 없습니다. 인터페이스 엔드포인트는 클라이언트가 보낸 요청에만 응답하며, {$service}은(는) 이를 통해 VPC 안으로 들어올 수 없습니다
trace-endpoint-not-available = 인터페이스 엔드포인트 {$id}의 상태가 {$state}입니다. available 상태인 엔드포인트만 트래픽을 전달합니다
trace-endpoint-tcp-only = 인터페이스 엔드포인트 {$id}은(는) TCP만 전달하며 {$proto}은(는) 전달하지 않습니다
trace-ends-not-at-destination = 패킷이 대상이 아닌 {$at}에서 끝납니다
trace-ends-not-at-source = 패킷이 소스가 아닌 {$at}에서 끝납니다
trace-eni-own-address-only = {$eni}은(는) 자신의 주소로 오가는 트래픽만 보내고 받으며, {$dst}의 트래픽은 받지 않습니다
trace-igw-detached = 인터넷 게이트웨이 {$igw}이(가) VPC {$vpc_id}에 연결되어 있지 않아 인터넷의 트래픽이 VPC로 들어올 수 없습니다
trace-igw-egress-nat = 인터넷 게이트웨이 {$igw_id}이(가) 프라이빗 소스 {$src}을(를) 퍼블릭 주소 {$public}(으)로 바꾸고 패킷을 인터넷으로 보냅니다(1:1 NAT)
trace-igw-foreign-source = 소스 {$src}은(는) 이 VPC의 인터페이스가 아닙니다. 인터넷 게이트웨이 {$igw_id}은(는) 다른 VPC의 트래픽을 전달하지 않습니다(피어링 연결을 통한 엣지 간 라우팅 불가)
trace-igw-ingress-nat = 인터넷 게이트웨이 {$igw_id}이(가) 퍼블릭 주소 {$public}을(를) {$eni}의 프라이빗 주소 {$private}(으)로 매핑합니다(1:1 NAT). 인바운드 트래픽은 라우팅 테이블로 검사하지 않습니다
trace-igw-no-public-ip = {$eni}에는 퍼블릭 IPv4 주소가 없고, 인터넷 게이트웨이 {$igw_id}은(는) 퍼블릭 IP나 탄력적 IP가 있는 인터페이스의 트래픽만 전달합니다
trace-igw-not-captured = VPC {$vpc_id}의 인터넷 게이트웨이도 라우팅 테이블도 캡처에 없어, 인터넷이 {$eni}에 도달하는지 알 수 없습니다
trace-igw-private-destination = 인터넷 게이트웨이 {$igw_id}은(는) 프라이빗 주소 {$dst}(으)로 가는 트래픽을 인터넷으로 보내지 않습니다
trace-igw-private-ingress = {$dst}은(는) 프라이빗 주소입니다. 인터넷 게이트웨이 {$igw_id}은(는) 연결된 인터페이스의 퍼블릭 IP로 오는 인바운드 트래픽만 받으며, {$eni}에는 퍼블릭 IP가 없습니다
trace-igw-private-nat = {$eni}에는 퍼블릭 IPv4 주소가 없고, 인터넷 게이트웨이 {$igw_id}은(는) 퍼블릭 IP나 탄력적 IP가 있는 인터페이스의 트래픽만 전달합니다. 프라이빗 NAT 게이트웨이는 인터넷 게이트웨이를 사용할 수 없습니다
trace-igw-private-source = 인터넷 게이트웨이 {$igw_id}은(는) 프라이빗 주소 {$src}에서 오는 인바운드 트래픽을 삭제합니다
trace-internet-delivers = 패킷이 인터넷을 건너 {$dst}에 도달합니다
trace-ipv4-to-eigw = 서브넷 {$subnet}의 경로가 {$dst}을(를) 송신 전용 인터넷 게이트웨이 {$eigw}(으)로 보내지만, 이 게이트웨이는 IPv6 트래픽만 전달합니다
trace-lb-forwards = 로드 밸런서 {$lb_label}의 리스너 {$protocol} {$port}이(가) 연결을 받아 대상 그룹 {$tg_id}(대상 {$count}개)(으)로 전달합니다. 로드 밸런서는 대상에 새 연결을 엽니다(프록시입니다)
trace-lb-forwards-one = 로드 밸런서 {$lb_label}의 리스너 {$protocol} {$port}이(가) 연결을 받아 대상 그룹 {$tg_id}(대상 {$count}개)(으)로 전달합니다. 로드 밸런서는 대상에 새 연결을 엽니다(프록시입니다)
trace-lb-no-listener = 로드 밸런서 {$lb_label}에 {$proto}용 리스너가 없습니다. 리스너는 {$ports}에 있습니다
trace-lb-no-listeners = 로드 밸런서 {$lb_label}에 {$proto}용 리스너가 없습니다. 리스너가 하나도 없습니다
trace-lb-no-target-group = 로드 밸런서 {$lb_label}의 리스너 {$protocol} {$port}에 대상 그룹이 없습니다
trace-lb-no-targets = 로드 밸런서 {$lb_label}의 리스너 {$protocol} {$port}의 대상 그룹에 설계상 등록된 대상이 없습니다
trace-lb-target-unreachable = 로드 밸런서에서 대상에 도달할 수 없습니다
trace-middlebox-forwards = {$eni}이(가) 미들박스로서 패킷을 계속 전달합니다(소스/대상 확인 꺼짐)
trace-nacl-default = 설계에서 서브넷 {$subnet}에 네트워크 ACL을 지정하지 않았습니다. 모든 서브넷에는 ACL이 있으므로 VPC의 기본 ACL(모든 트래픽 허용)을 가정합니다
trace-nacl-final-deny = 서브넷 {$subnet}의 네트워크 ACL {$acl_label}에는 { $to_from ->
        [from] {$addr}에서 오는
       *[to] {$addr}(으)로 가는
    } { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } {$proto}에 일치하는 규칙이 없어 마지막 * 규칙이 거부합니다
trace-nacl-final-deny-reply = 서브넷 {$subnet}의 네트워크 ACL {$acl_label}에는 { $to_from ->
        [from] {$addr}에서 오는
       *[to] {$addr}(으)로 가는
    } { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } {$proto}에 일치하는 규칙이 없어 마지막 * 규칙이 거부합니다. 응답은 클라이언트의 임시 포트 {$port}(으)로 가므로 ACL이 이를 허용해야 합니다
trace-nacl-match-dropped = 서브넷 {$subnet}의 네트워크 ACL {$acl_label}은(는) { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } 트래픽을 가장 낮은 번호의 규칙부터 검사합니다. {$entry}이(가) 처음 일치하므로 삭제됩니다
trace-nacl-match-dropped-reply = 서브넷 {$subnet}의 네트워크 ACL {$acl_label}은(는) { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } 트래픽을 가장 낮은 번호의 규칙부터 검사합니다. {$entry}이(가) 처음 일치하므로 삭제됩니다. 네트워크 ACL은 상태 비저장이므로 응답도 다시 검사합니다
trace-nacl-match-passes = 서브넷 {$subnet}의 네트워크 ACL {$acl_label}은(는) { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } 트래픽을 가장 낮은 번호의 규칙부터 검사합니다. {$entry}이(가) 처음 일치하므로 통과합니다
trace-nacl-match-passes-reply = 서브넷 {$subnet}의 네트워크 ACL {$acl_label}은(는) { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } 트래픽을 가장 낮은 번호의 규칙부터 검사합니다. {$entry}이(가) 처음 일치하므로 통과합니다. 네트워크 ACL은 상태 비저장이므로 응답도 다시 검사합니다
trace-nat-asymmetric = {$src}의 응답이 NAT 게이트웨이 {$nat_id}을(를) 거쳐 나가면 소스 주소가 바뀌어 클라이언트가 이를 알아보지 못합니다(비대칭 라우팅. NAT 게이트웨이는 안에서 시작된 연결만 처리합니다)
trace-nat-foreign-source = NAT 게이트웨이 {$nat_id}은(는) 자신의 VPC 안에 있는 소스만 처리하는데 {$src}은(는) 그렇지 않습니다(피어링된 VPC는 이 VPC의 NAT 게이트웨이를 사용할 수 없습니다)
trace-nat-no-inbound = {$eni}은(는) VPC 안에서 시작된 연결의 응답만 받으며, 새 인바운드 연결은 받지 않습니다
trace-nat-translates = NAT 게이트웨이 {$nat_id}이(가) 소스 {$src}을(를) 자신의 주소 {$addr}(으)로 바꾸고(소스 포트 {$new_port}, 1024–65535 범위) 대상은 그대로 둡니다. 이후 자신의 서브넷의 ACL과 라우팅 테이블을 사용합니다
trace-no-attached-igw = VPC에 이 트래픽을 전달할 연결된 인터넷 게이트웨이가 없습니다
trace-no-interface-with-address = VPC {$vpc}에 주소 {$dst}을(를) 가진 인터페이스가 없습니다
trace-no-route = 서브넷 {$subnet}의 라우팅 테이블 {$table_id}에 {$dst}과(와) 일치하는 경로가 없어 패킷이 삭제됩니다
trace-no-route-internet = 서브넷 {$subnet}의 라우팅 테이블 {$table_id}에 {$dst}과(와) 일치하는 경로가 없어(0.0.0.0/0 경로 없음) 인터넷으로 가는 트래픽이 삭제됩니다
trace-no-route-internet-reply = 서브넷 {$subnet}의 라우팅 테이블 {$table_id}에 {$dst}과(와) 일치하는 경로가 없어(0.0.0.0/0 경로 없음) 인터넷으로 가는 응답이 삭제됩니다
trace-no-route-reply = 서브넷 {$subnet}의 라우팅 테이블 {$table_id}에 {$dst}과(와) 일치하는 경로가 없어 응답이 삭제됩니다
trace-not-in-subnet = {$comp}은(는) 설계의 어떤 서브넷에도 없습니다
trace-pcx-forwards = 피어링 연결 {$pcx_id}이(가) {$dst}을(를) 가진 피어 VPC {$other}(으)로 패킷을 전달합니다
trace-pcx-not-involved = 피어링 연결 {$pcx_id}은(는) VPC {$here}와(과) 관련이 없습니다
trace-pcx-outside-peer = 피어링 연결 {$pcx_id}은(는) 피어 VPC {$other} 안의 주소로 가는 트래픽만 전달하는데 {$dst}은(는) 그 안에 없습니다. 피어링은 전이되지 않으며 피어의 게이트웨이를 사용할 수 없습니다
trace-pcx-peer-unknown = 피어 VPC {$other}이(가) 설계에 없습니다(다른 계정이나 리전인가요?)
trace-route-forward = 서브넷 {$subnet}의 라우팅 테이블 {$table_words}이(가) 경로 {$dest} → {$target}을(를) 따라 {$dst}을(를) {$target}(으)로 보냅니다(가장 긴 접두사 일치)
trace-route-local = 서브넷 {$subnet}의 라우팅 테이블 {$table_words}이(가) 경로 {$dest} → {$target}을(를) 따라 {$dst}을(를) 자신의 VPC로 보냅니다(가장 긴 접두사 일치. 로컬 경로가 VPC를 포함합니다)
trace-route-target-not-captured = 서브넷 {$subnet}의 라우팅 테이블 {$table_id}이(가) 활성 경로 {$dest} → {$target}(으)로 {$dst}을(를) 보내지만 {$target}이(가) 캡처에 없습니다. 그 너머의 경로는 보지 못한 구성 요소에 달려 있습니다
trace-route-target-unknown = 경로 대상 {$target}이(가) 설계에 없습니다
trace-routing-loop = 패킷이 도착하지 못한 채 {$steps}번 전달되었습니다. 경로가 루프를 이룹니다
trace-same-subnet = 소스와 대상이 모두 서브넷 {$subnet}에 있습니다. 패킷은 네트워크 ACL이나 라우팅 테이블을 거치지 않고 바로 전달됩니다. 이 둘은 트래픽이 서브넷을 나가거나 들어올 때만 적용됩니다
trace-service-answers = {$service}이(가) {$component}에 직접 응답합니다. 보안 그룹과 네트워크 ACL이 필터링하지 않습니다
trace-service-instances-only = {$here}의 {$service}에는 VPC 안의 인스턴스만 자신의 네트워크 인터페이스에서 도달할 수 있습니다
trace-service-other-resolver = {$here}은(는) VPC {$vpc}의 Route 53 Resolver입니다(기본 CIDR의 기준 주소 + 2). 인스턴스는 피어링이나 전송 게이트웨이를 거치더라도 다른 VPC의 Resolver가 아닌 자신의 VPC의 Resolver(또는 169.254.169.253)에만 도달합니다
trace-service-port-tcp = {$words}은(는) TCP 포트 {$port}에서만 응답하며 {$sent} 포트 {$sent_port}에서는 응답하지 않습니다
trace-service-port-udp = {$words}은(는) UDP 포트 {$port}에서만 응답하며 {$sent} 포트 {$sent_port}에서는 응답하지 않습니다
trace-service-port-udp-or-tcp = {$words}은(는) UDP 또는 TCP 포트 {$port}에서만 응답하며 {$sent} 포트 {$sent_port}에서는 응답하지 않습니다
trace-service-reached = {$component}이(가) {$here}의 {$service}에 직접 도달합니다. 이 트래픽은 보안 그룹이나 네트워크 ACL로 필터링되지 않으며 라우팅 테이블을 사용하지 않습니다
trace-service-starts-nothing = {$service}은(는) 요청에 응답만 하며 연결을 시작하지 않습니다
trace-sg-allows = 보안 그룹 {$group_label}이(가) 이 { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } 트래픽을 허용합니다. 규칙 #{$k}이(가) { $to_from ->
        [from] {$peer_words}에서 오는
       *[to] {$peer_words}(으)로 가는
    } {$rule_words}을(를) 허용합니다
trace-sg-allows-member = 보안 그룹 {$group_label}이(가) 이 { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } 트래픽을 허용합니다. 규칙 #{$k}이(가) { $to_from ->
        [from] {$peer_words}에서 오는
       *[to] {$peer_words}(으)로 가는
    } {$rule_words}을(를) 허용합니다({$addr}은(는) 그 그룹 구성원의 프라이빗 IP입니다)
trace-sg-allows-prefix-entry = 보안 그룹 {$group_label}이(가) 이 { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } 트래픽을 허용합니다. 규칙 #{$k}이(가) { $to_from ->
        [from] {$peer_words}에서 오는
       *[to] {$peer_words}(으)로 가는
    } {$rule_words}을(를) 허용합니다({$addr}은(는) {$pl}의 항목 {$entry}에 속합니다)
trace-sg-denies = {$at}의 {$groups}에는 { $to_from ->
        [from] {$peer_text}에서 오는
       *[to] {$peer_text}(으)로 가는
    } {$proto}을(를) 허용하는 { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } 규칙이 없습니다. 보안 그룹은 규칙에 적힌 것만 허용합니다
trace-sg-denies-combined = {$at}의 {$groups}에는 { $to_from ->
        [from] {$peer_text}에서 오는
       *[to] {$peer_text}(으)로 가는
    } {$proto}을(를) 허용하는 { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } 규칙이 없습니다. 보안 그룹은 규칙에 적힌 것만 허용하며, 여러 그룹의 규칙은 합쳐서 적용됩니다
trace-sg-not-captured = {$eni}의 보안 그룹 {$missing}이(가) 캡처에 없어, 이 { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } 트래픽({$proto})을 허용하는지 알 수 없습니다
trace-sg-reply = 보안 그룹이 이미 허용한 연결의 응답입니다. 보안 그룹은 상태 저장이므로 응답은 규칙 없이 통과합니다
trace-source-dest-check = {$eni}이(가) 자신의 주소가 아닌 {$dst}(으)로 가는 트래픽을 받았지만 소스/대상 확인이 켜져 있어 이를 삭제합니다
trace-source-not-running = 소스 인스턴스 {$id}은(는) {$state} 상태로 캡처되었습니다. 실행 중이 아닌 인스턴스는 아무것도 보내거나 받지 않습니다
trace-subnet-not-captured = {$comp}의 서브넷 {$subnet}이(가) 캡처에 없어 그 라우팅 테이블과 네트워크 ACL을 알 수 없습니다
trace-target-not-modelled = {$id}은(는) {$kind} 대상이며, 시뮬레이터가 아직 모델링하지 않습니다
trace-tgw-attachment-no-subnet = VPC {$vpc_id}의 연결 {$att}에 설계상 서브넷이 없어 전송 게이트웨이가 VPC 안에 인터페이스를 갖지 못합니다
trace-tgw-attachment-not-available = 연결 {$att}의 상태가 available이 아닌 {$state}이므로 트래픽을 전달하지 않습니다
trace-tgw-attachment-not-captured = 서브넷 {$subnet}의 라우팅 테이블이 {$dst}을(를) 전송 게이트웨이 {$tgw_id}(으)로 보냅니다. VPC {$vpc_id}의 이 게이트웨이 연결이 캡처에 없어 게이트웨이 너머의 경로는 보지 못한 구성 요소에 달려 있습니다
trace-tgw-attachment-unknown-gateway = 연결 {$att}은(는) 설계에 없는 전송 게이트웨이 {$tgw}에 속합니다
trace-tgw-blackhole = 전송 게이트웨이 라우팅 테이블 {$rt_id}(연결 {$att_id}과(와) 연결됨)에서 {$dst}이(가) 블랙홀 경로 {$cidr}에 일치하며, 이 경로는 일치하는 트래픽을 삭제합니다
trace-tgw-enters = 패킷이 VPC {$vpc_id}의 연결 {$att}을(를) 통해 전송 게이트웨이 {$tgw_id}에 들어갑니다. 이 연결의 {$az} 인터페이스는 서브넷 {$subnet}에 있습니다
trace-tgw-exits = 전송 게이트웨이 {$tgw_id}이(가) 연결 {$att_id}을(를) 통해 서브넷 {$subnet}({$zone})의 인터페이스로 패킷을 VPC {$vpc_id}에 넘깁니다. 연결에 해당 가용 영역의 서브넷이 있으면 패킷이 게이트웨이에 들어온 가용 영역을 사용합니다
trace-tgw-exits-appliance = 전송 게이트웨이 {$tgw_id}이(가) 연결 {$att_id}을(를) 통해 서브넷 {$subnet}({$zone})의 인터페이스로 패킷을 VPC {$vpc_id}에 넘깁니다. 어플라이언스 모드는 흐름의 양방향을 이 한 인터페이스에 유지합니다
trace-tgw-from-vpn = 온프레미스 네트워크가 VPN 연결(attachment) {$att_id}을(를) 거쳐 전송 게이트웨이 {$tgw}(으)로 패킷을 보냅니다
trace-tgw-from-vpn-connection = 온프레미스 네트워크가 VPN 연결(attachment) {$att_id}(VPN 연결 {$vpn})을(를) 거쳐 전송 게이트웨이 {$tgw}(으)로 패킷을 보냅니다
trace-tgw-no-route = 전송 게이트웨이 라우팅 테이블 {$rt_id}(연결 {$att_id}과(와) 연결됨)에 {$dst}과(와) 일치하는 경로가 없어 패킷이 삭제됩니다
trace-tgw-no-route-reply = 전송 게이트웨이 라우팅 테이블 {$rt_id}(연결 {$att_id}과(와) 연결됨)에 {$dst}과(와) 일치하는 경로가 없어 응답이 삭제됩니다
trace-tgw-not-in-design = {$id}은(는) 설계에 없는 전송 게이트웨이라(캡처에 describe-transit-gateways가 없음) 경로를 따라갈 수 없습니다
trace-tgw-peer-unknown = 피어링 연결 {$att}이(가) 설계에 없는 전송 게이트웨이로 이어집니다(다른 계정이나 리전인가요?)
trace-tgw-routes = 전송 게이트웨이 {$tgw_id}이(가) 연결 {$att_id}에서 온 패킷을 연결된 라우팅 테이블 {$rt_id}(으)로 라우팅합니다. {$dst}이(가) {$route}에 일치합니다(가장 긴 접두사 일치)
trace-tgw-routes-static-wins = 전송 게이트웨이 {$tgw_id}이(가) 연결 {$att_id}에서 온 패킷을 연결된 라우팅 테이블 {$rt_id}(으)로 라우팅합니다. {$dst}이(가) {$route}에 일치합니다(가장 긴 접두사 일치. 같은 CIDR이면 정적 경로가 전파된 경로보다 우선합니다)
trace-tgw-target-unknown = 전송 게이트웨이 라우팅 테이블 {$rt_id}이(가) {$dst}을(를) 설계에 없는 연결 {$target}(으)로 보냅니다
trace-tgw-to-peer = 전송 게이트웨이 {$tgw_id}이(가) 피어링 연결 {$att}을(를) 거쳐 전송 게이트웨이 {$other}(으)로 패킷을 보냅니다
trace-tgw-to-vpn = 전송 게이트웨이 {$tgw_id}이(가) VPN 연결(attachment) {$att}을(를) 거쳐 온프레미스 네트워크로 패킷을 보냅니다
trace-tgw-to-vpn-connection = 전송 게이트웨이 {$tgw_id}이(가) VPN 연결(attachment) {$att}(VPN 연결 {$vpn})을(를) 거쳐 온프레미스 네트워크로 패킷을 보냅니다
trace-tgw-unassociated = 연결 {$att_id}이(가) 전송 게이트웨이 {$tgw_id}의 어떤 라우팅 테이블과도 연결되어 있지 않아, 게이트웨이는 여기서 들어오는 것을 라우팅하지 않습니다
trace-tgw-vpc-not-attached = 서브넷 {$subnet}의 라우팅 테이블이 {$dst}을(를) 전송 게이트웨이 {$tgw_id}(으)로 보내지만 VPC {$vpc_id}에는 이 게이트웨이에 대한 연결이 없습니다. 전송 게이트웨이는 연결된 VPC의 트래픽만 받습니다
trace-tgw-vpn-outside-ranges = VPN 연결(attachment) {$att}이(가) 이어지는 온프레미스 범위에 {$dst}이(가) 포함되지 않습니다
trace-tgw-zone-without-subnet = 서브넷 {$subnet}은(는) {$az}에 있지만 {$tgw_id}에 대한 VPC {$vpc_id}의 연결 {$att}에는 {$zones}만 있습니다. 연결 서브넷이 없는 가용 영역의 리소스는 전송 게이트웨이에 도달할 수 없습니다
trace-untranslate-reply = {$eni}이(가) 자신이 변환한 연결의 응답을 알아보고 {$addr}(으)로 돌려보냅니다
trace-vgw-from-premises = 온프레미스 네트워크{$cgw}가 VPN 연결 {$vpn}을(를) 거쳐 가상 프라이빗 게이트웨이 {$vgw}(으)로 패킷을 보내고, 게이트웨이는 로컬 경로로 VPC {$vpc}에 전달합니다
trace-vgw-no-route = 가상 프라이빗 게이트웨이 {$vgw}의 어떤 VPN 연결에도 {$dst}(으)로 가는 경로가 없어 게이트웨이가 보낼 곳이 없습니다
trace-vgw-not-attached = 가상 프라이빗 게이트웨이 {$vgw}이(가) 어떤 VPC에도 연결되어 있지 않습니다
trace-vgw-not-attached-to = 가상 프라이빗 게이트웨이 {$vgw}이(가) VPC {$vpc}에 연결되어 있지 않아 그 트래픽을 전달하지 않습니다
trace-vgw-not-in-design = {$id}은(는) 설계에 없는 가상 프라이빗 게이트웨이라(캡처에 describe-vpn-gateways가 없음) 경로를 따라갈 수 없습니다
trace-vgw-to-premises = 가상 프라이빗 게이트웨이 {$vgw}이(가) VPN 연결 {$vpn}을(를) 거쳐 온프레미스 네트워크{$cgw}(으)로 패킷을 보냅니다
trace-vpc-no-igw = VPC {$vpc_id}에 연결된 인터넷 게이트웨이가 없어 인터넷의 어떤 것도 {$eni}에 도달할 수 없습니다
trace-vpce-delivers = 게이트웨이 엔드포인트 {$vpce_id}이(가) 인터넷 게이트웨이나 NAT 없이 패킷을 {$service}(으)로 비공개로 전달합니다
trace-vpce-foreign-source = 게이트웨이 엔드포인트 {$vpce_id}은(는) 자신의 VPC 안의 소스만 처리하는데 {$src}은(는) 다른 곳에서 왔습니다. 피어링된 VPC는 이 VPC의 엔드포인트를 사용할 수 없습니다
trace-vpce-protocol = 게이트웨이 엔드포인트 {$vpce_id}({$service})은(는) TCP나 ICMP 에코 트래픽만 받습니다
trace-vpce-reply = {$service}이(가) 게이트웨이 엔드포인트 {$id}을(를) 거쳐 응답합니다
trace-vpn-not-available = VPN 연결 {$vpn}의 상태가 available이 아닌 {$state}이므로 트래픽을 전달하지 않습니다
trace-vpn-unknown-gateway = VPN 연결 {$vpn}이(가) 설계에 없는 게이트웨이에서 끝납니다

## IPv6

trace6-blackhole = 라우팅 테이블 {$table}의 경로 {$cidr} → {$target}은(는) 블랙홀이므로 트래픽을 삭제합니다
trace6-both-on-internet = 양 끝이 모두 인터넷에 있어 흐름이 설계를 지나지 않습니다
trace6-delivered = 인스턴스 {$instance}의 IPv6 주소 {$dst}(으)로 전달됩니다
trace6-eigw-drops-reply = VPC {$vpc} 밖에서 {$dst}(으)로 연 연결의 응답입니다. 송신 전용 인터넷 게이트웨이 {$id}은(는) 안에서 연 연결만 전달하므로 응답을 삭제합니다
trace6-eigw-egress = {$name} {$id}이(가) {$src}이(가) 인터넷으로 이 연결을 열도록 하고 이를 기억하므로 응답이 다시 들어올 수 있습니다
trace6-eigw-inbound = 송신 전용 인터넷 게이트웨이 {$eigw}은(는) VPC {$vpc} 안에서 연 연결만 내보냅니다(그리고 그 응답만 들입니다). 인터넷의 {$src}은(는) {$dst}(으)로 연결을 열 수 없습니다
trace6-eigw-reply-in = 송신 전용 인터넷 게이트웨이 {$id}이(가) 이 응답을 들입니다. {$dst}이(가) 연 연결에 속하기 때문입니다(게이트웨이는 상태 저장입니다)
trace6-gateway-not-attached = {$name} {$id}이(가) VPC {$vpc}에 연결되어 있지 않아 그 트래픽을 전혀 전달하지 않습니다
trace6-igw-egress = {$name} {$id}이(가) {$src}을(를) 그대로 인터넷으로 보냅니다. IPv6 주소는 퍼블릭이므로 주소 변환이 없습니다
trace6-igw-ingress = VPC {$vpc}의 인터넷 게이트웨이 {$igw}이(가) {$dst}을(를) 인스턴스 {$instance}에 전달합니다. IPv6 주소는 퍼블릭이므로 ACL과 보안 그룹이 허용하면 인터넷에서 도달할 수 있습니다
trace6-igw-reply-in = 인터넷 게이트웨이 {$id}이(가) VPC {$vpc}의 {$dst}에 응답을 전달합니다
trace6-instance-no-subnet = 인스턴스 {$id}은(는) 설계의 어떤 서브넷에도 없습니다
trace6-nacl-default = 설계에서 서브넷 {$subnet}에 네트워크 ACL을 지정하지 않았습니다. 모든 IPv6 트래픽을 허용하는 기본 ACL을 가정합니다
trace6-nacl-denies = 서브넷 {$subnet}의 네트워크 ACL {$acl_label}이(가) { $to_from ->
        [from] {$addr}에서 오는
       *[to] {$addr}(으)로 가는
    } { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } {$proto}을(를) 거부합니다: {$why}
trace6-nacl-final-deny = 일치하는 IPv6 항목이 없어 마지막 IPv6 * 규칙이 거부합니다
trace6-nacl-first-match-drops = {$entry}이(가) 처음 일치하므로 삭제됩니다
trace6-nacl-no-ipv6-entries = 그 방향에 IPv6 항목이 없어 마지막 IPv6 * 규칙이 거부합니다(기본 ACL의 IPv6 허용 규칙은 데이터에 있을 때만 존재합니다)
trace6-nacl-passes = 서브넷 {$subnet}의 네트워크 ACL {$acl_label}은(는) { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } IPv6 트래픽을 가장 낮은 번호의 규칙부터 검사합니다. {$entry}이(가) 처음 일치하므로 통과합니다
trace6-nacl-passes-reply = 서브넷 {$subnet}의 네트워크 ACL {$acl_label}은(는) { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } IPv6 트래픽을 가장 낮은 번호의 규칙부터 검사합니다. {$entry}이(가) 처음 일치하므로 통과합니다. 네트워크 ACL은 상태 비저장이므로 응답도 다시 검사합니다
trace6-no-instance-with-address = VPC {$vpc}에 IPv6 주소 {$dst}을(를) 가진 인스턴스가 없습니다
trace6-no-route = 서브넷 {$subnet}의 라우팅 테이블 {$table}에 {$dst}과(와) 일치하는 IPv6 경로가 없습니다(IPv4 경로는 IPv6 트래픽과 절대 일치하지 않습니다)
trace6-no-route-table = 서브넷 {$subnet}에 라우팅 테이블이 없습니다(연결도 기본 테이블도 없음)
trace6-route-forward = 라우팅 테이블 {$table}이(가) 가장 길게 일치하는 IPv6 경로 {$cidr} → {$target}(으)로 {$dst}을(를) 보냅니다
trace6-route-local = 라우팅 테이블 {$table}이(가) VPC {$vpc}의 암시적 로컬 경로 {$local} → local로 {$dst}을(를) 보냅니다
trace6-same-subnet = 소스와 대상이 같은 서브넷에 있어 네트워크 ACL을 거치지 않습니다
trace6-sg-allows = 보안 그룹 {$group}이(가) 이 { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } IPv6 트래픽을 허용합니다. 규칙 #{$k}이(가) { $to_from ->
        [from] {$peer_words}에서 오는
       *[to] {$peer_words}(으)로 가는
    } {$rule_words}을(를) 허용합니다
trace6-sg-denies = 인스턴스 {$instance}의 보안 그룹에 이 { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } IPv6 트래픽({ $to_from ->
        [from] {$addr}에서 오는
       *[to] {$addr}(으)로 가는
    } {$proto})을 허용하는 규칙이 없습니다
trace6-sg-denies-ipv4-twin = 인스턴스 {$instance}의 보안 그룹에 이 { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } IPv6 트래픽({ $to_from ->
        [from] {$addr}에서 오는
       *[to] {$addr}(으)로 가는
    } {$proto})을 허용하는 규칙이 없습니다. {$g}의 규칙 #{$k}은(는) IPv4에만 이를 허용하며, IPv4 규칙은 IPv6 트래픽과 절대 일치하지 않습니다
trace6-target-not-modelled = {$target}({$kind})을(를) 지나는 IPv6 트래픽은 이 시뮬레이터가 모델링하지 않습니다. 여기서는 로컬 경로, 인터넷 게이트웨이, 송신 전용 인터넷 게이트웨이만 IPv6를 전달합니다
trace6-target-unknown = 경로 대상 {$id}({$name})이(가) 설계에 없습니다
trace6-vpc-no-igw = VPC {$vpc}에 연결된 인터넷 게이트웨이가 없어 인터넷이 그 IPv6 주소 {$dst}에 도달할 수 없습니다

## Fixes

trace-fix-add-listener = {$lb}에 포트 {$port} 리스너 추가
trace-fix-elastic-ip = {$id}에 탄력적 IP({$addr}) 연결
trace-fix-nacl-add-entry = {$acl}에 { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } 규칙 {$number} 추가: { $to_from ->
        [from] {$cidr}에서 오는
       *[to] {$cidr}(으)로 가는
    } {$rule} 허용
trace-fix-sg-add-rule = {$group}에 { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } 규칙 추가: { $to_from ->
        [from] {$peer}에서 오는
       *[to] {$peer}(으)로 가는
    } {$rule} 허용
trace-fix-source-dest-check = {$instance}의 소스/대상 확인 끄기
trace6-fix-add-route = {$table}에 경로 ::/0 → {$target} 추가
trace6-fix-create-igw = {$vpc}에 연결된 인터넷 게이트웨이 {$igw} 생성
trace6-fix-nacl-allow = {$acl}에 규칙 {$free}(으)로 { $to_from ->
        [from] ::/0에서 오는
       *[to] ::/0(으)로 가는
    } { $dir ->
        [inbound] 인바운드
       *[outbound] 아웃바운드
    } {$proto} 허용
trace6-fix-sg-allow = {$g}에서 { $to_from ->
        [from] {$block}에서 오는
       *[to] {$block}(으)로 가는
    } {$proto} 허용

## Notes (the English joins them with "; ")

trace-note-assumed = {$id}: {$why}. 이 판정은 그 가정에 근거합니다
trace-note-primary-interface-source = 흐름이 인스턴스 {$instance}를 ID로 지정하므로 기본 인터페이스({$addr})로 나갑니다. 다른 인터페이스({$others})에서 보내려면 그 인터페이스나 그 주소 중 하나를 지정하세요
trace-note-primary-interface-destination = 흐름이 인스턴스 {$instance}를 ID로 지정하므로 기본 인터페이스({$addr})로 보내집니다. 다른 인터페이스({$others})에 닿으려면 그 인터페이스나 그 주소 중 하나를 지정하세요
trace-note-assumptions = 소스 포트 {$port}(클라이언트의 임시 포트). 보안 그룹은 상태 저장이고 네트워크 ACL은 상태 비저장입니다. 블랙홀 경로는 더 짧은 경로로 대체하지 않고 트래픽을 삭제합니다(이 시뮬레이터의 가정)
trace-note-endpoint-address-assumed = {$endpoint}의 주소가 입력에 없어 시뮬레이터가 {$addr}(으)로 가정합니다. 이 판정은 그 가정에 근거합니다
trace-note-lb-node = {$subnet}의 {$ip}
trace-note-lb-node-public = {$subnet}의 {$ip}, 퍼블릭 {$public}
trace-note-lb-nodes = 로드 밸런서 {$lb}에는 서브넷마다 노드가 하나씩 있습니다. AWS CLI 출력에는 노드 주소가 없으므로 시뮬레이터가 다음과 같이 지정합니다: {$nodes}
trace-note-not-in-capture = 판정이 캡처에 없는 구성 요소에 달려 있습니다. 알려면 그 구성 요소를 캡처하세요(aws ec2 describe-…)
trace-note-prefix-list-not-captured = {$c}이(가) 사용하는 접두사 목록 {$pl}이(가) 캡처에 없어 여기서는 아무것과도 일치하지 않습니다. 이 판정은 그 사실에 근거합니다. aws ec2 get-managed-prefix-list-entries --prefix-list-id {$pl}(으)로 캡처하세요
trace-note-prefix-list-without-entries = {$c}이(가) 사용하는 접두사 목록 {$pl}이(가) 항목(ManagedPrefixListEntries) 없이 캡처되어 여기서는 아무것과도 일치하지 않습니다. 이 판정은 그 사실에 근거합니다. aws ec2 get-managed-prefix-list-entries --prefix-list-id {$pl}(으)로 캡처하세요
trace-note-private-dns-off = 프라이빗 DNS가 꺼져 있습니다. 클라이언트는 엔드포인트 전용 DNS 이름이나 주소로만 엔드포인트를 통해 {$service}에 접근합니다
trace-note-private-dns-on = 프라이빗 DNS가 켜져 있습니다. {$service}의 기본 DNS 이름이 {$vpc} 안의 엔드포인트 인터페이스로 해석됩니다
trace6-note-assumptions = IPv6 흐름: IPv6 규칙, 항목, 경로만 적용됩니다. 소스 포트 {$port}. 보안 그룹은 상태 저장이고 네트워크 ACL은 상태 비저장입니다
trace6-note-internet = `internet`은(는) IPv6 문서용 주소 {$host}입니다(설계의 VPC 밖에 있는 모든 주소)
trace-name-aws-service = {$title} {$name}
trace-name-elasticache = ElastiCache 클러스터 {$name}
trace-svc-ports-web = TCP 443의 HTTPS와 TCP 80의 HTTP
trace-svc-ports-dns = UDP 또는 TCP 53의 DNS(네임 서버)와 TCP 443의 HTTPS(API)
trace-svc-ports-https = TCP 443의 HTTPS
trace-svc-to-service = {$service}이(가) 다른 AWS 서비스와 통신하는 것은 VPC 밖 AWS 내부의 일입니다. 시뮬레이터는 설계를 거치는 경로만 추적합니다
trace-svc-starts-nothing = {$service}은(는) 보내온 요청에 응답만 하며 VPC 안으로 연결을 열지 않습니다
trace-svc-sends-cloudfront = {$service}은(는) 자기 공인 주소에서 인터넷을 통해 오리진으로 요청을 보냅니다({$addr}은(는) CloudFront의 주소 범위를 대신합니다)
trace-svc-sends-lambda = {$service}은(는) VPC에 연결되어 있지 않으므로 인터넷의 다른 호스트처럼 AWS의 공인 주소({$addr})에서 연결합니다
trace-svc-sends = {$service}은(는) 인터넷의 다른 호스트처럼 AWS의 공인 주소({$addr})에서 연결합니다
trace-svc-private-api-dns = {$name}용 인터페이스 엔드포인트 {$endpoint}에 프라이빗 DNS가 켜져 있어 {$vpc} 안에서는 API Gateway의 기본 이름이 이 엔드포인트로 해석됩니다. 이 엔드포인트는 프라이빗 API만 제공하므로 퍼블릭 API인 {$service}에는 이 VPC에서 접근할 수 없습니다
trace-svc-wrong-endpoint = 게이트웨이 엔드포인트 {$endpoint}은(는) {$service}이(가) 아니라 {$name}(으)로 이어집니다
trace-svc-port = {$service}은(는) {$ports}에만 응답하며 {$sent} 포트 {$port}에는 응답하지 않습니다
trace-svc-reached-gateway = {$service}이(가) 게이트웨이 엔드포인트 {$endpoint}에서 요청을 비공개로 받습니다. {$ports}에 응답합니다
trace-svc-reached-interface = 인터페이스 엔드포인트 {$endpoint}이(가) AWS PrivateLink로 요청을 {$service}에 넘깁니다. {$ports}에 응답합니다
trace-svc-reached-public = {$service}이(가) 퍼블릭 엔드포인트 {$addr}에서 요청을 받습니다. {$ports}에 응답합니다
trace-note-svc-gateway = 라우팅 테이블 {$table}이(가) {$service}의 주소를 게이트웨이 엔드포인트 {$endpoint}(으)로 보내므로 트래픽이 인터넷 게이트웨이나 NAT 없이 AWS 안에 머뭅니다. 엔드포인트 정책과 버킷·IAM 정책은 모델링하지 않습니다
trace-note-svc-other-region = {$service}은(는) 다른 리전인 {$region}에 있습니다. VPC 엔드포인트는 자기 리전만 제공하므로 퍼블릭 엔드포인트 {$addr}(으)로 접근합니다
trace-note-svc-public = 여기서는 {$service}을(를) 제공하는 게이트웨이 엔드포인트 경로나 프라이빗 DNS가 켜진 인터페이스 엔드포인트가 없으므로 퍼블릭 엔드포인트 {$addr}(으)로(인터넷 게이트웨이를 직접 또는 NAT 게이트웨이를 거쳐) 접근합니다. IAM과 리소스 정책은 모델링하지 않습니다

## Kubernetes NetworkPolicy
np-not-isolated-ingress = 파드 {$pod}를 인그레스 방향으로 선택하는 NetworkPolicy가 없으므로 격리되지 않았고 모든 연결이 허용됩니다
np-not-isolated-egress = 파드 {$pod}를 이그레스 방향으로 선택하는 NetworkPolicy가 없으므로 격리되지 않았고 모든 연결이 허용됩니다
np-denied-ingress-one = 파드 {$pod}는 NetworkPolicy {$policies}에 의해 인그레스 방향으로 격리되어 있고, 그 규칙 중 어느 것도 {$other}에서 오는 {$proto} {$port}를 허용하지 않습니다
np-denied-ingress-many = 파드 {$pod}는 NetworkPolicy {$policies}에 의해 인그레스 방향으로 격리되어 있고, 그 정책들의 규칙 중 어느 것도 {$other}에서 오는 {$proto} {$port}를 허용하지 않습니다
np-denied-egress-one = 파드 {$pod}는 NetworkPolicy {$policies}에 의해 이그레스 방향으로 격리되어 있고, 그 규칙 중 어느 것도 {$other}(으)로 가는 {$proto} {$port}를 허용하지 않습니다
np-denied-egress-many = 파드 {$pod}는 NetworkPolicy {$policies}에 의해 이그레스 방향으로 격리되어 있고, 그 정책들의 규칙 중 어느 것도 {$other}(으)로 가는 {$proto} {$port}를 허용하지 않습니다
np-peer-pod = 파드 {$pod}
np-allow-from = NetworkPolicy {$policy}이(가) {$who}에서 오는 {$what}을(를) 허용합니다
np-allow-to = NetworkPolicy {$policy}이(가) {$who}(으)로 가는 {$what}을(를) 허용합니다
np-allow-port-all = 모든 포트({$proto} {$port})
np-allow-port-all-proto = 모든 {$proto} 포트({$port})
np-allow-port-range = {$proto} {$n}-{$end}({$port})
np-allow-port = {$proto} {$n}
np-allow-port-named = {$proto} 포트 {$name}(파드 {$pod}의 {$port})
np-allow-peer-any = 어디서든(규칙에 피어가 없음)
np-allow-peer-ips = {$cidr}의 주소
np-allow-peer-ips-except = {$cidr}의 주소({$except} 제외)
np-allow-pods-with = {$sel} 레이블의 파드
np-allow-pods-every = 모든 파드
np-allow-ns-own = 네임스페이스 {$ns}
np-allow-ns-every = 모든 네임스페이스
np-allow-ns-with = {$sel} 레이블의 네임스페이스
np-allow-peer-pods = {$ns}의 {$pods}

## Kubernetes Service
svc-no-port = Service {$svc_key}에는 포트 {$n}/{$proto}가 없습니다. 이 Service의 포트는 {$have}입니다
svc-no-port-none = Service {$svc_key}에는 포트 {$n}/{$proto}가 없습니다. 이 Service에는 포트가 하나도 없습니다
svc-no-node-port = Service {$svc_key}에는 nodePort {$n}/{$proto}가 없습니다. 이 Service의 nodePort는 {$have}입니다
svc-no-node-port-none = Service {$svc_key}에는 nodePort {$n}/{$proto}가 없습니다. 이 Service에는 nodePort가 하나도 없습니다
svc-no-selector = Service {$svc_key}에는 셀렉터가 없어 엔드포인트를 직접 관리하며, 그 엔드포인트는 매니페스트에 없습니다
svc-selects-nothing = Service {$svc_key}가 선택하는 파드가 없습니다 (네임스페이스 {$ns}에서 {$selector}와 일치하는 파드가 없음)
svc-none-ready = Service {$svc_key}에 준비된 엔드포인트가 없습니다. 선택한 파드 {$count}개({$pods})가 준비되지 않았고, EndpointSlice에는 준비된 파드만 들어갑니다
svc-target-port-unresolved = Service {$svc_key}의 포트 {$port}는 이름이 {$name}인 포트를 대상으로 하지만, 준비된 파드 {$count}개의 어떤 컨테이너도 {$proto}로 그 포트를 선언하지 않습니다
svc-local-no-endpoint = Service {$svc_key}는 externalTrafficPolicy: Local이고 준비된 엔드포인트 {$count}개 중 어느 것도 노드 {$node}에서 실행되지 않으므로, 그 노드의 kube-proxy가 연결을 버립니다
svc-front-headless = 헤드리스, 포트 {$p}
svc-cluster-ip-assumed = ; ClusterIP가 매니페스트에 없어 가정한 값입니다
svc-hop-headless = Service {$svc_key} ({$front}) → 파드 {$pod} {$ip}:{$port}, DNS 응답에서 클라이언트가 선택 (헤드리스: kube-proxy 없음) (준비된 엔드포인트 {$count}개 중 1개; 시뮬레이터는 이름순으로 첫 번째를 고릅니다{$assumed})
svc-hop-kube-proxy = Service {$svc_key} ({$front}) → 파드 {$pod} {$ip}:{$port}, kube-proxy가 선택 (준비된 엔드포인트 {$count}개 중 1개; 시뮬레이터는 이름순으로 첫 번째를 고릅니다{$assumed})
np-replies-allowed = NetworkPolicy는 허용한 연결의 응답을 허용하며, 돌아오는 길에는 다시 평가하지 않습니다

## Kubernetes node ports and delivery
k8s-node-port-no-service = nodePort {$port}/{$proto_name}을(를) 가진 Service가 없어서 노드 {$node}의 kube-proxy가 이 포트에 응답하지 않습니다
k8s-node-port-hop = 노드 {$node}에서: {$hop}; {$snat}
k8s-snat-local = externalTrafficPolicy: Local이라 클라이언트 주소가 유지되므로, 파드의 정책은 클라이언트 주소를 봅니다
k8s-snat-cluster = externalTrafficPolicy: Cluster라 노드 주소로 소스 NAT되므로, 파드의 정책은 클라이언트가 아니라 노드를 봅니다
k8s-hop-on-node = 노드 {$node}에서: {$hop}
k8s-delivered = 노드 {$node}의 파드 {$pod}에 전달됩니다
k8s-note-vpc-untraceable = {$from}에서 {$to}까지의 VPC 구간은 트레이스할 수 없습니다: {$e}
k8s-note-manifests-only = 입력에 매니페스트만 있어 VPC(보안 그룹, 네트워크 ACL, 경로)는 확인하지 않습니다. --aws, --design 또는 --terraform을 추가하세요

## Kubernetes endpoints that cannot be traced
k8s-end-no-pod = 시뮬레이션을 시작하고 1분이 지난 클러스터에 파드 {$ns}/{$name}이(가) 없습니다 (파드: {$pods})
k8s-end-no-pods-in = 네임스페이스 {$ns}에 하나도 없음
k8s-end-no-service = 매니페스트에 Service {$ns}/{$name}이(가) 없습니다
k8s-end-no-node = 매니페스트에 노드 {$name}이(가) 없습니다
k8s-end-ingress-needs-network = Ingress의 ALB는 VPC 안에 있습니다. --aws, --design 또는 --terraform을 추가하세요
k8s-end-no-ingress = 매니페스트에 클래스가 alb인 Ingress {$key}이(가) 없습니다
k8s-end-needs-tcp-or-udp = 클러스터만 트레이스할 때는 프로토콜(--protocol)이 tcp 또는 udp여야 합니다
k8s-end-needs-cluster-end = 매니페스트만 있을 때는 한쪽 끝이 pod:NS/NAME, service:NS/NAME 또는 node:NAME이어야 합니다
k8s-end-service-only-destination = Service는 목적지로만 쓸 수 있습니다. Service의 파드 중 하나에서 트레이스하세요
k8s-end-ingress-only-destination = Ingress는 목적지로만 쓸 수 있습니다
k8s-end-pod-no-ip = 파드 {$pod}에 IP가 없습니다 (어떤 노드에서도 실행 중이 아닙니다)
k8s-end-ingress-in-vpc = Ingress의 ALB는 VPC 안에 있습니다

## The ALB the AWS Load Balancer Controller would create for an Ingress
ingress-note-no-subnet-found = 찾지 못함
ingress-note-subnets-public = 서브넷 태그는 모델에 없습니다. ALB는 컨트롤러가 kubernetes.io/role/elb 태그로 찾아낼 퍼블릭 서브넷에, 영역마다 하나씩 있다고 가정합니다 ({$subnets})
ingress-note-subnets-private = 서브넷 태그는 모델에 없습니다. ALB는 컨트롤러가 kubernetes.io/role/internal-elb 태그로 찾아낼 프라이빗 서브넷에, 영역마다 하나씩 있다고 가정합니다 ({$subnets})
ingress-note-first-backend = 호스트와 경로 규칙은 평가하지 않습니다. 모든 리스너가 Ingress의 첫 번째 백엔드로 전달합니다
ingress-note-own-groups = {$annotation}이(가) 설정되어 있어 컨트롤러가 대상의 보안 그룹에 규칙을 추가하지 않습니다. 대상의 보안 그룹이 직접 ALB의 보안 그룹을 허용해야 합니다
ingress-no-backend = Ingress {$ingress}에 백엔드가 없습니다
ingress-no-service = Ingress {$ingress}이(가) Service {$service}(으)로 보내지만, 매니페스트에 그 Service가 없습니다
ingress-no-such-port = Ingress {$ingress}이(가) Service {$service}의 포트 {$port}을(를) 가리키지만, 그 Service에는 그런 TCP 포트가 없습니다
ingress-instance-needs-node-port = 대상 유형 instance를 쓰려면 Service {$service}이(가) NodePort 또는 LoadBalancer여야 합니다. 컨트롤러는 ClusterIP Service를 거부하므로 ALB에 대상 그룹이 생기지 않습니다

## Flows the tracer cannot read
flow-unknown-endpoint = 알 수 없는 엔드포인트 `{$spec}`: {$hint}
end-lb-no-subnets = 로드 밸런서에 서브넷이 없어서 주소가 없습니다
end-prefix-list-empty = 접두사 목록에 CIDR 블록이 없습니다
end-in-vpc-no-interface = {$ip}은(는) VPC {$vpc} 안의 주소이지만 설계의 어떤 인터페이스도 그 주소를 갖고 있지 않습니다
end-expected = 인스턴스 ID(i-…), ENI ID(eni-…), 프라이빗 또는 퍼블릭 IP, 로드 밸런서 ID 또는 ARN, 데이터베이스 ID, AWS 서비스 ID(svc-…) 또는 `internet`이어야 합니다
end-elasticache-in-vpc = ElastiCache {$id}은(는) VPC 안에서 실행됩니다. subnet_ids(설계의 서브넷)와 security_groups를 지정하세요
end6-further-interface = 인스턴스 {$instance}의 추가 인터페이스 {$eni}의 주소입니다. IPv6 흐름은 인스턴스의 기본 인터페이스로만 트레이스합니다
end6-in-vpc-no-instance = VPC {$vpc}의 IPv6 블록 안의 주소이지만 설계의 어떤 인스턴스도 그 주소를 갖고 있지 않습니다 (인스턴스의 `ipv6_addresses`)
end6-ipv4-literal = IPv6 흐름은 양쪽 끝이 모두 IPv6 주소입니다. IPv4 주소는 IPv4 목적지로 트레이스하세요
end6-only-instances = IPv6 흐름은 인스턴스, IPv6 주소, `internet` 사이에서만 트레이스합니다
end6-no-ipv6-address = 인스턴스 {$instance}에 IPv6 주소가 없어서 IPv6 흐름의 한쪽 끝이 될 수 없습니다
flow-unknown-service-kind = AWS 서비스 `{$id}`의 종류 `{$kind}`은(는) 시뮬레이터가 모르는 종류입니다. s3, dynamodb, sqs, sns, lambda, api-gateway, cloudfront, route53, elasticache 중 하나여야 합니다
flow-port-required = `{$from}`에서 `{$to}`(으)로 가는 {$protocol} 흐름에는 목적지 포트(--port)가 필요합니다
