//! The `quire` command: the only part of quire that touches files, the environment and the clock.

mod args;
mod bundle;
mod convert;
mod env;
mod fail;
mod fetch;
mod fonts;
mod interrupt;
mod output;
mod resources;
mod site;
mod watch;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use crate::args::{Cli, Command};
use crate::fail::{Failure, EXIT_USAGE};

/// Reading builds many small nodes and writing many small lines: mimalloc is markedly
/// faster than the system allocator at that (about 18% on the large corpus).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Posts nest; writers recurse. A generous stack for the worker thread keeps any input the
/// reader accepts (its nesting is capped) far from the limit.
const STACK_SIZE: usize = 256 * 1024 * 1024;

/// The libraries are tested at their limits (10,000 nested quotes, a 20,000-column table)
/// on 2 MiB thread stacks; a main thread allowed this much has four times that.
const MAIN_STACK_ENOUGH: u64 = 8 * 1024 * 1024;

fn main() -> ExitCode {
    interrupt::note_stdout();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    // A second thread costs a small conversion a tenth of its time (its stack, and a
    // second set of allocator pages): it is started only when the main thread's stack
    // may be small.
    let result = if main_stack_is_enough() {
        std::panic::catch_unwind(move || run(cli)).map_err(drop)
    } else {
        std::thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn(move || run(cli))
            .map_err(drop)
            .and_then(|h| h.join().map_err(drop))
    };
    let result = result.unwrap_or_else(|()| {
        Err(Failure::conversion("internal error: the conversion failed")
            .hint("please report this with the input that caused it"))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("{}: {f}", label("error"));
            ExitCode::from(f.code)
        }
    }
}

/// Whether the main thread may grow its stack to [`MAIN_STACK_ENOUGH`].
fn main_stack_is_enough() -> bool {
    #[cfg(unix)]
    {
        use nix::sys::resource::{getrlimit, Resource, RLIM_INFINITY};
        matches!(getrlimit(Resource::RLIMIT_STACK), Ok((soft, _)) if soft == RLIM_INFINITY || soft >= MAIN_STACK_ENOUGH)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let quiet = cli.quiet;
    if cli.list_input_formats || cli.list_output_formats {
        let names: Vec<String> = if cli.list_input_formats {
            names::<args::InputFormat>()
        } else {
            names::<args::Format>()
        };
        output::write_stdout(format!("{}\n", names.join("\n")).as_bytes())?;
        return Ok(());
    }
    let Some(command) = cli.command else {
        return Err(Failure::usage("no command given")
            .hint("say what to do: quire convert post.md -o post.pdf (see quire --help)"));
    };
    match command {
        Command::Convert(args) => {
            let mut warn = |d: &quire_core::Diagnostic| {
                if !quiet {
                    eprintln!("{}: {d}", label("warning"));
                }
            };
            convert::run(&args, &mut warn)
        }
        Command::Bundle(args) => {
            let mut warn = |d: &quire_core::Diagnostic| {
                if !quiet {
                    eprintln!("{}: {d}", label("warning"));
                }
            };
            bundle::run(&args, quiet, &mut warn)
        }
        Command::Watch(args) => {
            let mut warn = |d: &quire_core::Diagnostic| {
                if !quiet {
                    eprintln!("{}: {d}", label("warning"));
                }
            };
            watch::run(&args, &mut warn)
        }
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "quire", &mut buf);
            output::write_stdout(&buf)?;
            Ok(())
        }
    }
}

/// The names a value enum accepts, in declaration order, without aliases.
fn names<T: clap::ValueEnum>() -> Vec<String> {
    T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|p| p.get_name().to_owned())
        .collect()
}

/// `error`/`warning`, in colour when stderr is a terminal and NO_COLOR is unset.
fn label(kind: &str) -> String {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match (color, kind) {
        (true, "error") => "\x1b[1;31merror\x1b[0m".to_owned(),
        (true, _) => "\x1b[1;33mwarning\x1b[0m".to_owned(),
        _ => kind.to_owned(),
    }
}
