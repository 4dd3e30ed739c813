//! Post metadata: typed fields normalized from any front-matter style.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Serialize, Serializer};

/// Typed, normalized front matter.
///
/// Keys are matched case-insensitively and their synonyms folded together
/// (`PostAuthor`, `Author` and `authors` all land in [`Meta::authors`]); every other key
/// is kept in [`Meta::extra`].
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct Meta {
    /// The title: from front matter, else the first level-1 heading, else the file name.
    pub title: Option<String>,
    /// A subtitle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Authors, in order.
    pub authors: Vec<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Date of the last update.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// A one-paragraph summary.
    pub description: Option<String>,
    /// Tags or categories.
    pub tags: Vec<String>,
    /// The post's cover or social image, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// BCP 47 language tag, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// URL slug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    /// Every other key, with its value, under its name as written.
    pub extra: BTreeMap<String, MetaValue>,
}

/// A front-matter value of any shape.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum MetaValue {
    /// `null` / `~` / an empty YAML value.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// A floating-point number.
    Float(f64),
    /// A string (dates that were not recognized stay strings too).
    String(String),
    /// A list.
    List(Vec<MetaValue>),
    /// A map with its keys in source order.
    Map(Vec<(String, MetaValue)>),
}

/// Plain JSON: scalars as themselves, lists as arrays, maps as objects in source order.
impl Serialize for MetaValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            MetaValue::Null => serializer.serialize_unit(),
            MetaValue::Bool(b) => serializer.serialize_bool(*b),
            MetaValue::Integer(i) => serializer.serialize_i64(*i),
            MetaValue::Float(f) => serializer.serialize_f64(*f),
            MetaValue::String(s) => serializer.serialize_str(s),
            MetaValue::List(items) => serializer.collect_seq(items),
            MetaValue::Map(pairs) => {
                let mut map = serializer.serialize_map(Some(pairs.len()))?;
                for (k, v) in pairs {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl MetaValue {
    /// The value as a string if it is a scalar (numbers and booleans are formatted).
    pub fn as_scalar_string(&self) -> Option<String> {
        match self {
            MetaValue::String(s) => Some(s.clone()),
            MetaValue::Integer(i) => Some(i.to_string()),
            MetaValue::Float(f) => Some(f.to_string()),
            MetaValue::Bool(b) => Some(b.to_string()),
            MetaValue::Null | MetaValue::List(_) | MetaValue::Map(_) => None,
        }
    }
}

/// A calendar date with an optional time of day and UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct Date {
    /// The year.
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31.
    pub day: u8,
    /// Time of day, if given.
    pub time: Option<Time>,
}

/// A time of day with an optional UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct Time {
    /// 0 to 23.
    pub hour: u8,
    /// 0 to 59.
    pub minute: u8,
    /// 0 to 60 (leap second).
    pub second: u8,
    /// Nanoseconds.
    pub nanosecond: u32,
    /// Offset from UTC in minutes; `None` for a local time.
    pub offset_minutes: Option<i16>,
}

