//! Kubernetes resource quantities (`500m`, `2Gi`, `1e3`, `1k`, `0.5`).
//!
//! Guarantees: parsing never panics; values are rounded **up** to the requested unit like
//! `resource.Quantity.MilliValue()` / `Value()` do (k8s.io/apimachinery `pkg/api/resource/quantity.go`);
//! an overflow or malformed string is an error carrying the input.

use thiserror::Error;

use crate::network::msg::{msg, Text};

/// A malformed quantity string.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid quantity {input:?}: {why}")]
pub struct QuantityError {
    pub input: String,
    pub why: &'static str,
}

impl QuantityError {
    /// The error as a message (the English of its `Display`, with a key for the app).
    pub fn text(&self) -> Text {
        let why = match self.why {
            "empty" => msg!("k8s-quantity-empty", "empty"),
            "expected a number" => msg!("k8s-quantity-not-a-number", "expected a number"),
            "number too large" => msg!("k8s-quantity-too-large", "number too large"),
            "bad exponent" => msg!("k8s-quantity-bad-exponent", "bad exponent"),
            "exponent out of range" => {
                msg!("k8s-quantity-exponent-range", "exponent out of range")
            }
            "unknown suffix" => msg!("k8s-quantity-unknown-suffix", "unknown suffix"),
            other => Text::from(other),
        };
        msg!(
            "k8s-quantity-invalid",
            "invalid quantity {input}: {why}",
            input = format!("{:?}", self.input),
            why
        )
    }
}

/// Parses a quantity and returns it scaled by `10^scale`, rounded up
/// (`scale = 3` gives millis, `scale = 0` whole units).
pub fn parse_scaled(input: &str, scale: i32) -> Result<i64, QuantityError> {
    let err = |why| QuantityError {
        input: input.to_string(),
        why,
    };
    let s = input.trim();
    if s.is_empty() {
        return Err(err("empty"));
    }
    let (negative, s) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let num_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, suffix) = s.split_at(num_end);
    if number.is_empty() || number == "." || number.matches('.').count() > 1 {
        return Err(err("expected a number"));
    }
    let (int_part, frac_part) = number.split_once('.').unwrap_or((number, ""));
    let mut mantissa: i128 = 0;
    for c in int_part.chars().chain(frac_part.chars()) {
        mantissa = mantissa
            .checked_mul(10)
            .and_then(|m| m.checked_add(i128::from(c as u8 - b'0')))
            .ok_or_else(|| err("number too large"))?;
    }
    let mut exp10: i32 = -(frac_part.len() as i32);
    let mut exp2: u32 = 0;
    match suffix {
        "" => {}
        "n" => exp10 -= 9,
        "u" => exp10 -= 6,
        "m" => exp10 -= 3,
        "k" => exp10 += 3,
        "M" => exp10 += 6,
        "G" => exp10 += 9,
        "T" => exp10 += 12,
        "P" => exp10 += 15,
        "E" => exp10 += 18,
        "Ki" => exp2 = 10,
        "Mi" => exp2 = 20,
        "Gi" => exp2 = 30,
        "Ti" => exp2 = 40,
        "Pi" => exp2 = 50,
        "Ei" => exp2 = 60,
        other if other.starts_with(['e', 'E']) => {
            let e: i32 = other[1..].parse().map_err(|_| err("bad exponent"))?;
            if e.abs() > 40 {
                return Err(err("exponent out of range"));
            }
            exp10 += e;
        }
        _ => return Err(err("unknown suffix")),
    }
    exp10 += scale;
    let mut value = mantissa
        .checked_mul(1i128 << exp2)
        .ok_or_else(|| err("number too large"))?;
    if exp10 >= 0 {
        for _ in 0..exp10 {
            value = value
                .checked_mul(10)
                .ok_or_else(|| err("number too large"))?;
        }
    } else {
        let mut div: i128 = 1;
        for _ in 0..(-exp10) {
            div = match div.checked_mul(10) {
                Some(d) => d,
                None => {
                    // Divisor larger than any value: the result rounds up to 1 (or 0).
                    return Ok(if value > 0 {
                        if negative {
                            0
                        } else {
                            1
                        }
                    } else {
                        0
                    });
                }
            };
        }
        // Round away from zero like Quantity.MilliValue (ceil for positive values).
        value = (value + div - 1) / div;
    }
    if negative {
        value = -value;
    }
    i64::try_from(value).map_err(|_| err("number too large"))
}

/// Millicores (or milli-units) of a quantity: `500m` → 500, `2` → 2000.
pub fn parse_milli(input: &str) -> Result<i64, QuantityError> {
    parse_scaled(input, 3)
}

/// Whole units of a quantity, rounded up: `2Gi` → 2147483648, `1e3` → 1000.
pub fn parse_value(input: &str) -> Result<i64, QuantityError> {
    parse_scaled(input, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_follow_the_kubernetes_suffixes() {
        // k8s.io/apimachinery/pkg/api/resource/quantity.go: decimal SI, binary SI and exponent forms.
        let cases: &[(&str, i32, i64)] = &[
            ("500m", 3, 500),
            ("2", 3, 2000),
            ("0.5", 3, 500),
            ("1.5", 3, 1500),
            ("2Gi", 0, 2 * 1024 * 1024 * 1024),
            ("200Mi", 0, 209_715_200),
            ("1e3", 0, 1000),
            ("1E3", 0, 1000),
            ("1k", 0, 1000),
            ("1M", 0, 1_000_000),
            ("1Ki", 0, 1024),
            ("100n", 3, 1), // rounds up like MilliValue
            ("1m", 0, 1),   // rounds up like Value
            ("+3", 0, 3),
        ];
        for (input, scale, want) in cases {
            assert_eq!(
                parse_scaled(input, *scale),
                Ok(*want),
                "{input} at scale {scale}"
            );
        }
    }

    #[test]
    fn malformed_quantities_are_errors_naming_the_input() {
        for input in [
            "",
            "abc",
            "1.2.3",
            "5X",
            "1e",
            "99999999999999999999999999Ei",
            ".",
        ] {
            let e = parse_value(input).unwrap_err();
            assert_eq!(e.input, input);
        }
    }
}
