//! `ropa import fides PATH... -o DIR`: Fides manifests (fideslang 2.x and
//! 3.x) into `.ropa` files and `ropa.yaml` policies.
//!
//! What becomes what:
//!
//! - an `organization` → a `controller` (its `controller` contact details,
//!   `data_protection_officer`, `representative`);
//! - a `system` with privacy declarations (or dataset references) → a
//!   `dataset` named after the system: its fields come from the Fides
//!   datasets it references (field-level categories), its purposes from its
//!   privacy declarations (data use → kind, legal bases, retention), its
//!   controller from `organization_fides_key`;
//! - a `system` without declarations, or whose `responsibility` is only
//!   `Processor`/`Sub-Processor` → a `processor` (or a `controller` when it
//!   is one), with its countries (`third_country_transfers`, `meta.countries`,
//!   `does_international_transfers`) and transfer mechanism
//!   (`legal_basis_for_transfers`);
//! - `egress` and `ingress` → flows between datasets, `recipients` and
//!   `source` for parties;
//! - a Fides dataset no system references → a dataset of its own;
//! - a `policy` → YAML policies in `policies/fides.yaml`, named by a new
//!   `ropa.yaml`.
//!
//! Vocabulary goes through `rules/fides-taxonomy.yaml`. Anything with no
//! equivalent is kept as a `// TODO(import): ...` comment and counted.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use super::taxonomy::{self, lookup, Mapped, Taxonomy};
use super::{comment_text, identifier, quote, InputError, Output, Summary};

/// The resource kinds a Fides manifest holds at its top level.
const RESOURCES: &[&str] = &[
    "organization",
    "system",
    "dataset",
    "policy",
    "data_category",
    "data_use",
    "data_subject",
    "registry",
    "evaluation",
];

/// One resource, with where it came from.
#[derive(Debug, Clone)]
struct Resource {
    file: PathBuf,
    /// `system[2]`.
    place: String,
    value: Value,
    key: String,
}

impl Resource {
    fn origin(&self) -> String {
        format!("{}: {} `{}`", display(&self.file), self.place, self.key)
    }
}

fn display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Everything read from the manifests.
#[derive(Debug, Default)]
struct Manifests {
    organizations: Vec<Resource>,
    systems: Vec<Resource>,
    datasets: Vec<Resource>,
    policies: Vec<Resource>,
    taxonomy_entries: usize,
}

/// Reads the YAML files under `paths` (files, or directories searched for
/// `*.yml` and `*.yaml`).
fn read(paths: &[PathBuf]) -> Result<Manifests, InputError> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .into_iter()
                .filter_map(Result::ok)
                .map(walkdir::DirEntry::into_path)
                .filter(|f| {
                    f.is_file()
                        && matches!(f.extension().and_then(|e| e.to_str()), Some("yml" | "yaml"))
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(InputError {
                    file: p.clone(),
                    place: String::new(),
                    message: "no .yml or .yaml file in this directory".into(),
                });
            }
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    let mut m = Manifests::default();
    for file in files {
        read_file(&file, &mut m)?;
    }
    Ok(m)
}

fn read_file(file: &Path, m: &mut Manifests) -> Result<(), InputError> {
    let err = |place: String, message: String| InputError {
        file: file.to_path_buf(),
        place,
        message,
    };
    let bytes = std::fs::read(file).map_err(|e| err(String::new(), format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| err(String::new(), format!("not UTF-8 text ({e})")))?;
    let value: Value = serde_yaml::from_str(&text).map_err(|e| {
        let place = e
            .location()
            .map(|l| format!("line {}, column {}", l.line(), l.column()))
            .unwrap_or_default();
        err(place, format!("malformed YAML: {e}"))
    })?;
    let Value::Mapping(top) = &value else {
        return Err(err(
            "line 1".into(),
            "not a Fides manifest: expected a mapping with `system`, `dataset`, `organization` or `policy` lists".into(),
        ));
    };
    let mut known = 0;
    for (k, v) in top {
        let Some(kind) = k.as_str().filter(|k| RESOURCES.contains(k)) else {
            continue;
        };
        known += 1;
        let Value::Sequence(items) = v else {
            return Err(err(
                kind.to_string(),
                format!("`{kind}` must be a list of resources"),
            ));
        };
        for (i, item) in items.iter().enumerate() {
            let place = format!("{kind}[{i}]");
            if !item.is_mapping() {
                return Err(err(place, "a resource must be a mapping".into()));
            }
            let key = match item.get("fides_key").and_then(Value::as_str) {
                Some(k) if !k.trim().is_empty() => k.trim().to_string(),
                _ => return Err(err(place, "missing `fides_key`".into())),
            };
            let r = Resource {
                file: file.to_path_buf(),
                place,
                value: item.clone(),
                key,
            };
            match kind {
                "organization" => m.organizations.push(r),
                "system" => m.systems.push(r),
                "dataset" => m.datasets.push(r),
                "policy" => m.policies.push(r),
                _ => m.taxonomy_entries += 1,
            }
        }
    }
    if known == 0 {
        let keys: Vec<String> = top
            .keys()
            .filter_map(|k| k.as_str().map(|s| format!("`{s}`")))
            .collect();
        return Err(err(
            "line 1".into(),
            format!(
                "not a Fides manifest: no `system`, `dataset`, `organization` or `policy` list at the top level (found {})",
                if keys.is_empty() { "nothing".to_string() } else { keys.join(", ") }
            ),
        ));
    }
    Ok(())
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// The strings of a list (a lone string counts as a list of one).
fn strings<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    match v.get(key) {
        Some(Value::Sequence(items)) => items.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(s)) => vec![s.as_str()],
        _ => Vec::new(),
    }
}

fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    match v.get(key) {
        Some(Value::Sequence(items)) => items,
        _ => &[],
    }
}

/// Contact details (`name`, `address`, `email`, `phone`) on one line.
fn contact(v: Option<&Value>) -> Option<String> {
    let v = v?;
    if let Some(s) = v.as_str() {
        return Some(s.trim().to_string()).filter(|s| !s.is_empty());
    }
    let parts: Vec<&str> = ["name", "address", "email", "phone"]
        .iter()
        .filter_map(|k| text(v, k))
        .collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(", "))
    }
}

