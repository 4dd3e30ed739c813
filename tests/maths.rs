//! Maths in every format over a set of formulas modelled on KaTeX's and MathJax's test
//! cases (our own text): each converts to MathML (well-formed XML, `alttext` holding the
//! TeX), to the text writer's linear form and to the PDF's text layer without a warning
//! and without TeX left; the ones meant to fail warn once with the command named and show
//! the source. A proptest feeds the converter random TeX-like strings.

use proptest::prelude::*;
use quire_core::math::{linear, mathml, parse};
use quire_core::{read_post, NoResources, ReadOptions};
use quire_typeset::FontBook;

/// KaTeX's common set, one construct or two per formula.
const FORMULAS: &[&str] = &[
    // Fractions and binomials.
    r"\frac{a}{b}",
    r"\dfrac{1}{2} + \tfrac{3}{4}",
    r"\cfrac{1}{1 + \cfrac{1}{x}}",
    r"\binom{n}{k} = \frac{n!}{k!(n-k)!}",
    r"\frac{\frac{a}{b}}{\frac{c}{d}}",
    // Scripts and primes.
    r"x^2 + y^2 = z^2",
    r"a_{i,j}^{(k)}",
    r"f'(x) + f''(x)",
    r"e^{i\pi} + 1 = 0",
    r"x_1, x_2, \ldots, x_n",
    r"{}^{14}_{6}\mathrm{C}",
    // Roots.
    r"\sqrt{x+1}",
    r"\sqrt[3]{x^3 + y^3}",
    r"\sqrt{\sqrt{\sqrt{x}}}",
    // Big operators and limits.
    r"\sum_{k=1}^{n} k = \frac{n(n+1)}{2}",
    r"\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}",
    r"\prod_{p\ \text{prime}} \frac{1}{1-p^{-s}}",
    r"\lim_{x \to 0} \frac{\sin x}{x} = 1",
    r"\max_{i} a_i \ge \min_j b_j",
    r"\sum\limits_{i} x_i \quad \int\nolimits_a^b f",
    r"\oint_C \mathbf{F} \cdot d\mathbf{r}",
    r"\iint_D f(x,y)\,dA",
    r"\bigcup_{i=1}^{\infty} A_i \cap \bigcap_j B_j",
    // Delimiters.
    r"\left( \frac{a}{b} \right)^2",
    r"\left[ x \middle| x > 0 \right]",
    r"\left\{ \frac{1}{2} \right.",
    r"\big( \Big( \bigg( \Bigg( x \Bigg) \bigg) \Big) \big)",
    r"\langle \psi | \phi \rangle",
    r"\lfloor x \rfloor + \lceil y \rceil",
    r"\left\| v \right\|_2",
    // Environments.
    r"\begin{matrix} a & b \\ c & d \end{matrix}",
    r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}",
    r"\begin{bmatrix} a_{11} & a_{12} \\ a_{21} & a_{22} \end{bmatrix}",
    r"\det \begin{vmatrix} a & b \\ c & d \end{vmatrix} = ad - bc",
    r"|x| = \begin{cases} x & x \ge 0 \\ -x & x < 0 \end{cases}",
    r"\begin{aligned} a &= b + c \\ &= d \end{aligned}",
    r"\begin{gathered} x = 1 \\ y = 2 \end{gathered}",
    r"\begin{array}{c|l} 1 & \text{one} \\ 2 & \text{two} \end{array}",
    // Accents.
    r"\hat{x} + \bar{y} + \vec{v} + \tilde{n}",
    r"\widehat{abc} \ne \widetilde{xyz}",
    r"\overline{z + w} = \bar{z} + \bar{w}",
    r"\underline{\text{important}}",
    r"\overrightarrow{AB} + \overleftarrow{CD}",
    r"\underbrace{1 + 1 + \cdots + 1}_{n}",
    r"\overbrace{x + y}^{\text{sum}}",
    r"\dot{x} = \ddot{y}",
    // Operators and dots.
    r"\mathop{\mathrm{arg\,max}}_{\theta} L(\theta)",
    r"1, 2, \cdots, n \quad \vdots \quad \ddots",
    // Fonts.
    r"\mathbb{R}^n \times \mathbb{Z}",
    r"\mathbf{A}\mathbf{x} = \mathbf{b}",
    r"\mathcal{O}(n \log n)",
    r"\mathfrak{g} \subset \mathfrak{gl}_n",
    r"\mathrm{d}x \; \mathsf{T} \; \mathtt{code}",
    r"\boldsymbol{\alpha} + \text{text } \alpha",
    // Operator names.
    r"\sin^2\theta + \cos^2\theta = 1",
    r"\operatorname{rank}(A) \le \min(m, n)",
    r"\log_2 n \quad \ln x \quad \exp(x)",
    // Spacing.
    r"a\,b\;c\quad d\qquad e\!f",
    // Relations with \not, stacking.
    r"a \not= b \quad x \not\in A \quad p \not\equiv q",
    r"\stackrel{\text{def}}{=} \quad \overset{!}{=} \quad \underset{x}{\arg}",
    r"a \bmod b \quad a \equiv b \pmod{m}",
    r"\forall \epsilon > 0\ \exists \delta > 0",
    r"A \Rightarrow B \iff C \leftarrow D",
    r"\nabla \times \mathbf{E} = -\frac{\partial \mathbf{B}}{\partial t}",
    r"\displaystyle\sum_{n=1}^\infty \frac{1}{n^2} = \frac{\pi^2}{6}",
];

