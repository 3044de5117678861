package planner

import (
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xwb1989/sqlparser"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// Date and time functions, all in UTC. An argument that is not a valid
// date (a string such as '2024-13-01' or 'junk') makes the result NULL,
// as MySQL does with a warning.

// nowFunc is the clock NOW() and CURDATE() read outside a statement (their
// Clock reads Env.Now, one instant per execution). Every call in a statement
// should see the same instant: exec may pin it per statement.
var nowFunc = func() time.Time { return time.Now().UTC() }

var dateRe = regexp.MustCompile(`^(\d{1,4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?)?$`)

// toTime converts a value to a point in time; ok is false for invalid dates.
func toTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC(), true
	case string:
		return parseDateTime(strings.TrimSpace(x))
	case []byte:
		return parseDateTime(strings.TrimSpace(string(x)))
	case int64:
		return parseDateTime(strconv.FormatInt(x, 10))
	case float64, bson.Decimal128:
		n := toNumber(x, decimalType)
		return parseDateTime(numText(n))
	}
	return time.Time{}, false
}

func parseDateTime(s string) (time.Time, bool) {
	if m := dateRe.FindStringSubmatch(s); m != nil {
		p := func(i int) int {
			n, _ := strconv.Atoi(m[i])
			return n
		}
		frac := 0
		if m[7] != "" {
			f := m[7] + strings.Repeat("0", 6-len(m[7]))
			frac, _ = strconv.Atoi(f)
		}
		y := p(1)
		if len(m[1]) <= 2 {
			y = twoDigitYear(y)
		}
		return mkTime(y, p(2), p(3), p(4), p(5), p(6), frac)
	}
	digits := s
	if i := strings.IndexByte(s, '.'); i > 0 {
		digits = s[:i]
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
	}
	a := func(i, j int) int { n, _ := strconv.Atoi(digits[i:j]); return n }
	switch len(digits) {
	case 8:
		return mkTime(a(0, 4), a(4, 6), a(6, 8), 0, 0, 0, 0)
	case 6:
		return mkTime(twoDigitYear(a(0, 2)), a(2, 4), a(4, 6), 0, 0, 0, 0)
	case 14:
		return mkTime(a(0, 4), a(4, 6), a(6, 8), a(8, 10), a(10, 12), a(12, 14), 0)
	case 12:
		return mkTime(twoDigitYear(a(0, 2)), a(2, 4), a(4, 6), a(6, 8), a(8, 10), a(10, 12), 0)
	}
	return time.Time{}, false
}

func twoDigitYear(y int) int {
	if y < 70 {
		return 2000 + y
	}
	if y < 100 {
		return 1900 + y
	}
	return y
}

func mkTime(y, mo, d, h, mi, s, us int) (time.Time, bool) {
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, time.Month(mo)) || h > 23 || mi > 59 || s > 59 || y > 9999 {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(mo), d, h, mi, s, us*1000, time.UTC), true
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// isDateType reports whether MongoDB holds a BSON date for values of t.
func isDateType(t sqltypes.Type) bool { return t.Kind == sqltypes.Date || t.Kind == sqltypes.DateTime }

// dateFunc makes a def over one date argument.
func dateFunc(name string, t sqltypes.Type, f func(time.Time) any, mql func(a any) any) *FuncDef {
	d := &FuncDef{Name: name, MinArgs: 1, MaxArgs: 1, NullIn: true, T: t}
	d.Eval = func(c *Call, a []any) (any, error) {
		tm, ok := toTime(a[0])
		if !ok {
			return nil, nil
		}
		return f(tm), nil
	}
	if mql != nil {
		d.MQL = func(c *Call, a []any) (any, bool) {
			if !isDateType(argType(c, 0)) {
				return nil, false
			}
			return mql(a[0]), true
		}
	}
	return d
}

// MySQL's week calculation (sql/sql_time.cc calc_week).
const (
	weekMondayFirst  = 1
	weekYear         = 2
	weekFirstWeekday = 4
)

func weekMode(mode int) int {
	m := mode & 7
	if m&weekMondayFirst == 0 {
		m ^= weekFirstWeekday
	}
	return m
}

func daynr(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400) + 719528
}

func weekdayOf(dn int, sundayFirst bool) int {
	if sundayFirst {
		return (dn + 6) % 7
	}
	return (dn + 5) % 7
}

