# 여러 화면이 함께 쓰는 말.
close = 닫기
problems-count = 문제 { $count }개
