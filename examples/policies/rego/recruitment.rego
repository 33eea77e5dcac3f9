# A recruitment pack: an employer's own rules for candidate data, in Rego.
# The same rules as recruitment.yaml and fides.yaml, for teams who prefer
# to write their policies as conftest does.
package ropa.recruitment

import rego.v1

# Applications are kept at most 24 months (730 days) after the recruitment
# ends: the period Swedish guidance derives from the time limit for
# discrimination claims.
deny contains {"code": "REC001", "name": "applications-kept-too-long", "msg": msg, "item": d.id} if {
	some d in input.datasets
	some p in d.purposes
	p.kind == "recruitment"
	too_long(d.retention)
	msg := sprintf("%s: applications are kept %s; keep them at most 24 months after the recruitment ends", [d.id, shown(d.retention)])
}

too_long(r) if r == null

too_long(r) if r.kind == "indefinite"

too_long(r) if {
	r.kind == "duration"
	r.days > 730
}

shown(r) := "with no retention" if r == null

shown(r) := r.text if r != null

# No national identity number in a dataset used for marketing or
# advertising (`marketing` covers `marketing.email`).
deny contains {"code": "REC002", "name": "no-national-id-in-marketing", "msg": msg, "item": d.id} if {
	some d in input.datasets
	kinds := {p.kind | some p in d.purposes; marketing(p.kind)}
	count(kinds) > 0
	some c in d.effective_categories
	c.category == "identity.national_id"
	msg := sprintf("%s: identity.national_id in a dataset used for %s", [d.id, concat(", ", sort(kinds))])
}

marketing(kind) if kind == "advertising"

marketing(kind) if kind == "marketing"

marketing(kind) if startswith(kind, "marketing.")

eea := {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "eea"}

# The adequacy decisions in force; the US only for DPF-certified parties.
adequate := {"AD", "AR", "BR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY"}

# `world` is publication, not a transfer; `third` is some country outside
# the EEA without adequacy (language.md).
third(c, _) if c == "third"

third(c, _) if {
	not c in eea
	not c in adequate
	not c in {"US", "world", "third"}
}

third("US", party) if {
	not dpf(party)
}

dpf(party) if party.transfer.mechanism == "dpf"

# The parties by ID: one lookup per recipient instead of a scan of every
# party (the difference between linear and quadratic on a large model).
parties := {p.id: p | some p in input.parties}

# No recipient in a third country.
deny contains {"code": "REC003", "name": "no-third-country-recipient", "msg": msg, "item": r.dataset} if {
	some r in input.recipients
	party := parties[r.party]
	some c in party.countries
	third(c, party)
	msg := sprintf("%s: recipient %s processes in %s, outside the EEA and without adequacy", [r.dataset, r.party, c])
}

# Every processor has a data processing agreement.
warn contains {"code": "REC004", "name": "every-processor-has-dpa", "msg": msg, "item": p.id} if {
	some p in input.parties
	p.kind == "processor"
	p.dpa == null
	msg := sprintf("processor %s has no data processing agreement (`dpa`)", [p.id])
}

# Fides-style: contact data of customers is never used for advertising.
deny contains {"code": "FIDES001", "name": "no-customer-contact-for-advertising", "msg": msg, "item": d.id, "purpose": p.id} if {
	some d in input.datasets
	"customer" in d.subjects
	some p in d.purposes
	p.kind == "advertising"
	some c in d.effective_categories
	startswith(c.category, "contact")
	msg := sprintf("%s: purpose %s uses contact data of customers for advertising", [d.id, p.id])
}
