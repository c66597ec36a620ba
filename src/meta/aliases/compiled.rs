//! The built-in tables in compiled form: `builtin.tables` is `builtin.toml` indexed
//! and serialised with postcard, so a start-up decodes it (about 2M instructions)
//! instead of parsing the TOML, compiling the patterns the name normaliser uses and
//! parsing every built-in ship (about 20M).
//!
//! The test `compiled_tables_match_the_data_file` rebuilds the tables from
//! `builtin.toml` and fails when the two disagree; after editing the data file, run
//! `FICREAD_BLESS=1 cargo test --lib compiled_tables_match_the_data_file` to rewrite
//! the compiled file.

use super::tables::Tables;

/// The compiled built-in tables.
const COMPILED: &[u8] = include_bytes!("builtin.tables");

/// Decodes the compiled tables.
pub(super) fn decode() -> Result<Tables, postcard::Error> {
    postcard::from_bytes(COMPILED)
}

/// The compiled form of `tables`.
#[cfg(test)]
pub(super) fn encode(tables: &Tables) -> Result<Vec<u8>, postcard::Error> {
    postcard::to_stdvec(tables)
}

#[cfg(test)]
mod tests {
    use super::{COMPILED, decode, encode};
    use crate::meta::aliases::Aliases;

    #[test]
    fn compiled_tables_match_the_data_file() {
        let built = Aliases::load_builtin().expect("builtin.toml is valid");
        let bytes = encode(&built.tables).expect("tables serialise");
        if std::env::var_os("FICREAD_BLESS").is_some() {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/src/meta/aliases/builtin.tables"
            );
            std::fs::write(path, &bytes).expect("write builtin.tables");
            return;
        }
        assert!(
            bytes == COMPILED,
            "builtin.tables is stale: run FICREAD_BLESS=1 cargo test --lib \
             compiled_tables_match_the_data_file"
        );
        let decoded = decode().expect("builtin.tables decodes");
        assert_eq!(decoded, *built.tables);
    }
}
