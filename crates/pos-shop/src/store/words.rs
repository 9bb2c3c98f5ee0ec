//! The catalogue's vocabulary (every word of the products' names, brands, models and SKUs), for
//! correcting a customer's typo to a word the catalogue has before searching: a trigram index over
//! 100 000 names is slow to ask "what looks like this", a vocabulary of a few thousand words is not.

use super::{Db, query};
use pos_server::ApiError;
use uuid::Uuid;

/// Every distinct word of the store's products for sale.
pub async fn vocabulary(db: &impl Db, store: Uuid) -> Result<Vec<String>, ApiError> {
    // ts_stat takes its query as text; the store id is a formatted UUID, nothing a customer typed.
    let sql = format!(
        "SELECT word FROM ts_stat('SELECT words FROM shop_products WHERE store_id = ''{store}'' AND active')
         ORDER BY ndoc DESC LIMIT 50000"
    );
    Ok(query(db, &sql, &[]).await?.iter().map(|r| r.get(0)).collect())
}

fn trigrams(word: &str) -> Vec<[char; 3]> {
    let padded: Vec<char> = format!("  {word} ").chars().collect();
    let mut t: Vec<[char; 3]> = padded.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
    t.sort();
    t.dedup();
    t
}

/// pg_trgm's similarity of two words: shared trigrams over all trigrams.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (trigrams(a), trigrams(b));
    let shared = x.iter().filter(|t| y.binary_search(t).is_ok()).count();
    let all = x.len() + y.len() - shared;
    if all == 0 { 0.0 } else { shared as f64 / all as f64 }
}

/// The word as the catalogue spells it: itself when some catalogue word starts with it, else the
/// most similar word (at least 0.35 alike), else itself.
pub fn correct(word: &str, vocabulary: &[String]) -> String {
    if word.chars().count() < 3 || vocabulary.iter().any(|v| v.starts_with(word)) {
        return word.to_string();
    }
    vocabulary
        .iter()
        .map(|v| (similarity(word, v), v))
        .filter(|(s, _)| *s >= 0.35)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or_else(|| word.to_string(), |(_, v)| v.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_becomes_the_catalogues_word() {
        let v: Vec<String> = ["fender", "stratocaster", "gitar", "akustik", "yamaha", "f310"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(correct("stratocastr", &v), "stratocaster");
        assert_eq!(correct("fendr", &v), "fender");
        assert_eq!(correct("yamah", &v), "yamah", "a prefix is kept as typed");
        assert_eq!(correct("akustic", &v), "akustik");
        assert_eq!(correct("zzzqqq", &v), "zzzqqq");
        assert!(similarity("gitar", "gitar") > 0.99);
    }
}
