//! `repr(float)` exactly as CPython writes it: the shortest digit string that reads back as the
//! same double, in positional notation when the decimal exponent is in -4..16 and in scientific
//! notation otherwise (`1e-05`, `0.0001`, `1e+16`, `1234567890123456.0`), with `.0` on integral
//! positional values, and `inf`, `-inf`, `nan`, `-0.0`.

/// The shortest round-trip decimal digits `d1 d2 ...` of a finite non-zero `v`, and the exponent
/// `e` such that `|v| = d1.d2... × 10**e`.
fn shortest_digits(v: f64) -> (String, i32) {
    // Rust's `{:e}` writes the shortest round-trip digits: "1.2345e-5", "1e16".
    let text = format!("{:e}", v.abs());
    let (mantissa, exponent) = text.split_once('e').expect("`{:e}` writes an exponent");
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    (digits, exponent.parse().expect("`{:e}` writes a decimal exponent"))
}

/// `repr(v)` as CPython 3.11 gives it.
pub fn float_repr(v: f64) -> String {
    if v.is_nan() {
        return "nan".to_owned();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let sign = if v.is_sign_negative() { "-" } else { "" };
    if v == 0.0 {
        return format!("{sign}0.0");
    }
    let (digits, e) = shortest_digits(v);
    let body = if !(-4..16).contains(&e) {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let exp_sign = if e < 0 { '-' } else { '+' };
        format!("{first}{fraction}e{exp_sign}{:02}", e.abs())
    } else if e < 0 {
        format!("0.{}{digits}", "0".repeat((-e - 1) as usize))
    } else {
        let point = e as usize + 1;
        if digits.len() <= point {
            format!("{digits}{}.0", "0".repeat(point - digits.len()))
        } else {
            format!("{}.{}", &digits[..point], &digits[point..])
        }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::float_repr;

    #[test]
    fn writes_like_cpython() {
        let cases = [
            (1.5, "1.5"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-5, "1e-05"),
            (1e-4, "0.0001"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (123456789.125, "123456789.125"),
            (1.0 / 3.0, "0.3333333333333333"),
            (2.5e-308, "2.5e-308"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (-1234.5e20, "-1.2345e+23"),
            (100.0, "100.0"),
        ];
        for (v, want) in cases {
            assert_eq!(float_repr(v), want, "repr of {v:e}");
        }
    }
}