/// Formulas that must fail, with the word the warning must hold. (An unbalanced brace
/// between dollars is not maths to pulldown-cmark, whose rule is that braces balance: it
/// stays text. In a ```` ```math ```` fence it reaches the maths reader and warns.)
const BAD: &[(&str, &str)] = &[
    (r"\frobnicate{x}", r"\frobnicate"),
    (r"\frac{a}{b", "unbalanced"),
    (r"x^{2", "unbalanced"),
    (r"\begin{pmatrix} a & b", "unbalanced"),
    (r"\left( x", "unbalanced"),
    (r"a \unknowncommand b", r"\unknowncommand"),
];

fn book() -> &'static FontBook {
    static BOOK: std::sync::OnceLock<FontBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(FontBook::builtin)
}

fn post(formulas: &[&str]) -> String {
    let mut s = String::from("---\ntitle: Formulas\n---\n\n");
    for (i, f) in formulas.iter().enumerate() {
        if i % 2 == 0 {
            s.push_str(&format!("Inline ${f}$ in text.\n\n"));
        } else {
            s.push_str(&format!("$$\n{f}\n$$\n\n"));
        }
    }
    s
}

#[test]
fn formula_set_is_large_enough() {
    assert!(FORMULAS.len() >= 50, "{}", FORMULAS.len());
}

#[test]
fn every_formula_converts_to_mathml_and_linear_text() {
    for tex in FORMULAS {
        let f = parse(tex).unwrap_or_else(|e| panic!("{tex}: {e}"));
        for display in [false, true] {
            let m = mathml(&f, tex, display);
            let doc = roxmltree::Document::parse(&m).unwrap_or_else(|e| panic!("{tex}: {e}\n{m}"));
            assert_eq!(doc.root_element().attribute("alttext"), Some(tex.trim()));
        }
        let l = linear(&f);
        assert!(!l.is_empty(), "{tex}");
        assert!(!l.contains('\\'), "{tex}: {l}");
    }
}

#[test]
fn every_formula_converts_in_every_format_without_a_warning() {
    let src = post(FORMULAS);
    let read = read_post(src.as_bytes(), Some("f.md"), &ReadOptions::default()).unwrap();
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    let doc = read.document;
    let text = quire_text::to_text(&doc, &quire_text::TextOptions::default());
    assert!(!text.text.contains('\\'), "{}", text.text);
    let html = quire_html::convert(&doc, &quire_html::HtmlOptions::default(), &NoResources);
    assert_eq!(html.html.matches("<math").count(), FORMULAS.len());
    assert!(html.warnings.is_empty(), "{:?}", html.warnings);
    let pages = quire_typeset::typeset_post(
        &doc,
        book(),
        &quire_typeset::TypesetOptions::default(),
        &NoResources,
    );
    assert!(pages.warnings.is_empty(), "{:?}", pages.warnings);
    let mut actual = String::new();
    for page in &pages.pages {
        for e in &page.elements {
            if let quire_typeset::page::Element::ActualText(Some(t)) = e {
                actual.push_str(t);
                actual.push('\n');
            }
        }
    }
    assert_eq!(actual.lines().count(), FORMULAS.len());
    assert!(!actual.contains('\\'), "{actual}");
}

