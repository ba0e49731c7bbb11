//! Searching the chat list a slice at a time: a search over hundreds of
//! long chats reads megabytes of text, so the page asks for a few
//! milliseconds' worth at a time and shows the hits found so far, under
//! their date headings.

use super::entries::Entry;
use super::{Env, ListItem, Session};
use crate::chat::dates::{DateGroup, DayBounds};
use crate::chat::search::Query;
use crate::store::KeyValue;

/// A search under way: the query, how far down the list it got, and what it
/// found. Start a new one when the query or the list changes.
#[derive(Debug, Clone)]
pub struct SearchRun {
    query: Query,
    next: usize,
    hits: Vec<ListItem>,
    /// Today's date headings, fixed when the run starts.
    days: Option<DayBounds>,
    /// The group of the last hit: the next one starts a heading when its
    /// group differs.
    group: Option<DateGroup>,
}

impl SearchRun {
    pub fn new(query: &str) -> Self {
        SearchRun {
            query: Query::new(query),
            next: 0,
            hits: Vec::new(),
            days: None,
            group: None,
        }
    }

    /// The matching chats found so far, in list order.
    pub fn hits(&self) -> &[ListItem] {
        &self.hits
    }
}

impl<K: KeyValue, E: Env> Session<K, E> {
    /// Look through more of the list for `run`, for about `budget_ms` (at
    /// least one chat). True while the list is not searched to its end.
    pub fn search_some(&self, run: &mut SearchRun, budget_ms: f64) -> bool {
        let start = self.env.now_ms();
        let days = *run
            .days
            .get_or_insert_with(|| DayBounds::new(start, |ms| self.env.midnight_ms(ms)));
        let entries = self.chats.all();
        while let Some(entry) = entries.get(run.next) {
            run.next += 1;
            if let Some(mut item) = list_item(entry, &run.query) {
                let group = Some(days.group(entry.updated_ms()));
                item.group = group;
                if group != run.group {
                    item.heading = group;
                    run.group = group;
                }
                run.hits.push(item);
            }
            if self.env.now_ms() - start >= budget_ms {
                break;
            }
        }
        run.next < entries.len()
    }

    /// The chats to list, newest first, that match `query` (every one for
    /// an empty query), all at once. Chats with no messages yet are not
    /// listed. A chat not read yet matches by its title until it is read.
    pub fn list(&self, query: &str) -> Vec<ListItem> {
        let mut run = SearchRun::new(query);
        self.search_some(&mut run, f64::INFINITY);
        run.hits
    }
}

/// `entry` as a row of the list, if it matches.
fn list_item(entry: &Entry, query: &Query) -> Option<ListItem> {
    match entry {
        _ if entry.is_empty() => None,
        Entry::Read(c) => query.matches(c).map(|hit| ListItem {
            id: hit.id,
            title: c.display_title(),
            snippet: hit.snippet,
            group: None,
            heading: None,
            pinned: c.pinned_ms.is_some(),
            folder: c.folder.clone(),
        }),
        Entry::Unread(e) => {
            let title = entry.title();
            query.matches_title(&title).then(|| ListItem {
                id: e.id.clone(),
                title,
                snippet: None,
                group: None,
                heading: None,
                pinned: e.pinned_ms.is_some(),
                folder: e.folder.clone(),
            })
        }
    }
}
