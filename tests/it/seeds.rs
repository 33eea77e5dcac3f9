//! The five real privacy policies, modelled under `fixtures/seeds/` in one
//! folder per organisation (Arbetsförmedlingen's holds its three policies,
//! Jobtechdev.se's among them): the findings of `ropa check --format short`
//! on each folder, and on all of them as one model, are pinned by snapshots.

use assert_cmd::Command;

fn short(path: &str) -> (i32, String) {
    let out = Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "short", path])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

macro_rules! seed {
    ($name:ident, $path:literal) => {
        #[test]
        fn $name() {
            let (code, out) = short($path);
            assert_eq!(code, 1, "every seed policy has errors");
            insta::assert_snapshot!(out);
        }
    };
}

seed!(jobbjet, "fixtures/seeds/jobbjet");
seed!(arbetsformedlingen, "fixtures/seeds/arbetsformedlingen");
seed!(workwithus, "fixtures/seeds/workwithus");

#[test]
fn all_seeds_form_one_model_without_reference_errors() {
    let (code, out) = short("fixtures/seeds");
    assert_eq!(code, 1);
    for bad in ["E001", "E002", "E003", "E004", "F001", "F002"] {
        assert!(!out.contains(bad), "{bad} in the merged seed model:\n{out}");
    }
    let per_folder: usize = ["jobbjet", "arbetsformedlingen", "workwithus"]
        .iter()
        .map(|f| short(&format!("fixtures/seeds/{f}")).1.lines().count())
        .sum();
    assert_eq!(
        out.lines().count(),
        per_folder,
        "merging the folders changes no finding"
    );
}
