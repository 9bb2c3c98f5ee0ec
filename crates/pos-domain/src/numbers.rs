//! The numbers terminals print: receipts, returns, delivery orders and back-orders. Each is the
//! branch code, the terminal code, the series letter (none for receipts) and a sequence, so every
//! terminal's numbers are unique without a network (`BDG1-T2-000123`, `BDG1-T2-R000004`,
//! `BDG1-T2-D000017`) and the sync server can tell whose a number is.

/// A number a terminal gives a sale, return or order: `BRANCH-TERMINAL-` then the series letter
/// (none for receipts) and six or more digits, so that every terminal's numbers are unique
/// without a network and the server can tell whose a number is.
pub fn number(branch: &str, terminal: &str, series: &str, n: i64) -> String {
    format!("{branch}-{terminal}-{series}{n:06}")
}

/// The sequence inside a number of this branch, terminal and series, or None when the number is
/// not theirs.
pub fn number_seq(number: &str, branch: &str, terminal: &str, series: &str) -> Option<i64> {
    let rest = number
        .strip_prefix(branch)?
        .strip_prefix('-')?
        .strip_prefix(terminal)?
        .strip_prefix('-')?
        .strip_prefix(series)?;
    if rest.len() < 6 || rest.len() > 12 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_say_whose_they_are() {
        let n = number("BDG1", "T2", "D", 42);
        assert_eq!(n, "BDG1-T2-D000042");
        assert_eq!(number_seq(&n, "BDG1", "T2", "D"), Some(42));
        assert_eq!(number_seq(&n, "BDG1", "T1", "D"), None, "another till's");
        assert_eq!(
            number_seq(&n, "BDG", "T2", "D"),
            None,
            "a prefix of the branch is not the branch"
        );
        assert_eq!(number_seq("BDG1-T2-000042", "BDG1", "T2", ""), Some(42));
        assert_eq!(
            number_seq("BDG1-T2-R000042", "BDG1", "T2", ""),
            None,
            "a return is not a receipt"
        );
        assert_eq!(number_seq("BDG1-T2-D12", "BDG1", "T2", "D"), None);
        assert_eq!(
            number_seq("BDG1-D000001", "BDG1", "T2", "D"),
            None,
            "the old per-branch numbers"
        );
    }
}
