//! `shop_vocabulary`: the catalogue's words (letters only, three or more, from the products'
//! names, brands and models), for correcting a customer's typo to a word the catalogue has before
//! searching: a trigram scan of 100 000 names is slow to ask "what looks like this", a vocabulary
//! of a few thousand words is not. Rebuilt every ten minutes by the shop's background task (and
//! for a store that has none yet, on its first typo).

use super::{Db, execute, query};
use pos_server::ApiError;
use uuid::Uuid;

/// The store's vocabulary as last built.
pub async fn vocabulary(db: &impl Db, store: Uuid) -> Result<Vec<String>, ApiError> {
    let rows = query(db, "SELECT word FROM shop_vocabulary WHERE store_id = $1", &[&store]).await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// Builds the store's vocabulary again from its products for sale: how many words it has.
pub async fn rebuild(db: &impl Db, store: Uuid) -> Result<u64, ApiError> {
    execute(db, "DELETE FROM shop_vocabulary WHERE store_id = $1", &[&store]).await?;
    // ts_stat takes its query as text; the store id is a formatted UUID, nothing a customer typed.
    let sql = format!(
        "INSERT INTO shop_vocabulary (store_id, word)
         SELECT $1, word FROM ts_stat('SELECT words FROM shop_products WHERE store_id = ''{store}'' AND active')
         WHERE word ~ '^[[:alpha:]]{{3,40}}$' LIMIT 100000"
    );
    execute(db, &sql, &[&store]).await
}

/// Every store with products (their vocabularies are rebuilt, dropping words no product has).
pub async fn stores(db: &impl Db) -> Result<Vec<Uuid>, ApiError> {
    let rows = query(db, "SELECT DISTINCT store_id FROM shop_products", &[]).await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
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

/// The word as the catalogue spells it: itself when some catalogue word starts with it (or it has
/// a digit: a model or a SKU), else the most similar word (at least 0.35 alike), else itself.
pub fn correct(word: &str, vocabulary: &[String]) -> String {
    if word.chars().count() < 3
        || word.chars().any(|c| c.is_ascii_digit())
        || vocabulary.iter().any(|v| v.starts_with(word))
    {
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
        assert_eq!(correct("f31o", &v), "f31o", "a model number is searched as typed");
        assert!(similarity("gitar", "gitar") > 0.99);
    }
}
