//! Parsing relationship strings (`Clark/Lex`, `A & B`, `Clex`).
