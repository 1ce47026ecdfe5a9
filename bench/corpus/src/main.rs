//! `corpus`: writes a benchmark site of N page translations (French and
//! English) for academie and, with `--hugo`, the same content as a Hugo site.
//!
//! Deterministic: the same `--pages`, `--seed` and repository (vocabularies,
//! theme, the catalogue prose the text chain learns from) give the same bytes.

mod markov;
mod words;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use words::*;

/// xorshift64*, seeded through splitmix64.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    /// `k` distinct elements of `v` (fewer if `v` is shorter), `first` among them.
    pub fn some<T: Clone + PartialEq>(&mut self, v: &[T], first: usize, k: usize) -> Vec<T> {
        let mut out = vec![v[first % v.len()].clone()];
        let mut tries = 0;
        while out.len() < k.min(v.len()) && tries < 50 {
            let c = self.pick(v).clone();
            if !out.contains(&c) {
                out.push(c);
            }
            tries += 1;
        }
        out
    }
}

const LANGS: [&str; 2] = ["fr", "en"];

/// A vocabulary of data/taxonomies.yaml: keys in file order.
type Vocabularies = BTreeMap<String, Vec<String>>;

/// Reads the keys of each vocabulary from the simple layout of
/// data/taxonomies.yaml (`name:` then `  key: { fr: …, en: … }`).
fn vocabularies(text: &str) -> Vocabularies {
    let mut out: Vocabularies = BTreeMap::new();
    let mut current = None;
    for line in text.lines() {
        // Comments may be indented under a vocabulary.
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            let name = line.trim_end_matches(':').trim().to_owned();
            out.entry(name.clone()).or_default();
            current = Some(name);
        } else if let (Some(c), Some((k, _))) = (&current, line.trim().split_once(':')) {
            out.get_mut(c)
                .unwrap()
                .push(k.trim().trim_matches('"').to_owned());
        }
    }
    out
}

/// The values chosen for one sentence; the same in both languages.
#[derive(Clone, Copy)]
struct Slots {
    org: usize,
    tech: usize,
    task: usize,
    data: usize,
    benefit: usize,
    risk: usize,
    precaution: usize,
    city: usize,
    n: usize,
    p: usize,
}

impl Slots {
    fn new(rng: &mut Rng) -> Slots {
        Slots {
            org: rng.below(ORGS.len()),
            tech: rng.below(TECHS.len()),
            task: rng.below(TASKS.len()),
            data: rng.below(DATA.len()),
            benefit: rng.below(BENEFITS.len()),
            risk: rng.below(RISKS.len()),
            precaution: rng.below(PRECAUTIONS.len()),
            city: rng.below(CITIES.len()),
            n: rng.range(2, 40),
            p: rng.range(5, 60),
        }
    }
}

fn lang_of(pair: &(&'static str, &'static str), l: usize) -> &'static str {
    if l == 0 {
        pair.0
    } else {
        pair.1
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Fills the slots of a template in language `l` (0 = fr, 1 = en).
fn fill(tpl: &str, l: usize, s: &Slots) -> String {
    let mut out = tpl.to_owned();
    let subs: [(&str, String); 10] = [
        ("org", lang_of(&ORGS[s.org], l).to_owned()),
        ("tech", lang_of(&TECHS[s.tech], l).to_owned()),
        ("task", lang_of(&TASKS[s.task], l).to_owned()),
        ("data", lang_of(&DATA[s.data], l).to_owned()),
        ("benefit", lang_of(&BENEFITS[s.benefit], l).to_owned()),
        ("risk", lang_of(&RISKS[s.risk], l).to_owned()),
        (
            "precaution",
            lang_of(&PRECAUTIONS[s.precaution], l).to_owned(),
        ),
        ("city", CITIES[s.city].to_owned()),
        ("n", s.n.to_string()),
        ("p", s.p.to_string()),
    ];
    for (k, v) in &subs {
        out = out.replace(&format!("{{{k}}}"), v);
        out = out.replace(&format!("{{{}}}", capitalize(k)), &capitalize(v));
    }
    out
}

/// Lowercase ASCII slug.
fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let m = match c {
            'à' | 'â' | 'ä' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' => "i",
            'ô' | 'ö' => "o",
            'ù' | 'û' | 'ü' => "u",
            'ç' => "c",
            'œ' => "oe",
            'æ' => "ae",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        out.push_str(m);
    }
    let parts: Vec<&str> = out.split('-').filter(|p| !p.is_empty()).collect();
    parts.join("-")
}

fn short_slug(s: &str, words: usize) -> String {
    slugify(s)
        .split('-')
        .filter(|w| w.len() > 2)
        .take(words)
        .collect::<Vec<_>>()
        .join("-")
}

