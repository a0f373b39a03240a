//! Card tiles: each card's tile rendered once and shared by every listing
//! that shows it, and (for `serve`) kept between rebuilds for cards that did
//! not change.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::context::card_summary;
use crate::model::{Page, PageId, Site};

/// One card's rendered tiles, by the `root` prefix of their links.
type TilesByRoot = Vec<(String, Arc<str>)>;

/// Rendered card tiles, made once for all the listings being rendered: on a
/// large toolkit each card appears in the card index and in several tag,
/// audience and setting pages, and rendering its tile again for each is most
/// of their cost. `serve` also keeps the tiles between
/// rebuilds ([`KeptTiles`]).
pub struct CardTiles {
    /// Per card a listing being rendered shows, its tile for each `root`
    /// prefix asked so far (listings sit at two depths).
    tiles: HashMap<PageId, Mutex<TilesByRoot>>,
}

impl CardTiles {
    /// Tiles for the cards the listings at `listings` (indexes into
    /// `site.listings`) show, starting from those `kept` from an earlier
    /// build of cards that have not changed since.
    pub fn of_listings(
        site: &Site,
        listings: impl IntoIterator<Item = usize>,
        kept: &KeptTiles,
    ) -> CardTiles {
        let mut tiles = HashMap::new();
        for index in listings {
            for &id in &site.listings[index].cards {
                tiles
                    .entry(id)
                    .or_insert_with(|| Mutex::new(kept.tiles_of(&site.pages[id])));
            }
        }
        CardTiles { tiles }
    }

    /// The tile of card `id` for a listing whose links start with `root`,
    /// rendered by `render` from its summary the first time it is asked for.
    pub fn tile(
        &self,
        site: &Site,
        id: PageId,
        root: &str,
        render: impl FnOnce(&Value) -> crate::Result<String>,
    ) -> crate::Result<Arc<str>> {
        let Some(slot) = self.tiles.get(&id) else {
            return render(&card_summary(site, id)).map(Arc::from);
        };
        if let Some((_, tile)) = lock(slot).iter().find(|(r, _)| r == root) {
            return Ok(Arc::clone(tile));
        }
        let tile: Arc<str> = render(&card_summary(site, id))?.into();
        lock(slot).push((root.to_string(), Arc::clone(&tile)));
        Ok(tile)
    }

    /// Keeps the tiles of this render for the next one (`serve`).
    pub fn keep(self, site: &Site, kept: &mut KeptTiles) {
        for (id, tiles) in self.tiles {
            let tiles = tiles.into_inner().unwrap_or_else(|e| e.into_inner());
            if !tiles.is_empty() {
                kept.put(&site.pages[id], tiles);
            }
        }
    }
}

/// Card tiles kept between rebuilds, by site language and source file. A
/// tile is reused while its card's front matter is the very object it was
/// made from (its file was not read again) and its path and language stay
/// the same; everything else in a tile comes from the UI strings and
/// templates, and a change to those starts with an empty `KeptTiles`.
#[derive(Default)]
pub struct KeptTiles {
    cards: HashMap<(String, String), KeptCard>,
}

struct KeptCard {
    front: Arc<crate::content::FrontMatter>,
    path: String,
    content_lang: String,
    tiles: TilesByRoot,
}

impl KeptTiles {
    fn tiles_of(&self, page: &Page) -> TilesByRoot {
        match self.cards.get(&(page.lang.clone(), page.file.clone())) {
            Some(kept)
                if Arc::ptr_eq(&kept.front, &page.front)
                    && kept.path == page.path
                    && kept.content_lang == page.content_lang =>
            {
                kept.tiles.clone()
            }
            _ => Vec::new(),
        }
    }

    fn put(&mut self, page: &Page, tiles: TilesByRoot) {
        let card = KeptCard {
            front: Arc::clone(&page.front),
            path: page.path.clone(),
            content_lang: page.content_lang.clone(),
            tiles,
        };
        self.cards
            .insert((page.lang.clone(), page.file.clone()), card);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A poisoned lock only means another render panicked; the list is whole.
    m.lock().unwrap_or_else(|e| e.into_inner())
}
