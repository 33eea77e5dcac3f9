//! A real third-party client: Neovim, headless, drives `ropa lsp` on the
//! Arbetsförmedlingen seed (tests/editors/neovim.lua checks diagnostics,
//! hover and definition). Without Neovim the test is skipped locally and
//! fails when `CI` is set (.ci/run installs Debian's neovim).

use std::process::Command;

#[test]
fn neovim_gets_diagnostics_hover_and_definition_from_ropa_lsp() {
    let found = Command::new("nvim").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "Neovim (`nvim`) is needed in CI: apt-get install neovim"
        );
        eprintln!("skipped: Neovim (`nvim`) is not installed");
        return;
    }
    let root = std::fs::canonicalize("fixtures/seeds/arbetsformedlingen").unwrap();
    let script = std::fs::canonicalize("tests/editors/neovim.lua").unwrap();
    let home = tempfile::tempdir().unwrap();
    let output = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("ROPA_BIN", assert_cmd::cargo::cargo_bin("ropa"))
        .env("ROPA_ROOT", &root)
        // Neovim writes its log and state under these: keep them out of $HOME.
        .env("XDG_STATE_HOME", home.path())
        .env("XDG_CACHE_HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .current_dir(&root)
        .output()
        .expect("nvim runs");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "Neovim's checks failed:\n{log}");
    assert!(log.contains("ok   definition is on line 131"), "{log}");
    assert!(!log.contains("FAIL"), "{log}");
}