impl Date {
    /// A date with no time of day. Returns `None` if the day does not exist.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(
            Date {
                year,
                month,
                day,
                time: None,
            },
        )
    }

    /// Parses the date forms found in blog front matter:
    /// `2016-03-18`, `2016-03-18T01:38:53`, RFC 3339 (`...Z`, `...+01:00`),
    /// Jekyll's `2016-03-18 01:38:53 -0500`, and written dates like `January 10, 2020`.
    /// Single-digit months and days are accepted.
    pub fn parse(s: &str) -> Option<Date> {
        Date::parse_numeric(s).or_else(|| parse_written(s))
    }

    fn parse_numeric(s: &str) -> Option<Date> {
        let mut p = Cursor {
            s: s.trim().as_bytes(),
            i: 0,
        };
        let year = p.number(4, 4)? as i32;
        p.eat(b'-').then_some(())?;
        let month = p.number(1, 2)? as u8;
        p.eat(b'-').then_some(())?;
        let day = p.number(1, 2)? as u8;
        let mut date = Date::ymd(year, month, day)?;
        if p.done() {
            return Some(date);
        }
        if !(p.eat(b'T') || p.eat(b't') || p.eat(b' ')) {
            return None;
        }
        let hour = p.number(1, 2)? as u8;
        p.eat(b':').then_some(())?;
        let minute = p.number(2, 2)? as u8;
        let second = if p.eat(b':') {
            p.number(2, 2)? as u8
        } else {
            0
        };
        let mut nanosecond = 0u32;
        if p.eat(b'.') || p.eat(b',') {
            let start = p.i;
            let frac = p.number(1, 9)?;
            nanosecond = frac * 10u32.pow(9 - (p.i - start) as u32);
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        p.eat(b' ');
        let offset_minutes = if p.done() {
            None
        } else if p.eat(b'Z') || p.eat(b'z') {
            Some(0)
        } else {
            let sign: i16 = if p.eat(b'+') {
                1
            } else if p.eat(b'-') {
                -1
            } else {
                return None;
            };
            let hh = p.number(2, 2)? as i16;
            p.eat(b':');
            let mm = p.number(2, 2)? as i16;
            if hh > 23 || mm > 59 {
                return None;
            }
            Some(sign * (hh * 60 + mm))
        };
        if !p.done() {
            return None;
        }
        date.time = Some(Time {
            hour,
            minute,
            second,
            nanosecond,
            offset_minutes,
        });
        Some(date)
    }

    /// Seconds since the Unix epoch of this date (midnight UTC when there is no time;
    /// a local time is taken as UTC).
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(self.year, self.month, self.day);
        let (h, m, s, off) = match self.time {
            Some(t) => (t.hour, t.minute, t.second, t.offset_minutes.unwrap_or(0)),
            None => (0, 0, 0, 0),
        };
        days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s) - i64::from(off) * 60
    }

    /// The UTC date and time of a Unix timestamp, e.g. from `SOURCE_DATE_EPOCH`.
    pub fn from_unix_seconds(secs: i64) -> Date {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Date {
            year,
            month,
            day,
            time: Some(Time {
                hour: (rem / 3600) as u8,
                minute: (rem % 3600 / 60) as u8,
                second: (rem % 60) as u8,
                nanosecond: 0,
                offset_minutes: Some(0),
            }),
        }
    }
}

/// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]` when a time is known.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)?;
        if let Some(t) = self.time {
            write!(f, "T{:02}:{:02}:{:02}", t.hour, t.minute, t.second)?;
            if t.nanosecond != 0 {
                let frac = format!("{:09}", t.nanosecond);
                write!(f, ".{}", frac.trim_end_matches('0'))?;
            }
            match t.offset_minutes {
                None => {}
                Some(0) => f.write_str("Z")?,
                Some(m) => {
                    let sign = if m < 0 { '-' } else { '+' };
                    write!(f, "{sign}{:02}:{:02}", m.abs() / 60, m.abs() % 60)?;
                }
            }
        }
        Ok(())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// `January 10, 2020`, `10 January 2020`, `Jan 10 2020`.
fn parse_written(s: &str) -> Option<Date> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let (mut year, mut month, mut day) = (None, None, None);
    for token in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        let lower = token.to_ascii_lowercase();
        if let Some(m) = MONTHS
            .iter()
            .position(|m| lower.starts_with(m) && lower.len() >= 3)
        {
            month = month.or(Some(m as u8 + 1));
        } else if token.len() == 4 && token.bytes().all(|b| b.is_ascii_digit()) {
            year = year.or(token.parse().ok());
        } else if let Some(d) = ordinal_day(token) {
            day = day.or(Some(d));
        } else {
            return None;
        }
    }
    Date::ymd(year?, month?, day?)
}

/// `10`, `1st`, `2nd`, `3rd`, `10th`.
fn ordinal_day(token: &str) -> Option<u8> {
    let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = token[digits.len()..].to_ascii_lowercase();
    let ok = (1..=2).contains(&digits.len())
        && matches!(suffix.as_str(), "" | "st" | "nd" | "rd" | "th");
    ok.then(|| digits.parse().ok()).flatten()
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn eat(&mut self, b: u8) -> bool {
        let hit = self.s.get(self.i) == Some(&b);
        self.i += usize::from(hit);
        hit
    }
    fn done(&self) -> bool {
        self.i == self.s.len()
    }
    /// Between `min` and `max` ASCII digits.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.i;
        let mut n = 0u32;
        while self.i - start < max {
            match self.s.get(self.i) {
                Some(d @ b'0'..=b'9') => n = n * 10 + u32::from(d - b'0'),
                _ => break,
            }
            self.i += 1;
        }
        (self.i - start >= min).then_some(n)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil-date algorithms: exact over the whole i32 year range.
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
        m,
        d,
    )
}