func daysInYear(y int) int {
	if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 366
	}
	return 365
}

func calcWeek(t time.Time, behaviour int) (week, year int) {
	dn := daynr(t.Year(), t.Month(), t.Day())
	first := daynr(t.Year(), 1, 1)
	mondayFirst := behaviour&weekMondayFirst != 0
	wy := behaviour&weekYear != 0
	firstWeekday := behaviour&weekFirstWeekday != 0
	wd := weekdayOf(first, !mondayFirst)
	year = t.Year()
	if t.Month() == 1 && t.Day() <= 7-wd {
		if !wy && ((firstWeekday && wd != 0) || (!firstWeekday && wd >= 4)) {
			return 0, year
		}
		wy = true
		year--
		days := daysInYear(year)
		first -= days
		wd = (wd + 53*7 - days) % 7
	}
	var days int
	if (firstWeekday && wd != 0) || (!firstWeekday && wd >= 4) {
		days = dn - (first + (7 - wd))
	} else {
		days = dn - (first - wd)
	}
	if wy && days >= 52*7 {
		wd = (wd + daysInYear(year)) % 7
		if (!firstWeekday && wd < 4) || (firstWeekday && wd == 0) {
			return 1, year + 1
		}
	}
	return days/7 + 1, year
}

// --- DATE_FORMAT

var dayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

func ordinal(d int) string {
	suf := "th"
	if d%100 < 11 || d%100 > 13 {
		switch d % 10 {
		case 1:
			suf = "st"
		case 2:
			suf = "nd"
		case 3:
			suf = "rd"
		}
	}
	return strconv.Itoa(d) + suf
}

func two(n int) string {
	if n < 10 && n >= 0 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func hour12(h int) int {
	h %= 12
	if h == 0 {
		return 12
	}
	return h
}

func ampm(h int) string {
	if h < 12 {
		return "AM"
	}
	return "PM"
}

func dateFormat(t time.Time, f string) string {
	var sb strings.Builder
	rs := []rune(f)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '%' || i+1 == len(rs) {
			sb.WriteRune(rs[i])
			continue
		}
		i++
		switch rs[i] {
		case 'a':
			sb.WriteString(dayNames[t.Weekday()][:3])
		case 'b':
			sb.WriteString(t.Month().String()[:3])
		case 'c':
			sb.WriteString(strconv.Itoa(int(t.Month())))
		case 'D':
			sb.WriteString(ordinal(t.Day()))
		case 'd':
			sb.WriteString(two(t.Day()))
		case 'e':
			sb.WriteString(strconv.Itoa(t.Day()))
		case 'f':
			sb.WriteString(strconv.Itoa(1000000 + t.Nanosecond()/1000)[1:])
		case 'H':
			sb.WriteString(two(t.Hour()))
		case 'h', 'I':
			sb.WriteString(two(hour12(t.Hour())))
		case 'i':
			sb.WriteString(two(t.Minute()))
		case 'j':
			sb.WriteString(strconv.Itoa(1000 + t.YearDay())[1:])
		case 'k':
			sb.WriteString(strconv.Itoa(t.Hour()))
		case 'l':
			sb.WriteString(strconv.Itoa(hour12(t.Hour())))
		case 'M':
			sb.WriteString(t.Month().String())
		case 'm':
			sb.WriteString(two(int(t.Month())))
		case 'p':
			sb.WriteString(ampm(t.Hour()))
		case 'r':
			sb.WriteString(two(hour12(t.Hour())) + ":" + two(t.Minute()) + ":" + two(t.Second()) + " " + ampm(t.Hour()))
		case 'S', 's':
			sb.WriteString(two(t.Second()))
		case 'T':
			sb.WriteString(two(t.Hour()) + ":" + two(t.Minute()) + ":" + two(t.Second()))
		case 'U':
			w, _ := calcWeek(t, weekFirstWeekday)
			sb.WriteString(two(w))
		case 'u':
			w, _ := calcWeek(t, weekMondayFirst)
			sb.WriteString(two(w))
		case 'V':
			w, _ := calcWeek(t, weekYear|weekFirstWeekday)
			sb.WriteString(two(w))
		case 'v':
			w, _ := calcWeek(t, weekMondayFirst|weekYear)
			sb.WriteString(two(w))
		case 'W':
			sb.WriteString(dayNames[t.Weekday()])
		case 'w':
			sb.WriteString(strconv.Itoa(int(t.Weekday())))
		case 'X':
			_, y := calcWeek(t, weekYear|weekFirstWeekday)
			sb.WriteString(strconv.Itoa(10000 + y)[1:])
		case 'x':
			_, y := calcWeek(t, weekMondayFirst|weekYear)
			sb.WriteString(strconv.Itoa(10000 + y)[1:])
		case 'Y':
			sb.WriteString(strconv.Itoa(10000 + t.Year())[1:])
		case 'y':
			sb.WriteString(two(t.Year() % 100))
		default:
			sb.WriteRune(rs[i])
		}
	}
	return sb.String()
}