/// What a system becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Dataset,
    Processor,
    Controller,
}

fn role_of(system: &Value) -> Role {
    let mut roles: Vec<&str> = strings(system, "responsibility");
    if let Some(r) = text(system, "data_responsibility_title") {
        roles.push(r);
    }
    let processes = !items(system, "privacy_declarations").is_empty()
        || !strings(system, "dataset_references").is_empty();
    let only_processor = !roles.is_empty()
        && roles
            .iter()
            .all(|r| matches!(*r, "Processor" | "Sub-Processor"));
    if only_processor {
        Role::Processor
    } else if processes {
        Role::Dataset
    } else if roles.contains(&"Controller") {
        Role::Controller
    } else {
        Role::Processor
    }
}

/// The import: IDs handed out, files built, counts kept.
struct Importer<'t> {
    tax: &'t Taxonomy,
    /// The built-in vocabulary, for country codes.
    data: crate::data::RuleData,
    used_ids: BTreeSet<String>,
    /// (kind, fides key) → ropa ID, for `system`, `dataset`, `organization`.
    ids: HashMap<(&'static str, String), String>,
    summary: Summary,
}

impl Importer<'_> {
    fn id_for(&mut self, kind: &'static str, key: &str) -> String {
        if let Some(id) = self.ids.get(&(kind, key.to_string())) {
            return id.clone();
        }
        let base = identifier(key);
        let mut id = base.clone();
        let mut n = 2;
        while self.used_ids.contains(&id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        self.used_ids.insert(id.clone());
        self.ids.insert((kind, key.to_string()), id.clone());
        id
    }

    fn todo(&mut self, out: &mut Vec<String>, what: String) {
        self.summary.unmapped += 1;
        out.push(format!("// TODO(import): {}", comment_text(&what)));
    }
}

/// One field of a dataset being built.
struct FieldOut {
    name: String,
    category: Option<String>,
}

/// Flattens a Fides dataset's collections and fields (nested fields joined
/// by `_`), each with its categories (a field without its own takes its
/// collection's, then the dataset's).
fn fides_fields(dataset: &Value) -> Vec<(String, Vec<String>, Option<String>)> {
    fn walk(
        prefix: &str,
        fields: &[Value],
        inherited: &[String],
        out: &mut Vec<(String, Vec<String>, Option<String>)>,
    ) {
        for f in fields {
            let Some(name) = text(f, "name") else {
                continue;
            };
            let full = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}_{name}")
            };
            let own: Vec<String> = strings(f, "data_categories")
                .iter()
                .map(|s| s.to_string())
                .collect();
            let cats = if own.is_empty() {
                inherited.to_vec()
            } else {
                own
            };
            let nested = items(f, "fields");
            if nested.is_empty() {
                out.push((full, cats, text(f, "description").map(str::to_string)));
            } else {
                walk(&full, nested, &cats, out);
            }
        }
    }
    let top: Vec<String> = strings(dataset, "data_categories")
        .iter()
        .map(|s| s.to_string())
        .collect();
    // What ropa's export lists as received through flows is not the
    // dataset's own: the flows bring it back.
    let collections: Vec<&Value> = items(dataset, "collections")
        .iter()
        .filter(|c| text(c, "name") != Some(super::export_fides::RECEIVED))
        .collect();
    let mut out = Vec::new();
    for c in &collections {
        let Some(cname) = text(c, "name") else {
            continue;
        };
        let mut cats: Vec<String> = strings(c, "data_categories")
            .iter()
            .map(|s| s.to_string())
            .collect();
        if cats.is_empty() {
            cats = top.clone();
        }
        let prefix = if collections.len() == 1 { "" } else { cname };
        walk(prefix, items(c, "fields"), &cats, &mut out);
    }
    out
}