/// Whether `tag` is a plausible BCP 47 language tag (`en`, `en-GB`, `zh-Hant-TW`): a 2 to 8
/// letter primary subtag, then subtags of 1 to 8 letters or digits. Writers fall back to
/// `en` otherwise, so that no output carries an invalid `lang`.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Which typed field a front-matter key feeds, case-insensitively.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    Subtitle,
    Authors,
    Date,
    Updated,
    Description,
    Tags,
    Image,
    Lang,
    Slug,
}

pub(crate) fn field_for_key(key: &str) -> Option<Field> {
    let k = key.to_ascii_lowercase();
    Some(match k.as_str() {
        "title" => Field::Title,
        "subtitle" => Field::Subtitle,
        "author" | "authors" | "postauthor" | "creator" => Field::Authors,
        "date" | "addeddate" | "published" | "pubdate" => Field::Date,
        "updated" | "lastmod" | "modified" | "last_modified_at" => Field::Updated,
        "description" | "summary" | "excerpt" => Field::Description,
        "tags" | "categories" | "category" | "keywords" => Field::Tags,
        "image" | "cover" | "cover_image" => Field::Image,
        "lang" | "language" => Field::Lang,
        "slug" => Field::Slug,
        _ => return None,
    })
}

/// A problem found while normalizing one key, reported by the caller with a position.
pub(crate) struct MetaIssue {
    pub key: String,
    pub message: String,
}

/// Builds [`Meta`] from front-matter pairs in source order. Later keys win over earlier
/// synonyms of the same field, except list fields, which accumulate.
pub(crate) fn normalize(pairs: Vec<(String, MetaValue)>) -> (Meta, Vec<MetaIssue>) {
    let mut meta = Meta::default();
    let mut issues = Vec::new();
    for (key, value) in pairs {
        let Some(field) = field_for_key(&key) else {
            meta.extra.insert(key, value);
            continue;
        };
        match field {
            Field::Title => meta.title = non_empty(scalar(&value)),
            Field::Subtitle => meta.subtitle = non_empty(scalar(&value)),
            Field::Description => meta.description = non_empty(scalar(&value)),
            Field::Image => meta.image = non_empty(scalar(&value)),
            Field::Lang => meta.lang = non_empty(scalar(&value)),
            Field::Slug => meta.slug = non_empty(scalar(&value)),
            Field::Authors => push_list(&mut meta.authors, &value),
            Field::Tags => push_list(&mut meta.tags, &value),
            // `published: false` is a draft flag (Jekyll), not a date.
            Field::Date if as_flag(&value).is_some() => {
                meta.extra.insert(key, value);
            }
            Field::Date | Field::Updated => {
                let text = scalar(&value).unwrap_or_default();
                if text.trim().is_empty() {
                    continue;
                }
                match Date::parse(&text) {
                    Some(d) if field == Field::Date => meta.date = Some(d),
                    Some(d) => meta.updated = Some(d),
                    None => {
                        issues.push(MetaIssue {
                            message: format!(
                                "`{key}` value {text:?} is not a date I know; kept in `extra`"
                            ),
                            key: key.clone(),
                        });
                        meta.extra.insert(key, value);
                    }
                }
            }
        }
    }
    (meta, issues)
}

