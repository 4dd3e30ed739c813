//! Failures of a run, each with its exit code and an optional hint.

use std::fmt;

use quire_core::Diagnostic;

/// Exit code of a failed conversion.
pub const EXIT_CONVERSION: u8 = 1;
/// Exit code of a usage error.
pub const EXIT_USAGE: u8 = 2;

/// Why a run failed: what to print and which exit code to give.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
    pub hint: Option<String>,
}

impl Failure {
    /// The input could not be converted (exit 1).
    pub fn conversion(message: impl Into<String>) -> Self {
        Failure {
            code: EXIT_CONVERSION,
            message: message.into(),
            hint: None,
        }
    }

    /// The command line is wrong (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            code: EXIT_USAGE,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        // The diagnostic prints its own hint.
        Failure::conversion(d.to_string())
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::conversion(format!("{e:#}"))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  = hint: {h}")?;
        }
        Ok(())
    }
}