/// Imports the manifests under `paths`; the files to write and the summary.
pub fn import(paths: &[PathBuf]) -> Result<(Output, Summary), InputError> {
    let manifests = read(paths)?;
    let tax = taxonomy::get().map_err(|e| InputError {
        file: PathBuf::from("rules/fides-taxonomy.yaml"),
        place: String::new(),
        message: e,
    })?;
    let data = crate::data::RuleData::builtin().map_err(|e| InputError {
        file: PathBuf::from("rules/"),
        place: String::new(),
        message: e.to_string(),
    })?;
    let mut imp = Importer {
        tax,
        data,
        used_ids: BTreeSet::new(),
        ids: HashMap::new(),
        summary: Summary::default(),
    };
    let mut output = Output::default();
    let m = &manifests;

    // IDs first, so that every reference can be written.
    for o in &m.organizations {
        imp.id_for("organization", &o.key);
    }
    let roles: Vec<Role> = m.systems.iter().map(|s| role_of(&s.value)).collect();
    for s in &m.systems {
        imp.id_for("system", &s.key);
    }
    let referenced: BTreeSet<&str> = m
        .systems
        .iter()
        .flat_map(|s| {
            let mut refs = strings(&s.value, "dataset_references");
            for d in items(&s.value, "privacy_declarations") {
                refs.extend(strings(d, "dataset_references"));
            }
            refs
        })
        .collect();
    for d in m
        .datasets
        .iter()
        .filter(|d| !referenced.contains(d.key.as_str()))
    {
        imp.id_for("dataset", &d.key);
    }
    // The controller of systems without an organisation resource.
    let default_org = m
        .organizations
        .first()
        .map(|o| o.key.clone())
        .or_else(|| {
            m.systems
                .iter()
                .find_map(|s| text(&s.value, "organization_fides_key").map(str::to_string))
        })
        .unwrap_or_else(|| "default_organization".to_string());
    let mut missing_orgs: BTreeSet<String> = BTreeSet::new();
    for s in &m.systems {
        let org = text(&s.value, "organization_fides_key").unwrap_or(&default_org);
        if !m.organizations.iter().any(|o| o.key == org) {
            missing_orgs.insert(org.to_string());
        }
    }
    // A manifest of policies alone needs no controller.
    let unreferenced = m
        .datasets
        .iter()
        .any(|d| !referenced.contains(d.key.as_str()));
    if m.organizations.is_empty() && (!m.systems.is_empty() || unreferenced) {
        missing_orgs.insert(default_org.clone());
    }
    for o in &missing_orgs {
        imp.id_for("organization", o);
    }

    // Organisations.
    for o in &m.organizations {
        let id = imp.id_for("organization", &o.key);
        let mut lines = vec![format!("// Imported by ropa from {}", o.origin())];
        if let Some(d) = text(&o.value, "description") {
            lines.push(format!("// {}", comment_text(d)));
        }
        let mut body = Vec::new();
        if let Some(c) = contact(o.value.get("controller")) {
            body.push(format!("contact {}", quote(&c)));
        }
        if let Some(c) = contact(o.value.get("data_protection_officer")) {
            body.push(format!("dpo {}", quote(&c)));
        }
        if let Some(c) = contact(o.value.get("representative")) {
            body.push(format!("representative {}", quote(&c)));
        }
        // `country:SE` and `transfer:scc` tags, as `ropa export --format
        // fides` writes them.
        let tags = strings(&o.value, "tags");
        let mut countries: Vec<&str> = Vec::new();
        for c in tags
            .iter()
            .filter_map(|t| t.trim().strip_prefix("country:"))
        {
            let c = c.trim();
            if imp.data.is_country(c) {
                if !countries.contains(&c) {
                    countries.push(c);
                }
            } else {
                imp.todo(&mut body, format!("country `{c}` is not a code ropa knows"));
            }
        }
        if countries.is_empty() {
            imp.todo(
                &mut body,
                "a Fides organisation names no country: add `country`".into(),
            );
        } else {
            body.push(format!("country {}", countries.join(", ")));
        }
        for t in tags
            .iter()
            .filter_map(|t| t.trim().strip_prefix("transfer:"))
        {
            match taxonomy::transfer_mechanism(imp.tax, t, &countries) {
                Some(m) => body.push(format!("transfer {m}")),
                None => imp.todo(
                    &mut body,
                    format!(
                        "transfer basis `{}` is not a Chapter V mechanism ropa knows",
                        t.trim()
                    ),
                ),
            }
        }
        let name = text(&o.value, "name").unwrap_or(&o.key);
        lines.push(format!("controller {id} {} {{", quote(name)));
        lines.extend(body.into_iter().map(|l| format!("  {l}")));
        lines.push("}".into());
        output
            .files
            .insert(PathBuf::from(format!("{id}.ropa")), lines.join("\n") + "\n");
        imp.summary.count("organisations", 1);
    }
    for o in &missing_orgs {
        let id = imp.id_for("organization", o);
        let mut lines = vec![format!(
            "// Imported by ropa: the organisation `{o}` that the systems name, not defined in the manifests"
        )];
        let mut body = Vec::new();
        imp.todo(
            &mut body,
            "add the organisation's `country`, `contact` and `dpo`".into(),
        );
        lines.push(format!("controller {id} {} {{", quote(o)));
        lines.extend(body.into_iter().map(|l| format!("  {l}")));
        lines.push("}".into());
        output
            .files
            .insert(PathBuf::from(format!("{id}.ropa")), lines.join("\n") + "\n");
    }

    // Systems.
    let system_role: HashMap<&str, Role> = m
        .systems
        .iter()
        .zip(&roles)
        .map(|(s, r)| (s.key.as_str(), *r))
        .collect();
    let datasets_by_key: HashMap<&str, &Resource> =
        m.datasets.iter().map(|d| (d.key.as_str(), d)).collect();
    // Flows already written, so an egress and the matching ingress give one.
    let mut flows_seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut flow_lines: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut dataset_fields: HashMap<String, Vec<(String, Option<String>)>> = HashMap::new();
    let mut system_texts: Vec<(String, Vec<String>)> = Vec::new();

    for (s, role) in m.systems.iter().zip(&roles) {
        let id = imp.id_for("system", &s.key);
        let lines = match role {
            Role::Dataset => {
                imp.summary.count("systems", 1);
                let (lines, fields) = system_dataset(
                    &mut imp,
                    s,
                    &id,
                    &default_org,
                    &datasets_by_key,
                    &system_role,
                );
                dataset_fields.insert(id.clone(), fields);
                lines
            }
            Role::Processor | Role::Controller => {
                imp.summary.count("parties", 1);
                party(&mut imp, s, &id, *role)
            }
        };
        system_texts.push((id, lines));
    }

    // Egress and ingress, once every dataset's fields are known.
    for (s, role) in m.systems.iter().zip(&roles) {
        if *role != Role::Dataset {
            continue;
        }
        let id = imp.id_for("system", &s.key);
        for (dir, key) in [("egress", true), ("ingress", false)] {
            for (i, f) in items(&s.value, dir).iter().enumerate() {
                let Some(other) = text(f, "fides_key") else {
                    continue;
                };
                let kind = text(f, "type").unwrap_or("system");
                let origin = format!("{}: {}.{dir}[{i}]", display(&s.file), s.place);
                let other_id = match kind {
                    "system" if system_role.get(other) == Some(&Role::Dataset) => {
                        Some(imp.id_for("system", other))
                    }
                    "dataset" if imp.ids.contains_key(&("dataset", other.to_string())) => {
                        Some(imp.id_for("dataset", other))
                    }
                    _ => None,
                };
                let Some(other_id) = other_id else {
                    // Parties are written in the dataset (recipients, source).
                    if kind == "system" && system_role.contains_key(other) {
                        continue;
                    }
                    let mut out = Vec::new();
                    imp.todo(
                        &mut out,
                        format!("{origin}: {dir} with {kind} `{other}`, which is not a system or dataset of these manifests"),
                    );
                    flow_lines.entry(id.clone()).or_default().extend(out);
                    continue;
                };
                let (from, to) = if key {
                    (id.clone(), other_id)
                } else {
                    (other_id, id.clone())
                };
                if from == to || !flows_seen.insert((from.clone(), to.clone())) {
                    continue;
                }
                let mut lines = vec![format!("// Imported by ropa from {origin}")];
                let wanted: Vec<String> = strings(f, "data_categories")
                    .iter()
                    .filter_map(|c| match lookup(&imp.tax.import.data_categories, c) {
                        Mapped::To(v) => Some(v.to_string()),
                        _ => None,
                    })
                    .collect();
                let source_fields = dataset_fields.get(&from).cloned().unwrap_or_default();
                let chosen: Vec<&str> = source_fields
                    .iter()
                    .filter(|(_, c)| {
                        c.as_deref().is_some_and(|c| {
                            wanted.iter().any(|w| {
                                crate::data::category_covers(w, c)
                                    || crate::data::category_covers(c, w)
                            })
                        })
                    })
                    .map(|(n, _)| n.as_str())
                    .collect();
                let all =
                    !wanted.is_empty() && chosen.len() < source_fields.len() && !chosen.is_empty();
                if all {
                    lines.push(format!("flow {from} -> {to} {{"));
                    lines.push(format!("  fields {}", chosen.join(", ")));
                    lines.push("}".into());
                } else {
                    lines.push(format!("flow {from} -> {to}"));
                }
                imp.summary.count("flows", 1);
                flow_lines.entry(from).or_default().extend(lines);
            }
        }
    }

    for (id, mut lines) in system_texts {
        if let Some(flows) = flow_lines.remove(&id) {
            lines.push(String::new());
            lines.extend(flows);
        }
        output
            .files
            .insert(PathBuf::from(format!("{id}.ropa")), lines.join("\n") + "\n");
    }

    // Fides datasets that no system references.
    for d in m
        .datasets
        .iter()
        .filter(|d| !referenced.contains(d.key.as_str()))
    {
        let id = imp.id_for("dataset", &d.key);
        let org = imp.id_for("organization", &default_org);
        let mut lines = vec![format!("// Imported by ropa from {}", d.origin())];
        if let Some(desc) = text(&d.value, "description") {
            lines.push(format!("// {}", comment_text(desc)));
        }
        let name = text(&d.value, "name").unwrap_or(&d.key);
        lines.push(format!("dataset {id} {} {{", quote(name)));
        lines.push(format!("  controller {org}"));
        let mut body = Vec::new();
        let fields = field_block(&mut imp, &[d], &[], &mut body);
        lines.extend(body.into_iter().map(|l| format!("  {l}")));
        let mut todo = Vec::new();
        imp.todo(
            &mut todo,
            "no system uses this dataset: add its purposes and retention".into(),
        );
        lines.extend(todo.into_iter().map(|l| format!("  {l}")));
        lines.push("}".into());
        if let Some(flows) = flow_lines.remove(&id) {
            lines.push(String::new());
            lines.extend(flows);
        }
        let _ = fields;
        imp.summary.count("datasets", 1);
        output
            .files
            .insert(PathBuf::from(format!("{id}.ropa")), lines.join("\n") + "\n");
    }
    imp.summary.count(
        "referenced datasets",
        m.datasets.len()
            - m.datasets
                .iter()
                .filter(|d| !referenced.contains(d.key.as_str()))
                .count(),
    );

    // Policies.
    if !m.policies.is_empty() {
        let yaml = policies(&mut imp, &m.policies);
        output
            .files
            .insert(PathBuf::from("policies/fides.yaml"), yaml);
        output.files.insert(
            PathBuf::from("ropa.yaml"),
            "# Written by `ropa import fides`: the Fides policies, as ropa policies.\npolicies: [\"policies/\"]\n".into(),
        );
    }
    if m.taxonomy_entries > 0 {
        imp.summary.count(
            "custom taxonomy entries (read by key only)",
            m.taxonomy_entries,
        );
    }

    // Canonical layout, as `ropa fmt` writes it.
    for (path, text) in output.files.iter_mut() {
        if path.extension().and_then(|e| e.to_str()) != Some("ropa") {
            continue;
        }
        *text = crate::fmt::format_source(text).map_err(|e| InputError {
            file: path.clone(),
            place: String::new(),
            message: format!("the imported text does not parse (a bug in ropa): {e}"),
        })?;
    }
    imp.summary.read.retain(|(_, n)| *n > 0);
    Ok((output, imp.summary))
}