// mongoDateFormat translates a MySQL format to $dateToString's, when
// every specifier has an exact twin.
func mongoDateFormat(f string) (string, bool) {
	var sb strings.Builder
	rs := []rune(f)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '%' {
			sb.WriteRune(rs[i])
			continue
		}
		if i+1 == len(rs) {
			return "", false
		}
		i++
		switch rs[i] {
		case 'Y', 'm', 'd', 'H', 'j':
			sb.WriteString("%" + string(rs[i]))
		case 'i':
			sb.WriteString("%M")
		case 's', 'S':
			sb.WriteString("%S")
		case 'T':
			sb.WriteString("%H:%M:%S")
		case '%':
			sb.WriteString("%%")
		default:
			return "", false
		}
	}
	return sb.String(), true
}

// --- STR_TO_DATE

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// strToDate parses s by a MySQL format; ok is false when it does not fit.
func strToDate(s, f string) (time.Time, bool) {
	y, mo, d, h, mi, sec, us := 0, 0, 0, 0, 0, 0, 0
	pm, has12 := false, false
	pos := 0
	num := func(maxLen int) (int, bool) {
		start := pos
		for pos < len(s) && pos-start < maxLen && s[pos] >= '0' && s[pos] <= '9' {
			pos++
		}
		if pos == start {
			return 0, false
		}
		n, _ := strconv.Atoi(s[start:pos])
		return n, true
	}
	// clock reads hh:mm:ss, for %r and %T.
	clock := func() (h, mi, sec int, ok bool) {
		if h, ok = num(2); !ok || pos >= len(s) || s[pos] != ':' {
			return 0, 0, 0, false
		}
		pos++
		if mi, ok = num(2); !ok || pos >= len(s) || s[pos] != ':' {
			return 0, 0, 0, false
		}
		pos++
		sec, ok = num(2)
		return h, mi, sec, ok
	}
	rs := f
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		if c != '%' || i+1 == len(rs) {
			if c == ' ' {
				for pos < len(s) && s[pos] == ' ' {
					pos++
				}
				continue
			}
			if pos >= len(s) || s[pos] != c {
				return time.Time{}, false
			}
			pos++
			continue
		}
		i++
		ok := true
		switch rs[i] {
		case 'Y':
			start := pos
			y, ok = num(4)
			if ok && pos-start <= 2 {
				y = twoDigitYear(y)
			}
		case 'y':
			y, ok = num(2)
			y = twoDigitYear(y)
		case 'm', 'c':
			mo, ok = num(2)
		case 'd', 'e':
			d, ok = num(2)
		case 'H', 'k':
			h, ok = num(2)
		case 'h', 'I', 'l':
			h, ok = num(2)
			has12 = true
		case 'i':
			mi, ok = num(2)
		case 's', 'S':
			sec, ok = num(2)
		case 'f':
			start := pos
			us, ok = num(6)
			for k := pos - start; k < 6; k++ {
				us *= 10
			}
		case 'p':
			if pos+2 > len(s) {
				return time.Time{}, false
			}
			switch strings.ToUpper(s[pos : pos+2]) {
			case "PM":
				pm = true
			case "AM":
			default:
				return time.Time{}, false
			}
			pos += 2
		case 'M', 'b':
			ok = false
			for k, n := range monthNames {
				for _, cand := range []string{n, n[:3]} {
					if rs[i] == 'b' && len(cand) != 3 {
						continue
					}
					if len(s)-pos >= len(cand) && strings.EqualFold(s[pos:pos+len(cand)], cand) {
						mo, ok = k+1, true
						pos += len(cand)
						break
					}
				}
				if ok {
					break
				}
			}
		case 'r':
			h, mi, sec, ok = clock()
			has12 = true
			for pos < len(s) && s[pos] == ' ' {
				pos++
			}
			if ok && pos+2 <= len(s) {
				switch strings.ToUpper(s[pos : pos+2]) {
				case "PM":
					pm = true
				case "AM":
				default:
					ok = false
				}
				pos += 2
			} else {
				ok = false
			}
		case 'T':
			h, mi, sec, ok = clock()
		case '%':
			ok = pos < len(s) && s[pos] == '%'
			pos++
		default:
			return time.Time{}, false
		}
		if !ok {
			return time.Time{}, false
		}
	}
	if has12 {
		if h < 1 || h > 12 {
			return time.Time{}, false
		}
		h %= 12
		if pm {
			h += 12
		}
	}
	return mkTime(y, mo, d, h, mi, sec, us)
}