fn yq(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn ylist(v: &[String]) -> String {
    format!(
        "[{}]",
        v.iter().map(|s| yq(s)).collect::<Vec<_>>().join(", ")
    )
}

fn truncate_summary(s: &str) -> String {
    if s.chars().count() <= 280 {
        return s.to_owned();
    }
    let mut out = String::new();
    for w in s.split(' ') {
        if out.chars().count() + w.chars().count() + 2 > 278 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push('…');
    out
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Module,
    UseCase,
    Ambassador,
    Page,
}

impl Kind {
    fn dir(self) -> &'static str {
        match self {
            Kind::Module => "modules",
            Kind::UseCase => "use-cases",
            Kind::Ambassador => "ambassadors",
            Kind::Page => "pages",
        }
    }
}

struct Entry {
    kind: Kind,
    slug: String,
    /// URL slug of the English translation when it differs.
    en_slug: Option<String>,
    slots: Slots,
    index: usize,
}

impl Entry {
    fn id(&self) -> String {
        format!("{}/{}", self.kind.dir(), self.slug)
    }
}

/// One page in both languages: front matter fields and body.
#[derive(Default)]
struct Bi {
    body: [String; 2],
}

impl Bi {
    fn both(&mut self, f: impl Fn(usize) -> String) {
        for l in 0..2 {
            let s = f(l);
            self.body[l].push_str(&s);
        }
    }
}

struct Gen {
    rng: Rng,
    chains: [markov::Chain; 2],
    vocab: Vocabularies,
    entries: Vec<Entry>,
    modules: Vec<usize>,
    ambassadors: Vec<usize>,
}

impl Gen {
    fn keys(&self, v: &str) -> Vec<String> {
        self.vocab
            .get(v)
            .cloned()
            .unwrap_or_else(|| panic!("vocabulary `{v}` missing from data/taxonomies.yaml"))
    }

    fn paragraph(&mut self, sentences: usize) -> [String; 2] {
        let mut out = [String::new(), String::new()];
        for _ in 0..sentences {
            if self.rng.chance(55) || self.chains.iter().any(|c| c.is_empty()) {
                let s = Slots::new(&mut self.rng);
                let t = *self.rng.pick(SENTENCES);
                for (l, o) in out.iter_mut().enumerate() {
                    if !o.is_empty() {
                        o.push(' ');
                    }
                    o.push_str(&fill(lang_of(&t, l), l, &s));
                }
            } else {
                for (chain, o) in self.chains.iter().zip(out.iter_mut()) {
                    let s = chain.sentence(&mut self.rng);
                    if !o.is_empty() {
                        o.push(' ');
                    }
                    o.push_str(&s);
                }
            }
        }
        out
    }

    fn para_into(&mut self, b: &mut Bi, lo: usize, hi: usize) {
        let n = self.rng.range(lo, hi);
        let p = self.paragraph(n);
        b.both(|l| format!("{}\n\n", p[l]));
    }

    fn link(&mut self, b: &mut Bi, to: usize) {
        let id = self.entries[to].id();
        let s = self.entries[to].slots;
        let title = |l: usize| lang_of(&TASKS[s.task], l).to_owned();
        b.both(|l| {
            let lead = if l == 0 { "Voir aussi" } else { "See also" };
            format!("{lead} : [{}](@/{id}).\n\n", capitalize(&title(l)))
                .replace(" : ", if l == 0 { " : " } else { ": " })
        });
    }

    fn list(&mut self, b: &mut Bi, ordered: bool) {
        let n = self.rng.range(3, 6);
        for i in 0..n {
            let s = Slots::new(&mut self.rng);
            let t = *self.rng.pick(&[
                (
                    "{Precaution} avant de {task}.",
                    "{Precaution} before you {task}.",
                ),
                (
                    "Regarder {data} sur les {n} derniers mois.",
                    "Look at {data} over the last {n} months.",
                ),
                ("**Attention** à {risk}.", "**Watch out** for {risk}."),
                (
                    "Mesurer {benefit} avec un indicateur simple.",
                    "Measure {benefit} with a simple indicator.",
                ),
                (
                    "Tester {tech} pendant {n} semaines.",
                    "Try {tech} for {n} weeks.",
                ),
            ]);
            let mark = if ordered {
                format!("{}.", i + 1)
            } else {
                "-".to_owned()
            };
            b.both(|l| format!("{mark} {}\n", fill(lang_of(&t, l), l, &s)));
        }
        b.both(|_| "\n".to_owned());
    }

    fn table(&mut self, b: &mut Bi) {
        b.both(|l| {
            if l == 0 {
                "| Étape | Durée | Résultat attendu |\n|---|---:|---|\n".to_owned()
            } else {
                "| Step | Duration | Expected result |\n|---|---:|---|\n".to_owned()
            }
        });
        for _ in 0..self.rng.range(3, 6) {
            let s = Slots::new(&mut self.rng);
            b.both(|l| {
                let unit = if l == 0 { "jours" } else { "days" };
                format!(
                    "| {} | {} {unit} | {} |\n",
                    capitalize(lang_of(&TASKS[s.task], l)),
                    s.n,
                    capitalize(lang_of(&BENEFITS[s.benefit], l))
                )
            });
        }
        b.both(|_| "\n".to_owned());
    }

    fn code(&mut self, b: &mut Bi) {
        let s = Slots::new(&mut self.rng);
        let file = slugify(lang_of(&DATA[s.data], 1)).replace('-', "_");
        let (lang, code) = match self.rng.below(6) {
            0 => (
                "python",
                format!(
                    "import pandas as pd\n\n# {task}\ndf = pd.read_csv(\"{file}.csv\", sep=\";\", parse_dates=[\"date\"])\nweekly = df.groupby(pd.Grouper(key=\"date\", freq=\"W\"))[\"quantite\"].sum()\nforecast = weekly.rolling({n}).mean().iloc[-1]\nprint(f\"Prévision : {{forecast:.0f}} unités\")\n",
                    task = TASKS[s.task].1,
                    n = s.n.min(12)
                ),
            ),
            1 => (
                "yaml",
                format!(
                    "projet: {file}\nresponsable: direction\nindicateurs:\n  - nom: taux_erreur\n    cible: {p}\n  - nom: delai_jours\n    cible: {n}\ndonnees:\n  source: {file}.csv\n  hebergement: france\n",
                    p = s.p,
                    n = s.n
                ),
            ),
            2 => (
                "bash",
                format!(
                    "# Export des {n} derniers jours\ncurl -s \"https://api.example.fr/v1/{file}?jours={n}\" \\\n  -H \"Authorization: Bearer $JETON\" \\\n  -o {file}.json\nwc -l {file}.json\n",
                    n = s.n
                ),
            ),
            3 => (
                "json",
                format!(
                    "{{\n  \"modele\": \"classement\",\n  \"categories\": [\"devis\", \"reclamation\", \"facture\", \"autre\"],\n  \"seuil_confiance\": 0.{p},\n  \"source\": \"{file}\"\n}}\n",
                    p = s.p
                ),
            ),
            4 => (
                "sql",
                format!(
                    "SELECT date_trunc('week', date) AS semaine,\n       count(*) AS nombre,\n       avg(duree_minutes) AS duree_moyenne\nFROM {file}\nWHERE date > now() - interval '{n} weeks'\nGROUP BY 1\nORDER BY 1;\n",
                    n = s.n
                ),
            ),
            _ => (
                "text",
                format!(
                    "Contexte : {org}, {city}.\nRôle : tu es le responsable qualité.\nTâche : {task}.\nFormat : {n} lignes maximum, ton sobre.\nContraintes : ne cite aucune donnée personnelle.\n",
                    org = ORGS[s.org].0,
                    city = CITIES[s.city],
                    task = TASKS[s.task].0,
                    n = s.n
                ),
            ),
        };
        b.both(|_| format!("```{lang}\n{code}```\n\n"));
    }

    fn heading(&mut self, b: &mut Bi, level: usize, list: Pairs) {
        let h = *self.rng.pick(list);
        let hashes = "#".repeat(level);
        b.both(|l| format!("{hashes} {}\n\n", lang_of(&h, l)));
    }

    fn module(&mut self, e: usize) -> (Vec<String>, Bi) {
        let (s, i) = (self.entries[e].slots, self.entries[e].index);
        let audiences = self.keys("audiences");
        let levels = self.keys("levels");
        let formats = self.keys("formats");
        let sizes = self.keys("company_sizes");
        let sectors = self.keys("sectors");
        let k = self.rng.range(1, 3);
        let aud = self.rng.some(&audiences, i, k);
        let level = levels[i % levels.len()].clone();
        let format = formats[(i / 3) % formats.len()].clone();
        let k = self.rng.range(0, 2);
        let cs = if k > 0 {
            self.rng.some(&sizes, i, k)
        } else {
            vec![]
        };
        let k = self.rng.range(0, 3);
        let sec = if k > 0 {
            self.rng.some(&sectors, i / 2, k)
        } else {
            vec![]
        };
        let my_pos = self.modules.iter().position(|&m| m == e).unwrap_or(0);
        let mut prereq = Vec::new();
        if my_pos > 0 {
            for _ in 0..self.rng.range(0, 2) {
                let p = self.entries[self.modules[self.rng.below(my_pos)]].id();
                if !prereq.contains(&p) {
                    prereq.push(p);
                }
            }
        }
        let nobj = self.rng.range(2, 4);
        let mut objectives: [Vec<String>; 2] = Default::default();
        for _ in 0..nobj {
            let t = *self.rng.pick(OBJECTIVES);
            let os = Slots {
                tech: s.tech,
                task: s.task,
                ..Slots::new(&mut self.rng)
            };
            for (l, o) in objectives.iter_mut().enumerate() {
                o.push(fill(lang_of(&t, l), l, &os));
            }
        }
        let tags = self.rng.some(
            &TAGS.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
            i,
            3,
        );
        let duration = [20, 30, 45, 60, 90, 120, 180, 240, 420][self.rng.below(9)];
        let provider = PROVIDERS[self.rng.below(PROVIDERS.len())];
        let updated = self.date();
        let title_t = *self.rng.pick(TITLES_MODULE);
        let summary = self.paragraph(2);
        let mut fm = Vec::new();
        for (l, summary_l) in summary.iter().enumerate() {
            let mut f = String::new();
            let _ = writeln!(f, "title: {}", yq(&fill(lang_of(&title_t, l), l, &s)));
            let _ = writeln!(f, "summary: {}", yq(&truncate_summary(summary_l)));
            let _ = writeln!(f, "audiences: {}", ylist(&aud));
            let _ = writeln!(f, "level: {level}");
            let _ = writeln!(f, "duration_minutes: {duration}");
            let _ = writeln!(f, "format: {format}");
            let _ = writeln!(f, "objectives:");
            for o in &objectives[l] {
                let _ = writeln!(f, "  - {}", yq(o));
            }
            let _ = writeln!(f, "updated: {updated}");
            if !cs.is_empty() {
                let _ = writeln!(f, "company_sizes: {}", ylist(&cs));
            }
            if !sec.is_empty() {
                let _ = writeln!(f, "sectors: {}", ylist(&sec));
            }
            if !prereq.is_empty() {
                let _ = writeln!(f, "prerequisites: [{}]", prereq.join(", "));
            }
            let _ = writeln!(f, "provider: {}", yq(provider));
            let _ = writeln!(f, "tags: {}", ylist(&tags));
            let _ = writeln!(f, "weight: {}", (i % 50) * 10);
            fm.push(f);
        }
        let mut b = Bi::default();
        self.para_into(&mut b, 3, 5);
        let sections = self.rng.range(3, 5);
        let with_code = self.rng.chance(35);
        let with_table = self.rng.chance(30);
        let with_footnote = self.rng.chance(10);
        for sec_no in 0..sections {
            self.heading(&mut b, 2, MODULE_HEADINGS);
            self.para_into(&mut b, 2, 5);
            match self.rng.below(4) {
                0 => self.list(&mut b, false),
                1 => self.list(&mut b, true),
                _ => {}
            }
            if self.rng.chance(40) {
                self.heading(&mut b, 3, SUBHEADINGS);
                self.para_into(&mut b, 2, 4);
            }
            if sec_no == 1 && with_code {
                self.code(&mut b);
                if self.rng.chance(30) {
                    self.code(&mut b);
                }
            }
            if sec_no == 2 && with_table {
                self.table(&mut b);
            }
            if sec_no == 0 && !self.modules.is_empty() && self.rng.chance(60) {
                let to = self.modules[self.rng.below(self.modules.len())];
                self.link(&mut b, to);
            }
        }
        if with_footnote {
            b.both(|l| {
                if l == 0 {
                    "Les chiffres cités sont indicatifs[^1].\n\n[^1]: Ordres de grandeur observés chez les participants des sessions précédentes.\n".to_owned()
                } else {
                    "The figures quoted are indicative[^1].\n\n[^1]: Orders of magnitude seen among participants of earlier sessions.\n".to_owned()
                }
            });
        } else if self.rng.chance(25) {
            b.both(|l| {
                if l == 0 {
                    "## Pour vous entraîner\n\n- [ ] Reprendre un cas réel de votre structure.\n- [ ] Comparer le résultat avec la méthode habituelle.\n- [x] Lire le module en entier.\n".to_owned()
                } else {
                    "## Practise\n\n- [ ] Take a real case from your organisation.\n- [ ] Compare the result with the usual method.\n- [x] Read the whole module.\n".to_owned()
                }
            });
        }
        (fm, b)
    }

    fn use_case(&mut self, e: usize) -> (Vec<String>, Bi) {
        let (s, i) = (self.entries[e].slots, self.entries[e].index);
        let sectors = self.keys("sectors");
        let sizes = self.keys("company_sizes");
        let regions = self.keys("regions");
        let techs = self.keys("ai_techniques");
        let funding = self.keys("funding");
        let sector = sectors[i % sectors.len()].clone();
        let size = sizes[(i / 2) % sizes.len()].clone();
        let region = regions[(i * 7) % regions.len()].clone();
        let k = self.rng.range(1, 2);
        let ai = self.rng.some(&techs, i, k);
        let k = self.rng.range(0, 2);
        let fund = if k > 0 || i < funding.len() {
            self.rng.some(&funding, i, k.max(1))
        } else {
            vec![]
        };
        let mut related = Vec::new();
        for _ in 0..self.rng.range(0, 3) {
            let m = self.entries[self.modules[self.rng.below(self.modules.len())]].id();
            if !related.contains(&m) {
                related.push(m);
            }
        }
        let mut ambs = Vec::new();
        for _ in 0..self.rng.range(0, 2) {
            let a = self.entries[self.ambassadors[self.rng.below(self.ambassadors.len())]].id();
            if !ambs.contains(&a) {
                ambs.push(a);
            }
        }
        let solution = self.rng.chance(60).then(|| *self.rng.pick(SOLUTIONS));
        let nres = self.rng.range(0, 3);
        let mut results = Vec::new();
        for _ in 0..nres {
            let m = *self.rng.pick(METRICS);
            let v = self.rng.range(5, 60);
            results.push((m, v));
        }
        let tags = self.rng.some(
            &TAGS.iter().map(|t| t.to_string()).collect::<Vec<_>>(),
            i + 5,
            4,
        );
        let updated = self.date();
        let title_t = *self.rng.pick(TITLES_USE_CASE);
        let summary = self.paragraph(2);
        let mut fm = Vec::new();
        for (l, summary_l) in summary.iter().enumerate() {
            let mut f = String::new();
            let _ = writeln!(f, "title: {}", yq(&fill(lang_of(&title_t, l), l, &s)));
            let _ = writeln!(f, "summary: {}", yq(&truncate_summary(summary_l)));
            if l == 1 {
                if let Some(en) = &self.entries[e].en_slug {
                    let _ = writeln!(f, "slug: {en}");
                }
            }
            let _ = writeln!(f, "sector: {sector}");
            let _ = writeln!(f, "company_size: {size}");
            let _ = writeln!(f, "region: \"{region}\"");
            let _ = writeln!(
                f,
                "organisation: {}",
                yq(&format!(
                    "{} ({})",
                    capitalize(lang_of(&ORGS[s.org], l)),
                    CITIES[s.city]
                ))
            );
            let _ = writeln!(f, "ai_techniques: {}", ylist(&ai));
            let _ = writeln!(f, "updated: {updated}");
            if let Some((name, vendor, origin)) = solution {
                let _ = writeln!(
                    f,
                    "solution: {{ name: {}, vendor: {}, origin: {origin} }}",
                    yq(name),
                    yq(vendor)
                );
            }
            if !results.is_empty() {
                let _ = writeln!(f, "results:");
                for (m, v) in &results {
                    let _ = writeln!(
                        f,
                        "  - {{ metric: {}, value: \"-{v} %\" }}",
                        yq(lang_of(m, l))
                    );
                }
            }
            if !fund.is_empty() {
                let _ = writeln!(f, "funding: {}", ylist(&fund));
            }
            if !related.is_empty() {
                let _ = writeln!(f, "related_modules: [{}]", related.join(", "));
            }
            if !ambs.is_empty() {
                let _ = writeln!(f, "ambassadors: [{}]", ambs.join(", "));
            }
            let _ = writeln!(f, "tags: {}", ylist(&tags));
            fm.push(f);
        }
        let mut b = Bi::default();
        let heads: [(&str, &str); 5] = [
            ("Contexte", "Context"),
            ("Ce qui a été fait", "What was done"),
            ("Ce qui a changé", "What changed"),
            ("Les points de vigilance", "What to watch out for"),
            ("Pour démarrer", "How to start"),
        ];
        for (h, head) in heads.iter().enumerate() {
            b.both(|l| format!("## {}\n\n", lang_of(head, l)));
            match h {
                3 => self.list(&mut b, false),
                4 => {
                    self.para_into(&mut b, 1, 2);
                    for (n, r) in related.clone().iter().enumerate() {
                        let to = self.entries.iter().position(|x| &x.id() == r).unwrap_or(0);
                        let t = self.entries[to].slots.task;
                        b.both(|l| {
                            format!(
                                "{}. [{}](@/{r})\n",
                                n + 1,
                                capitalize(lang_of(&TASKS[t], l))
                            )
                        });
                    }
                    b.both(|_| "\n".to_owned());
                }
                2 if self.rng.chance(30) => {
                    self.para_into(&mut b, 1, 3);
                    self.table(&mut b);
                }
                _ => self.para_into(&mut b, 2, 5),
            }
        }
        (fm, b)
    }

    fn ambassador(&mut self, e: usize) -> (Vec<String>, Bi) {
        let i = self.entries[e].index;
        let kinds = self.keys("ambassador_kinds");
        let regions = self.keys("regions");
        let sectors = self.keys("sectors");
        let name = format!(
            "{} {}",
            FIRST_NAMES[i % FIRST_NAMES.len()],
            LAST_NAMES[(i / FIRST_NAMES.len() + i) % LAST_NAMES.len()]
        );
        let kind = kinds[i % kinds.len()].clone();
        let region = regions[(i * 5) % regions.len()].clone();
        let k = self.rng.range(0, 3);
        let sec = if k > 0 {
            self.rng.some(&sectors, i, k)
        } else {
            vec![]
        };
        let role = *self.rng.pick(ROLES);
        let s = self.entries[e].slots;
        let updated = self.date();
        let mut fm = Vec::new();
        for l in 0..2 {
            let mut f = String::new();
            let _ = writeln!(f, "name: {}", yq(&name));
            let _ = writeln!(f, "role: {}", yq(lang_of(&role, l)));
            let _ = writeln!(f, "kind: {kind}");
            let _ = writeln!(f, "region: \"{region}\"");
            let _ = writeln!(
                f,
                "organisation: {}",
                yq(&format!(
                    "{} ({})",
                    capitalize(lang_of(&ORGS[s.org], l)),
                    CITIES[s.city]
                ))
            );
            let _ = writeln!(f, "updated: {updated}");
            if !sec.is_empty() {
                let _ = writeln!(f, "sectors: {}", ylist(&sec));
            }
            let _ = writeln!(
                f,
                "contact_url: \"https://example.org/ambassadeurs/{}\"",
                self.entries[e].slug
            );
            fm.push(f);
        }
        let mut b = Bi::default();
        b.both(|l| {
            if l == 0 {
                "> Profil fictif, publié à titre d'exemple.\n\n".to_owned()
            } else {
                "> Fictional profile, published as an example.\n\n".to_owned()
            }
        });
        self.para_into(&mut b, 2, 4);
        b.both(|l| {
            if l == 0 {
                "**Comment cette personne peut aider**\n\n".to_owned()
            } else {
                "**How they can help**\n\n".to_owned()
            }
        });
        self.list(&mut b, false);
        self.para_into(&mut b, 1, 3);
        (fm, b)
    }

    fn page(&mut self, e: usize) -> (Vec<String>, Bi) {
        let i = self.entries[e].index;
        let t = *self.rng.pick(TITLES_PAGE);
        let s = Slots {
            n: i + 1,
            ..self.entries[e].slots
        };
        let summary = self.paragraph(1);
        let mut fm = Vec::new();
        for (l, summary_l) in summary.iter().enumerate() {
            let mut f = String::new();
            let _ = writeln!(f, "title: {}", yq(&fill(lang_of(&t, l), l, &s)));
            let _ = writeln!(f, "summary: {}", yq(&truncate_summary(summary_l)));
            fm.push(f);
        }
        let mut b = Bi::default();
        self.para_into(&mut b, 2, 4);
        for _ in 0..self.rng.range(2, 4) {
            self.heading(&mut b, 2, MODULE_HEADINGS);
            self.para_into(&mut b, 2, 5);
            if self.rng.chance(40) {
                self.list(&mut b, false);
            }
        }
        if !self.modules.is_empty() {
            let to = self.modules[self.rng.below(self.modules.len())];
            self.link(&mut b, to);
        }
        (fm, b)
    }

    fn date(&mut self) -> String {
        format!(
            "{}-{:02}-{:02}",
            2023 + self.rng.below(3),
            1 + self.rng.below(11),
            1 + self.rng.below(28)
        )
    }
}

const FREE_PAGES: [&str; 5] = [
    "a-propos",
    "accessibilite",
    "mentions-legales",
    "donnees-personnelles",
    "contribuer",
];

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for e in fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            fs::copy(e.path(), &target)?;
        }
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(p) = path.parent() {
        fs::create_dir_all(p)?;
    }
    fs::write(path, text)
}

