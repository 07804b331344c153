//! Terraform out, for the app: the design goes through `sim`'s exporter (the same one
//! `stratosim export --terraform` uses) and comes back as one zip archive of the root module,
//! a folder named after the design, plus the exporter's warnings for the user.
//!
//! **Guarantees**: the archive holds exactly the exporter's files, stored uncompressed with a
//! fixed timestamp, so the same design gives the same bytes; what Terraform cannot express is
//! never dropped silently — every exporter warning is returned for the notice.

use std::io::Write;

use sim::network::export::terraform::export_design_terraform;
use sim::network::Design;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The exported module, ready to download.
#[derive(Debug)]
pub struct Exported {
    /// The zip archive: `<folder>/main.tf`, `<folder>/network.tf`, …
    pub zip: Vec<u8>,
    /// The file names inside the folder, in the exporter's order.
    pub files: Vec<String>,
    /// What the configuration does not say exactly as the design does.
    pub warnings: Vec<String>,
}

/// Exports `design` as a Terraform root module in a zip archive under `folder/`.
pub fn export_zip(design: &Design, folder: &str) -> Result<Exported, String> {
    let export = export_design_terraform(design);
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let fail = |e: &dyn std::fmt::Display| format!("cannot write the archive: {e}");
    for (name, text) in &export.files {
        zip.start_file(format!("{folder}/{name}"), options)
            .map_err(|e| fail(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
    }
    let bytes = zip.finish().map_err(|e| fail(&e))?.into_inner();
    Ok(Exported {
        zip: bytes,
        files: export.files.iter().map(|(n, _)| n.clone()).collect(),
        warnings: export
            .warnings
            .iter()
            .map(|w| {
                if w.component.is_empty() {
                    w.message.clone()
                } else {
                    format!("{}: {}", w.component, w.message)
                }
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_archive_holds_the_exporters_files_under_one_folder_and_is_deterministic() {
        let design = sim::network::samples::sample_design();
        let exported = export_zip(&design, "sample").unwrap();
        let expected = export_design_terraform(&design);
        assert_eq!(
            exported.files,
            expected
                .files
                .iter()
                .map(|(n, _)| n.clone())
                .collect::<Vec<_>>()
        );
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(exported.zip.clone())).unwrap();
        assert_eq!(archive.len(), expected.files.len());
        for (name, text) in &expected.files {
            let mut entry = archive.by_name(&format!("sample/{name}")).unwrap();
            let mut got = String::new();
            entry.read_to_string(&mut got).unwrap();
            assert_eq!(&got, text, "{name}");
        }
        assert_eq!(export_zip(&design, "sample").unwrap().zip, exported.zip);
    }

    #[test]
    fn every_exporter_warning_reaches_the_user() {
        // The sample's bastion has a public IP AWS would assign: the exporter says so.
        let design = sim::network::samples::sample_design();
        let exported = export_zip(&design, "sample").unwrap();
        let expected = export_design_terraform(&design);
        assert_eq!(exported.warnings.len(), expected.warnings.len());
        assert!(!exported.warnings.is_empty());
    }
}