func formatHasTime(f string) bool {
	for i := 0; i+1 < len(f); i++ {
		if f[i] == '%' {
			i++
			if strings.IndexByte("HkhIlisSfpTr", f[i]) >= 0 {
				return true
			}
		}
	}
	return false
}

// --- INTERVAL arithmetic

// The interval units; larger than unitDay works on the calendar.
const (
	unitMicrosecond = iota + 1
	unitSecond
	unitMinute
	unitHour
	unitDay
	unitWeek
	unitMonth
	unitQuarter
	unitYear
	unitCompound
)

var intervalUnits = map[string]int{
	"MICROSECOND": unitMicrosecond, "SECOND": unitSecond, "MINUTE": unitMinute, "HOUR": unitHour,
	"DAY": unitDay, "WEEK": unitWeek, "MONTH": unitMonth, "QUARTER": unitQuarter, "YEAR": unitYear,
	"MINUTE_SECOND": unitCompound, "HOUR_MINUTE": unitCompound, "HOUR_SECOND": unitCompound,
	"DAY_HOUR": unitCompound, "DAY_MINUTE": unitCompound, "DAY_SECOND": unitCompound,
	"YEAR_MONTH": unitCompound, "DAY_MICROSECOND": unitCompound, "HOUR_MICROSECOND": unitCompound,
	"MINUTE_MICROSECOND": unitCompound, "SECOND_MICROSECOND": unitCompound,
}

// compoundParts lists the fields of a compound unit, largest first.
var compoundParts = map[string][]string{
	"MINUTE_SECOND": {"MINUTE", "SECOND"}, "HOUR_MINUTE": {"HOUR", "MINUTE"},
	"HOUR_SECOND": {"HOUR", "MINUTE", "SECOND"}, "DAY_HOUR": {"DAY", "HOUR"},
	"DAY_MINUTE": {"DAY", "HOUR", "MINUTE"}, "DAY_SECOND": {"DAY", "HOUR", "MINUTE", "SECOND"},
	"YEAR_MONTH": {"YEAR", "MONTH"}, "DAY_MICROSECOND": {"DAY", "HOUR", "MINUTE", "SECOND", "MICROSECOND"},
	"HOUR_MICROSECOND": {"HOUR", "MINUTE", "SECOND", "MICROSECOND"}, "MINUTE_MICROSECOND": {"MINUTE", "SECOND", "MICROSECOND"},
	"SECOND_MICROSECOND": {"SECOND", "MICROSECOND"},
}

type intervalAux struct {
	unit string
	neg  bool // DATE_SUB, d - INTERVAL
	swap bool // TIMESTAMPADD(unit, n, d): arguments are (n, d)
}

// interval is an amount split into calendar months and a duration.
type interval struct {
	months int64
	dur    time.Duration
}

var fieldDur = map[string]time.Duration{
	"MICROSECOND": time.Microsecond, "SECOND": time.Second, "MINUTE": time.Minute,
	"HOUR": time.Hour, "DAY": 24 * time.Hour, "WEEK": 7 * 24 * time.Hour,
}

