use std::process::ExitCode;

fn main() -> ExitCode {
    academie::cli::main()
}