#[test]
fn bad_tex_warns_once_naming_the_problem_and_shows_the_source() {
    let mut src = String::new();
    for (tex, _) in BAD {
        src.push_str(&format!("```math\n{tex}\n```\n\n"));
    }
    let read = read_post(src.as_bytes(), Some("bad.md"), &ReadOptions::default()).unwrap();
    assert_eq!(read.warnings.len(), BAD.len(), "{:?}", read.warnings);
    for ((tex, word), w) in BAD.iter().zip(&read.warnings) {
        let shown = w.to_string();
        assert!(shown.contains("bad.md:"), "{shown}");
        assert!(shown.contains(word), "{tex}: {shown}");
    }
    let html = quire_html::convert(
        &read.document,
        &quire_html::HtmlOptions::default(),
        &NoResources,
    );
    assert_eq!(
        html.html.matches("<code class=\"math-error\">").count(),
        BAD.len()
    );
    let text = quire_text::to_text(&read.document, &quire_text::TextOptions::default());
    assert!(text.text.contains(r"`\frobnicate{x}`"), "{}", text.text);
}

#[test]
fn dollar_amounts_stay_text() {
    let src = "It costs $5 and $10, or $3.50 each; $ 4 $ too.\n";
    let read = read_post(src.as_bytes(), Some("d.md"), &ReadOptions::default()).unwrap();
    let text = quire_text::to_text(&read.document, &quire_text::TextOptions::default());
    assert!(
        text.text.contains("It costs $5 and $10, or $3.50 each"),
        "{}",
        text.text
    );
    let html = quire_html::convert(
        &read.document,
        &quire_html::HtmlOptions::default(),
        &NoResources,
    );
    assert!(!html.html.contains("<math"), "{}", html.html);
}

#[test]
fn regression_backslashes_survive_in_display_maths() {
    // `$$\int_0^1 x\,dx$$` came out as `x,dx`: Markdown ate the escapes.
    let read = read_post(
        b"$$\\int_0^1 x\\,dx$$\n",
        Some("r.md"),
        &ReadOptions::default(),
    )
    .unwrap();
    let json = serde_json::to_string(&read.document.blocks).unwrap();
    assert!(json.contains(r#""tex":"\\int_0^1 x\\,dx""#), "{json}");
}

fn texish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just(r"\frac".to_owned()),
        Just(r"\sqrt".to_owned()),
        Just(r"\left(".to_owned()),
        Just(r"\right)".to_owned()),
        Just(r"\middle|".to_owned()),
        Just(r"\begin{pmatrix}".to_owned()),
        Just(r"\end{pmatrix}".to_owned()),
        Just(r"\begin{aligned}".to_owned()),
        Just(r"\end{aligned}".to_owned()),
        Just("&".to_owned()),
        Just(r"\\".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("^".to_owned()),
        Just("_".to_owned()),
        Just(r"\sum".to_owned()),
        Just(r"\int".to_owned()),
        Just(r"\hat".to_owned()),
        Just(r"\overbrace".to_owned()),
        Just(r"\mathbb".to_owned()),
        Just(r"\text{".to_owned()),
        Just(r"\not".to_owned()),
        Just(r"\big(".to_owned()),
        Just(r"\,".to_owned()),
        Just(r"\displaystyle".to_owned()),
        Just(r"\foo".to_owned()),
        Just("'".to_owned()),
        "[a-z0-9+=<> ]{1,4}",
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Random TeX never panics in the parser, MathML, the linear form or the typesetter.
    #[test]
    fn random_tex_never_panics(tex in texish()) {
        if let Ok(f) = parse(&tex) {
            let m = mathml(&f, &tex, true);
            prop_assert!(roxmltree::Document::parse(&m).is_ok(), "{}", m);
            prop_assert!(!linear(&f).contains('\\'));
        }
        let src = format!("$${tex}$$\n\nand ${tex}$\n");
        let doc = read_post(src.as_bytes(), None, &ReadOptions::default()).unwrap().document;
        let _ = quire_typeset::typeset_post(
            &doc,
            book(),
            &quire_typeset::TypesetOptions::default(),
            &NoResources,
        );
    }
}