func parseInterval(v any, t sqltypes.Type, unit string) (interval, bool) {
	if parts, ok := compoundParts[unit]; ok {
		s := strings.TrimSpace(strOf(v, t))
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimPrefix(s, "-")
		fields := strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
		if len(fields) > len(parts) || len(fields) == 0 {
			return interval{}, false
		}
		parts = parts[len(parts)-len(fields):]
		var iv interval
		for i, f := range fields {
			n, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return interval{}, false
			}
			switch parts[i] {
			case "YEAR":
				iv.months += 12 * n
			case "MONTH":
				iv.months += n
			default:
				iv.dur += time.Duration(n) * fieldDur[parts[i]]
			}
		}
		if neg {
			iv.months, iv.dur = -iv.months, -iv.dur
		}
		return iv, true
	}
	n := intArg(v, t)
	if s, ok := v.(string); ok {
		// '1.9' DAY is 1 day: a string interval is read as an integer prefix.
		f, _ := sqltypes.ToFloat(sqltypes.StringToNumber(s))
		n = int64(math.Trunc(f))
	}
	switch unit {
	case "YEAR":
		return interval{months: 12 * n}, true
	case "QUARTER":
		return interval{months: 3 * n}, true
	case "MONTH":
		return interval{months: n}, true
	}
	return interval{dur: time.Duration(n) * fieldDur[unit]}, true
}

