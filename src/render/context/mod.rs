//! The variables templates receive, as typed structs.
//!
//! Every template's Tera context is serialised from these structs
//! ([`tera::Context::from_serialize`]), so a template variable is a field
//! here and nothing else. Each struct is declared with [`vars!`], which
//! also lists its fields with their doc comments: `docs/templates.md` is
//! generated from that list ([`docs::generate`]) and a test fails when the
//! file and the structs disagree (see the module docs of [`docs`] for how
//! to update the file).

pub mod docs;
mod frame;
mod listing;
mod page;

pub use frame::*;
pub use listing::*;
pub use page::*;

/// One field of a template-variable struct, for the documentation.
#[derive(Debug, Clone)]
pub struct Field {
    /// The variable's name, as templates write it.
    pub name: &'static str,
    /// What it holds, in words ("string", "list of term"…).
    pub shape: String,
    /// Its doc comment.
    pub doc: &'static str,
    /// Whether its fields are serialised in place of it (`#[serde(flatten)]`).
    pub flatten: bool,
    /// Its serde attribute, if any (only `flatten` keeps the names true).
    pub serde: &'static str,
}

/// A struct of template variables: its fields, for the documentation.
pub trait Vars {
    /// The struct's doc comment.
    fn doc() -> &'static str;
    /// Its fields, in order.
    fn fields() -> Vec<Field>;
}

/// How a value looks to a template, in words, for the documentation.
pub trait Shape {
    fn shape() -> String;
}

macro_rules! shape {
    ($text:literal: $($t:ty),*) => {
        $(impl Shape for $t {
            fn shape() -> String {
                $text.into()
            }
        })*
    };
}
shape!("string": String, str);
shape!("boolean": bool);
shape!("number": u8, u32, u64, usize, i32);
shape!("map": std::collections::BTreeMap<String, String>);
shape!("object": serde_json::Value);
shape!("`{level, id, title}`": crate::render::markdown::TocEntry);
shape!("`{metric, value}`": crate::content::ResultLine);

impl<T: Shape + ?Sized> Shape for &T {
    fn shape() -> String {
        T::shape()
    }
}

impl<T: Shape + Clone> Shape for std::borrow::Cow<'_, T> {
    fn shape() -> String {
        T::shape()
    }
}

impl<T: Shape> Shape for Option<T> {
    fn shape() -> String {
        format!("{} or null", T::shape())
    }
}

impl<T: Shape> Shape for Vec<T> {
    fn shape() -> String {
        format!("list of {}", T::shape())
    }
}

impl<T: Shape> Shape for [T] {
    fn shape() -> String {
        format!("list of {}", T::shape())
    }
}

impl<K, V: Shape> Shape for std::collections::BTreeMap<K, &V> {
    fn shape() -> String {
        format!("map of {}", V::shape())
    }
}

/// Declares a struct of template variables: `Serialize`, and [`Vars`]
/// listing its fields with their doc comments. `as "name"` gives the
/// shape a name the documentation defines once (`term`, `card`…); without
/// it, the shape is written out as `{field, field…}`.
macro_rules! vars {
    (
        $(#[doc = $doc:literal])*
        $(#[derive($($derive:ident),*)])?
        pub struct $name:ident $(<$lt:lifetime>)? $(as $shape:literal)? {
            $(
                $(#[doc = $fdoc:literal])*
                $(#[serde($serde:ident)])?
                pub $field:ident : $ty:ty,
            )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, serde::Serialize $($(, $derive)*)?)]
        pub struct $name $(<$lt>)? {
            $(
                $(#[doc = $fdoc])*
                $(#[serde($serde)])?
                pub $field: $ty,
            )*
        }

        impl $(<$lt>)? $crate::render::context::Vars for $name $(<$lt>)? {
            fn doc() -> &'static str {
                concat!($($doc, "\n",)*)
            }

            fn fields() -> Vec<$crate::render::context::Field> {
                vec![$(
                    $crate::render::context::Field {
                        name: stringify!($field),
                        shape: <$ty as $crate::render::context::Shape>::shape(),
                        doc: concat!($($fdoc, "\n",)*),
                        flatten: stringify!($($serde)?) == "flatten",
                        serde: stringify!($($serde)?),
                    },
                )*]
            }
        }

        impl $(<$lt>)? $crate::render::context::Shape for $name $(<$lt>)? {
            fn shape() -> String {
                let named: Option<&str> = None $(.or(Some($shape)))?;
                match named {
                    Some(n) => n.to_owned(),
                    None => format!(
                        "`{{{}}}`",
                        [$(stringify!($field)),*].join(", ")
                    ),
                }
            }
        }
    };
}
pub(crate) use vars;

/// The variables a template receives besides [`Common`] and [`Frame`]:
/// one variable named after what it renders (`page`, `listing`…).
#[derive(Debug, Clone, serde::Serialize)]
#[serde(untagged)]
pub enum JobVars<'a> {
    /// `root.html`, `search.html`: nothing more.
    Nothing {},
    NotFound(NotFoundVars<'a>),
    Home {
        home: HomeVars<'a>,
    },
    Listing {
        listing: ListingVars<'a>,
    },
    Page {
        page: Box<PageVars<'a>>,
    },
    Sitemap {
        sitemap: SitemapVars,
    },
}

/// What one page adds to its language's [`Common`] variables.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageContext<'a> {
    #[serde(flatten)]
    pub frame: Frame,
    #[serde(flatten)]
    pub vars: JobVars<'a>,
}
