//! `ropa export --format fides`: the model as fideslang YAML that the
//! fideslang models accept.
//!
//! - each controller of a dataset → an `organization`;
//! - each dataset → a `system` (its purposes as `privacy_declarations`, its
//!   flows and recipients as `egress`, party sources as `ingress`) and a
//!   Fides `dataset` with one collection holding its fields and their
//!   categories;
//! - every other party (processors, recipients) → a `system` with no
//!   declarations, `responsibility: [Processor]` or `[Controller]`, its
//!   countries in `meta.countries` and, outside the EEA, in
//!   `third_country_transfers`, its transfer mechanism in
//!   `legal_basis_for_transfers`;
//! - subjects with no Fides equivalent → custom `data_subject` entries.
//!
//! `ropa import fides` reads all of this back (tests/it/fides.rs).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use super::taxonomy::{self, Taxonomy};
use crate::report::record::{DatasetView, FlowView, PartyView, Record, RetentionView, SourceView};

/// The name of the collection that lists what reaches a dataset through
/// flows.
pub const RECEIVED: &str = "received_through_flows";

/// A Fides key from a ropa ID: fideslang allows ASCII letters, digits,
/// `_`, `.`, `-`, `<`, `>`; other letters lose their accents or become `_`.
pub fn fides_key(id: &str) -> String {
    id.chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | '-' | '.' => c,
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'Å' | 'Ä' | 'À' | 'Á' | 'Â' => 'A',
            'ö' | 'ø' | 'ó' | 'ô' => 'o',
            'Ö' | 'Ø' | 'Ó' | 'Ô' => 'O',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'ü' | 'ú' => 'u',
            'Ü' | 'Ú' => 'U',
            'í' | 'ï' => 'i',
            _ => '_',
        })
        .collect()
}

/// A retention period in the words `ropa import fides` reads back.
fn retention_text(r: &RetentionView) -> String {
    match r {
        RetentionView::Duration {
            amount,
            unit,
            after,
            ..
        } => {
            let plural = if *amount == 1 { "" } else { "s" };
            match after {
                Some(e) => format!("{amount} {unit}{plural} after {e}"),
                None => format!("{amount} {unit}{plural}"),
            }
        }
        RetentionView::Session => "until the end of the session".into(),
        RetentionView::NotStored => "not stored".into(),
        RetentionView::Until { event } => format!("until {event}"),
        RetentionView::ByLaw { reference } => format!("as required by {reference}"),
        RetentionView::Indefinite => "indefinite".into(),
    }
}

fn fides_basis(value: &str, map: &std::collections::BTreeMap<String, String>) -> Option<String> {
    map.iter()
        .find(|(_, v)| v.as_str() == value)
        .map(|(k, _)| k.clone())
}

/// The Fides key of a category. One that rules/fides-taxonomy.yaml does
/// not know (a pack's, or a misspelt one) goes under `user`, declared as a
/// custom category so that Fides can walk its parents.
fn category_key(tax: &Taxonomy, c: &str) -> String {
    tax.export
        .data_categories
        .get(c)
        .cloned()
        .unwrap_or_else(|| format!("user.{}", fides_key(c).replace('.', "_")))
}

/// The parent of `key` when it is not a key of Fides's default taxonomy.
fn custom_parent<'t>(tax: &'t Taxonomy, c: &str, key: &str) -> Option<&'t str> {
    match tax.export.custom_categories.get(key) {
        Some(p) => Some(p),
        None if !tax.export.data_categories.contains_key(c) => Some("user"),
        None => None,
    }
}

fn subject_key(tax: &Taxonomy, s: &str) -> String {
    tax.export
        .data_subjects
        .get(s)
        .cloned()
        .unwrap_or_else(|| fides_key(s))
}

