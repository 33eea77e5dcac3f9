//! P: parties and their roles (Art. 26–28, 37).

pub mod p001_processor_without_dpa;
pub mod p002_joint_controllers_without_arrangement;
pub mod p003_missing_representative;
pub mod p004_authority_without_dpo;
pub mod p005_processor_acting_as_controller;
pub mod p006_embedded_third_party_controller;
