# Terraform 가져오기가 하는 말 (app/src/bridge/terraform.rs).
terraform-imported = 파일 { $files }개에서 구성 요소 { $components }개를 가져왔습니다.
terraform-imported-with-notes = { $imported } 값 { $warnings }개는 가정에 기대거나 모델링할 수 없었습니다. 문제 탭의 가져오기 메모를 보세요.
