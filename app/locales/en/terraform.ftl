# What an import of Terraform says (app/src/bridge/terraform.rs).
terraform-imported = Imported { $components } components from { $files ->
    [one] { $files } file
   *[other] { $files } files
}.
terraform-imported-with-notes = { $imported } { $warnings ->
    [one] { $warnings } value rests on an assumption or could not be modelled: see Import notes in Problems.
   *[other] { $warnings } values rest on an assumption or could not be modelled: see Import notes in Problems.
}