/// A system that processes data, as a dataset. Returns its lines and its
/// fields (name, category) for flows.
fn system_dataset(
    imp: &mut Importer<'_>,
    s: &Resource,
    id: &str,
    default_org: &str,
    datasets: &HashMap<&str, &Resource>,
    roles: &HashMap<&str, Role>,
) -> (Vec<String>, Vec<(String, Option<String>)>) {
    let v = &s.value;
    let tax = imp.tax;
    let mut head = vec![format!("// Imported by ropa from {}", s.origin())];
    if let Some(d) = text(v, "description") {
        head.push(format!("// {}", comment_text(d)));
    }
    let mut body: Vec<String> = Vec::new();
    let org_key = text(v, "organization_fides_key")
        .unwrap_or(default_org)
        .to_string();
    let mut controllers = vec![imp.id_for("organization", &org_key)];
    // fideslang 2.x: a joint controller's contact details.
    if let Some(j) = contact(v.get("joint_controller")) {
        imp.todo(&mut body, format!("joint controller (fideslang 2.x `joint_controller`): {j}; declare it as a controller and list it here"));
    }
    let mut arrangement = None;
    if let Some(j) = text(v, "joint_controller_info") {
        // The export writes `Joint controllers: ...; arrangement: ...` and
        // names every controller in a `controller:KEY` tag.
        let known: Vec<String> = strings(v, "tags")
            .iter()
            .filter_map(|t| t.trim().strip_prefix("controller:"))
            .filter_map(|k| {
                imp.ids
                    .get(&("organization", k.trim().to_string()))
                    .cloned()
            })
            .collect();
        if known.len() > 1 {
            for id in known {
                if !controllers.contains(&id) {
                    controllers.push(id);
                }
            }
            arrangement = j
                .split_once("; arrangement: ")
                .map(|(_, a)| a.trim())
                .filter(|a| !a.is_empty());
        } else {
            imp.todo(
                &mut body,
                format!("joint controller: {j}; declare it as a controller and list it here"),
            );
        }
    }
    controllers.dedup();
    body.push(format!("controller {}", controllers.join(", ")));
    if let Some(a) = arrangement {
        body.push(format!("arrangement {}", quote(a)));
    }

    let declarations = items(v, "privacy_declarations");
    // Subjects.
    let mut subjects: Vec<String> = Vec::new();
    for d in declarations {
        for subj in strings(d, "data_subjects") {
            let mapped = match lookup(&tax.import.data_subjects, subj) {
                Mapped::To(x) => x.to_string(),
                _ => identifier(subj),
            };
            if !subjects.contains(&mapped) {
                subjects.push(mapped);
            }
        }
    }
    if !subjects.is_empty() {
        body.push(format!("subjects {}", subjects.join(", ")));
    }
    // Sources: parties that send data in.
    let sources: Vec<String> = items(v, "ingress")
        .iter()
        .filter(|f| text(f, "type").unwrap_or("system") == "system")
        .filter_map(|f| text(f, "fides_key"))
        .filter(|k| matches!(roles.get(k), Some(Role::Processor | Role::Controller)))
        .map(|k| imp.id_for("system", k))
        .collect();
    if !sources.is_empty() {
        body.push(format!("source {}", sources.join(", ")));
    }

    // Fields: from the referenced Fides datasets, then one per declared
    // category that no field carries.
    let mut refs: Vec<&str> = strings(v, "dataset_references");
    for d in declarations {
        refs.extend(strings(d, "dataset_references"));
    }
    let mut seen = BTreeSet::new();
    refs.retain(|r| seen.insert(*r));
    let mut referenced = Vec::new();
    for r in &refs {
        match datasets.get(r) {
            Some(d) => referenced.push(*d),
            None => imp.todo(
                &mut body,
                format!("dataset `{r}` is referenced but not in these manifests"),
            ),
        }
    }
    let declared: Vec<&str> = declarations
        .iter()
        .flat_map(|d| strings(d, "data_categories"))
        .collect();
    let fields = field_block(imp, &referenced, &declared, &mut body);

    // Purposes.
    let mut purpose_ids: BTreeSet<String> = BTreeSet::new();
    let mut retentions: Vec<Option<String>> = Vec::new();
    let mut purposes: Vec<Vec<String>> = Vec::new();
    let mut dpia: Option<String> = None;
    for (i, d) in declarations.iter().enumerate() {
        let origin = format!(
            "{}: {}.privacy_declarations[{i}]",
            display(&s.file),
            s.place
        );
        let use_ = text(d, "data_use").unwrap_or("");
        let name = text(d, "name");
        let base = identifier(name.unwrap_or(if use_.is_empty() { "purpose" } else { use_ }));
        let mut pid = base.clone();
        let mut n = 2;
        while !purpose_ids.insert(pid.clone()) {
            pid = format!("{base}_{n}");
            n += 1;
        }
        let mut p = vec![format!(
            "// Imported by ropa from {origin} (data use `{use_}`)"
        )];
        let mut inner: Vec<String> = Vec::new();
        match lookup(&tax.import.data_uses, use_) {
            Mapped::To(k) => inner.push(format!("kind {k}")),
            _ => {
                inner.push("kind service".into());
                imp.todo(&mut inner, format!("Fides data use `{use_}` has no ropa purpose kind; `service` is a placeholder"));
            }
        }
        if let Some(b) = text(d, "legal_basis_for_processing") {
            match tax.import.legal_bases.get(b) {
                Some(x) => {
                    let reference = (x == "legitimate_interest")
                        .then(|| text(v, "legitimate_interest_disclosure_url"))
                        .flatten();
                    match reference {
                        Some(r) => inner.push(format!("basis {x} {}", quote(r))),
                        None => inner.push(format!("basis {x}")),
                    }
                }
                None => imp.todo(
                    &mut inner,
                    format!("legal basis `{b}` is not an Art. 6(1) basis ropa knows"),
                ),
            }
        }
        if let Some(b) = text(d, "special_category_legal_basis") {
            match tax.import.special_bases.get(b) {
                Some(x) => inner.push(format!("special_basis {x}")),
                None => imp.todo(
                    &mut inner,
                    format!(
                        "special category basis `{b}` is not an Art. 9(2) condition ropa knows"
                    ),
                ),
            }
        }
        if flag(v, "uses_profiling") {
            inner.push("profiling".into());
        }
        if flag(d, "data_shared_with_third_parties") || text(d, "third_parties").is_some() {
            let who = text(d, "third_parties").unwrap_or("not named");
            imp.todo(&mut inner, format!("shared with third parties: {who}; declare them as parties and list them in `recipients`"));
        }
        let shared = strings(d, "shared_categories");
        if !shared.is_empty() {
            imp.todo(
                &mut inner,
                format!(
                    "categories shared with third parties: {}",
                    shared.join(", ")
                ),
            );
        }
        if dpia.is_none() {
            dpia = text(d, "impact_assessment_location").map(str::to_string);
        }
        let retention = text(d, "retention_period");
        let parsed = retention.and_then(super::retention);
        if let (Some(r), None) = (retention, &parsed) {
            imp.todo(
                &mut inner,
                format!("retention period `{r}` is not a duration ropa can read"),
            );
        }
        retentions.push(parsed);
        let description = match name {
            Some(n) if n != pid => format!(" {}", quote(n)),
            _ => String::new(),
        };
        p.push(format!("purpose {pid}{description} {{"));
        p.extend(inner.into_iter().map(|l| format!("  {l}")));
        p.push("}".into());
        purposes.push(p);
    }
    if declarations.is_empty() {
        imp.todo(
            &mut body,
            "the system has no privacy declarations: add its purposes".into(),
        );
    }
    // One retention for all purposes is the dataset's; else each its own
    // where the language has purpose-level retention, else the first is
    // the dataset's and the others are comments.
    let mut same = retentions
        .first()
        .cloned()
        .flatten()
        .filter(|r| retentions.iter().all(|x| x.as_deref() == Some(r.as_str())));
    if same.is_none() {
        let per_purpose = purpose_retention_supported();
        if !per_purpose {
            same = retentions.iter().flatten().next().cloned();
        }
        for (p, r) in purposes.iter_mut().zip(&retentions) {
            let Some(r) = r else { continue };
            let close = p.len() - 1;
            if per_purpose {
                p.insert(close, format!("  retention {r}"));
            } else if Some(r) != same.as_ref() {
                imp.summary.unmapped += 1;
                p.insert(
                    close,
                    format!("  // TODO(import): this purpose keeps its data {r}; the dataset's retention is another"),
                );
            }
        }
    }
    imp.summary.count("privacy declarations", purposes.len());
    for p in purposes {
        body.extend(p);
    }
    if let Some(r) = same {
        body.push(format!("retention {r}"));
    }

    // Recipients: parties the system sends data to.
    let recipients: Vec<String> = items(v, "egress")
        .iter()
        .filter(|f| text(f, "type").unwrap_or("system") == "system")
        .filter_map(|f| text(f, "fides_key"))
        .filter(|k| matches!(roles.get(k), Some(Role::Processor | Role::Controller)))
        .map(|k| imp.id_for("system", k))
        .collect();
    if !recipients.is_empty() {
        body.push(format!("recipients {}", recipients.join(", ")));
    }

    // Assessments: 3.x `dpa_location`, 2.x `data_protection_impact_assessment.link`.
    let dpia = dpia
        .or_else(|| text(v, "dpa_location").map(str::to_string))
        .or_else(|| {
            v.get("data_protection_impact_assessment")
                .and_then(|a| text(a, "link"))
                .map(str::to_string)
        });
    let required = flag(v, "requires_data_protection_assessments")
        || v.get("data_protection_impact_assessment")
            .is_some_and(|a| flag(a, "is_required"));
    match dpia {
        Some(r) => body.push(format!("dpia {}", quote(&r))),
        None if required => imp.todo(
            &mut body,
            "Fides says an impact assessment is required, but names none".into(),
        ),
        None => {}
    }
    if let Some(p) = text(v, "data_security_practices") {
        // A list of names (as ropa exports it) is a list of measures.
        let names: Vec<&str> = p.split(',').map(str::trim).collect();
        let plain = |n: &&str| !n.is_empty() && identifier(n) == **n;
        if names.iter().all(plain) {
            body.push(format!("measures {}", names.join(", ")));
        } else {
            imp.todo(
                &mut body,
                format!("security practices: {p}; name them in `measures`"),
            );
        }
    }
    if let Some(dpo) = text(v, "dpo") {
        imp.todo(
            &mut body,
            format!("the system's DPO: {dpo}; `dpo` belongs on the controller"),
        );
    }
    let countries = strings(v, "third_country_transfers");
    if !countries.is_empty() || flag(v, "does_international_transfers") {
        let bases = strings(v, "legal_basis_for_transfers");
        imp.todo(
            &mut body,
            format!(
                "the system transfers data outside the EEA ({}; basis: {}): declare the receiving party with its country and `transfer`",
                if countries.is_empty() { "countries not named".to_string() } else { countries.join(", ") },
                if bases.is_empty() { "none given".to_string() } else { bases.join(", ") }
            ),
        );
    }
    if flag(v, "uses_cookies") || flag(v, "uses_non_cookie_access") {
        imp.todo(
            &mut body,
            "the system uses cookies or similar technologies: name them in `cookies`".into(),
        );
    }
    for key in [
        "administrating_department",
        "dpa_progress",
        "legal_name",
        "legal_address",
        "privacy_policy",
        "vendor_id",
    ] {
        if let Some(x) = text(v, key) {
            body.push(format!("// Fides {key}: {}", comment_text(x)));
        }
    }

    let name = text(v, "name").unwrap_or(&s.key);
    let mut lines = head;
    lines.push(format!("dataset {id} {} {{", quote(name)));
    lines.extend(
        body.into_iter()
            .map(|l| if l.is_empty() { l } else { format!("  {l}") }),
    );
    lines.push("}".into());
    (lines, fields)
}

