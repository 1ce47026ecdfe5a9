//! The quiz component: a fenced ```` ```quiz ```` block in a page body,
//! parsed here and rendered as HTML that works without JavaScript.
//!
//! ````markdown
//! ```quiz
//! ? Quelle est la première étape d'un projet d'IA ?
//! - [ ] Acheter un outil
//!   > Non : l'outil se choisit après avoir défini le besoin.
//! - [x] Définir le problème à résoudre
//!   > Oui : un besoin précis guide tout le reste.
//! ```
//! ````
//!
//! Every option is a `<details>` whose `<summary>` is the option and whose
//! body says whether it is right, then why: a learner opens an answer with
//! the keyboard or a click, and nothing needs a script. Anything the
//! syntax does not allow is an error at its own line, so an editor never
//! publishes a quiz with a question that cannot be answered.

use super::escape;

/// One option of a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Line of the option, from 0 at the block's first content line.
    pub line: usize,
    pub right: bool,
    /// Inline Markdown.
    pub text: String,
    /// Markdown of the feedback lines (`>` removed), one per line.
    pub feedback: Vec<String>,
    /// Line of the first feedback line.
    pub feedback_line: usize,
}

/// One question and its options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub line: usize,
    /// Inline Markdown.
    pub text: String,
    pub options: Vec<Choice>,
}

/// A parsed quiz block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Quiz {
    pub questions: Vec<Question>,
}

/// A problem in a quiz block, at a line (from 0 at the block's first
/// content line; `None`: the block as a whole, reported at its fence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizError {
    pub line: Option<usize>,
    pub message: String,
    pub help: String,
}

const SYNTAX: &str = "a quiz holds questions `? …`, each followed by two or more options \
`- [ ] …` (wrong) or `- [x] …` (right), each option followed by its feedback `  > …`; \
separate questions with a blank line";

fn quote(s: &str) -> String {
    let t: String = s.chars().take(50).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// What one line of a quiz block is.
enum Line<'a> {
    Blank,
    Question(&'a str),
    Option {
        right: bool,
        text: &'a str,
    },
    /// Looks like an option but is not written as one.
    BadOption,
    Feedback(&'a str),
    Other,
}

fn classify(line: &str) -> Line<'_> {
    let t = line.trim();
    if t.is_empty() {
        return Line::Blank;
    }
    if let Some(rest) = t.strip_prefix('?') {
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return Line::Question(rest.trim());
        }
        return Line::Other;
    }
    if let Some(rest) = t.strip_prefix('>') {
        return Line::Feedback(rest.trim());
    }
    for (mark, right) in [("- [ ]", false), ("- [x]", true), ("- [X]", true)] {
        if let Some(rest) = t.strip_prefix(mark) {
            if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                return Line::Option {
                    right,
                    text: rest.trim(),
                };
            }
        }
    }
    let bullet = t.starts_with(['-', '*', '+']) && t[1..].trim_start().starts_with('[');
    if bullet || t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ") {
        return Line::BadOption;
    }
    Line::Other
}

