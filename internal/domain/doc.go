// Package domain holds the rules of SAKIP performance accountability as
// Kinerja computes them: capaian (achievement) of an indicator against its
// target, the Permendagri 86/2017 category scale, the roll-up of quarterly
// realisations to the year, aggregates over many indicators, Rupiah
// amounts, and the approval workflow (who may edit, submit, approve, reject
// and unapprove what, and when).
//
// Every formula is written here and only here. The package imports only the
// standard library, so its rules can be tested exhaustively without a
// database; storage and the API call into it.
package domain