/// Whether the language has `retention` inside a purpose (language v2).
pub(super) fn purpose_retention_supported() -> bool {
    static CELL: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *CELL.get_or_init(|| {
        crate::fmt::format_source("dataset d {\n  purpose p {\n    retention 1 days\n  }\n}\n")
            .is_ok()
    })
}

/// The `fields { }` block of a dataset from the Fides datasets it uses,
/// plus one field per declared category that none of them carries.
/// Pushes the lines to `body`; returns (name, category) of every field.
fn field_block(
    imp: &mut Importer<'_>,
    datasets: &[&Resource],
    declared: &[&str],
    body: &mut Vec<String>,
) -> Vec<(String, Option<String>)> {
    let tax = imp.tax;
    let mut out: Vec<FieldOut> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    let several = datasets.len() > 1;
    for d in datasets {
        lines.push(format!("// from {}", d.origin()));
        for (name, cats, description) in fides_fields(&d.value) {
            let raw = if several {
                format!("{}_{name}", d.key)
            } else {
                name
            };
            let mut fname = identifier(&raw);
            let mut n = 2;
            while !names.insert(fname.clone()) {
                fname = format!("{}_{n}", identifier(&raw));
                n += 1;
            }
            let mut category = None;
            for c in &cats {
                match lookup(&tax.import.data_categories, c) {
                    Mapped::To(x) if category.is_none() => category = Some(x.to_string()),
                    Mapped::To(x) if category.as_deref() == Some(x) => {}
                    Mapped::To(x) => {
                        imp.todo(&mut lines, format!("field `{fname}` also holds `{c}` ({x}); a ropa field has one category"));
                    }
                    _ => imp.todo(
                        &mut lines,
                        format!("field `{fname}`: Fides category `{c}` has no ropa equivalent"),
                    ),
                }
            }
            lines.push(field_line(
                &fname,
                category.as_deref(),
                description.as_deref(),
            ));
            out.push(FieldOut {
                name: fname,
                category,
            });
        }
    }
    let mut extra_done: BTreeSet<String> = BTreeSet::new();
    for c in declared {
        if !extra_done.insert(c.to_string()) {
            continue;
        }
        match lookup(&tax.import.data_categories, c) {
            Mapped::To(x) => {
                if out.iter().any(|f| {
                    f.category
                        .as_deref()
                        .is_some_and(|fc| crate::data::category_covers(x, fc))
                }) {
                    continue;
                }
                let base = identifier(c.rsplit('.').next().unwrap_or(c));
                let mut fname = base.clone();
                let mut n = 2;
                while !names.insert(fname.clone()) {
                    fname = format!("{base}_{n}");
                    n += 1;
                }
                lines.push(field_line(
                    &fname,
                    Some(x),
                    Some(&format!("Fides category {c}")),
                ));
                out.push(FieldOut {
                    name: fname,
                    category: Some(x.to_string()),
                });
            }
            _ => imp.todo(
                &mut lines,
                format!("Fides data category `{c}` has no ropa equivalent"),
            ),
        }
    }
    if out.is_empty() && lines.iter().all(|l| l.starts_with("// from")) {
        body.extend(lines);
        return Vec::new();
    }
    body.push("fields {".into());
    body.extend(lines.into_iter().map(|l| format!("  {l}")));
    body.push("}".into());
    out.into_iter().map(|f| (f.name, f.category)).collect()
}

