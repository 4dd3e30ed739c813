//! The font records quire-pdf hands printpdf. (The PDF as a reader sees it is tested in
//! the tests crate, `tests/pdf.rs`: reading a post takes quire-core, which this crate
//! does not depend on.)

use quire_typeset::FontBook;

fn book() -> &'static FontBook {
    static BOOK: std::sync::OnceLock<FontBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(FontBook::builtin)
}

#[test]
fn a_whole_font_carries_no_subset_tag() {
    let font = book().get(book().primary(quire_typeset::fonts::Variant {
        mono: false,
        math: false,
        bold: false,
        italic: false,
    }));
    let mut remap = subsetter::GlyphRemapper::new();
    remap.remap(5);
    let whole = crate::parsed_font(&font, font.data.to_vec(), font.index, &remap, None);
    assert_eq!(whole.font_name.as_deref(), Some("LibertinusSerif-Regular"));
    let subset = crate::parsed_font(&font, font.data.to_vec(), 0, &remap, Some("ABCDEF"));
    assert_eq!(
        subset.font_name.as_deref(),
        Some("ABCDEF+LibertinusSerif-Regular")
    );
}
