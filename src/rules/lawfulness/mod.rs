//! L: lawfulness of processing (Art. 5–8) and the ePrivacy rules.

pub mod l001_missing_legal_basis;
pub mod l002_basis_without_law;
pub mod l003_authority_legitimate_interest;
pub mod l004_legitimate_interest_without_assessment;
pub mod l005_consent_not_withdrawable;
pub mod l006_invalid_consent;
pub mod l007_email_marketing_without_consent;
pub mod l008_cookies_without_consent;
pub mod l009_consent_for_necessary_processing;
pub mod l010_authority_relies_on_consent;
pub mod l011_authority_advertising;
pub mod l012_consent_not_from_subject;
pub mod l013_tracking_ads_on_legitimate_interest;