fn field_line(name: &str, category: Option<&str>, description: Option<&str>) -> String {
    let mut l = name.to_string();
    if let Some(c) = category {
        let _ = write!(l, ": {c}");
    }
    if let Some(d) = description {
        let _ = write!(l, " {}", quote(d));
    }
    l
}

/// A system that is a party: a processor or controller.
fn party(imp: &mut Importer<'_>, s: &Resource, id: &str, role: Role) -> Vec<String> {
    let v = &s.value;
    let tax = imp.tax;
    let mut lines = vec![format!("// Imported by ropa from {}", s.origin())];
    if let Some(d) = text(v, "description") {
        lines.push(format!("// {}", comment_text(d)));
    }
    let mut body = Vec::new();
    let mut countries: Vec<String> = Vec::new();
    let mut listed = strings(v, "third_country_transfers");
    if let Some(meta) = v.get("meta") {
        listed.extend(strings(meta, "countries"));
    }
    let third_known = imp.data.is_country("third");
    for c in listed {
        let c = c.trim();
        let upper = c.to_ascii_uppercase();
        let code = if imp.data.is_country(c) {
            Some(c.to_string())
        } else if upper.len() == 2 && imp.data.countries.contains(&upper) {
            Some(upper)
        } else {
            tax.import.alpha3.get(&upper).cloned()
        };
        match code {
            Some(code) if !countries.contains(&code) => countries.push(code),
            Some(_) => {}
            None if third_known => {
                imp.todo(
                    &mut body,
                    format!("country `{c}` is not a code ropa knows; `third` stands for it"),
                );
                if !countries.iter().any(|x| x == "third") {
                    countries.push("third".into());
                }
            }
            None => imp.todo(&mut body, format!("country `{c}` is not a code ropa knows")),
        }
    }
    if countries.is_empty() && flag(v, "does_international_transfers") {
        if third_known {
            countries.push("third".into());
        } else {
            imp.todo(
                &mut body,
                "Fides says the system transfers data internationally but names no country".into(),
            );
        }
    }
    if countries.is_empty() {
        imp.todo(
            &mut body,
            "Fides names no country for this system: add `country`".into(),
        );
    } else {
        body.push(format!("country {}", countries.join(", ")));
    }
    let mut mechanism = None;
    let codes: Vec<&str> = countries.iter().map(String::as_str).collect();
    for b in strings(v, "legal_basis_for_transfers") {
        match taxonomy::transfer_mechanism(tax, b, &codes) {
            None => imp.todo(
                &mut body,
                format!("transfer basis `{b}` is not a Chapter V mechanism ropa knows"),
            ),
            Some(m) if mechanism.is_none() => mechanism = Some(m),
            Some(_) => imp.todo(&mut body, format!("further transfer basis `{b}`")),
        }
    }
    if let Some(m) = mechanism {
        body.push(format!("transfer {m}"));
    }
    if let Some(dpo) = text(v, "dpo") {
        body.push(format!("dpo {}", quote(dpo)));
    }
    if let Some(a) = text(v, "legal_address") {
        body.push(format!("contact {}", quote(a)));
    }
    if !items(v, "privacy_declarations").is_empty() {
        imp.todo(&mut body, "the processor's own privacy declarations are not imported: a processor processes on a controller's behalf".into());
    }
    let keyword = if role == Role::Controller {
        "controller"
    } else {
        "processor"
    };
    let name = text(v, "name").unwrap_or(&s.key);
    lines.push(format!("{keyword} {id} {} {{", quote(name)));
    lines.extend(body.into_iter().map(|l| format!("  {l}")));
    lines.push("}".into());
    lines
}

