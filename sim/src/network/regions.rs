//! The availability zones of real AWS regions: the zones a design's region offers, so the
//! canvas can place a box per zone and a subnet can only move to a zone its region has.
//!
//! **Invariant**: a region missing from the table is an error ([`UnknownRegion`]), never a
//! guessed list. Zone names are the common ones (AWS maps letters per account, and some older
//! accounts see other letters in `us-east-1` and `us-west-1`).

use std::fmt;

use super::msg::{msg, Text};

/// (region, zone letters), alphabetical by region.
const REGIONS: &[(&str, &str)] = &[
    ("af-south-1", "abc"),
    ("ap-east-1", "abc"),
    ("ap-northeast-1", "acd"),
    ("ap-northeast-2", "abcd"),
    ("ap-northeast-3", "abc"),
    ("ap-south-1", "abc"),
    ("ap-south-2", "abc"),
    ("ap-southeast-1", "abc"),
    ("ap-southeast-2", "abc"),
    ("ap-southeast-3", "abc"),
    ("ap-southeast-4", "abc"),
    ("ca-central-1", "abd"),
    ("eu-central-1", "abc"),
    ("eu-central-2", "abc"),
    ("eu-north-1", "abc"),
    ("eu-south-1", "abc"),
    ("eu-south-2", "abc"),
    ("eu-west-1", "abc"),
    ("eu-west-2", "abc"),
    ("eu-west-3", "abc"),
    ("il-central-1", "abc"),
    ("me-central-1", "abc"),
    ("me-south-1", "abc"),
    ("sa-east-1", "abc"),
    ("us-east-1", "abcdef"),
    ("us-east-2", "abc"),
    ("us-west-1", "bc"),
    ("us-west-2", "abcd"),
];

/// A region the table does not know (or no region at all).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRegion(pub String);

impl UnknownRegion {
    /// The sentence with its message key, for the app's translation.
    pub fn text(&self) -> Text {
        let region = &self.0;
        if region.is_empty() {
            msg!("region-none", "The design names no region, so its availability zones are unknown: set the region (e.g. us-east-1).")
        } else {
            msg!("region-unknown", "`{region}` is not an AWS region Stratosim knows, so its availability zones are unknown (known: us-east-1, eu-west-1, ap-northeast-2, …).", region)
        }
    }
}

impl fmt::Display for UnknownRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for UnknownRegion {}

/// The region's availability zones in order, e.g. `ap-northeast-2a` … `ap-northeast-2d`.
pub fn zones(region: &str) -> Result<Vec<String>, UnknownRegion> {
    REGIONS
        .iter()
        .find(|(r, _)| *r == region)
        .map(|(r, letters)| letters.chars().map(|c| format!("{r}{c}")).collect())
        .ok_or_else(|| UnknownRegion(region.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_have_their_real_zones() {
        // The two: ap-northeast-2 has a–d, us-east-1 a–f.
        assert_eq!(
            zones("ap-northeast-2").unwrap(),
            [
                "ap-northeast-2a",
                "ap-northeast-2b",
                "ap-northeast-2c",
                "ap-northeast-2d"
            ]
        );
        assert_eq!(zones("us-east-1").unwrap().len(), 6);
        assert_eq!(zones("us-east-1").unwrap()[5], "us-east-1f");
    }

    #[test]
    fn an_unknown_region_is_an_error_naming_it_not_a_default() {
        let e = zones("mars-north-1").unwrap_err();
        assert!(e.to_string().contains("`mars-north-1`"), "{e}");
        assert!(zones("")
            .unwrap_err()
            .to_string()
            .contains("names no region"));
    }

    #[test]
    fn the_table_is_sorted_and_has_no_duplicates() {
        assert!(REGIONS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
