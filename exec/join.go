package exec

import (
	"context"
	"encoding/binary"
	"io"
	"math"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/planner"
)

// joinIter runs a planner.Join in-process. It reads the right input once,
// whole, within the memory budget (hashed by its keys when the join has
// keys), then streams the left input, pairing each left row with the
// right rows it matches: the hash table's bucket for its keys, or every
// right row (nested loop). Keys compare as the in-process = does
// (sqltypes.Compare): the hash only narrows the candidates, each of which
// is checked exactly.
type joinIter struct {
	left, right RowIter
	node        *planner.Join
	env         *planner.Env
	budget      int64

	started bool
	peeked  sqltypes.Row // the first left row, read before the right input
	hasPeek bool
	nk      int            // number of key pairs
	rows    []sqltypes.Row // the right rows kept, in input order
	rkeys   []any          // their key values, nk per row
	table   map[string][]int32
	// classes[i] is the set of value classes of the right keys at
	// position i (see keyClass); a left value of a class that = converts
	// to or from one of them is checked against every right row.
	classes []uint8
	// nullRows are the right rows with a NULL key (kept for NullAware).
	nullRows []int32

	// The left row being paired (Inner, Left) and where it is.
	cur     sqltypes.Row
	lkeys   []any
	cands   []int32
	all     bool // cands is every right row
	pos     int
	matched bool

	// byText indexes right string keys by their number and date
	// readings (single key; built when a left number or date needs it).
	byText map[string][]int32
	used   int64 // bytes held, against budget

	key     []byte       // scratch for a key's encoding
	buf     []int32      // scratch for candidates from several buckets
	scratch sqltypes.Row // scratch for left ++ right when Cond is evaluated
	ticks   int
}

func (e *Engine) openJoin(ctx context.Context, n *planner.Join, env *planner.Env) (RowIter, error) {
	if len(n.LeftKeys) != len(n.RightKeys) {
		return nil, sqlerr.New(sqlerr.Internal, "join with %d left keys and %d right keys", len(n.LeftKeys), len(n.RightKeys))
	}
	if n.NullAware && n.Kind == planner.AntiJoin && len(n.LeftKeys) == 0 {
		return nil, sqlerr.New(sqlerr.Internal, "null-aware anti join without keys")
	}
	left, err := e.open(ctx, n.Left, env)
	if err != nil {
		return nil, err
	}
	right, err := e.open(ctx, n.Right, env)
	if err != nil {
		left.Close(ctx)
		return nil, err
	}
	return &joinIter{left: left, right: right, node: n, env: env, budget: e.opts.MemoryLimit,
		nk: len(n.LeftKeys), lkeys: make([]any, len(n.LeftKeys)), classes: make([]uint8, len(n.LeftKeys))}, nil
}

// label names the join in errors.
func (it *joinIter) label() string {
	if it.nk > 0 {
		return "hash join"
	}
	return "nested loop join"
}

// tick checks for cancellation every 1,024 steps of a loop.
func (it *joinIter) tick(ctx context.Context) error {
	it.ticks++
	if it.ticks&1023 == 0 {
		return ctx.Err()
	}
	return nil
}

func (it *joinIter) nullAware() bool {
	return it.node.NullAware && it.node.Kind == planner.AntiJoin
}

// build reads the right input whole. Rows whose keys cannot equal
// anything (a NULL, a value = never finds equal) are dropped, except
// under NullAware, where a NULL key decides the result.
func (it *joinIter) build(ctx context.Context) error {
	if it.nk > 0 {
		it.table = map[string][]int32{}
	}
	keys := make([]any, it.nk)
	for {
		row, err := it.right.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := it.tick(ctx); err != nil {
			return err
		}
		if w := it.node.RightWidth; len(row) != w && (it.node.Kind == planner.InnerJoin || it.node.Kind == planner.LeftJoin) {
			return sqlerr.New(sqlerr.Internal, "join: a right row has %d columns, not RightWidth=%d", len(row), w)
		}
		hashable, hasNull := true, false
		for i, k := range it.node.RightKeys {
			if keys[i], err = planner.Eval(k, row, it.env); err != nil {
				return err
			}
			switch c := keyClass(keys[i]); c {
			case 0:
				hasNull = hasNull || keys[i] == nil
				hashable = false
			default:
				it.classes[i] |= c
			}
		}
		if !hashable && !it.nullAware() {
			continue
		}
		idx := int32(len(it.rows))
		if idx == math.MaxInt32 {
			return it.overBudget()
		}
		it.used += planner.RowSize(row) + planner.RowSize(keys) + 8
		if hashable && it.nk > 0 {
			it.key = it.key[:0]
			for _, v := range keys {
				it.key = appendKey(it.key, v)
			}
			b, ok := it.table[string(it.key)]
			if !ok {
				it.used += int64(len(it.key)) + 64 // the key text and the map entry
			}
			it.table[string(it.key)] = append(b, idx)
		}
		if hasNull {
			it.nullRows = append(it.nullRows, idx)
		}
		if it.used > it.budget {
			return it.overBudget()
		}
		it.rows = append(it.rows, row)
		it.rkeys = append(it.rkeys, keys...)
	}
	return nil
}

