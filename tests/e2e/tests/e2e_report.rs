//! The HTML session report renders in WebKit (the engine of the app's webview) from a local file
//! with nothing else: the inlined font loads, the inline SVG charts have a size, and the page
//! makes no request. Driven through WebKitWebDriver and WebKitGTK's MiniBrowser under xvfb.
//! Builds its report with the real `onsite` binary (a text interview, then `onsite report`).

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::ClientBuilder;
use onsite_e2e::{artifacts_dir, cli_binary};
use onsite_testkit::onsite;

const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run onsite");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn make_report(dir: &Path) -> PathBuf {
    let bin = cli_binary();
    assert!(
        bin.is_file(),
        "build the CLI first: cargo build -p onsite-cli"
    );
    let answer = dir.join("a.txt");
    std::fs::write(
        &answer,
        "At Acme I needed the payments team to change their retry logic. Um, I met their lead, \
         understood their roadmap and offered to pair one of our engineers with theirs. We agreed \
         a phased rollout. As a result failed payments dropped by thirty percent within a month.",
    )
    .expect("answer");
    let data = dir.join("data");
    let v: serde_json::Value = serde_json::from_str(&run(onsite(&bin, &data)
        .args([
            "interview",
            "--plan",
            "quick-15",
            "--no-follow-ups",
            "--format",
            "json",
            "--answers",
        ])
        .arg(&answer)))
    .expect("json");
    let id = v["session_id"].as_str().expect("session id");
    let out = dir.join("report.html");
    run(onsite(&bin, &data)
        .args(["report", id, "--format", "html", "--out"])
        .arg(&out));
    out
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs an X display and WebKitWebDriver: make test-e2e"]
async fn html_report_renders_in_webkit_with_its_inlined_font_and_charts() {
    let dir = tempfile::tempdir().expect("tmp");
    let report = make_report(dir.path());

    let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let scratch = dir.path();
    let _driver = Killed(
        Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            .env("XDG_DATA_HOME", scratch.join("xdg-data"))
            .env("XDG_CACHE_HOME", scratch.join("xdg-cache"))
            .env("XDG_CONFIG_HOME", scratch.join("xdg-config"))
            .stdin(Stdio::null())
            .spawn()
            .expect("WebKitWebDriver (webkit2gtk-driver) is installed"),
    );
    let started = Instant::now();
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "WebKitWebDriver did not listen"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut caps = serde_json::Map::new();
    caps.insert(
        "webkitgtk:browserOptions".into(),
        serde_json::json!({ "binary": MINIBROWSER, "args": ["--automation"] }),
    );
    let client = ClientBuilder::native()
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("WebDriver session with MiniBrowser");
    let url = format!("file://{}", report.display());
    client.goto(&url).await.expect("open report");

    let v = client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            document.fonts.ready.then(() => {
              const faces = [];
              document.fonts.forEach(f => faces.push([f.family.replace(/"/g, ''), f.status]));
              const svgs = [...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().width);
              const resources = performance.getEntriesByType('resource').map(e => e.name);
              done({
                faces,
                check: document.fonts.check('16px OnsiteReport'),
                svgs,
                marks: document.querySelectorAll('mark').length,
                title: document.querySelector('h1').textContent,
                question: document.querySelector('.question h3').textContent,
                resources,
                height: document.body.scrollHeight,
              });
            });"#,
            vec![],
        )
        .await
        .expect("script");
    eprintln!("render: {v}");
    let shot = client.screenshot().await.expect("screenshot");
    std::fs::create_dir_all(artifacts_dir()).expect("artifacts");
    std::fs::write(artifacts_dir().join("report_html.png"), shot).expect("write png");
    client.close().await.expect("close");

    assert!(
        v["faces"]
            .as_array()
            .expect("faces")
            .iter()
            .any(|f| f[0] == "OnsiteReport" && f[1] == "loaded"),
        "the inlined font loaded: {v}"
    );
    assert_eq!(v["check"], true);
    assert!(
        v["svgs"]
            .as_array()
            .expect("svgs")
            .iter()
            .all(|w| w.as_f64().unwrap_or(0.0) > 100.0),
        "{v}"
    );
    assert!(!v["svgs"].as_array().expect("svgs").is_empty());
    assert!(
        v["marks"].as_u64().unwrap_or(0) > 0,
        "evidence highlighted: {v}"
    );
    assert_eq!(v["title"], "Interview report");
    assert!(
        v["resources"].as_array().expect("res").is_empty(),
        "no request made: {v}"
    );
    assert!(v["height"].as_f64().unwrap_or(0.0) > 600.0);
}
