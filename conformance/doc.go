// Package conformance checks that SQL run through the sqlmongo driver means
// what it means in MySQL. A corpus of scripts (testdata/*.test) runs on
// MariaDB, the oracle, and through database/sql on MongoDB; the rows must
// be the same.
//
// # Running
//
//	go test ./conformance                  # driver modes + MariaDB re-check
//	go test ./conformance -v               # also shows the summary lines on success
//	go test ./conformance -update          # rewrite expected rows from MariaDB
//	go test ./conformance -run 'TestConformance/none/where_null'
//	MONGODB_URI=mongodb://127.0.0.1:27018/ SQLMONGO_MODES=auto,full go test ./conformance
//
// TestConformance runs every file through the driver ("mongodb") in
// several modes, in parallel, each in a fresh database
// (conf_<mode>_<random>, dropped afterwards) on the server MONGODB_URI
// names, else on an embedded FerretDB. The modes are the pushdown settings
// listed in SQLMONGO_MODES (SQLMONGO_MODES=auto,full); without it, the one
// mode MONGODB_URI describes when it carries sqlmongo. options itself, else
// auto and none. The datasets
// (testdata/datasets/*.sql) are loaded once per mode, then the files run in
// name order. When all modes are done it prints one line per mode and the
// total:
//
//	conformance[auto]: 410 passed, 3 failed
//	conformance[none]: 411 passed, 2 failed
//	conformance: 821 passed, 5 failed
//
// (go test shows a passing package's output only with -v or when run in the
// package directory.) There is no time budget: a record may take as long as
// it needs, and only one that takes longer than a minute (five under -race;
// SQLMONGO_RECORD_TIMEOUT=2m sets another limit) fails, as a hang.
//
// TestOracle runs the same files on MariaDB (127.0.0.1:3306 as root, or the
// go-sql-driver DSN in SQLMONGO_ORACLE_DSN), in database
// sqlmongo_conformance, recreated each run with utf8mb4_nopad_bin (binary, trailing spaces significant). Normally it
// fails where MariaDB disagrees with the checked-in rows; with -update it
// writes MariaDB's rows into the files instead (result blocks only: comments,
// SQL and statement records stay as written). When MariaDB does not answer,
// it prints a notice and skips.
//
// # Record format
//
// A file is a sequence of records separated by blank lines, in the style of
// sqllogictest. Lines starting with # are comments.
//
//	statement ok
//	INSERT INTO t (a) VALUES (1)
//
//	statement error unknown column
//	SELECT nope FROM t
//
//	query ITR rowsort
//	SELECT a, b, c FROM t WHERE a > 1
//	----
//	1	foo	2.5
//	2	NULL	(empty)
//
// "statement ok" must succeed. "statement error <regexp>" must fail, and our
// driver's message must match the regexp (case-insensitively); on MariaDB
// only the failure is checked. "statement error 1264 <regexp>": a leading
// four-digit number is the MySQL error number, which both engines must
// give (MariaDB's, and our driver's Error.Number). A SELECT under "statement error" is run as a
// query and all its rows are read, since some errors surface only then.
//
// "query <types> [nosort|rowsort|valuesort]" has one letter per column: I
// integer (booleans print 1 and 0), R real (any number, printed exactly: a
// double as the shortest decimal that reads back as the same double, a
// DECIMAL by its digits, both without trailing zeros and with an exponent
// only below 1e-7 or from 1e21 on: 0.30000000000000004, 2.5, 1e-8), T text
// (strings as they are, NULL for NULL, (empty) for the empty string, tabs
// and newlines escaped; times as 2006-01-02 15:04:05, or 2006-01-02 when the
// column's DatabaseTypeName is DATE). nosort, the default, compares
// rows in order; rowsort compares the sorted rows; valuesort compares all
// values as one sorted list. Rows are tab-separated, one a line, and the
// block ends at an empty line. Values keep their spaces: an editor that
// trims trailing whitespace would change expectations.
//
// "skipif <engine>" and "onlyif <engine>" lines just before a record limit
// where it runs. Engines are mariadb, sqlmongo (any driver mode), and the
// mode names (auto, none, full). A record that MariaDB cannot check, such as
// a document-shaped query or an "unsupported" error, carries skipif mariadb
// and hand-written rows, which -update leaves alone.
//
// Record files must not change the dataset tables: they create, fill and
// drop scratch tables of their own. The formatting code is shared by both
// engines, so only the values themselves can differ. On MariaDB queries run
// as prepared statements: its binary protocol sends a double's eight bytes,
// where the text protocol rounds it to its column's decimals (PI() would
// read "3.141593").
package conformance