fn scalar(v: &MetaValue) -> Option<String> {
    match v {
        MetaValue::List(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter_map(MetaValue::as_scalar_string)
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        other => other.as_scalar_string(),
    }
}

/// A boolean front-matter value: YAML/TOML/JSON booleans, or `true`/`false`/`yes`/`no`
/// written as strings (Razor headers and quoted YAML).
fn as_flag(v: &MetaValue) -> Option<bool> {
    match v {
        MetaValue::Bool(b) => Some(*b),
        MetaValue::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" => Some(true),
            "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

impl Meta {
    /// Whether the post is a draft: `draft: true` (Hugo, Zola, Hexo, Jekyll's drafts) or
    /// `published: false` (Jekyll), in any front-matter dialect. Bundles leave drafts out.
    pub fn is_draft(&self) -> bool {
        let flag = |name: &str| {
            self.extra
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .and_then(|(_, v)| as_flag(v))
        };
        flag("draft") == Some(true) || flag("published") == Some(false)
    }
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Lists stay lists; a string is split on commas; duplicates are dropped.
/// Author maps (`{name: ...}`) give their `name`.
fn push_list(out: &mut Vec<String>, value: &MetaValue) {
    match value {
        MetaValue::List(items) => {
            for item in items {
                push_list(out, item);
            }
        }
        MetaValue::Map(pairs) => {
            if let Some((_, v)) = pairs.iter().find(|(k, _)| k.eq_ignore_ascii_case("name")) {
                push_list(out, v);
            }
        }
        other => {
            if let Some(s) = other.as_scalar_string() {
                for part in s.split(',') {
                    let part = part.trim();
                    if !part.is_empty() && !out.iter().any(|x| x == part) {
                        out.push(part.to_owned());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_blog_date_forms() {
        let cases = [
            ("2016-03-18", "2016-03-18"),
            ("2016-03-18T01:38:53", "2016-03-18T01:38:53"),
            ("2016-03-18T01:38:53Z", "2016-03-18T01:38:53Z"),
            (
                "2016-03-18T01:38:53.250+01:00",
                "2016-03-18T01:38:53.25+01:00",
            ),
            ("2014-03-03 21:12:12 -0500", "2014-03-03T21:12:12-05:00"),
            ("2014-3-5", "2014-03-05"),
            ("2014-03-05 10:00", "2014-03-05T10:00:00"),
            ("January 10, 2020", "2020-01-10"),
            ("10 Sept 2019", "2019-09-10"),
            ("March 3rd, 2021", "2021-03-03"),
        ];
        for (input, want) in cases {
            assert_eq!(
                Date::parse(input).map(|d| d.to_string()).as_deref(),
                Some(want),
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2015-02-29",
            "2016-13-01",
            "2016-03-18T25:00",
            "March 2016",
            "",
            "2016-03-18x",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2016-02-29").is_some());
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "en-GB", "zh-Hant-TW", "de-CH-1996"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in [
            "",
            "e",
            "english language",
            "en_GB",
            "en-",
            "toolongprimary",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn unix_round_trip() {
        let d = Date::parse("2016-03-18T01:38:53Z").unwrap();
        assert_eq!(d.unix_seconds(), 1_458_265_133);
        assert_eq!(Date::from_unix_seconds(1_458_265_133), d);
        assert_eq!(
            Date::from_unix_seconds(0).to_string(),
            "1970-01-01T00:00:00Z"
        );
    }

    #[test]
    fn normalizes_synonyms_and_lists() {
        let pairs = vec![
            ("Title".into(), MetaValue::String("T".into())),
            ("PostAuthor".into(), MetaValue::String("Nora Jones".into())),
            (
                "AddedDate".into(),
                MetaValue::String("2016-03-18T01:38:53".into()),
            ),
            ("Tags".into(), MetaValue::String("fsharp, chaos,".into())),
            (
                "categories".into(),
                MetaValue::List(vec![MetaValue::String("web".into())]),
            ),
            ("Layout".into(), MetaValue::String("post".into())),
            ("Image".into(), MetaValue::String("".into())),
        ];
        let (meta, issues) = normalize(pairs);
        assert!(issues.is_empty());
        assert_eq!(meta.title.as_deref(), Some("T"));
        assert_eq!(meta.authors, ["Nora Jones"]);
        assert_eq!(meta.date.unwrap().to_string(), "2016-03-18T01:38:53");
        assert_eq!(meta.tags, ["fsharp", "chaos", "web"]);
        assert_eq!(meta.image, None);
        assert_eq!(meta.extra["Layout"], MetaValue::String("post".into()));
    }

    #[test]
    fn bad_date_is_kept_with_an_issue() {
        let (meta, issues) = normalize(vec![("date".into(), MetaValue::String("soon".into()))]);
        assert_eq!(meta.date, None);
        assert_eq!(issues.len(), 1);
        assert_eq!(meta.extra["date"], MetaValue::String("soon".into()));
    }
}