/// Parses the text of a quiz block (without its fences).
pub fn parse(src: &str) -> Result<Quiz, Vec<QuizError>> {
    let mut quiz = Quiz::default();
    let mut errors = Vec::new();
    let err = |line: usize, message: String, help: &str| QuizError {
        line: Some(line),
        message,
        help: help.to_owned(),
    };
    // Whether the last non-blank line was an option or its feedback (a
    // feedback line must follow one).
    let mut in_option = false;
    for (n, line) in src.lines().enumerate() {
        match classify(line) {
            Line::Blank => {}
            Line::Question(text) => {
                in_option = false;
                if text.is_empty() {
                    errors.push(err(
                        n,
                        "quiz: a question line has no text".into(),
                        "write the question after `? `, e.g. `? Quelle est la première étape ?`",
                    ));
                }
                quiz.questions.push(Question {
                    line: n,
                    text: text.to_owned(),
                    options: Vec::new(),
                });
            }
            Line::Option { right, text } => {
                let Some(q) = quiz.questions.last_mut() else {
                    errors.push(err(
                        n,
                        format!("quiz: option `{}` comes before any question", quote(text)),
                        "start each question with a line `? …` above its options",
                    ));
                    in_option = false;
                    continue;
                };
                if text.is_empty() {
                    errors.push(err(
                        n,
                        "quiz: an option has no text".into(),
                        "write the answer after the box, e.g. `- [ ] Acheter un outil`",
                    ));
                }
                q.options.push(Choice {
                    line: n,
                    right,
                    text: text.to_owned(),
                    feedback: Vec::new(),
                    feedback_line: n + 1,
                });
                in_option = true;
            }
            Line::Feedback(text) => {
                match quiz.questions.last_mut().and_then(|q| q.options.last_mut()) {
                    Some(o) if in_option => {
                        if o.feedback.is_empty() {
                            o.feedback_line = n;
                        }
                        o.feedback.push(text.to_owned());
                    }
                    _ => errors.push(err(
                        n,
                        format!(
                            "quiz: feedback `> {}` has no option above it",
                            quote(text)
                        ),
                        "put each feedback line `  > …` right under the option `- [ ] …` it explains",
                    )),
                }
            }
            Line::BadOption => {
                in_option = false;
                errors.push(err(
                    n,
                    format!("quiz: `{}` is not written as an option", quote(line.trim())),
                    "write options as `- [ ] text` (a wrong answer) or `- [x] text` (the right one), with a space inside the box",
                ));
            }
            Line::Other => {
                in_option = false;
                errors.push(err(
                    n,
                    format!(
                        "quiz: this line is not a question, an option or a feedback: `{}`",
                        quote(line.trim())
                    ),
                    SYNTAX,
                ));
            }
        }
    }
    for q in &quiz.questions {
        let shown = quote(&q.text);
        match q.options.len() {
            0 => errors.push(err(
                q.line,
                format!("quiz: question `{shown}` has no options"),
                "give it at least two options under it: `- [ ] …` (wrong) and `- [x] …` (right)",
            )),
            1 => errors.push(err(
                q.line,
                format!("quiz: question `{shown}` has only one option"),
                "give it at least two options: `- [ ] …` (wrong) and `- [x] …` (right)",
            )),
            _ => {}
        }
        if !q.options.is_empty() && !q.options.iter().any(|o| o.right) {
            errors.push(err(
                q.line,
                format!("quiz: question `{shown}` has no right answer"),
                "mark the right option (or options) with `- [x]`",
            ));
        }
        for o in &q.options {
            if o.feedback.iter().all(|f| f.is_empty()) {
                errors.push(err(
                    o.line,
                    format!("quiz: option `{}` has no feedback", quote(&o.text)),
                    "add a line `  > …` under it saying why this answer is right or wrong",
                ));
            }
        }
    }
    if quiz.questions.is_empty() && errors.is_empty() {
        errors.push(QuizError {
            line: None,
            message: "quiz: the block holds no question".into(),
            help: SYNTAX.into(),
        });
    }
    errors.sort_by_key(|e| e.line);
    if errors.is_empty() {
        Ok(quiz)
    } else {
        Err(errors)
    }
}

/// The words a quiz shows, in the page's language.
#[derive(Debug, Clone, Copy, Default)]
pub struct QuizLabels<'a> {
    /// Title of the quiz section.
    pub title: &'a str,
    /// How to use it (one sentence).
    pub hint: &'a str,
    pub right: &'a str,
    pub wrong: &'a str,
}

/// Escapes what would make an inline fragment a block of its own (a list
/// item, a heading, a quote, a rule, a fence), so a question or an option
/// stays one line of text.
pub fn as_inline(text: &str) -> String {
    let t = text.trim();
    let mut chars = t.chars();
    let first = chars.next().unwrap_or(' ');
    let rest = chars.as_str();
    let rule = t.len() >= 3
        && matches!(first, '-' | '*' | '_')
        && t.chars().all(|c| c == first || c == ' ');
    let marker = matches!(first, '-' | '+' | '*') && (rest.is_empty() || rest.starts_with(' '))
        || first == '#'
        || first == '>'
        || t.starts_with("```")
        || t.starts_with("~~~")
        || rule;
    if marker {
        return format!("\\{t}");
    }
    // An ordered-list marker: digits then `.` or `)`.
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 10 {
        let after = &t[digits..];
        if (after.starts_with('.') || after.starts_with(')'))
            && (after.len() == 1 || after[1..].starts_with(' '))
        {
            return format!("{}\\{after}", &t[..digits]);
        }
    }
    t.to_owned()
}

