//! netform
