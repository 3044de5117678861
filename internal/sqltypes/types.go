// Package sqltypes defines the SQL types sqlmongo reports and the Go values
// that carry SQL data between the planner, exec and the driver.
//
// In-process values are: nil (NULL), int64, float64, bson.Decimal128, string,
// bool, time.Time, []byte, bson.ObjectID, and JSON (documents and arrays).
package sqltypes

import (
	"reflect"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// Kind is a SQL type family.
type Kind uint8

// The kinds, in MySQL's terms.
const (
	Null Kind = iota
	Bool
	Int
	Double
	Decimal
	Varchar
	Text
	Date
	DateTime
	JSONKind
	Blob
	ObjectID
)

// Type is a column type as the catalog records it and ColumnTypes reports it.
type Type struct {
	Kind      Kind
	Length    int // VARCHAR(n); 0 when unset
	Precision int // DECIMAL(p,s)
	Scale     int
	Unsigned  bool
	Name      string // the name as written in CREATE TABLE (e.g. "TINYINT"); optional
}

// DatabaseTypeName returns MySQL's uppercase name for the type.
func (t Type) DatabaseTypeName() string {
	if t.Name != "" {
		return strings.ToUpper(t.Name)
	}
	switch t.Kind {
	case Bool:
		return "BOOL"
	case Int:
		return "BIGINT"
	case Double:
		return "DOUBLE"
	case Decimal:
		return "DECIMAL"
	case Varchar:
		return "VARCHAR"
	case Text:
		return "TEXT"
	case Date:
		return "DATE"
	case DateTime:
		return "DATETIME"
	case JSONKind:
		return "JSON"
	case Blob:
		return "BLOB"
	case ObjectID:
		return "VARCHAR"
	}
	return "NULL"
}

var (
	scanInt     = reflect.TypeOf(int64(0))
	scanFloat   = reflect.TypeOf(float64(0))
	scanString  = reflect.TypeOf("")
	scanTime    = reflect.TypeOf(time.Time{})
	scanBytes   = reflect.TypeOf([]byte(nil))
	scanAnyType = reflect.TypeOf((*any)(nil)).Elem()
)

// ScanType returns the Go type a non-NULL value of t scans into.
func (t Type) ScanType() reflect.Type {
	switch t.Kind {
	case Bool, Int:
		// BOOL is TINYINT(1): its values are 1 and 0, as from MySQL.
		return scanInt
	case Double:
		return scanFloat
	case Decimal, Varchar, Text, JSONKind, ObjectID:
		return scanString
	case Date, DateTime:
		return scanTime
	case Blob:
		return scanBytes
	}
	return scanAnyType
}

// IsNumeric reports whether t is an integer, double or decimal type.
func (t Type) IsNumeric() bool {
	return t.Kind == Int || t.Kind == Double || t.Kind == Decimal || t.Kind == Bool
}

// IsString reports whether t is a character type.
func (t Type) IsString() bool { return t.Kind == Varchar || t.Kind == Text || t.Kind == ObjectID }

// Column describes one result or table column.
type Column struct {
	Name     string
	Type     Type
	Nullable bool
}

// Row is one row of in-process values.
type Row []any

// ParseType maps a SQL type name (as in CREATE TABLE or CAST) to a Type.
// ok is false for names sqlmongo does not know.
func ParseType(name string) (Type, bool) {
	n := strings.ToUpper(strings.TrimSpace(name))
	t := Type{Name: n}
	switch n {
	case "BOOL", "BOOLEAN":
		t.Kind, t.Name = Bool, "BOOL"
	case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "INTEGER", "BIGINT", "SERIAL", "YEAR", "SIGNED", "UNSIGNED":
		t.Kind = Int
		if n == "INTEGER" {
			t.Name = "INT"
		}
		if n == "SERIAL" {
			t.Name, t.Unsigned = "BIGINT", true
		}
		if n == "SIGNED" || n == "UNSIGNED" {
			t.Name, t.Unsigned = "BIGINT", n == "UNSIGNED"
		}
	case "DOUBLE", "FLOAT", "REAL", "DOUBLE PRECISION":
		t.Kind = Double
		if n != "FLOAT" {
			t.Name = "DOUBLE"
		}
	case "DECIMAL", "NUMERIC", "DEC", "FIXED":
		t.Kind, t.Name = Decimal, "DECIMAL"
	case "VARCHAR", "CHAR", "NVARCHAR", "NCHAR", "CHARACTER", "VARBINARY", "BINARY":
		t.Kind = Varchar
		if n != "CHAR" {
			t.Name = "VARCHAR"
		}
	case "TEXT", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT", "ENUM", "SET":
		t.Kind = Text
	case "DATE":
		t.Kind = Date
	case "DATETIME", "TIMESTAMP", "TIME":
		t.Kind = DateTime
	case "JSON":
		t.Kind = JSONKind
	case "BLOB", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB":
		t.Kind = Blob
	default:
		return Type{}, false
	}
	return t, true
}

// ObjectIDType is how an ObjectId _id column is typed.
var ObjectIDType = Type{Kind: ObjectID}

// FromBSON maps a BSON type to the SQL type used when no catalog entry says otherwise.
func FromBSON(bt bson.Type) Type {
	switch bt {
	case bson.TypeBoolean:
		return Type{Kind: Bool}
	case bson.TypeInt32:
		return Type{Kind: Int, Name: "INT"}
	case bson.TypeInt64:
		return Type{Kind: Int}
	case bson.TypeDouble:
		return Type{Kind: Double}
	case bson.TypeDecimal128:
		return Type{Kind: Decimal}
	case bson.TypeString:
		return Type{Kind: Text}
	case bson.TypeDateTime, bson.TypeTimestamp:
		return Type{Kind: DateTime}
	case bson.TypeEmbeddedDocument, bson.TypeArray:
		return Type{Kind: JSONKind}
	case bson.TypeBinary:
		return Type{Kind: Blob}
	case bson.TypeObjectID:
		return ObjectIDType
	}
	return Type{Kind: Text}
}