/// Renders a parsed quiz. `inline` renders a line of inline Markdown and
/// `block` a group of lines, each given the line it starts at; `id` is a
/// prefix unique in the page.
pub fn to_html(
    quiz: &Quiz,
    labels: QuizLabels,
    id: &str,
    inline: &mut dyn FnMut(&str, usize) -> String,
    block: &mut dyn FnMut(&str, usize) -> String,
) -> String {
    let id = escape::html(id);
    let mut h = String::new();
    h.push_str(&format!(
        "<section class=\"quiz\" aria-labelledby=\"{id}-title\">\n<p class=\"quiz-title\" id=\"{id}-title\">{}</p>\n",
        escape::html(labels.title)
    ));
    if !labels.hint.is_empty() {
        h.push_str(&format!(
            "<p class=\"quiz-hint\">{}</p>\n",
            escape::html(labels.hint)
        ));
    }
    h.push_str("<ol class=\"quiz-questions\">\n");
    for (qi, q) in quiz.questions.iter().enumerate() {
        let qid = format!("{id}-q{}", qi + 1);
        h.push_str(&format!(
            "<li class=\"quiz-question\">\n<p class=\"quiz-prompt\" id=\"{qid}\">{}</p>\n<ul class=\"quiz-options\" aria-labelledby=\"{qid}\">\n",
            inline(&q.text, q.line)
        ));
        for o in &q.options {
            let (class, verdict, mark) = if o.right {
                ("quiz-right", labels.right, "✓")
            } else {
                ("quiz-wrong", labels.wrong, "✗")
            };
            h.push_str(&format!(
                "<li><details class=\"quiz-option\"><summary>{}</summary>\n<div class=\"quiz-feedback {class}\"><p class=\"quiz-verdict\"><span aria-hidden=\"true\">{mark} </span><strong>{}</strong></p>\n{}</div></details></li>\n",
                inline(&o.text, o.line),
                escape::html(verdict),
                block(&o.feedback.join("\n"), o.feedback_line)
            ));
        }
        h.push_str("</ul>\n</li>\n");
    }
    h.push_str("</ol>\n</section>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "? Quelle est la première étape ?\n\
- [ ] Acheter un outil\n  > Non : l'outil vient après.\n\
- [x] Définir le problème\n  > Oui : le besoin guide tout.\n  > Deuxième ligne.\n\
\n\
? Deuxième question\n\
- [X] Vrai\n  > Bien.\n\
- [ ] Faux\n  > Non.\n";

    fn errors(src: &str) -> Vec<(Option<usize>, String)> {
        parse(src)
            .expect_err("should fail")
            .into_iter()
            .map(|e| (e.line, e.message))
            .collect()
    }

    #[test]
    fn parses_questions_options_and_feedback_with_their_lines() {
        let q = parse(GOOD).unwrap();
        assert_eq!(q.questions.len(), 2);
        let first = &q.questions[0];
        assert_eq!(first.text, "Quelle est la première étape ?");
        assert_eq!(first.line, 0);
        assert_eq!(first.options.len(), 2);
        assert!(!first.options[0].right);
        assert!(first.options[1].right);
        assert_eq!(first.options[1].line, 3);
        assert_eq!(first.options[1].feedback_line, 4);
        assert_eq!(
            first.options[1].feedback,
            ["Oui : le besoin guide tout.", "Deuxième ligne."]
        );
        assert_eq!(q.questions[1].line, 7);
        assert!(q.questions[1].options[0].right, "`[X]` is a right answer");
    }

    #[test]
    fn a_question_without_a_right_answer_is_an_error_at_its_line() {
        let e = errors("? Q\n- [ ] a\n  > f\n- [ ] b\n  > g\n");
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, Some(0));
        assert!(e[0].1.contains("no right answer"), "{e:?}");
    }

    #[test]
    fn an_option_without_feedback_is_an_error_at_the_option() {
        let e = errors("? Q\n- [x] a\n- [ ] b\n  > g\n");
        assert_eq!(e, [(Some(1), "quiz: option `a` has no feedback".into())]);
    }

    #[test]
    fn a_question_needs_two_options() {
        let e = errors("? Seule\n\n? Une\n- [x] a\n  > f\n");
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].0, Some(0));
        assert!(e[0].1.contains("has no options"));
        assert_eq!(e[1].0, Some(2));
        assert!(e[1].1.contains("only one option"));
    }

    #[test]
    fn stray_lines_are_errors_at_their_line() {
        let src = "? Q\n- [x] a\n  > f\nune ligne perdue\n- [ ] b\n  > g\n";
        let e = errors(src);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, Some(3));
        assert!(e[0].1.contains("une ligne perdue"));
    }

    #[test]
    fn a_stray_line_ends_an_option_so_feedback_after_it_is_reported() {
        let e = errors("? Q\n- [x] a\n  > f\nperdu\n  > g\n- [ ] b\n  > h\n");
        let lines: Vec<Option<usize>> = e.iter().map(|x| x.0).collect();
        assert_eq!(lines, [Some(3), Some(4)], "{e:?}");
        assert!(e[1].1.contains("no option above it"));
    }

    #[test]
    fn malformed_options_and_misplaced_lines_say_what_to_write() {
        let src =
            "- [x] trop tôt\n  > f\n? Q\n* [x] étoile\n- [] vide\n- [x] a\n  > f\n- [ ] b\n  > g\n";
        let all = parse(src).unwrap_err();
        let lines: Vec<Option<usize>> = all.iter().map(|e| e.line).collect();
        assert_eq!(lines, [Some(0), Some(1), Some(3), Some(4)], "{all:?}");
        assert!(all[0].message.contains("before any question"));
        assert!(all[1].message.contains("no option above it"));
        assert!(all[2].help.contains("`- [ ] text`"));
        assert!(all[3].help.contains("`- [x] text`"));
    }

    #[test]
    fn an_empty_block_is_an_error_on_the_block() {
        let e = errors("\n\n");
        assert_eq!(e, [(None, "quiz: the block holds no question".into())]);
    }

    #[test]
    fn empty_texts_are_errors() {
        let e = errors("?\n- [x]\n  > f\n- [ ] b\n  > g\n");
        let lines: Vec<Option<usize>> = e.iter().map(|x| x.0).collect();
        assert_eq!(lines, [Some(0), Some(1)], "{e:?}");
    }

    #[test]
    fn inline_fragments_stay_inline() {
        assert_eq!(as_inline("- tiret"), "\\- tiret");
        assert_eq!(as_inline("# titre"), "\\# titre");
        assert_eq!(as_inline("1990. Une date"), "1990\\. Une date");
        assert_eq!(as_inline("---"), "\\---");
        assert_eq!(as_inline("*important* ici"), "*important* ici");
        assert_eq!(as_inline("10 %"), "10 %");
    }

    #[test]
    fn renders_details_with_verdict_and_feedback() {
        let q = parse(GOOD).unwrap();
        let labels = QuizLabels {
            title: "Quiz",
            hint: "Ouvrez une réponse.",
            right: "Bonne réponse",
            wrong: "Mauvaise réponse",
        };
        let mut seen = Vec::new();
        let mut inline = |s: &str, l: usize| {
            seen.push(l);
            escape::html(s)
        };
        let mut block = |s: &str, _l: usize| format!("<p>{}</p>", escape::html(s));
        let html = to_html(&q, labels, "quiz-1", &mut inline, &mut block);
        assert_eq!(html.matches("<details class=\"quiz-option\">").count(), 4);
        assert!(html.contains("<summary>Acheter un outil</summary>"));
        assert!(html.contains("quiz-wrong\"><p class=\"quiz-verdict\"><span aria-hidden=\"true\">✗ </span><strong>Mauvaise réponse</strong>"));
        assert!(html.contains("<strong>Bonne réponse</strong></p>\n<p>Oui : le besoin guide tout.\nDeuxième ligne.</p>"));
        assert!(html.contains("aria-labelledby=\"quiz-1-title\""));
        assert!(html.contains("id=\"quiz-1-q2\""));
        assert_eq!(seen, [0, 1, 3, 7, 8, 10]);
    }
}
