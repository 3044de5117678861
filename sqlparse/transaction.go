package sqlparse

import (
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// Transaction is what a transaction statement says. The driver acts on
// it; the planner never sees these statements.
type Transaction struct {
	// ReadOnly and ReadWrite: START TRANSACTION READ ONLY / READ WRITE,
	// SET TRANSACTION READ ONLY / READ WRITE, SET transaction_read_only.
	ReadOnly, ReadWrite bool
	// Snapshot: START TRANSACTION WITH CONSISTENT SNAPSHOT.
	Snapshot bool
	// Isolation is SET TRANSACTION ISOLATION LEVEL's level, upper case with
	// spaces ("READ COMMITTED"), or transaction_isolation's value.
	Isolation string
	// Session: SET SESSION TRANSACTION (every later transaction of the
	// connection), not SET TRANSACTION (the next one only).
	Session bool
	// Autocommit is SET autocommit's value; nil when the SET has none.
	Autocommit *bool
	// Chain: COMMIT AND CHAIN, ROLLBACK AND CHAIN (a new transaction with
	// the same characteristics begins at once).
	Chain bool
	// Savepoint names the savepoint of SAVEPOINT, RELEASE SAVEPOINT and
	// ROLLBACK TO SAVEPOINT.
	Savepoint string
}

// transaction reads BEGIN, START TRANSACTION, COMMIT, ROLLBACK and the
// savepoint statements.
func (p *parser) transaction() (*Statement, error) {
	kw := p.next()
	tx := &Transaction{}
	var kind Kind
	switch kw.low {
	case "begin":
		kind = KindBegin
		p.acceptWords("work")
	case "start":
		if err := p.expectWords("transaction"); err != nil {
			return nil, err
		}
		kind = KindBegin
		for {
			switch {
			case p.acceptWords("read", "only"):
				tx.ReadOnly = true
			case p.acceptWords("read", "write"):
				tx.ReadWrite = true
			case p.acceptWords("with", "consistent", "snapshot"):
				tx.Snapshot = true
			default:
				return &Statement{Kind: kind, Tx: tx}, p.end()
			}
			if tx.ReadOnly && tx.ReadWrite {
				return nil, p.errAt(kw, sqlerr.Syntax, "START TRANSACTION cannot be both READ ONLY and READ WRITE")
			}
			if !p.acceptPunct(",") {
				return &Statement{Kind: kind, Tx: tx}, p.end()
			}
		}
	case "commit":
		kind = KindCommit
		p.acceptWords("work")
	case "rollback":
		kind = KindRollback
		p.acceptWords("work")
		if p.acceptWords("to") {
			p.acceptWords("savepoint")
			return p.savepointName(KindRollbackTo)
		}
	case "savepoint":
		return p.savepointName(KindSavepoint)
	default: // RELEASE SAVEPOINT s
		if err := p.expectWords("savepoint"); err != nil {
			return nil, err
		}
		return p.savepointName(KindReleaseSavepoint)
	}
	// COMMIT/ROLLBACK [AND [NO] CHAIN] [[NO] RELEASE]
	switch {
	case p.acceptWords("and", "chain"):
		tx.Chain = true
	case p.acceptWords("and", "no", "chain"):
	}
	if p.isWord("release") {
		return nil, p.unsupportedHere(strings.ToUpper(kw.val) + " ... RELEASE (closing the connection)")
	}
	p.acceptWords("no", "release")
	return &Statement{Kind: kind, Tx: tx}, p.end()
}

func (p *parser) savepointName(kind Kind) (*Statement, error) {
	name, err := p.ident("savepoint name")
	if err != nil {
		return nil, err
	}
	return &Statement{Kind: kind, Tx: &Transaction{Savepoint: name}}, p.end()
}

// set reads SET statements. The transaction settings (autocommit,
// transaction_read_only, transaction_isolation and SET [SESSION]
// TRANSACTION) come back in Tx; every other assignment (user variables,
// system variables, NAMES, CHARACTER SET) in Set, in order (sqlparse/vars.go).
func (p *parser) set() (*Statement, error) {
	p.next()
	st := &Statement{Kind: KindSet}
	start := p.pos
	if scope := p.scope(); p.acceptWords("transaction") {
		return p.setTransaction(scope)
	}
	p.pos = start // the scope belongs to the first variable
	for {
		if a, ok, err := p.setSpecial(); err != nil {
			return nil, err
		} else if ok {
			st.Set = append(st.Set, a)
			if !p.acceptPunct(",") {
				break
			}
			continue
		}
		scope, name, at := p.setVariable()
		switch name {
		case "autocommit", "transaction_read_only", "tx_read_only", "transaction_isolation", "tx_isolation":
			if scope == "global" {
				return nil, p.errAt(at, sqlerr.Unsupported, "SET GLOBAL %s (sqlmongo has no server-wide settings; use SET SESSION)", name)
			}
			if !p.acceptPunct("=") {
				return nil, p.expected("'='")
			}
			v := p.next()
			if st.Tx == nil {
				st.Tx = &Transaction{}
			}
			if err := p.setTxVariable(st.Tx, name, v); err != nil {
				return nil, err
			}
		default:
			a, err := p.assignment(scope, name, at)
			if err != nil {
				return nil, err
			}
			st.Set = append(st.Set, a)
			st.NumPositional += a.params
		}
		if !p.acceptPunct(",") {
			break
		}
	}
	return st, p.end()
}

// scope reads GLOBAL, SESSION, LOCAL or PERSIST before a SET target and
// returns "global", "session" or "".
func (p *parser) scope() string {
	switch {
	case p.acceptWords("global"), p.acceptWords("persist"), p.acceptWords("persist_only"):
		return "global"
	case p.acceptWords("session"), p.acceptWords("local"):
		return "session"
	}
	return ""
}

// setVariable reads the target of one SET assignment: [scope] name or
// @@[scope.]name. It returns the scope ("global", "session" or ""), the
// lower-case name ("" for anything that is not a system variable) and its
// token.
func (p *parser) setVariable() (scope, name string, at token) {
	at = p.peek()
	scope = p.scope()
	t := p.peek()
	if t.kind != tWord {
		return scope, "", at
	}
	low := t.low
	if strings.HasPrefix(low, "@@") {
		low = strings.TrimPrefix(low, "@@")
		for _, s := range []struct{ prefix, scope string }{
			{"global.", "global"}, {"persist.", "global"}, {"persist_only.", "global"},
			{"session.", "session"}, {"local.", "session"},
		} {
			if strings.HasPrefix(low, s.prefix) {
				low, scope = strings.TrimPrefix(low, s.prefix), s.scope
			}
		}
	}
	p.pos++
	return scope, low, at
}

// setTxVariable records one assignment to a transaction variable.
func (p *parser) setTxVariable(tx *Transaction, name string, v token) error {
	word := v.low
	if v.kind == tString || v.kind == tNumber {
		word = strings.ToLower(v.val)
	}
	switch name {
	case "autocommit", "transaction_read_only", "tx_read_only":
		var b bool
		switch word {
		case "1", "on", "true":
			b = true
		case "0", "off", "false":
		default:
			return p.errAt(v, sqlerr.DataType, "variable %s can't be set to %q (0, 1, ON or OFF)", name, v.val)
		}
		if name == "autocommit" {
			tx.Autocommit = &b
		} else {
			tx.ReadOnly, tx.ReadWrite, tx.Session = b, !b, true
		}
	default: // transaction_isolation = 'READ-COMMITTED'
		level := strings.ToUpper(strings.ReplaceAll(word, "-", " "))
		if !isolationLevels[level] {
			return p.errAt(v, sqlerr.DataType, "variable %s can't be set to %q", name, v.val)
		}
		tx.Isolation, tx.Session = level, true
	}
	return nil
}

var isolationLevels = map[string]bool{
	"READ UNCOMMITTED": true, "READ COMMITTED": true, "REPEATABLE READ": true, "SERIALIZABLE": true,
}

// setTransaction reads the characteristics of SET [scope] TRANSACTION.
func (p *parser) setTransaction(scope string) (*Statement, error) {
	if scope == "global" {
		return nil, p.errAt(p.toks[1], sqlerr.Unsupported, "SET GLOBAL TRANSACTION (sqlmongo has no server-wide settings; use SET SESSION TRANSACTION)")
	}
	tx := &Transaction{Session: scope == "session"}
	for {
		switch {
		case p.acceptWords("isolation", "level"):
			var level string
			switch {
			case p.acceptWords("read", "uncommitted"):
				level = "READ UNCOMMITTED"
			case p.acceptWords("read", "committed"):
				level = "READ COMMITTED"
			case p.acceptWords("repeatable", "read"):
				level = "REPEATABLE READ"
			case p.acceptWords("serializable"):
				level = "SERIALIZABLE"
			default:
				return nil, p.expected("an isolation level")
			}
			tx.Isolation = level
		case p.acceptWords("read", "only"):
			tx.ReadOnly = true
		case p.acceptWords("read", "write"):
			tx.ReadWrite = true
		default:
			return nil, p.expected("ISOLATION LEVEL, READ ONLY or READ WRITE")
		}
		if !p.acceptPunct(",") {
			break
		}
	}
	if tx.ReadOnly && tx.ReadWrite {
		return nil, p.errAt(p.toks[0], sqlerr.Syntax, "SET TRANSACTION cannot be both READ ONLY and READ WRITE")
	}
	return &Statement{Kind: KindSet, Tx: tx}, p.end()
}