func (it *joinIter) overBudget() error {
	return sqlerr.New(sqlerr.Memory, "%s needs more than sqlmongo.memoryLimit=%d bytes in-process to hold its right input", it.label(), it.budget)
}

// start reads the first left row, then the right input whole: a join
// with no left row reads none of the right, and one with no right row
// reads no more of the left where nothing could come out (inner, semi).
func (it *joinIter) start(ctx context.Context) error {
	first, err := it.left.Next(ctx)
	if err == nil {
		err = it.build(ctx)
	}
	cerr := it.right.Close(ctx)
	it.right = nil
	switch {
	case err == io.EOF: // no left row
	case err != nil:
		return err
	case cerr != nil:
		return cerr
	case len(it.rows) > 0 || it.node.Kind == planner.LeftJoin || it.node.Kind == planner.AntiJoin:
		it.peeked, it.hasPeek = first, true
		return nil
	}
	// Nothing can come out: read no more of the left input.
	err = it.left.Close(ctx)
	it.left = emptyIter{}
	if err == nil {
		err = cerr
	}
	return err
}

func (it *joinIter) Next(ctx context.Context) (sqltypes.Row, error) {
	if !it.started {
		it.started = true
		if err := it.start(ctx); err != nil {
			return nil, err
		}
	}
	for {
		if it.cur == nil {
			l := it.peeked
			if it.hasPeek {
				it.peeked, it.hasPeek = nil, false
			} else {
				var err error
				if l, err = it.left.Next(ctx); err != nil {
					return nil, err
				}
			}
			if err := it.tick(ctx); err != nil {
				return nil, err
			}
			if err := it.candidates(l); err != nil {
				return nil, err
			}
			switch it.node.Kind {
			case planner.SemiJoin, planner.AntiJoin:
				keep, err := it.keepSemi(ctx, l)
				if err != nil {
					return nil, err
				}
				if keep {
					return l, nil
				}
				continue
			}
			it.cur, it.pos, it.matched = l, 0, false
		}
		for it.pos < it.ncands() {
			r := it.cand(it.pos)
			it.pos++
			out, ok, err := it.pair(ctx, it.cur, r)
			if err != nil {
				return nil, err
			}
			if ok {
				it.matched = true
				if out == nil {
					out = concatRow(it.cur, it.rows[r])
				}
				return out, nil
			}
		}
		l := it.cur
		it.cur = nil
		if it.node.Kind == planner.LeftJoin && !it.matched {
			out := make(sqltypes.Row, len(l)+it.node.RightWidth)
			copy(out, l)
			return out, nil
		}
	}
}

func concatRow(l, r sqltypes.Row) sqltypes.Row {
	out := make(sqltypes.Row, 0, len(l)+len(r))
	return append(append(out, l...), r...)
}

func (it *joinIter) ncands() int {
	if it.all {
		return len(it.rows)
	}
	return len(it.cands)
}

func (it *joinIter) cand(i int) int32 {
	if it.all {
		return int32(i)
	}
	return it.cands[i]
}

// candidates evaluates the left row's keys and finds the right rows that
// may match them: none when a key is NULL or can equal nothing, every row
// without keys, else the hash bucket of the keys. Where = converts
// between a left value and right values of another class at its
// position (a string and a number or a date), a single key also probes
// the buckets those values fall in (convertedCands); with several keys
// the row is checked against every right row.
func (it *joinIter) candidates(l sqltypes.Row) error {
	it.cands, it.all = nil, it.nk == 0
	it.key = it.key[:0]
	hashable, converts := true, false
	for i, k := range it.node.LeftKeys {
		v, err := planner.Eval(k, l, it.env)
		if err != nil {
			return err
		}
		it.lkeys[i] = v
		c := keyClass(v)
		if c == 0 {
			hashable = false
			continue
		}
		converts = converts || it.classes[i]&convertsWith(c) != 0
		it.key = appendKey(it.key, v)
	}
	switch {
	case !hashable:
		it.all = false
	case !converts:
		it.cands = it.table[string(it.key)]
	case it.nk > 1:
		it.all = true
	default:
		return it.convertedCands(it.lkeys[0])
	}
	return nil
}

