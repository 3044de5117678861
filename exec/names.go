package exec

import (
	"strings"
	"unicode/utf8"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// maxNameLen is MySQL's limit on table and column names, in characters.
const maxNameLen = 64

// checkTableDef refuses names MongoDB cannot store as a collection or a
// top-level field (or would read as something else: "$x" is a field path
// in expressions, "a.b" a path into a sub-document), and a column named
// _id that is not the table's one-column key, since _id holds that key.
// Refused here, at CREATE, they cannot fail later with a server error.
func checkTableDef(def *sqlparse.CreateTable) error {
	if err := checkName("table", def.Name); err != nil {
		return err
	}
	if strings.ContainsRune(def.Name, '$') {
		return sqlerr.New(sqlerr.Unsupported, "table name %q: MongoDB collection names cannot contain '$'", def.Name)
	}
	for _, c := range def.Columns {
		if err := checkColumnName(c.Name, len(def.PrimaryKey) == 1 && def.PrimaryKey[0] == "_id"); err != nil {
			return err
		}
	}
	return nil
}

// checkColumnName refuses a column name MongoDB would read as something
// else; idKey tells the column is the table's one-column primary key.
func checkColumnName(name string, idKey bool) error {
	if err := checkName("column", name); err != nil {
		return err
	}
	switch {
	case strings.HasPrefix(name, "$"):
		return sqlerr.New(sqlerr.Unsupported, "column name %q: a name starting with '$' would read as a field path in MongoDB", name)
	case strings.Contains(name, "."):
		return sqlerr.New(sqlerr.Unsupported, "column name %q: a '.' would read as a path into a sub-document", name)
	case name == "_id" && !idKey:
		return sqlerr.New(sqlerr.Unsupported, "column name \"_id\" is only allowed as the table's one-column PRIMARY KEY (_id holds the key)")
	}
	return nil
}

func checkName(what, name string) error {
	switch {
	case name == "":
		return sqlerr.New(sqlerr.Syntax, "empty %s name", what)
	case !utf8.ValidString(name):
		return sqlerr.New(sqlerr.DataType, "%s name %q is not valid UTF-8", what, name)
	case strings.ContainsRune(name, 0):
		return sqlerr.New(sqlerr.Unsupported, "%s name %q contains a NUL character", what, name)
	case utf8.RuneCountInString(name) > maxNameLen:
		return sqlerr.New(sqlerr.Syntax, "%s name %q is longer than %d characters", what, name, maxNameLen)
	}
	return nil
}
