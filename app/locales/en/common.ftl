# Words several views share.
close = Close
problems-count = { $count ->
    [one] { $count } problem
   *[other] { $count } problems
}
