//! `mock-minimax [--port N] [--host H] [--static DIR [--static-prefix P]] [--quiet] [--list]`.
//! Command-line handling only; the server is in the library.

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use mock_minimax::{Config, Server, scenarios};

const USAGE: &str = "\
usage: mock-minimax [--port N] [--host ADDR] [--static DIR [--static-prefix P]] [--quiet] [--list]

  --port N            port to listen on (default 8787; 0 picks a free one)
  --host ADDR         address to bind (default 127.0.0.1, loopback only)
  --static DIR        also serve the built app from DIR (SPA fallback to index.html)
  --static-prefix P   serve DIR under the URL folder P (e.g. /sub/path/), not at /
  --quiet             no per-request log lines on stderr
  --list              print the scenarios and exit
";

struct Args {
    port: u16,
    host: IpAddr,
    static_dir: Option<PathBuf>,
    static_prefix: String,
    quiet: bool,
    list: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        port: 8787,
        host: IpAddr::from([127, 0, 0, 1]),
        static_dir: None,
        static_prefix: String::new(),
        quiet: false,
        list: false,
    };
    while let Some(arg) = args.next() {
        // Accept both `--port 8080` and `--port=8080`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f.to_string(), Some(v.to_string())),
            None => (arg, None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or(format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--port" => {
                let v = value("--port")?;
                parsed.port = v.parse().map_err(|_| format!("bad port: {v}"))?;
            }
            "--host" => {
                let v = value("--host")?;
                parsed.host = v.parse().map_err(|_| format!("bad host address: {v}"))?;
            }
            "--static" => parsed.static_dir = Some(PathBuf::from(value("--static")?)),
            "--static-prefix" => parsed.static_prefix = value("--static-prefix")?,
            "--quiet" => parsed.quiet = true,
            "--list" => parsed.list = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(why) => {
            if why.is_empty() {
                print!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("mock-minimax: {why}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.list {
        print!("{}", scenarios::listing());
        return ExitCode::SUCCESS;
    }
    if let Some(dir) = &args.static_dir
        && !dir.is_dir()
    {
        eprintln!(
            "mock-minimax: --static {} is not a directory",
            dir.display()
        );
        return ExitCode::from(2);
    }
    if !args.host.is_loopback() {
        eprintln!(
            "mock-minimax: warning: listening on {}, reachable from other machines",
            args.host
        );
    }
    let config = Config {
        static_dir: args.static_dir,
        static_prefix: args.static_prefix,
        quiet: args.quiet,
    };
    let server = match Server::bind((args.host, args.port), config) {
        Ok(server) => server,
        Err(e) => {
            eprintln!(
                "mock-minimax: cannot listen on {}:{}: {e}",
                args.host, args.port
            );
            return ExitCode::FAILURE;
        }
    };
    let addr = match server.local_addr() {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!("mock-minimax: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Tests wait for exactly this line, so flush it at once.
    println!("mock-minimax listening on http://{addr}");
    let _ = std::io::stdout().flush();
    server.run();
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn parses_flags() {
        let a = parse(&["--port", "0", "--host=::1", "--quiet", "--static", "dist"]).expect("ok");
        assert_eq!(a.port, 0);
        assert!(a.host.is_loopback() && a.quiet);
        assert_eq!(a.static_dir, Some(PathBuf::from("dist")));
        assert_eq!(a.static_prefix, "");
        let p = parse(&["--static", "dist", "--static-prefix=/sub/path/"]).expect("ok");
        assert_eq!(p.static_prefix, "/sub/path/");
        assert!(parse(&["--static-prefix"]).is_err());
        let d = parse(&[]).expect("ok");
        assert_eq!((d.port, d.host.to_string()), (8787, "127.0.0.1".into()));
        assert!(parse(&["--port", "x"]).is_err());
        assert!(parse(&["--port"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
    }
}
