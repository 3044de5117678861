// Package sqlparse turns one MySQL-dialect SQL statement into a Statement the
// planner can bind.
//
// SELECT, INSERT, REPLACE, UPDATE and DELETE are parsed by
// github.com/xwb1989/sqlparser after placeholders are normalised: `?` and
// `$N` become `:vN`, `@name` becomes `:name`. DDL, SHOW and transaction
// statements are read by small parsers of our own over the same tokenizer,
// because the library reads them only partly (and logs when it gives up).
// Every error is a *sqlerr.Error with a line:column in the original text.
//
//	st, err := sqlparse.Parse("SELECT name FROM users WHERE id = $1")
//	// st.Kind == KindSelect, st.NumPositional == 1,
//	// st.AST is *sqlparser.Select with `id = :v1`
package sqlparse