// convertedCands finds the candidates of a single key v that = may find
// equal to right values of another class: a string to the numbers equal
// to its numeric prefix and to the dates equal to it read as a date; a
// number or a date to the right strings that read as it (byText). The
// buckets are disjoint; the candidates keep the right input's order.
func (it *joinIter) convertedCands(v any) error {
	it.buf = append(it.buf[:0], it.table[string(it.key)]...)
	have := it.classes[0]
	switch x := v.(type) {
	case string:
		if have&classNumber != 0 {
			it.key = appendKey(it.key[:0], sqltypes.StringToNumber(x))
			it.buf = append(it.buf, it.table[string(it.key)]...)
		}
		if t, err := sqltypes.ParseTime(x); err == nil && have&classTime != 0 {
			it.key = appendKey(it.key[:0], t)
			it.buf = append(it.buf, it.table[string(it.key)]...)
		}
	case bson.ObjectID:
		// = compares an ObjectID with text only, as its hex: the bucket.
	default:
		if err := it.indexText(); err != nil {
			return err
		}
		it.buf = append(it.buf, it.byText[string(it.key)]...)
	}
	slices.Sort(it.buf)
	it.cands = it.buf
	return nil
}

// indexText indexes, once, the right rows whose single key is a string
// by that string read as a number and, when it reads as one, as a date:
// where = finds a number or a date equal to a string.
func (it *joinIter) indexText() error {
	if it.byText != nil {
		return nil
	}
	it.byText = map[string][]int32{}
	add := func(v any, r int) error {
		it.key = appendKey(it.key[:0], v)
		b, ok := it.byText[string(it.key)]
		if !ok {
			it.used += int64(len(it.key)) + 64
		}
		it.byText[string(it.key)] = append(b, int32(r))
		if it.used += 4; it.used > it.budget {
			return it.overBudget()
		}
		return nil
	}
	for r, k := range it.rkeys {
		s, ok := k.(string)
		if !ok {
			continue
		}
		if err := add(sqltypes.StringToNumber(s), r); err != nil {
			return err
		}
		if t, err := sqltypes.ParseTime(s); err == nil {
			if err := add(t, r); err != nil {
				return err
			}
		}
	}
	// The left value's own key, which the loop overwrote.
	it.key = appendKey(it.key[:0], it.lkeys[0])
	return nil
}

// pair says whether left row l and right row r match: every key equal
// (neither NULL) and Cond TRUE. out, when set, is l ++ r already built
// for Cond.
func (it *joinIter) pair(ctx context.Context, l sqltypes.Row, r int32) (out sqltypes.Row, ok bool, err error) {
	if err := it.tick(ctx); err != nil {
		return nil, false, err
	}
	rk := it.rkeys[int(r)*it.nk : int(r)*it.nk+it.nk]
	for i, lv := range it.lkeys {
		if !keysEqual(lv, rk[i]) {
			return nil, false, nil
		}
	}
	return it.cond(l, r)
}

// cond evaluates the residual condition over l ++ r.
func (it *joinIter) cond(l sqltypes.Row, r int32) (sqltypes.Row, bool, error) {
	if it.node.Cond == nil {
		return nil, true, nil
	}
	it.scratch = append(append(it.scratch[:0], l...), it.rows[r]...)
	v, err := planner.Eval(it.node.Cond, it.scratch, it.env)
	if err != nil || planner.Truth(v) != planner.True {
		return nil, false, err
	}
	out := it.scratch
	if it.node.Kind == planner.InnerJoin || it.node.Kind == planner.LeftJoin {
		it.scratch = nil // returned: the next pair gets its own
	}
	return out, true, nil
}

