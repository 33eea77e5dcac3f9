//! Synthetic models for benchmarks: `n` datasets spread over files of
//! `per_file` datasets, each file with its own controller, processor and a
//! US cloud provider, datasets with five fields, two purposes, recipients,
//! and a flow to the next dataset (a chain through every file, closed into a
//! cycle every 50 datasets). About 520 bytes per dataset, close to the
//! density the speed target assumes (100 000 datasets in 52 MB; the target
//! says about 50 MB).
//!
//! The model is meant to look like a real one, findings included: flows
//! feed the target's `statistics` purpose, except one in a hundred, which
//! feeds every purpose and so gets an F003 (1 000 findings at 100 000
//! datasets). Output is part of what is measured, but a model with a
//! finding on every dataset would measure the printing more than the check.

/// One generated file: its name and text.
pub struct GeneratedFile {
    /// Relative file name.
    pub name: String,
    /// The `.ropa` text.
    pub text: String,
}

/// A model of `n` datasets, `per_file` to a file.
pub fn model(n: usize, per_file: usize) -> Vec<GeneratedFile> {
    let per_file = per_file.max(1);
    let mut files = Vec::new();
    let mut i = 0;
    let mut f = 0;
    while i < n {
        let mut text = String::with_capacity(per_file * 520);
        text.push_str(&format!(
            "// generated file {f}\ncontroller org_{f} \"Organisation {f} AB\" {{\n  country SE\n  dpo \"dpo{f}@example.se\"\n}}\n\n\
             processor proc_{f} \"Processor {f} AB\" {{\n  country SE\n  dpa \"DPA-{f}\"\n  subprocessors cloud_{f}\n}}\n\n\
             processor cloud_{f} \"Cloud {f} Inc\" {{\n  country US\n  dpa \"DPA-C{f}\"\n  transfer scc \"SCC 2021/914 module 3\"\n}}\n\n"
        ));
        let end = (i + per_file).min(n);
        while i < end {
            text.push_str(&format!(
                "dataset ds_{i} {{\n  controller org_{f}\n  subjects job_seeker\n  source data_subject\n  fields {{\n    name: identity.name\n    email: contact.email\n    phone: contact.phone\n    cv: professional.cv\n    skills: professional.skills\n  }}\n  purpose recruitment \"Matching candidates\" {{\n    basis contract\n  }}\n  purpose statistics {{\n    basis legitimate_interest \"LIA-{f}\"\n  }}\n  retention 24 months after case_closed\n  recipients proc_{f}\n  measures encryption\n}}\n\n"
            ));
            if i + 1 < n {
                let target = if (i + 1) % 50 == 0 { i + 1 - 50 } else { i + 1 };
                let purpose = if i % 100 == 99 {
                    ""
                } else {
                    " purpose statistics"
                };
                text.push_str(&format!(
                    "flow ds_{i} -> ds_{target} {{ fields name, email{purpose} }}\n\n"
                ));
            }
            i += 1;
        }
        files.push(GeneratedFile {
            name: format!("file_{f:05}.ropa"),
            text,
        });
        f += 1;
    }
    files
}