/// Hugo front matter: the same fields (under `params` semantics), plus
/// one taxonomy per collection × facet, the same facet pages academie writes.
fn hugo_front_matter(kind: Kind, fm: &str, lang: usize, en_slug: Option<&str>) -> String {
    let mut out = String::new();
    let prefix = match kind {
        Kind::Module => "m_",
        Kind::UseCase => "u_",
        Kind::Ambassador => "a_",
        Kind::Page => "p_",
    };
    for line in fm.lines() {
        let (key, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.trim();
        match key {
            "summary" => {
                let _ = writeln!(out, "description: {value}");
            }
            "name" => {
                let _ = writeln!(out, "title: {value}\nname: {value}");
            }
            "updated" => {
                let _ = writeln!(out, "date: {value}\nlastmod: {value}\nupdated: {value}");
            }
            "audiences" | "company_sizes" | "sectors" | "ai_techniques" | "funding" => {
                let _ = writeln!(out, "{line}\n{prefix}{key}: {value}");
            }
            "kind" => {
                // `kind` names a page kind in Hugo: keep it under another key.
                let _ = writeln!(out, "ambassador_kind: {value}\n{prefix}kinds: [{value}]");
            }
            "level" | "format" | "sector" | "company_size" | "region" => {
                let plural = match key {
                    "company_size" => "company_sizes".to_owned(),
                    k => format!("{k}s"),
                };
                let _ = writeln!(out, "{line}\n{prefix}{plural}: [{value}]");
            }
            _ => {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    if lang == 1 {
        if let Some(s) = en_slug {
            if !fm.contains("\nslug:") {
                let _ = writeln!(out, "slug: {s}");
            }
        }
    }
    out
}

struct Args {
    pages: usize,
    seed: u64,
    out: PathBuf,
    hugo: Option<PathBuf>,
    repo: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        pages: 1000,
        seed: 1,
        out: PathBuf::new(),
        hugo: None,
        repo: Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--pages" => args.pages = val()?.parse().map_err(|e| format!("--pages: {e}"))?,
            "--seed" => args.seed = val()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => args.out = PathBuf::from(val()?),
            "--hugo" => args.hugo = Some(PathBuf::from(val()?)),
            "--repo" => args.repo = PathBuf::from(val()?),
            "-h" | "--help" => {
                println!("corpus --pages N --seed S --out DIR [--hugo DIR] [--repo ACADEMIE_REPO]\n\nWrites an academie site of N page translations (N/2 ids in fr and en),\nand with --hugo the same content as a Hugo site.");
                std::process::exit(0);
            }
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    if args.out.as_os_str().is_empty() {
        return Err("--out DIR is required".into());
    }
    if args.pages < 20 {
        return Err("--pages must be at least 20".into());
    }
    Ok(args)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("corpus: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(&args) {
        eprintln!("corpus: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> io::Result<()> {
    let repo = &args.repo;
    let tax_text = fs::read_to_string(repo.join("data/taxonomies.yaml"))?;
    let vocab = vocabularies(&tax_text);
    let ids = args.pages.div_ceil(2);
    let n_amb = (ids * 6 / 100).clamp(5, 300);
    let n_pages = (ids / 200).max(FREE_PAGES.len());
    let rest = ids - n_amb - n_pages;
    let n_mod = rest * 35 / 100;
    let n_uc = rest - n_mod;

    let mut rng = Rng::new(args.seed);
    let mut entries = Vec::with_capacity(ids);
    let plan = [
        (Kind::Ambassador, n_amb),
        (Kind::Module, n_mod),
        (Kind::UseCase, n_uc),
        (Kind::Page, n_pages),
    ];
    for (kind, n) in plan {
        for index in 0..n {
            let slots = Slots::new(&mut rng);
            let (slug, en_slug) = match kind {
                Kind::Module => (
                    format!("{}-{index}", short_slug(TASKS[slots.task].0, 3)),
                    None,
                ),
                Kind::UseCase => {
                    let fr = format!(
                        "{}-{}-{index}",
                        slugify(CITIES[slots.city]),
                        short_slug(TASKS[slots.task].0, 2)
                    );
                    let en = rng.chance(40).then(|| {
                        format!(
                            "{}-{}-uc{index}",
                            slugify(CITIES[slots.city]),
                            short_slug(TASKS[slots.task].1, 2)
                        )
                    });
                    (fr, en)
                }
                Kind::Ambassador => (
                    slugify(&format!(
                        "{} {}",
                        FIRST_NAMES[index % FIRST_NAMES.len()],
                        LAST_NAMES[(index / FIRST_NAMES.len() + index) % LAST_NAMES.len()]
                    )) + &if index >= FIRST_NAMES.len() * LAST_NAMES.len() {
                        format!("-{index}")
                    } else {
                        String::new()
                    },
                    None,
                ),
                Kind::Page => (
                    FREE_PAGES
                        .get(index)
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| format!("guide-pratique-{index}")),
                    None,
                ),
            };
            entries.push(Entry {
                kind,
                slug,
                en_slug,
                slots,
                index,
            });
        }
    }
    let content = repo.join("content");
    let mut g = Gen {
        rng,
        chains: [
            markov::Chain::learn(&content, "fr"),
            markov::Chain::learn(&content, "en"),
        ],
        vocab,
        modules: (0..entries.len())
            .filter(|&i| entries[i].kind == Kind::Module)
            .collect(),
        ambassadors: (0..entries.len())
            .filter(|&i| entries[i].kind == Kind::Ambassador)
            .collect(),
        entries,
    };

    // academie site root.
    let out = &args.out;
    if out.exists() {
        fs::remove_dir_all(out)?;
    }
    fs::create_dir_all(out)?;
    let config = fs::read_to_string(repo.join("academie.yaml"))?;
    write(&out.join("academie.yaml"), &config)?;
    write(&out.join("data/taxonomies.yaml"), &tax_text)?;
    if let Ok(s) = fs::read_to_string(repo.join("data/synonyms.yaml")) {
        write(&out.join("data/synonyms.yaml"), &s)?;
    }
    copy_dir(&repo.join("themes/academie"), &out.join("themes/academie"))?;

    let hugo = args.hugo.as_deref();
    if let Some(h) = hugo {
        if h.exists() {
            fs::remove_dir_all(h)?;
        }
        fs::create_dir_all(h)?;
        write_hugo_skeleton(h, repo, &tax_text)?;
    }

    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in 0..g.entries.len() {
        let kind = g.entries[e].kind;
        let (fm, body) = match kind {
            Kind::Module => g.module(e),
            Kind::UseCase => g.use_case(e),
            Kind::Ambassador => g.ambassador(e),
            Kind::Page => g.page(e),
        };
        let slug = g.entries[e].slug.clone();
        let en_slug = g.entries[e].en_slug.clone();
        for (l, lang) in LANGS.iter().enumerate() {
            let suffix = if l == 0 {
                String::new()
            } else {
                format!(".{lang}")
            };
            let file = out.join(format!("content/{}/{slug}{suffix}.md", kind.dir()));
            write(&file, &format!("---\n{}---\n\n{}", fm[l], body.body[l]))?;
            *counts.entry(kind.dir()).or_default() += 1;
            if let Some(h) = hugo {
                let file = h.join(format!("content/{}/{slug}.{lang}.md", kind.dir()));
                let hfm = hugo_front_matter(kind, &fm[l], l, en_slug.as_deref());
                write(&file, &format!("---\n{hfm}---\n\n{}", body.body[l]))?;
            }
        }
    }
    let total: usize = counts.values().sum();
    eprintln!(
        "corpus: {total} page translations ({}) in {}{}",
        counts
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        out.display(),
        hugo.map(|h| format!(", Hugo site in {}", h.display()))
            .unwrap_or_default()
    );
    Ok(())
}

/// Hugo's config, section pages, data and the bench theme (bench/hugo-theme,
/// with the default theme's stylesheet, so both tools serve the same bytes).
fn write_hugo_skeleton(h: &Path, repo: &Path, tax_text: &str) -> io::Result<()> {
    copy_dir(&repo.join("bench/hugo-theme"), &h.join("themes/bench"))?;
    let style = h.join("themes/bench/static/style.css");
    fs::create_dir_all(style.parent().unwrap_or(h))?;
    fs::copy(repo.join("themes/academie/static/style.css"), style)?;
    write(&h.join("data/taxonomies.yaml"), tax_text)?;
    let taxonomies = [
        ("m_audience", "m_audiences", "audiences"),
        ("m_level", "m_levels", "levels"),
        ("m_format", "m_formats", "formats"),
        ("m_company_size", "m_company_sizes", "company_sizes"),
        ("m_sector", "m_sectors", "sectors"),
        ("u_sector", "u_sectors", "sectors"),
        ("u_region", "u_regions", "regions"),
        ("u_company_size", "u_company_sizes", "company_sizes"),
        ("u_ai_technique", "u_ai_techniques", "ai_techniques"),
        ("u_funding", "u_funding", "funding"),
        ("a_region", "a_regions", "regions"),
        ("a_sector", "a_sectors", "sectors"),
        ("a_kind", "a_kinds", "ambassador_kinds"),
    ];
    let mut cfg = String::from(
        "# Generated by bench/corpus: the Hugo twin of the academie benchmark corpus.\n\
         baseURL: \"https://academie-ia.example.fr/\"\n\
         title: \"Académie de l'IA\"\n\
         theme: bench\n\
         defaultContentLanguage: fr\n\
         defaultContentLanguageInSubdir: true\n\
         paginate: 24\n\
         enableRobotsTXT: false\n\
         buildFuture: true\n\
         outputs:\n  home: [HTML, RSS]\n  section: [HTML]\n  taxonomy: [HTML]\n  term: [HTML]\n  page: [HTML]\n\
         markup:\n  highlight:\n    noClasses: false\n  goldmark:\n    renderer:\n      unsafe: false\n\
         languages:\n  fr:\n    languageName: Français\n    weight: 1\n    title: \"Académie de l'IA\"\n  en:\n    languageName: English\n    weight: 2\n    title: \"AI Academy\"\n\
         taxonomies:\n",
    );
    for (s, p, _) in &taxonomies {
        let _ = writeln!(cfg, "  {s}: {p}");
    }
    cfg.push_str("params:\n  vocab:\n");
    for (_, p, v) in &taxonomies {
        let _ = writeln!(cfg, "    {p}: {v}");
    }
    cfg.push_str("  facets:\n");
    for (sec, pre) in [
        ("modules", "m_"),
        ("use-cases", "u_"),
        ("ambassadors", "a_"),
    ] {
        let list: Vec<&str> = taxonomies
            .iter()
            .filter(|(_, p, _)| p.starts_with(pre))
            .map(|(_, p, _)| *p)
            .collect();
        let _ = writeln!(cfg, "    {sec}: [{}]", list.join(", "));
    }
    write(&h.join("hugo.yaml"), &cfg)?;
    let sections = [
        ("modules", "Formations", "Training modules"),
        ("use-cases", "Cas d'usage", "Use cases"),
        ("ambassadors", "Ambassadeurs", "Ambassadors"),
        ("pages", "Pages", "Pages"),
    ];
    for (dir, fr, en) in sections {
        write(
            &h.join(format!("content/{dir}/_index.fr.md")),
            &format!("---\ntitle: \"{fr}\"\n---\n"),
        )?;
        write(
            &h.join(format!("content/{dir}/_index.en.md")),
            &format!("---\ntitle: \"{en}\"\n---\n"),
        )?;
    }
    Ok(())
}