// addInterval adds iv to t; months clamp to the end of the month.
func addInterval(t time.Time, iv interval, neg bool) (time.Time, bool) {
	if neg {
		iv.months, iv.dur = -iv.months, -iv.dur
	}
	if iv.months != 0 {
		total := int64(t.Year())*12 + int64(t.Month()) - 1 + iv.months
		y, m := int(total/12), time.Month(total%12+1)
		if total < 0 {
			return time.Time{}, false
		}
		d := min(t.Day(), daysIn(y, m))
		t = time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	t = t.Add(iv.dur)
	if t.Year() < 0 || t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}

func dateAddType(c *Call) sqltypes.Type {
	aux := c.Aux.(*intervalAux)
	i := 0
	if aux.swap {
		i = 1
	}
	t := c.Args[i].Type()
	dateUnit := intervalUnits[aux.unit] >= unitDay && intervalUnits[aux.unit] != unitCompound || aux.unit == "YEAR_MONTH"
	switch {
	case t.Kind == sqltypes.Date && dateUnit:
		return dateType
	case isDateType(t):
		return datetimeType
	}
	return varcharType
}

var dateAddDef = &FuncDef{
	Name: "date_add", MinArgs: 2, MaxArgs: 2, NullIn: true, Result: dateAddType,
	Eval: func(c *Call, a []any) (any, error) {
		aux := c.Aux.(*intervalAux)
		di, ni := 0, 1
		if aux.swap {
			di, ni = 1, 0
		}
		tm, ok := toTime(a[di])
		if !ok {
			return nil, nil
		}
		iv, ok := parseInterval(a[ni], argType(c, ni), aux.unit)
		if !ok {
			return nil, nil
		}
		r, ok := addInterval(tm, iv, aux.neg)
		if !ok {
			return nil, nil
		}
		if c.T.Kind == sqltypes.Varchar {
			// A string in, a string out: DATE form when nothing below a day moved.
			s := strOf(a[di], argType(c, di))
			if len(strings.TrimSpace(s)) <= 10 && iv.dur%(24*time.Hour) == 0 {
				return r.Format("2006-01-02"), nil
			}
			return strOf(r, datetimeType), nil
		}
		return r, nil
	},
	MQL: func(c *Call, a []any) (any, bool) {
		aux := c.Aux.(*intervalAux)
		di, ni := 0, 1
		if aux.swap {
			di, ni = 1, 0
		}
		if !isDateType(argType(c, di)) || argType(c, ni).Kind != sqltypes.Int {
			return nil, false
		}
		unit := map[string]string{"SECOND": "second", "MINUTE": "minute", "HOUR": "hour", "DAY": "day",
			"WEEK": "week", "MONTH": "month", "QUARTER": "quarter", "YEAR": "year"}[aux.unit]
		if unit == "" {
			return nil, false
		}
		amount := a[ni]
		if aux.neg {
			amount = opN("$subtract", 0, amount)
		}
		// Outside years 0…9999 MySQL's result is NULL, as in-process.
		lo, hi := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
		out := bson.D{{Key: "$or", Value: bson.A{opN("$lt", "$$d", lo), opN("$gte", "$$d", hi)}}}
		return op1("$let", bson.D{
			{Key: "vars", Value: bson.D{{Key: "d", Value: op1("$dateAdd", bson.D{{Key: "startDate", Value: a[di]}, {Key: "unit", Value: unit}, {Key: "amount", Value: amount}})}}},
			{Key: "in", Value: condAgg(out, nil, "$$d")},
		}), true
	},
}

func (b *binder) bindInterval(d sqlparser.Expr, iv *sqlparser.IntervalExpr, neg bool) (Expr, error) {
	unit := strings.ToUpper(iv.Unit)
	if intervalUnits[unit] == 0 {
		return nil, unsupported("INTERVAL unit %s", unit)
	}
	return b.bindArgs(dateAddDef, []sqlparser.Expr{d, iv.Expr}, &intervalAux{unit: unit, neg: neg})
}

func (b *binder) bindDateAdd(name string, args []sqlparser.Expr) (Expr, error) {
	neg := name == "date_sub" || name == "subdate"
	if len(args) != 2 {
		return nil, unsupportedArity(name)
	}
	if iv, ok := args[1].(*sqlparser.IntervalExpr); ok {
		return b.bindInterval(args[0], iv, neg)
	}
	if name == "adddate" || name == "subdate" {
		return b.bindArgs(dateAddDef, args, &intervalAux{unit: "DAY", neg: neg})
	}
	return nil, unsupported("%s without INTERVAL", strings.ToUpper(name))
}

func unsupportedArity(name string) error {
	return funcErr("incorrect parameter count in the call to native function '%s'", strings.ToUpper(name))
}

// monthsBetween is TIMESTAMPDIFF's whole months from a to b.
func monthsBetween(a, b time.Time) int64 {
	neg := false
	if b.Before(a) {
		a, b, neg = b, a, true
	}
	m := int64(b.Year()-a.Year())*12 + int64(b.Month()-a.Month())
	ra := time.Date(2000, 1, a.Day(), a.Hour(), a.Minute(), a.Second(), a.Nanosecond(), time.UTC)
	rb := time.Date(2000, 1, b.Day(), b.Hour(), b.Minute(), b.Second(), b.Nanosecond(), time.UTC)
	if rb.Before(ra) {
		m--
	}
	if neg {
		return -m
	}
	return m
}

func extractUnit(t time.Time, unit string) any {
	switch unit {
	case "YEAR":
		return int64(t.Year())
	case "QUARTER":
		return int64((t.Month()-1)/3 + 1)
	case "MONTH":
		return int64(t.Month())
	case "WEEK":
		w, _ := calcWeek(t, weekMode(0))
		return int64(w)
	case "DAY":
		return int64(t.Day())
	case "HOUR":
		return int64(t.Hour())
	case "MINUTE":
		return int64(t.Minute())
	case "SECOND":
		return int64(t.Second())
	case "MICROSECOND":
		return int64(t.Nanosecond() / 1000)
	case "YEAR_MONTH":
		return int64(t.Year()*100 + int(t.Month()))
	case "DAY_HOUR":
		return int64(t.Day()*100 + t.Hour())
	case "DAY_MINUTE":
		return int64(t.Day()*10000 + t.Hour()*100 + t.Minute())
	case "DAY_SECOND":
		return int64(t.Day()*1000000 + t.Hour()*10000 + t.Minute()*100 + t.Second())
	case "HOUR_MINUTE":
		return int64(t.Hour()*100 + t.Minute())
	case "HOUR_SECOND":
		return int64(t.Hour()*10000 + t.Minute()*100 + t.Second())
	case "MINUTE_SECOND":
		return int64(t.Minute()*100 + t.Second())
	}
	return nil
}

// truncDay is the date's midnight (UTC). Not $dateTrunc: DocumentDB's
// truncation to a day returns other days.
func truncDay(d any) bson.D {
	return op1("$dateFromParts", bson.D{
		{Key: "year", Value: op1("$year", d)},
		{Key: "month", Value: op1("$month", d)},
		{Key: "day", Value: op1("$dayOfMonth", d)},
	})
}

// truncSecond drops the milliseconds (0…999 also before 1970).
func truncSecond(d any) bson.D {
	return opN("$subtract", d, op1("$millisecond", d))
}

func init() {
	register(dateAddDef)
	nowDef := &FuncDef{
		Name: "now", MaxArgs: 0, T: datetimeType,
		Eval:  func(*Call, []any) (any, error) { return nowFunc().Truncate(time.Second), nil },
		Clock: func(_ *Call, now time.Time) any { return now.Truncate(time.Second) },
		MQL: func(*Call, []any) (any, bool) {
			return truncSecond(&Placeholder{Now: true}), true
		},
	}
	register(nowDef, "current_timestamp", "localtime", "localtimestamp", "sysdate", "utc_timestamp")
	register(&FuncDef{
		Name: "curdate", MaxArgs: 0, T: dateType,
		Eval:  func(*Call, []any) (any, error) { return dateOnly(nowFunc()), nil },
		Clock: func(_ *Call, now time.Time) any { return dateOnly(now) },
		MQL: func(*Call, []any) (any, bool) {
			return truncDay(&Placeholder{Now: true}), true
		},
	}, "current_date", "utc_date")
	register(dateFunc("date", dateType, func(t time.Time) any { return dateOnly(t) }, func(a any) any {
		return truncDay(a)
	}))
	part := func(name, mql string, f func(time.Time) int) *FuncDef {
		var m func(any) any
		if mql != "" {
			m = func(a any) any { return op1("$toLong", op1(mql, a)) }
		}
		return dateFunc(name, intType, func(t time.Time) any { return int64(f(t)) }, m)
	}
	register(part("year", "$year", time.Time.Year))
	register(part("month", "$month", func(t time.Time) int { return int(t.Month()) }))
	register(part("day", "$dayOfMonth", time.Time.Day), "dayofmonth")
	register(part("hour", "$hour", time.Time.Hour))
	register(part("minute", "$minute", time.Time.Minute))
	register(part("second", "$second", time.Time.Second))
	register(part("dayofweek", "$dayOfWeek", func(t time.Time) int { return int(t.Weekday()) + 1 }))
	register(part("weekday", "", func(t time.Time) int { return (int(t.Weekday()) + 6) % 7 }))
	register(part("dayofyear", "$dayOfYear", time.Time.YearDay))
	register(part("quarter", "", func(t time.Time) int { return (int(t.Month())-1)/3 + 1 }))
	register(part("microsecond", "", func(t time.Time) int { return t.Nanosecond() / 1000 }))
	register(dateFunc("dayname", varcharType, func(t time.Time) any { return dayNames[t.Weekday()] }, nil))
	register(dateFunc("monthname", varcharType, func(t time.Time) any { return t.Month().String() }, nil))
	register(dateFunc("last_day", dateType, func(t time.Time) any {
		return time.Date(t.Year(), t.Month(), daysIn(t.Year(), t.Month()), 0, 0, 0, 0, time.UTC)
	}, nil))
	register(&FuncDef{
		Name: "week", MinArgs: 1, MaxArgs: 2, NullIn: true, T: intType,
		Eval: func(c *Call, a []any) (any, error) {
			t, ok := toTime(a[0])
			if !ok {
				return nil, nil
			}
			mode := 0
			if len(a) == 2 {
				mode = int(intArg(a[1], argType(c, 1)))
			}
			w, _ := calcWeek(t, weekMode(mode))
			return int64(w), nil
		},
		MQL: func(c *Call, a []any) (any, bool) {
			// $week counts Sunday-first weeks from 0: MySQL's mode 0.
			if !isDateType(argType(c, 0)) {
				return nil, false
			}
			if len(a) == 2 {
				if m, ok := intLit(c, 1); !ok || m != 0 {
					return nil, false
				}
			}
			return op1("$toLong", op1("$week", a[0])), true
		},
	})
	register(&FuncDef{
		Name: "date_format", MinArgs: 2, MaxArgs: 2, NullIn: true, T: varcharType,
		Eval: func(c *Call, a []any) (any, error) {
			t, ok := toTime(a[0])
			if !ok {
				return nil, nil
			}
			return dateFormat(t, strOf(a[1], argType(c, 1))), nil
		},
		MQL: func(c *Call, a []any) (any, bool) {
			l, ok := c.Args[1].(*Literal)
			if !ok || !isDateType(argType(c, 0)) {
				return nil, false
			}
			f, ok := l.Value.(string)
			if !ok {
				return nil, false
			}
			mf, ok := mongoDateFormat(f)
			if !ok {
				return nil, false
			}
			return op1("$dateToString", bson.D{{Key: "date", Value: a[0]}, {Key: "format", Value: bson.D{{Key: "$literal", Value: mf}}}}), true
		},
	})
	register(&FuncDef{
		Name: "datediff", MinArgs: 2, MaxArgs: 2, NullIn: true, T: intType,
		Eval: func(c *Call, a []any) (any, error) {
			x, ok1 := toTime(a[0])
			y, ok2 := toTime(a[1])
			if !ok1 || !ok2 {
				return nil, nil
			}
			return int64(daynr(x.Year(), x.Month(), x.Day()) - daynr(y.Year(), y.Month(), y.Day())), nil
		},
		MQL: func(c *Call, a []any) (any, bool) {
			if !isDateType(argType(c, 0)) || !isDateType(argType(c, 1)) {
				return nil, false
			}
			return op1("$dateDiff", bson.D{{Key: "startDate", Value: a[1]}, {Key: "endDate", Value: a[0]}, {Key: "unit", Value: "day"}}), true
		},
	})
	register(&FuncDef{
		Name: "timestampdiff", MinArgs: 2, MaxArgs: 2, NullIn: true, T: intType,
		Eval: func(c *Call, a []any) (any, error) {
			x, ok1 := toTime(a[0])
			y, ok2 := toTime(a[1])
			if !ok1 || !ok2 {
				return nil, nil
			}
			unit := c.Aux.(string)
			switch unit {
			case "MONTH":
				return monthsBetween(x, y), nil
			case "QUARTER":
				return monthsBetween(x, y) / 3, nil
			case "YEAR":
				return monthsBetween(x, y) / 12, nil
			}
			// In microseconds, not a time.Duration: that overflows past
			// 292 years.
			us := y.UnixMicro() - x.UnixMicro()
			return us / fieldDur[unit].Microseconds(), nil
		},
	})
	register(&FuncDef{
		Name: "extract", MinArgs: 1, MaxArgs: 1, NullIn: true, T: intType,
		Eval: func(c *Call, a []any) (any, error) {
			t, ok := toTime(a[0])
			if !ok {
				return nil, nil
			}
			return extractUnit(t, c.Aux.(string)), nil
		},
	})
	register(&FuncDef{
		Name: "unix_timestamp", MinArgs: 0, MaxArgs: 1, NullIn: true, T: intType,
		Clock: func(_ *Call, now time.Time) any { return now.Unix() },
		Eval: func(c *Call, a []any) (any, error) {
			if len(a) == 0 {
				return nowFunc().Unix(), nil
			}
			t, ok := toTime(a[0])
			if !ok || t.Unix() < 0 || t.Unix() > math.MaxInt32 {
				return nil, nil
			}
			if t.Nanosecond() != 0 {
				return decValue(new(big.Rat).SetFrac64(t.UnixMicro(), 1000000), 6), nil
			}
			return t.Unix(), nil
		},
	})
	register(&FuncDef{
		Name: "from_unixtime", MinArgs: 1, MaxArgs: 2, NullIn: true,
		Result: func(c *Call) sqltypes.Type {
			if len(c.Args) == 2 {
				return varcharType
			}
			return datetimeType
		},
		Eval: func(c *Call, a []any) (any, error) {
			n := toNumber(a[0], argType(c, 0))
			r := ratOf(n)
			if r.Sign() < 0 || r.Cmp(new(big.Rat).SetInt64(32536771199)) > 0 {
				return nil, nil
			}
			us := new(big.Rat).Mul(r, new(big.Rat).SetInt64(1000000))
			micros := new(big.Int).Quo(us.Num(), us.Denom()).Int64()
			t := time.UnixMicro(micros).UTC()
			if len(a) == 2 {
				return dateFormat(t, strOf(a[1], argType(c, 1))), nil
			}
			return t, nil
		},
	})
	register(&FuncDef{
		Name: "str_to_date", MinArgs: 2, MaxArgs: 2, NullIn: true,
		Result: func(c *Call) sqltypes.Type {
			if l, ok := c.Args[1].(*Literal); ok {
				if f, ok := l.Value.(string); ok && !formatHasTime(f) {
					return dateType
				}
			}
			return datetimeType
		},
		Eval: func(c *Call, a []any) (any, error) {
			t, ok := strToDate(strOf(a[0], argType(c, 0)), strOf(a[1], argType(c, 1)))
			if !ok {
				return nil, nil
			}
			return t, nil
		},
	})
}
