//! Categories as the back office synced them (`entities` of kind `category`): a store has tens to
//! a few hundred, read whole and nested in memory.

use super::{Db, query};
use pos_server::ApiError;
use serde_json::Value;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
}

/// The store's active categories.
pub async fn all(db: &impl Db, store: Uuid) -> Result<Tree, ApiError> {
    let rows = query(
        db,
        "SELECT id, state FROM entities WHERE store_id = $1 AND kind = 'category'",
        &[&store],
    )
    .await?;
    let mut list: Vec<Category> = rows
        .iter()
        .filter_map(|r| {
            let state: Value = r.get(1);
            if state.get("active").and_then(Value::as_bool) == Some(false) {
                return None;
            }
            Some(Category {
                id: r.get(0),
                parent_id: state.get("parent_id").and_then(Value::as_str).map(str::to_string),
                name: state.get("name").and_then(Value::as_str).unwrap_or("").to_string(),
            })
        })
        .collect();
    list.sort_by_key(|a| a.name.to_lowercase());
    Ok(Tree { list })
}

/// The categories, nested by parent.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    list: Vec<Category>,
}

impl Tree {
    pub fn get(&self, id: &str) -> Option<&Category> {
        self.list.iter().find(|c| c.id == id)
    }

    /// Top-level categories (and those whose parent is gone).
    pub fn roots(&self) -> Vec<&Category> {
        self.list
            .iter()
            .filter(|c| c.parent_id.as_deref().is_none_or(|p| self.get(p).is_none()))
            .collect()
    }

    pub fn children(&self, id: &str) -> Vec<&Category> {
        self.list
            .iter()
            .filter(|c| c.parent_id.as_deref() == Some(id))
            .collect()
    }

    /// The category and every one under it (what its page lists).
    pub fn with_descendants(&self, id: &str) -> Vec<String> {
        let mut out = vec![id.to_string()];
        let mut i = 0;
        while i < out.len() {
            let parent = out[i].clone();
            for c in self.children(&parent) {
                if !out.contains(&c.id) {
                    out.push(c.id.clone());
                }
            }
            i += 1;
        }
        out
    }

    /// From the top down to the category (the breadcrumb). A cycle stops the walk.
    pub fn path(&self, id: &str) -> Vec<&Category> {
        let mut out = Vec::new();
        let mut cur = self.get(id);
        while let Some(c) = cur {
            if out.iter().any(|x: &&Category| x.id == c.id) {
                break;
            }
            out.push(c);
            cur = c.parent_id.as_deref().and_then(|p| self.get(p));
        }
        out.reverse();
        out
    }

    pub fn all(&self) -> &[Category] {
        &self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, parent: Option<&str>) -> Category {
        Category {
            id: id.into(),
            parent_id: parent.map(str::to_string),
            name: id.to_uppercase(),
        }
    }

    #[test]
    fn a_category_lists_what_is_under_it_and_a_cycle_ends() {
        let t = Tree {
            list: vec![
                c("guitars", None),
                c("electric", Some("guitars")),
                c("strat", Some("electric")),
                c("amps", None),
            ],
        };
        assert_eq!(t.with_descendants("guitars"), vec!["guitars", "electric", "strat"]);
        assert_eq!(
            t.path("strat").iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            vec!["guitars", "electric", "strat"]
        );
        assert_eq!(t.roots().len(), 2);
        let cyc = Tree {
            list: vec![c("a", Some("b")), c("b", Some("a"))],
        };
        assert_eq!(cyc.path("a").len(), 2);
        assert_eq!(cyc.with_descendants("a"), vec!["a", "b"]);
    }
}