/// One condition of a Fides rule in ropa's terms.
enum Condition {
    /// Holds for every purpose: no condition.
    Always,
    /// Holds for no purpose: the rule can never be broken.
    Never,
    /// `when` entries, each a line below `when:`.
    Lines(Vec<String>),
}

/// A YAML list of strings on one line.
fn yaml_list(values: &[&str]) -> String {
    let quoted: Vec<String> = values
        .iter()
        .map(|v| serde_json::Value::from(*v).to_string())
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// The ropa condition of one part of a Fides rule (`fides`:
/// `data_categories`, `data_uses` or `data_subjects`), as `fides evaluate`
/// (ethyca-fides 2.78, fides/core/evaluate.py) decides it. A part is broken
/// when its set of "violating" keys is not empty, and a rule when all three
/// are:
///
/// - `ANY`: the declared keys a listed key covers (it or a parent listed);
/// - `ALL`: those same keys, but only if every declared key is covered;
/// - `NONE`: every declared key, but only if none is covered;
/// - `OTHER`: the declared keys not covered.
///
/// So with `values: []`, `ANY` and `ALL` never hold, while `NONE` and
/// `OTHER` hold whenever anything is declared. Fides checks a declaration's
/// categories and, one by one, those of every field of the datasets it
/// references; a ropa field has one category, so over a purpose's
/// categories `ALL` is ropa's `any` and `NONE` is ropa's `other`. A
/// declaration has one data use (ropa: one kind), so `NONE` and `OTHER` are
/// ropa's `none`, `ANY` and `ALL` its `any`. Subjects have no hierarchy and
/// are the same for every field: `ALL` is `only`, and `NONE` also needs a
/// subject (`has: [subjects]`).
fn condition(
    imp: &Importer<'_>,
    fides: &str,
    matches: &str,
    keys: &[&str],
    notes: &mut Vec<String>,
) -> Condition {
    let tax = imp.tax;
    let mut values: Vec<&str> = Vec::new();
    for key in keys {
        let (found, beyond): (Vec<&str>, Vec<&str>) = match fides {
            "data_categories" => taxonomy::policy_categories(tax, key),
            "data_uses" => {
                taxonomy::policy_values(&tax.export.data_uses, &tax.import.data_uses, key)
            }
            _ => match lookup(&tax.import.data_subjects, key) {
                Mapped::To(x) => (vec![x], Vec::new()),
                _ => (vec![key.trim()], Vec::new()),
            },
        };
        if found.is_empty() {
            notes.push(format!(
                "{fides}: no ropa value is at or under `{key}`; it matches nothing"
            ));
        }
        if !beyond.is_empty() {
            notes.push(format!(
                "{fides}: `{key}` becomes {}, which also covers {}, kept elsewhere in Fides",
                found.join(", "),
                beyond.join(", ")
            ));
        }
        for f in found {
            if !values.contains(&f) {
                values.push(f);
            }
        }
    }
    let subjects: Vec<String> = values.iter().map(|v| identifier(v)).collect();
    let subjects: Vec<&str> = subjects.iter().map(String::as_str).collect();
    let line = |key: &str, matcher: &str, values: &[&str]| {
        format!("{key}: {{ {matcher}: {} }}", yaml_list(values))
    };
    match (fides, matches) {
        (_, "ANY" | "ALL") if values.is_empty() => Condition::Never,
        ("data_categories", "ANY" | "ALL") => {
            Condition::Lines(vec![line("categories", "any", &values)])
        }
        ("data_categories", _) => Condition::Lines(vec![line("categories", "other", &values)]),
        ("data_uses", "ANY" | "ALL") => Condition::Lines(vec![line("kind", "any", &values)]),
        ("data_uses", _) if values.is_empty() => Condition::Always,
        ("data_uses", _) => Condition::Lines(vec![line("kind", "none", &values)]),
        (_, "ANY") => Condition::Lines(vec![line("subjects", "any", &subjects)]),
        (_, "ALL") => Condition::Lines(vec![line("subjects", "only", &subjects)]),
        (_, "NONE") if !subjects.is_empty() => Condition::Lines(vec![
            line("subjects", "none", &subjects),
            "has: [subjects]".into(),
        ]),
        _ => Condition::Lines(vec![line("subjects", "other", &subjects)]),
    }
}

/// Fides policies as ropa YAML policies (`policies.md`): each rule is one
/// policy on purposes, broken where `fides evaluate` would find the
/// purpose's privacy declaration in violation (see [`condition`]).
fn policies(imp: &mut Importer<'_>, policies: &[Resource]) -> String {
    let mut out = String::from(
        "# Written by `ropa import fides`: each rule of a Fides policy is one ropa\n\
         # policy on purposes (policies.md), which holds where `fides evaluate`\n\
         # finds the purpose's privacy declaration in violation: the categories\n\
         # of its fields (Fides checks each field on its own), its kind, its\n\
         # subjects. Fides keys are in ropa's vocabulary (rules/fides-taxonomy.yaml);\n\
         # docs/interop.md says how ANY, ALL, NONE and OTHER become matchers.\n\
         policies:\n",
    );
    let mut n = 0;
    for p in policies {
        for (i, rule) in items(&p.value, "rules").iter().enumerate() {
            let rname = text(rule, "name").unwrap_or("rule");
            let origin = format!(
                "{}: {}.rules[{i}] `{rname}` of policy `{}`",
                display(&p.file),
                p.place,
                p.key
            );
            let mut conditions: Vec<String> = Vec::new();
            let mut notes: Vec<String> = Vec::new();
            let mut usable = true;
            let mut never = false;
            for fides in ["data_categories", "data_uses", "data_subjects"] {
                let Some(cond) = rule.get(fides) else {
                    continue;
                };
                let matches = text(cond, "matches").unwrap_or("ANY").to_ascii_uppercase();
                if !matches!(matches.as_str(), "ANY" | "ALL" | "NONE" | "OTHER") {
                    notes.push(format!(
                        "{fides}: `matches: {matches}` is not ANY, ALL, NONE or OTHER"
                    ));
                    usable = false;
                    continue;
                }
                let keys = strings(cond, "values");
                match condition(imp, fides, &matches, &keys, &mut notes) {
                    Condition::Always => {}
                    Condition::Never => never = true,
                    Condition::Lines(lines) => conditions.extend(lines),
                }
            }
            imp.summary.unmapped += notes.len();
            let _ = writeln!(out, "  # Imported by ropa from {origin}");
            for note in &notes {
                let _ = writeln!(out, "  # TODO(import): {}", comment_text(note));
            }
            if !usable {
                let _ = writeln!(
                    out,
                    "  # TODO(import): not imported: the rule cannot be said in ropa's vocabulary"
                );
                continue;
            }
            if never {
                let _ = writeln!(
                    out,
                    "  # Not imported: with ANY or ALL and nothing to match, Fides never finds this rule broken"
                );
                continue;
            }
            n += 1;
            let code = format!("FIDES{n:03}");
            let name = identifier(rname).replace('_', "-");
            let description = format!("Fides policy `{}`, rule `{rname}`.", p.key);
            let message = format!(
                "{{dataset}}: purpose {{purpose}} breaks the Fides rule `{rname}` of policy `{}`",
                p.key
            );
            let _ = writeln!(out, "  - code: {code}");
            let _ = writeln!(out, "    name: {}", serde_json::Value::from(name));
            let _ = writeln!(out, "    severity: error");
            let _ = writeln!(
                out,
                "    description: {}",
                serde_json::Value::from(description)
            );
            let _ = writeln!(out, "    on: purpose");
            if conditions.is_empty() {
                let _ = writeln!(
                    out,
                    "    # Every purpose breaks it: no part of the rule narrows it."
                );
            } else {
                let _ = writeln!(out, "    when:");
                for c in conditions {
                    let _ = writeln!(out, "      {c}");
                }
            }
            let _ = writeln!(out, "    message: {}", serde_json::Value::from(message));
        }
        imp.summary.count("policies", 1);
    }
    if n == 0 {
        out = out.replace("policies:\n", "policies: []\n");
    }
    out
}

/// Runs `ropa import fides`.
pub fn run(paths: &[PathBuf], dir: &Path, force: bool) -> i32 {
    let (output, summary) = match import(paths) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return crate::exit::TROUBLE;
        }
    };
    if let Err(e) = output.write(dir, force) {
        eprintln!("error: {e}");
        return crate::exit::TROUBLE;
    }
    eprintln!("{}", summary.line(output.files.len(), dir));
    crate::exit::OK
}
