//! Synthetic models for benchmarks: `n` datasets spread over files of
//! `per_file` datasets, each file with its own controller, processor and a
//! US cloud provider, datasets with five fields, two purposes, recipients,
//! and a flow to the next dataset (a chain through every file, closed into a
//! cycle every 50 datasets). About 560 bytes per dataset.

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
        let mut text = String::with_capacity(per_file * 600);
        text.push_str(&format!(
            "// generated file {f}\ncontroller org_{f} \"Organisation {f} AB\" {{\n  country SE\n  dpo \"dpo{f}@example.se\"\n}}\n\n\
             processor proc_{f} \"Processor {f} AB\" {{\n  country SE\n  dpa \"DPA-{f}\"\n  subprocessors cloud_{f}\n}}\n\n\
             processor cloud_{f} \"Cloud {f} Inc\" {{\n  country US\n  dpa \"DPA-C{f}\"\n  transfer scc \"SCC 2021/914 module 3\"\n}}\n\n"
        ));
        let end = (i + per_file).min(n);
        while i < end {
            text.push_str(&format!(
                "dataset ds_{i} \"Dataset {i}\" {{\n  controller org_{f}\n  subjects job_seeker, applicant\n  source data_subject\n  fields {{\n    name: identity.name \"full name\"\n    email: contact.email\n    phone: contact.phone\n    cv: professional.cv \"uploaded CV\"\n    skills: professional.skills\n  }}\n  purpose recruitment \"Matching candidates to jobs\" {{\n    kind recruitment\n    basis contract\n  }}\n  purpose statistics {{\n    basis legitimate_interest \"LIA-{f}\"\n  }}\n  retention 24 months after case_closed\n  recipients proc_{f}\n  measures encryption, access_control\n}}\n\n"
            ));
            if i + 1 < n {
                let target = if (i + 1) % 50 == 0 { i + 1 - 50 } else { i + 1 };
                text.push_str(&format!(
                    "flow ds_{i} -> ds_{target} {{ fields name, email }}\n\n"
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
