//! A: accountability and the record itself (Art. 5(2), 30, 32, 35).

pub mod a001_dataset_without_purpose;
pub mod a002_dataset_without_controller;
pub mod a003_dpia_required;
pub mod a004_missing_subjects_or_fields;
pub mod a005_special_data_without_measures;
pub mod a006_party_without_country;
pub mod a007_anonymous_dataset_with_personal_data;
pub mod a008_research_without_safeguards;
pub mod a010_personal_data_without_measures;
