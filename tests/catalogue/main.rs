//! The catalogue as editors and readers meet it: fiction labels and quizzes
//! (`fiction_quiz`), init / new / schema and the built-in theme (`editors`),
//! images, publishing with templates, regional editions.

#[path = "../common/mod.rs"]
mod common;
#[path = "../serve_support/mod.rs"]
mod support;

mod editors;
mod fiction_quiz;
mod images;
mod publish_templates;
mod regional;
