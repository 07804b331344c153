# 캔버스 둘레 패널의 끌기 손잡이 (app/src/components/splitter.rs, app/src/state/panels.rs).
# $panel은 패널의 slug입니다.
panel-resize = { $panel ->
    [palette] 구성 요소 팔레트 크기 조절
    [properties] 속성 패널 크기 조절
   *[bottom] 하단 패널 크기 조절
}
panel-show = { $panel ->
    [palette] 구성 요소 팔레트 보이기
    [properties] 속성 패널 보이기
   *[bottom] 하단 패널 보이기
}
panel-hide = { $panel ->
    [palette] 구성 요소 팔레트 숨기기
    [properties] 속성 패널 숨기기
   *[bottom] 하단 패널 숨기기
}