fn dataset_categories(tax: &Taxonomy, d: &DatasetView) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in d.fields.iter().filter(|f| f.received_from.is_none()) {
        if let Some(c) = &f.category {
            let k = category_key(tax, c);
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// `flows`: the flows whose source is `d`, in declaration order.
fn system_of_dataset(tax: &Taxonomy, flows: &[&FlowView], d: &DatasetView) -> Value {
    let key = fides_key(d.named.id);
    let subjects: Vec<String> = d.subjects.iter().map(|s| subject_key(tax, s)).collect();
    let categories = dataset_categories(tax, d);
    let declarations: Vec<Value> = d
        .purposes
        .iter()
        .map(|p| {
            let mut decl = Map::new();
            decl.insert("name".into(), json!(p.id));
            decl.insert(
                "data_use".into(),
                json!(tax
                    .export
                    .data_uses
                    .get(p.kind)
                    .cloned()
                    .unwrap_or_else(|| "essential.service".into())),
            );
            decl.insert("data_categories".into(), json!(categories));
            decl.insert("data_subjects".into(), json!(subjects));
            decl.insert("dataset_references".into(), json!([key]));
            if let Some(b) = p
                .basis
                .as_ref()
                .and_then(|b| fides_basis(b.value, &tax.import.legal_bases))
            {
                decl.insert("legal_basis_for_processing".into(), json!(b));
            }
            if let Some(b) = p
                .special_basis
                .as_ref()
                .and_then(|b| fides_basis(b.value, &tax.import.special_bases))
            {
                decl.insert("processes_special_category_data".into(), json!(true));
                decl.insert("special_category_legal_basis".into(), json!(b));
            }
            if let Some(r) = p.retention.as_ref().or(d.retention.as_ref()) {
                decl.insert("retention_period".into(), json!(retention_text(r)));
            }
            if let Some(dpia) = &d.dpia {
                decl.insert("impact_assessment_location".into(), json!(dpia));
            }
            Value::Object(decl)
        })
        .collect();
    let mut egress: Vec<Value> = Vec::new();
    let push = |list: &mut Vec<Value>, target: String, cats: Option<Vec<String>>| {
        if list.iter().any(|e| e["fides_key"] == target.as_str()) {
            return;
        }
        let mut e = json!({ "fides_key": target, "type": "system" });
        if let Some(c) = cats.filter(|c| !c.is_empty()) {
            e["data_categories"] = json!(c);
        }
        list.push(e);
    };
    for f in flows {
        let cats = f.fields.as_ref().map(|names| {
            let mut out: Vec<String> = Vec::new();
            for n in names {
                let c = d
                    .fields
                    .iter()
                    .find(|x| &x.name == n)
                    .and_then(|x| x.category.as_ref());
                if let Some(c) = c {
                    let k = category_key(tax, c);
                    if !out.contains(&k) {
                        out.push(k);
                    }
                }
            }
            out
        });
        push(&mut egress, fides_key(f.target), cats);
    }
    for r in &d.recipients {
        push(&mut egress, fides_key(r.named.id), None);
    }
    let ingress: Vec<Value> = d
        .sources
        .iter()
        .filter_map(|s| match s {
            SourceView::Party(p) => Some(json!({ "fides_key": fides_key(p.id), "type": "system" })),
            _ => None,
        })
        .collect();
    let mut sys = Map::new();
    sys.insert("fides_key".into(), json!(key));
    sys.insert("name".into(), json!(d.named.name));
    sys.insert(
        "organization_fides_key".into(),
        json!(d
            .controllers
            .first()
            .map_or_else(|| "default_organization".to_string(), |c| fides_key(c.id))),
    );
    sys.insert("system_type".into(), json!("Service"));
    sys.insert("responsibility".into(), json!(["Controller"]));
    sys.insert("dataset_references".into(), json!([key]));
    sys.insert("privacy_declarations".into(), json!(declarations));
    if !egress.is_empty() {
        sys.insert("egress".into(), json!(egress));
    }
    if !ingress.is_empty() {
        sys.insert("ingress".into(), json!(ingress));
    }
    if d.purposes.iter().any(|p| p.profiling) {
        sys.insert("uses_profiling".into(), json!(true));
    }
    if let Some(dpia) = &d.dpia {
        sys.insert("requires_data_protection_assessments".into(), json!(true));
        sys.insert("dpa_location".into(), json!(dpia));
    }
    if d.controllers.len() > 1 {
        let names: Vec<&str> = d.controllers.iter().map(|c| c.name).collect();
        // The keys, for the import: `controller:KEY` tags.
        let tags: Vec<String> = d
            .controllers
            .iter()
            .map(|c| format!("controller:{}", fides_key(c.id)))
            .collect();
        sys.insert("tags".into(), json!(tags));
        let mut info = format!("Joint controllers: {}", names.join(", "));
        if let Some(a) = &d.arrangement {
            info.push_str(&format!("; arrangement: {a}"));
        }
        sys.insert("joint_controller_info".into(), json!(info));
    }
    if !d.measures.is_empty() {
        sys.insert(
            "data_security_practices".into(),
            json!(d.measures.join(", ")),
        );
    }
    Value::Object(sys)
}

/// The `legal_basis_for_transfers` value of a mechanism: Fides's own
/// name when the import reads it back as the same mechanism for a party in
/// `countries` (`Adequacy Decision` is `dpf` for a US party), else the
/// mechanism as ropa names it (`code_of_conduct`), which the import reads
/// as it is.
fn transfer_value(tax: &Taxonomy, mechanism: &str, countries: &[&str]) -> String {
    match tax.export.transfer_mechanisms.get(mechanism) {
        Some(name)
            if taxonomy::transfer_mechanism(tax, name, countries).as_deref() == Some(mechanism) =>
        {
            name.clone()
        }
        _ => mechanism.to_string(),
    }
}

fn system_of_party(tax: &Taxonomy, p: &PartyView) -> Value {
    let role = if crate::report::record::is_controller(p.kind) {
        "Controller"
    } else {
        "Processor"
    };
    let mut sys = Map::new();
    sys.insert("fides_key".into(), json!(fides_key(p.named.id)));
    sys.insert("name".into(), json!(p.named.name));
    sys.insert("system_type".into(), json!("Service"));
    sys.insert("responsibility".into(), json!([role]));
    sys.insert("privacy_declarations".into(), json!([]));
    let countries: Vec<&str> = p.countries.iter().map(|c| c.code).collect();
    if !countries.is_empty() {
        sys.insert("meta".into(), json!({ "countries": countries }));
    }
    let outside: Vec<String> = p
        .countries
        .iter()
        .filter(|c| c.outside_eea)
        .map(|c| {
            tax.import
                .alpha3
                .iter()
                .find(|(_, a2)| **a2 == c.code)
                .map_or_else(|| c.code.to_string(), |(a3, _)| a3.clone())
        })
        .collect();
    if !outside.is_empty() {
        sys.insert("does_international_transfers".into(), json!(true));
        sys.insert("third_country_transfers".into(), json!(outside));
    }
    if let Some(t) = &p.transfer {
        let codes: Vec<&str> = p.countries.iter().map(|c| c.code).collect();
        sys.insert(
            "legal_basis_for_transfers".into(),
            json!([transfer_value(tax, t.value, &codes)]),
        );
    }
    if let Some(dpo) = &p.dpo {
        sys.insert("dpo".into(), json!(dpo));
    }
    if let Some(c) = &p.contact {
        sys.insert("legal_address".into(), json!(c));
    }
    Value::Object(sys)
}

/// The model as one fideslang manifest.
pub fn render(record: &Record) -> Result<String, String> {
    let tax = taxonomy::get()?;
    let org_ids: Vec<&str> = record.organisations.iter().map(|o| o.named.id).collect();
    let organizations: Vec<Value> = record
        .organisations
        .iter()
        .map(|o| {
            let mut org = Map::new();
            org.insert("fides_key".into(), json!(fides_key(o.named.id)));
            org.insert("name".into(), json!(o.named.name));
            if let Some(c) = &o.contact {
                org.insert(
                    "controller".into(),
                    json!({ "name": o.named.name, "address": c }),
                );
            }
            if let Some(d) = &o.dpo {
                org.insert("data_protection_officer".into(), json!({ "name": d }));
            }
            if let Some(r) = &o.representative {
                org.insert("representative".into(), json!({ "name": r }));
            }
            // A Fides organisation has no country nor transfer mechanism:
            // they go in tags, which the import reads back.
            let mut tags: Vec<String> =
                o.countries.iter().map(|c| format!("country:{c}")).collect();
            let party = record.parties.iter().find(|p| p.named.id == o.named.id);
            if let Some((p, t)) = party.and_then(|p| p.transfer.as_ref().map(|t| (p, t))) {
                let codes: Vec<&str> = p.countries.iter().map(|c| c.code).collect();
                tags.push(format!("transfer:{}", transfer_value(tax, t.value, &codes)));
            }
            if !tags.is_empty() {
                org.insert("tags".into(), json!(tags));
            }
            Value::Object(org)
        })
        .collect();
    // Each dataset's outgoing flows, found once (a scan of every flow per
    // dataset took most of a minute on a model of 100 000 datasets).
    let mut flows_from: HashMap<&str, Vec<&FlowView>> = HashMap::new();
    for f in &record.flows {
        flows_from.entry(f.source).or_default().push(f);
    }
    let mut systems: Vec<Value> = record
        .datasets
        .iter()
        .map(|d| {
            let flows = flows_from.get(d.named.id).map_or(&[][..], Vec::as_slice);
            system_of_dataset(tax, flows, d)
        })
        .collect();
    systems.extend(
        record
            .parties
            .iter()
            .filter(|p| !org_ids.contains(&p.named.id))
            .map(|p| system_of_party(tax, p)),
    );
    let datasets: Vec<Value> = record
        .datasets
        .iter()
        .map(|d| {
            let fields: Vec<Value> = d
                .fields
                .iter()
                .filter(|f| f.received_from.is_none())
                .map(|f| {
                    let mut field = json!({ "name": f.name });
                    if let Some(c) = &f.category {
                        field["data_categories"] = json!([category_key(tax, c)]);
                    }
                    if let Some(desc) = &f.description {
                        field["description"] = json!(desc);
                    }
                    field
                })
                .collect();
            let mut collections = vec![json!({ "name": fides_key(d.named.id), "fields": fields })];
            // What reaches the dataset through flows, as ropa's policies
            // see it (`categories`), so that Fides checks it too; marked by
            // the collection's name, and left out by the import, where the
            // flows bring it back.
            let received: Vec<Value> = d
                .fields
                .iter()
                .filter_map(|f| {
                    let from = f.received_from.as_ref()?;
                    let c = f.category?;
                    Some(json!({
                        "name": format!("{}__{}", fides_key(from.id), f.name),
                        "description": format!("received from {} ({}) through a flow", from.name, from.id),
                        "data_categories": [category_key(tax, c)],
                    }))
                })
                .collect();
            if !received.is_empty() {
                collections.push(json!({
                    "name": RECEIVED,
                    "description": "Not declared by this dataset: the categories that reach it through flows from other datasets, one field each (ropa's effective categories)",
                    "fields": received,
                }));
            }
            json!({
                "fides_key": fides_key(d.named.id),
                "name": d.named.name,
                "collections": collections,
            })
        })
        .collect();
    let mut custom: Vec<&str> = Vec::new();
    for d in &record.datasets {
        for s in &d.subjects {
            if !tax.export.data_subjects.contains_key(*s) && !custom.contains(s) {
                custom.push(s);
            }
        }
    }
    // ropa's own category keys that the export uses, declared under their
    // parents so that Fides knows them.
    let mut used: Vec<(&str, String, &str)> = Vec::new();
    for d in &record.datasets {
        for c in d.fields.iter().filter_map(|f| f.category) {
            let key = category_key(tax, c);
            if let Some(parent) = custom_parent(tax, c, &key) {
                if !used.iter().any(|(_, k, _)| *k == key) {
                    used.push((c, key, parent));
                }
            }
        }
    }
    used.sort_unstable_by(|a, b| a.1.cmp(&b.1));
    let custom_categories: Vec<Value> = used
        .iter()
        .map(|(category, key, parent)| {
            let name = crate::vocabulary::term(
                crate::vocabulary::Lang::En,
                crate::vocabulary::Vocab::Category,
                category,
            )
            .unwrap_or(category);
            json!({
                "fides_key": key,
                "name": name,
                "description": format!("{name}: the category `{category}` of ropa's vocabulary"),
                "parent_key": parent,
            })
        })
        .collect();
    let mut manifest = Map::new();
    manifest.insert("organization".into(), json!(organizations));
    manifest.insert("system".into(), json!(systems));
    manifest.insert("dataset".into(), json!(datasets));
    if !custom_categories.is_empty() {
        manifest.insert("data_category".into(), json!(custom_categories));
    }
    if !custom.is_empty() {
        let subjects: Vec<Value> = custom
            .iter()
            .map(|s| json!({ "fides_key": fides_key(s), "name": s, "description": "A data subject category of the ropa model" }))
            .collect();
        manifest.insert("data_subject".into(), json!(subjects));
    }
    let yaml = serde_yaml::to_string(&Value::Object(manifest)).map_err(|e| e.to_string())?;
    Ok(format!(
        "# fideslang manifest written by `ropa export --format fides`\n{yaml}"
    ))
}

/// Runs `ropa export --format fides`.
pub fn run(paths: &[PathBuf], output: Option<&Path>, config: Option<&Path>) -> i32 {
    let loaded = match crate::check::load(paths, config) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return crate::exit::TROUBLE;
        }
    };
    let record = Record::build(&loaded.run, &loaded.data);
    let text = match render(&record) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return crate::exit::TROUBLE;
        }
    };
    match output {
        None => {
            let mut out = std::io::stdout().lock();
            let _ = std::io::Write::write_all(&mut out, text.as_bytes());
        }
        Some(path) => {
            if let Err(e) = super::write_atomic(path, text.as_bytes()) {
                eprintln!("error: {e}");
                return crate::exit::TROUBLE;
            }
        }
    }
    if crate::check::warn_incomplete(&loaded.run, "export") {
        return crate::exit::FINDINGS;
    }
    crate::exit::OK
}