// keepSemi decides a semi or anti join's left row (its candidates found).
func (it *joinIter) keepSemi(ctx context.Context, l sqltypes.Row) (bool, error) {
	found := false
	for i := 0; i < it.ncands() && !found; i++ {
		_, ok, err := it.pair(ctx, l, it.cand(i))
		if err != nil {
			return false, err
		}
		found = ok
	}
	if it.node.Kind == planner.SemiJoin {
		return found, nil
	}
	if found || !it.nullAware() {
		return !found, nil
	}
	// NOT IN: no right row may be possibly equal (no key position where
	// both values are non-NULL and unequal) with Cond TRUE. Rows without
	// a NULL key were candidates already, unless the left row has a NULL.
	check := it.nullRows
	all := false
	for _, v := range it.lkeys {
		all = all || v == nil
	}
	n := len(check)
	if all {
		n = len(it.rows)
	}
	for i := 0; i < n; i++ {
		r := int32(i)
		if !all {
			r = check[i]
		}
		if err := it.tick(ctx); err != nil {
			return false, err
		}
		if it.toldApart(r) {
			continue
		}
		if _, ok, err := it.cond(l, r); err != nil || ok {
			return false, err
		}
	}
	return true, nil
}

// toldApart says whether some key position of right row r holds a
// non-NULL value unequal to the left row's non-NULL one.
func (it *joinIter) toldApart(r int32) bool {
	rk := it.rkeys[int(r)*it.nk : int(r)*it.nk+it.nk]
	for i, lv := range it.lkeys {
		if lv != nil && rk[i] != nil && !keysEqual(lv, rk[i]) {
			return true
		}
	}
	return false
}

func (it *joinIter) Close(ctx context.Context) error {
	var err error
	if it.left != nil {
		err = it.left.Close(ctx)
		it.left = nil
	}
	if it.right != nil {
		if cerr := it.right.Close(ctx); err == nil {
			err = cerr
		}
		it.right = nil
	}
	it.rows, it.rkeys, it.table = nil, nil, nil
	return err
}

// emptyIter yields no row.
type emptyIter struct{}

func (emptyIter) Next(context.Context) (sqltypes.Row, error) { return nil, io.EOF }
func (emptyIter) Close(context.Context) error                { return nil }

// keysEqual is the in-process a = b being TRUE.
func keysEqual(a, b any) bool {
	if a == nil || b == nil {
		return false
	}
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok {
			return x == y
		}
	}
	c, ok := sqltypes.Compare(a, b)
	return ok && c == 0
}

// Value classes of join keys: values of one class that = finds equal
// have the same appendKey encoding. 0 is a value = never finds equal
// (NULL, or a type sqltypes.Compare does not order).
const (
	classNumber uint8 = 1 << iota
	classString       // strings and ObjectIDs (= compares an ObjectID with its hex text)
	classTime
	classBytes
	classJSON
)

func keyClass(v any) uint8 {
	switch v.(type) {
	case int64, float64, bool, bson.Decimal128:
		return classNumber
	case string, bson.ObjectID:
		return classString
	case time.Time:
		return classTime
	case []byte:
		return classBytes
	case sqltypes.JSON:
		return classJSON
	}
	return 0
}

// convertsWith is the set of classes whose values = compares with class
// c's by converting one side (MySQL's string-to-number and
// string-to-date comparisons): such pairs may be equal under different
// encodings.
func convertsWith(c uint8) uint8 {
	switch c {
	case classString:
		return classNumber | classTime
	case classNumber, classTime:
		return classString
	}
	return 0
}

// appendKey appends a prefix-free encoding of v (of a non-zero class):
// values of one class that = finds equal encode alike. Numbers encode as
// their double, since = compares as doubles once one side is a double and
// exactly otherwise (equal exact values round to the same double);
// keysEqual then tells apart large integers that share a double.
func appendKey(b []byte, v any) []byte {
	switch x := v.(type) {
	case string:
		b = append(b, 's')
		b = binary.AppendUvarint(b, uint64(len(x)))
		return append(b, x...)
	case bson.ObjectID:
		return appendKey(b, x.Hex())
	case time.Time:
		b = append(b, 't')
		b = binary.BigEndian.AppendUint64(b, uint64(x.Unix()))
		return binary.BigEndian.AppendUint32(b, uint32(x.Nanosecond()))
	case []byte:
		b = append(b, 'b')
		b = binary.AppendUvarint(b, uint64(len(x)))
		return append(b, x...)
	case sqltypes.JSON:
		t := sqltypes.JSONText(x)
		b = append(b, 'j')
		b = binary.AppendUvarint(b, uint64(len(t)))
		return append(b, t...)
	}
	var f float64
	if i, ok := v.(int64); ok {
		f = float64(i)
	} else {
		f, _ = sqltypes.ToFloat(v) // 0 for a decimal NaN, as Compare reads it
	}
	switch {
	case f == 0:
		f = 0 // -0 = 0
	case math.IsNaN(f):
		f = math.NaN()
	}
	b = append(b, 'n')
	return binary.BigEndian.AppendUint64(b, math.Float64bits(f))
}
