//! The closed world a handout is typeset in: the theme's PDF templates, the
//! fonts, one data file and the toolkit's static images — nothing else. Typst
//! asks the world for every file it reads, so a template or a page can reach
//! no file on disk, no package and no network.

use std::collections::{BTreeMap, HashMap};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

use crate::load::Asset;

/// The data file every template reads: `json("/data.json")`.
pub const DATA_FILE: &str = "/data.json";
/// Where the templates find images: `/assets/<path in the site>`.
pub const ASSETS: &str = "/assets/";

/// What is shared by every handout of a build: the standard library, the
/// fonts and the templates, each loaded once.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// Template file id → (the file it came from, for messages; its source).
    templates: HashMap<FileId, (String, Source)>,
    /// The static images a page may show, by site path; read when asked for.
    images: BTreeMap<String, Asset>,
}

/// A file id in the world's one root.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("the world's paths are absolute and normal");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl Engine {
    /// `templates`: name (`card.typ`) → (file for messages, text); `fonts`:
    /// font files' bytes; `images`: site path → bytes.
    pub fn new(
        templates: &BTreeMap<String, (String, String)>,
        fonts: &[Bytes],
        images: BTreeMap<String, Asset>,
    ) -> Engine {
        let fonts: Vec<Font> = fonts.iter().flat_map(|b| Font::iter(b.clone())).collect();
        let templates = templates
            .iter()
            .map(|(name, (file, text))| {
                let id = file_id(&format!("/{name}"));
                (id, (file.clone(), Source::new(id, text.clone())))
            })
            .collect();
        Engine {
            // `a11y-extras` gives the templates row headers (`pdf.header-cell`)
            // for label–value tables.
            library: LazyHash::new(
                Library::builder()
                    .with_features([Feature::A11yExtras].into_iter().collect())
                    .build(),
            ),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            templates,
            images,
        }
    }

    /// The file a template came from, for messages.
    pub fn template_file(&self, id: FileId) -> Option<&str> {
        self.templates.get(&id).map(|(file, _)| file.as_str())
    }

    pub fn template_source(&self, id: FileId) -> Option<&Source> {
        self.templates.get(&id).map(|(_, source)| source)
    }

    pub fn has_image(&self, path: &str) -> bool {
        self.images.contains_key(path)
    }

    /// An image's size and time of change, by the path the templates use
    /// (`/assets/…`), for the cache keys.
    pub fn image_stamp(&self, src: &str) -> ImageStamp {
        let asset = self.images.get(src.strip_prefix(ASSETS)?)?;
        match asset {
            Asset::Embedded(bytes) => Some((bytes.len() as u64, None)),
            Asset::Disk { path, .. } => std::fs::metadata(path)
                .ok()
                .map(|m| (m.len(), m.modified().ok())),
        }
    }
}

/// What says an image changed: its size and time of change.
pub type ImageStamp = Option<(u64, Option<std::time::SystemTime>)>;

/// One typesetting run: the engine, a main source and the page's data.
pub struct Job<'a> {
    pub engine: &'a Engine,
    pub main: Source,
    pub data: Bytes,
}

impl World for Job<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        match self.engine.templates.get(&id) {
            Some((_, source)) => Ok(source.clone()),
            None => Err(not_found(id)),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.get().vpath().get_with_slash();
        if path == DATA_FILE {
            return Ok(self.data.clone());
        }
        if let Some(site_path) = path.strip_prefix(ASSETS)
            && let Some(asset) = self.engine.images.get(site_path)
        {
            return match asset.read() {
                Ok(bytes) => Ok(Bytes::new(bytes.into_owned())),
                Err(_) => Err(FileError::AccessDenied),
            };
        }
        match self.engine.templates.get(&id) {
            Some((_, source)) => Ok(Bytes::from_string(source.text().to_string())),
            None => Err(not_found(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    /// A fixed date: a handout's bytes depend only on its content, so that
    /// rebuilds are byte-identical and the cache can keep it.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.get().vpath().get_with_slash().to_string().into())
}
