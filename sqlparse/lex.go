package sqlparse

import (
	"strings"
	"unicode/utf8"

	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// tokKind is our coarse view of sqlparser's token types: the small parsers
// and the placeholder rewrite only need to tell these apart.
type tokKind uint8

const (
	tEOF    tokKind = iota
	tWord           // unquoted identifier or keyword
	tQuoted         // `identifier`
	tString         // 'string' or "string" (dq tells which)
	tNumber         // integer, float or 0x hex number
	tParam          // ? or :name
	tDollar         // $N
	tAt             // @name (a named parameter); @@x stays a tWord
	tList           // ::name, vitess list argument
	tPunct          // operator or punctuation; its text is in the source
	tOther          // X'..' and b'..' literals
)

// token is one token with its byte span in the text it was scanned from.
type token struct {
	kind       tokKind
	typ        int    // sqlparser token type
	val        string // identifier or string contents; source text for words
	low        string // lower-cased val, for keyword tests
	start, end int
	dq         bool // tString written with double quotes
	virt       bool // from inside /*! ... */: start and end are not its own
	relit      bool // tString whose val differs from the library's reading (\% and \_)
}

// lex scans src with sqlparser's tokenizer, dropping comments. Lexical errors
// (unterminated strings, stray characters) come back positioned. stop, when
// not nil, is called every stopEvery tokens; its error ends the scan.
func lex(src string, stop func() error) ([]token, error) {
	toks, _, err := scan(src, stop)
	if err != nil {
		return nil, err
	}
	return toks, nil
}

// scan is lex that also returns, on a lexical error, the tokens before it
// and the byte offset where the error starts (an unterminated quote or
// comment starts there).
func scan(src string, stop func() error) (toks []token, errAt int, err error) {
	tz := sqlparser.NewStringTokenizer(src)
	prevEnd := 0
	defer func() {
		// The tokenizer panics on some malformed input, e.g. "/*!*/".
		if r := recover(); r != nil {
			line, col := lineCol(src, prevEnd)
			errAt, err = prevEnd, sqlerr.At(sqlerr.Syntax, line, col, "malformed input near here")
		}
	}()
	for {
		typ, val := tz.Scan()
		end := tz.Position - 1
		if end > len(src) {
			end = len(src)
		}
		// Position is one past the lookahead character, so the token
		// starts at the first non-blank byte after the previous one.
		start := prevEnd
		for start < end && strings.IndexByte(" \t\r\n", src[start]) >= 0 {
			start++
		}
		// Tokens of a /*! ... */ comment come from a nested tokenizer: the
		// first spans the whole comment, the rest do not move Position.
		virt := end <= prevEnd || strings.HasPrefix(src[start:], "/*!")
		if end < start {
			end = start
		}
		prevEnd = end
		if typ == 0 {
			return toks, 0, nil
		}
		t := token{typ: typ, val: string(val), start: start, end: end, virt: virt}
		switch {
		case typ == sqlparser.COMMENT:
			continue
		case typ == sqlparser.LEX_ERROR:
			if t.val == "$" {
				ntyp, nval := tz.Scan()
				nend := min(tz.Position-1, len(src))
				prevEnd = nend
				if ntyp == sqlparser.INTEGRAL && nend-len(nval) == end {
					t.kind, t.val, t.end = tDollar, string(nval), nend
					break
				}
			}
			return toks, t.start, lexError(src, t)
		case typ == sqlparser.ID:
			if start < len(src) && src[start] == '`' {
				t.kind = tQuoted
			} else if strings.HasPrefix(t.val, "@") && !strings.HasPrefix(t.val, "@@") {
				t.kind, t.val = tAt, t.val[1:]
			} else {
				t.kind, t.val = tWord, src[start:end]
			}
		case typ == sqlparser.STRING:
			t.kind, t.dq = tString, start < len(src) && src[start] == '"'
			if !virt {
				if v, ok := decodeString(src[start:end]); ok && v != t.val {
					t.val, t.relit = v, true
				}
			}
		case typ == sqlparser.INTEGRAL || typ == sqlparser.FLOAT || typ == sqlparser.HEXNUM:
			t.kind = tNumber
		case typ == sqlparser.VALUE_ARG:
			t.kind = tParam
		case typ == sqlparser.LIST_ARG:
			t.kind = tList
		case typ == sqlparser.HEX || typ == sqlparser.BIT_LITERAL:
			t.kind = tOther
		case typ < 256:
			t.kind, t.val = tPunct, src[start:end]
		case len(val) > 0 && isWordByte(val[0]):
			t.kind, t.val = tWord, src[start:end] // keyword; keep the case as written
		default:
			t.kind, t.val = tPunct, src[start:end] // multi-character operator
		}
		if virt && (t.kind == tWord || t.kind == tPunct) {
			t.val = string(val)
			if typ < 256 {
				t.val = string(rune(typ))
			}
		}
		t.low = strings.ToLower(t.val)
		toks = append(toks, t)
		if stop != nil && len(toks)%stopEvery == 0 {
			if err := stop(); err != nil {
				return nil, 0, err
			}
		}
	}
}

// decodeString reads a quoted string literal as MySQL does. It differs
// from the library's tokenizer in one way: MySQL keeps the backslash of \%
// and \_ (so that LIKE 'a\_b' matches a literal underscore). Every other
// escape (\0 \' \" \b \n \r \t \Z \\) decodes to its character, and an
// unknown one to the character itself, as in the library.
func decodeString(raw string) (string, bool) {
	if len(raw) < 2 || raw[0] != '\'' && raw[0] != '"' || raw[len(raw)-1] != raw[0] {
		return "", false
	}
	q, body := raw[0], raw[1:len(raw)-1]
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '\\' && i+1 < len(body):
			i++
			switch n := body[i]; n {
			case '0':
				b.WriteByte(0)
			case 'b':
				b.WriteByte('\b')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'Z':
				b.WriteByte(26)
			case '%', '_':
				b.WriteByte('\\')
				b.WriteByte(n)
			default:
				b.WriteByte(n)
			}
		case c == q && i+1 < len(body) && body[i+1] == q:
			b.WriteByte(q)
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func lexError(src string, t token) error {
	line, col := lineCol(src, t.start)
	if t.start < len(src) {
		switch src[t.start] {
		case '\'', '"':
			return sqlerr.At(sqlerr.Syntax, line, col, "unterminated string")
		case '`':
			return sqlerr.At(sqlerr.Syntax, line, col, "unterminated or empty quoted identifier")
		case '/':
			return sqlerr.At(sqlerr.Syntax, line, col, "unterminated comment")
		case ':':
			return sqlerr.At(sqlerr.Syntax, line, col, "parameter name expected after ':'")
		}
		r, _ := utf8.DecodeRuneInString(src[t.start:])
		return sqlerr.At(sqlerr.Syntax, line, col, "unexpected character %q", r)
	}
	return sqlerr.At(sqlerr.Syntax, line, col, "unexpected end of statement")
}

// checkUTF8 refuses SQL text that is not UTF-8, as MySQL refuses such
// bytes for utf8mb4: stored, they would come back changed.
func checkUTF8(src string) error {
	if utf8.ValidString(src) {
		return nil
	}
	off := 0
	for off < len(src) {
		r, n := utf8.DecodeRuneInString(src[off:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		off += n
	}
	line, col := lineCol(src, off)
	return sqlerr.At(sqlerr.DataType, line, col, "invalid UTF-8 byte 0x%02x in the statement (utf8mb4 text must be valid UTF-8)", src[off])
}

// lineCol turns a byte offset into a 1-based line and column (in characters).
func lineCol(src string, off int) (line, col int) {
	off = max(0, min(off, len(src)))
	line = 1 + strings.Count(src[:off], "\n")
	lineStart := strings.LastIndexByte(src[:off], '\n') + 1
	return line, 1 + utf8.RuneCountInString(src[lineStart:off])
}

// shown is a token's text for an error message, shortened when long.
func shown(src string, start, end int) string {
	s := src[start:end]
	if utf8.RuneCountInString(s) > 40 {
		r := []rune(s)
		s = string(r[:37]) + "..."
	}
	return s
}
