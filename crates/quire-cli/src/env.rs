//! What the environment says: read here, passed to the writers as values.

use quire_core::Date;

use crate::fail::Failure;

/// `SOURCE_DATE_EPOCH`, when set, is the book's modification date.
pub fn source_date_epoch() -> Result<Option<Date>, Failure> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .map(|s| Some(Date::from_unix_seconds(s)))
            .map_err(|_| {
                Failure::usage(format!(
                    "SOURCE_DATE_EPOCH={v:?} is not a number of seconds"
                ))
                .hint("e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)")
            }),
        Err(_) => Ok(None),
    }
}
