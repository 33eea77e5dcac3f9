//! Writes a large register in the ICO template's layout, for timing
//! `ropa import sheet` (benches/sheet-import.sh): a title row, group
//! headings merged above the real headings, a notes row merged across the
//! table, an example row, and ROWS activities whose business function is
//! merged over every ten rows.
//!
//! `cargo run --example sheet_register -- 10000 /tmp/register.xlsx`

use rust_xlsxwriter::{Format, Workbook, XlsxError};

const HEADINGS: [&str; 11] = [
    "Business function",
    "Purpose of processing",
    "Categories of individuals",
    "Categories of personal data",
    "Categories of recipients",
    "Personuppgiftsbiträde",
    "Names of third countries or international organisations that personal data are transferred to (if applicable)",
    "Article 6 lawful basis for processing personal data",
    "Retention schedule (if possible)",
    "General description of technical and organisational security measures (if possible)",
    "Link to DPIA (if applicable)",
];

fn write(rows: u32, path: &str) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let f = Format::new();
    let s = book.add_worksheet().set_name("Article 30 RoPA")?;
    s.write_string(0, 0, "Record of processing activities")?;
    s.merge_range(1, 0, 2, 0, HEADINGS[0], &f)?;
    s.merge_range(1, 1, 1, 4, "Article 30 RoPA", &f)?;
    s.merge_range(1, 5, 1, 6, "Transfers", &f)?;
    s.merge_range(1, 7, 1, 10, "Lawful basis, retention, security", &f)?;
    for (c, h) in HEADINGS.iter().enumerate().skip(1) {
        s.write_string(2, c as u16, *h)?;
    }
    s.merge_range(3, 0, 3, 10, "Please complete one row per activity.", &f)?;
    s.write_string(4, 0, "e.g. Finance")?;
    s.write_string(4, 1, "e.g. Payroll")?;
    let top = 5;
    for i in 0..rows {
        let r = top + i;
        if i % 10 == 0 {
            let last = (r + 9).min(top + rows - 1);
            let function = format!("Function {}", i / 10);
            if last > r {
                s.merge_range(r, 0, last, 0, &function, &f)?;
            } else {
                s.write_string(r, 0, &function)?;
            }
        }
        let cells = [
            format!("Activity {i}"),
            "Customers; Employees".to_string(),
            "Name; Email address; Phone number; Health".to_string(),
            "Telia".to_string(),
            format!("Vendor {} (USA), Fortnox AB (Sverige)", i % 50),
            "USA – standardavtalsklausuler".to_string(),
            ["Contract", "Consent", "Legal obligation"][(i % 3) as usize].to_string(),
            "2 years".to_string(),
            "Encryption; Access control".to_string(),
            ["Nej", "Completed (DPIA-7)", "Pågår"][(i % 3) as usize].to_string(),
        ];
        for (c, v) in cells.iter().enumerate() {
            s.write_string(r, c as u16 + 1, v)?;
        }
    }
    book.save(path)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let rows: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let path = args
        .next()
        .unwrap_or_else(|| "target/register.xlsx".to_string());
    if let Err(e) = write(rows, &path) {
        eprintln!("cannot write {path}: {e}");
        std::process::exit(2);
    }
}
