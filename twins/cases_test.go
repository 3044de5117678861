package twins

// twin is a set of cases for some functions: each expression runs over
// every row of the table (each row is a case), or, for a whole SELECT
// (aggregates), the statement is one case per result row. A whole SELECT
// must keep "WHERE id > ?" so MariaDB answers in its binary protocol
// (doubles arrive as doubles, not as text).
type twin struct {
	fns   []string // registry names (and operators, aggregates) covered
	table string
	exprs []string
}

var twins = []twin{
	// Arithmetic: every pair of ints, doubles, decimals, and mixed.
	{[]string{"+", "-", "*", "/", "div", "%", "mod"}, "twin_num2", []string{
		"a + b", "a - b", "a * b", "a / b", "a DIV b", "a % b", "MOD(a, b)",
		"x + y", "x - y", "x * y", "x / y", "x DIV y", "x % y",
		"p + q", "p - q", "p * q", "p / q", "p DIV q", "p % q",
		"a + x", "a * p", "p - x", "x / p", "a / p", "p DIV a", "a % p",
		"a + 1", "x * 2", "p / 3", "a DIV 2", "p % 2",
	}},
	{[]string{"neg"}, "twin_num", []string{"-i", "-d", "-m", "-s"}},
	// Comparisons and logic over the same pairs.
	{[]string{"=", "<>", "<", "<=", ">", ">=", "<=>"}, "twin_num2", []string{
		"a = b", "a <> b", "a < b", "x <= y", "x > y", "p >= q", "a <=> b", "x <=> y",
		"a = x", "a < p", "x = p", "p <=> x", "a != b",
	}},
	{[]string{"=", "<", "<=>"}, "twin_num", []string{"i = d", "i < d", "m = d", "d <=> m", "s = i", "s = d"}},
	{[]string{"and", "or", "not", "xor"}, "twin_num2", []string{
		"a AND b", "a OR b", "NOT a", "x AND y", "x OR p", "NOT x", "NOT p", "(a > 0) AND (b > 0)", "(x > 0) OR (y IS NULL)",
	}},
	{[]string{"in", "between", "is null", "is true"}, "twin_num2", []string{
		"a IN (0, 1, b)", "a NOT IN (0, 1)", "x IN (1, 2.5e0)", "p IN (2.5, 0.1)", "a IN (1, NULL)",
		"a BETWEEN b AND 7", "x NOT BETWEEN -1 AND y", "p BETWEEN 0 AND 1",
		"a IS NULL", "x IS NOT NULL", "a IS TRUE", "x IS FALSE", "p IS NOT TRUE", "b IS NOT FALSE",
	}},
	// Numeric functions over one value of each type.
	{[]string{"abs"}, "twin_num", []string{"ABS(i)", "ABS(d)", "ABS(m)", "ABS(s)"}},
	{[]string{"ceil", "ceiling", "floor"}, "twin_num", []string{"CEIL(i)", "CEIL(d)", "CEILING(m)", "FLOOR(i)", "FLOOR(d)", "FLOOR(m)", "FLOOR(s)"}},
	{[]string{"round"}, "twin_num", []string{
		"ROUND(i)", "ROUND(d)", "ROUND(m)", "ROUND(d, 1)", "ROUND(m, 1)", "ROUND(d, 2)", "ROUND(m, 2)",
		"ROUND(i, -1)", "ROUND(d, -1)", "ROUND(m, -2)", "ROUND(d, 20)", "ROUND(s, 1)", "ROUND(i, -19)",
	}},
	{[]string{"truncate"}, "twin_num", []string{"TRUNCATE(i, 0)", "TRUNCATE(d, 1)", "TRUNCATE(m, 2)", "TRUNCATE(d, -1)", "TRUNCATE(i, -2)", "TRUNCATE(m, 0)"}},
	{[]string{"sign"}, "twin_num", []string{"SIGN(i)", "SIGN(d)", "SIGN(m)", "SIGN(s)"}},
	{[]string{"sqrt", "exp", "ln", "log", "log10", "log2"}, "twin_num", []string{
		"SQRT(i)", "SQRT(d)", "SQRT(m)", "EXP(d)", "EXP(i)", "LN(d)", "LN(m)", "LOG(d)", "LOG(i)", "LOG10(d)", "LOG10(m)", "LOG2(d)", "LOG2(i)",
	}},
	{[]string{"pow", "power", "log"}, "twin_num2", []string{"POW(x, y)", "POWER(a, 2)", "POW(x, 0.5e0)", "POW(p, 2)", "LOG(x, y)", "LOG(2, a)"}},
	{[]string{"pi"}, "twin_num", []string{"PI()", "PI() * d"}},
	// Control flow.
	{[]string{"if", "case", "coalesce", "ifnull", "nvl", "nullif"}, "twin_num2", []string{
		"IF(a > b, x, y)", "IF(x, 'yes', 'no')", "CASE WHEN a > 0 THEN p WHEN a < 0 THEN q END", "CASE a WHEN 1 THEN 'one' WHEN -1 THEN 'minus' ELSE 'other' END",
		"CASE WHEN x > y THEN a ELSE x END", "COALESCE(a, b, 0)", "COALESCE(x, p)", "IFNULL(p, q)", "NVL(x, y)", "IFNULL(a, 'none')",
		"NULLIF(a, b)", "NULLIF(x, y)", "NULLIF(p, 1)",
	}},
	{[]string{"greatest", "least"}, "twin_num2", []string{"GREATEST(a, b)", "LEAST(x, y)", "GREATEST(p, q, 0)", "LEAST(a, x)", "GREATEST(a, p)", "LEAST(x, p)"}},
	{[]string{"greatest", "least"}, "twin_str2", []string{"GREATEST(s, p)", "LEAST(s, p, 'b')"}},
	{[]string{"greatest", "least"}, "twin_date2", []string{"GREATEST(d, e)", "LEAST(ts, us)", "GREATEST(d, us)"}},
	// Strings.
	{[]string{"concat", "concat_ws"}, "twin_str2", []string{"CONCAT(s, p)", "CONCAT(s, '-', p)", "CONCAT_WS(',', s, p)", "CONCAT_WS(p, s, s)"}},
	{[]string{"concat"}, "twin_num", []string{"CONCAT(i)", "CONCAT(d)", "CONCAT(m)", "CONCAT(s, i)"}},
	{[]string{"lower", "lcase", "upper", "ucase", "length", "octet_length", "char_length", "character_length", "reverse"}, "twin_str", []string{
		"LOWER(s)", "LCASE(t)", "UPPER(s)", "UCASE(t)", "LENGTH(s)", "OCTET_LENGTH(t)", "CHAR_LENGTH(s)", "CHARACTER_LENGTH(t)", "REVERSE(s)",
	}},
	{[]string{"length", "char_length"}, "twin_num", []string{"LENGTH(i)", "CHAR_LENGTH(d)", "LENGTH(m)"}},
	{[]string{"trim", "ltrim", "rtrim"}, "twin_str", []string{
		"TRIM(s)", "LTRIM(s)", "RTRIM(t)", "TRIM(LEADING 'a' FROM s)", "TRIM(TRAILING ' ' FROM s)", "TRIM(BOTH 'x' FROM t)", "TRIM(BOTH 'ab' FROM s)",
	}},
	{[]string{"substring", "substr", "mid", "left", "right"}, "twin_str", []string{
		"SUBSTRING(s, 2)", "SUBSTRING(s, 1, 3)", "SUBSTR(s, -2)", "MID(s, 0, 2)", "SUBSTRING(s, 3, -1)", "SUBSTRING(t FROM 2 FOR 2)",
		"LEFT(s, 2)", "LEFT(s, 0)", "RIGHT(s, 3)", "RIGHT(t, -1)", "LEFT(s, 100)",
	}},
	{[]string{"substring", "left", "right"}, "twin_num", []string{"SUBSTRING(s, i)", "LEFT(s, i)", "RIGHT(s, 2)", "SUBSTRING(d, 2)"}},
	{[]string{"replace", "locate", "position", "instr"}, "twin_str2", []string{
		"REPLACE(s, 'a', 'x')", "REPLACE(s, p, '_')", "REPLACE(s, 'ß', '')", "LOCATE(p, s)", "LOCATE('a', s)", "LOCATE(p, s, 2)",
		"POSITION(p IN s)", "INSTR(s, p)", "INSTR(s, 'b')",
	}},
	{[]string{"substring_index"}, "twin_str2", []string{
		"SUBSTRING_INDEX(s, 'a', 1)", "SUBSTRING_INDEX(s, 'a', -1)", "SUBSTRING_INDEX(s, p, 2)", "SUBSTRING_INDEX(s, p, -2)",
		"SUBSTRING_INDEX(s, '', 1)", "SUBSTRING_INDEX(s, ' ', 0)",
	}},
	{[]string{"lpad", "rpad", "repeat"}, "twin_str2", []string{"LPAD(s, 5, p)", "RPAD(s, 3, 'ß')", "LPAD(s, 0, 'x')", "REPEAT(s, 2)", "REPEAT(p, 3)"}},
	{[]string{"repeat", "lpad"}, "twin_num", []string{"REPEAT('ab', i)", "LPAD('x', i, 'y')"}},
	{[]string{"like"}, "twin_str2", []string{
		"s LIKE 'a%'", "s LIKE '%a%'", "s LIKE '_'", "s LIKE '%ß%'", "s NOT LIKE 'a_c'", "s LIKE p", "s LIKE 'a!%b%' ESCAPE '!'",
		"s LIKE '%\\\\t%'", "s LIKE '%'", "s LIKE ''", "s LIKE '😀%'", "s LIKE 'line1%'",
	}},
	{[]string{"regexp", "rlike", "regexp_like"}, "twin_str2", []string{
		"s REGEXP '^a'", "s REGEXP 'b.?c'", "s RLIKE '^.$'", "s REGEXP '[[:digit:]]+'", "REGEXP_LIKE(s, 'ß|😀')", "s REGEXP '^$'",
		"s REGEXP 'line1.line2'", "s REGEXP '\\\\.'", "s REGEXP '(a)\\\\1'", "s REGEXP 'a(?=b)'", "s REGEXP p", "s NOT REGEXP 'a'",
		"s REGEXP '^[a-z]+$'", "s REGEXP '\\\\bi'", "s REGEXP 'c$'", "s REGEXP '(?m)c$'", "s REGEXP 'c\\\\z'",
	}},
	// Dates.
	{[]string{"date", "year", "month", "day", "dayofmonth", "hour", "minute", "second", "dayofweek", "dayofyear", "weekday", "quarter", "microsecond"}, "twin_date", []string{
		"DATE(ts)", "DATE(d)", "YEAR(d)", "MONTH(ts)", "DAY(d)", "DAYOFMONTH(ts)", "HOUR(ts)", "MINUTE(ts)", "SECOND(ts)",
		"DAYOFWEEK(d)", "DAYOFYEAR(ts)", "WEEKDAY(d)", "QUARTER(ts)", "MICROSECOND(ts)", "YEAR(s)", "DATE(s)",
	}},
	{[]string{"dayname", "monthname", "last_day", "week"}, "twin_date", []string{
		"DAYNAME(d)", "MONTHNAME(ts)", "LAST_DAY(d)", "LAST_DAY(ts)", "WEEK(d)", "WEEK(ts, 0)", "WEEK(d, 1)", "WEEK(d, 3)", "WEEK(ts, 7)",
	}},
	{[]string{"date_format"}, "twin_date", []string{
		"DATE_FORMAT(d, '%Y-%m-%d')", "DATE_FORMAT(ts, '%H:%i:%s')", "DATE_FORMAT(ts, '%d/%m/%y %T')", "DATE_FORMAT(d, '%W %M %e %j')",
		"DATE_FORMAT(ts, '%a %b %c %p %l %h')", "DATE_FORMAT(d, '%U %u %V %v %X %x')", "DATE_FORMAT(ts, '%f %%')",
	}},
	{[]string{"date_add", "date_sub", "adddate", "subdate", "interval"}, "twin_date", []string{
		"DATE_ADD(d, INTERVAL 1 DAY)", "DATE_ADD(d, INTERVAL 1 MONTH)", "DATE_SUB(d, INTERVAL 1 YEAR)", "ADDDATE(ts, INTERVAL 90 MINUTE)",
		"SUBDATE(ts, INTERVAL 1 SECOND)", "d + INTERVAL 1 QUARTER", "ts - INTERVAL 1 WEEK", "ADDDATE(d, 31)", "DATE_ADD(ts, INTERVAL '1:30' HOUR_MINUTE)",
		"DATE_ADD(s, INTERVAL 1 DAY)", "DATE_ADD(ts, INTERVAL 1 HOUR)", "DATE_ADD(d, INTERVAL -1 MONTH)",
	}},
	{[]string{"date_add"}, "twin_date2", []string{"DATE_ADD(d, INTERVAL DAYOFMONTH(e) DAY)", "DATE_ADD(ts, INTERVAL MONTH(us) MONTH)"}},
	{[]string{"datediff", "timestampdiff", "timestampadd"}, "twin_date2", []string{
		"DATEDIFF(d, e)", "DATEDIFF(ts, us)", "DATEDIFF(d, us)", "TIMESTAMPDIFF(MONTH, d, e)", "TIMESTAMPDIFF(SECOND, ts, us)",
		"TIMESTAMPDIFF(YEAR, ts, e)", "TIMESTAMPDIFF(DAY, us, ts)", "TIMESTAMPADD(MONTH, 1, d)", "TIMESTAMPADD(MINUTE, 5, ts)",
	}},
	{[]string{"extract", "unix_timestamp", "from_unixtime", "str_to_date"}, "twin_date", []string{
		"EXTRACT(YEAR FROM d)", "EXTRACT(MONTH FROM ts)", "EXTRACT(DAY_SECOND FROM ts)", "EXTRACT(WEEK FROM d)", "UNIX_TIMESTAMP(ts)", "UNIX_TIMESTAMP(d)",
		"FROM_UNIXTIME(UNIX_TIMESTAMP(ts))", "FROM_UNIXTIME(UNIX_TIMESTAMP(ts), '%Y %j')", "STR_TO_DATE(s, '%Y-%m-%d %H:%i:%s')", "STR_TO_DATE(s, '%Y-%m-%d')",
	}},
	{[]string{"from_unixtime"}, "twin_num", []string{"FROM_UNIXTIME(i)", "FROM_UNIXTIME(m)"}},
	// The clock: one instant per statement, the same on both paths (their
	// values differ between statements, so only their shape is compared).
	{[]string{"now", "current_timestamp", "localtime", "localtimestamp", "sysdate", "utc_timestamp", "curdate", "current_date", "utc_date"}, "twin_date", []string{
		"NOW() >= ts", "CURRENT_TIMESTAMP() > '2020-01-01'", "LOCALTIME() > d", "LOCALTIMESTAMP() IS NULL", "SYSDATE() < '2999-01-01'",
		"UTC_TIMESTAMP() = NOW()", "CURDATE() >= d", "CURRENT_DATE() = DATE(NOW())", "UTC_DATE() > '2020-01-01'", "YEAR(NOW()) > 2020",
	}},
	// Casts.
	{[]string{"cast", "convert"}, "twin_num", []string{
		"CAST(i AS SIGNED)", "CAST(d AS SIGNED)", "CAST(m AS SIGNED)", "CAST(s AS SIGNED)", "CAST(i AS UNSIGNED)", "CAST(d AS DOUBLE)",
		"CAST(m AS DOUBLE)", "CAST(s AS DOUBLE)", "CAST(i AS CHAR)", "CAST(d AS CHAR)", "CAST(m AS CHAR)", "CAST(d AS DECIMAL(10,2))",
		"CAST(m AS DECIMAL(40,10))", "CAST(s AS DECIMAL(6,1))", "CONVERT(i, CHAR)", "CONVERT(d, SIGNED)",
	}},
	{[]string{"cast"}, "twin_date", []string{"CAST(ts AS DATE)", "CAST(d AS DATETIME)", "CAST(s AS DATE)", "CAST(ts AS CHAR)", "CAST(d AS SIGNED)", "CAST(s AS DATETIME)"}},
	{[]string{"cast"}, "twin_str", []string{"CAST(s AS SIGNED)", "CAST(s AS DOUBLE)", "CAST(s AS DATE)", "CAST(t AS CHAR)"}},
	// JSON.
	{[]string{"json_extract", "json_unquote", "json_length", "json_type", "json_valid", "json_contains", "->", "->>"}, "twin_json", []string{
		"JSON_EXTRACT(j, '$.a')", "j->'$.a.b'", "j->>'$.a'", "j->>'$.a.b'", "JSON_UNQUOTE(JSON_EXTRACT(j, '$.a'))", "JSON_LENGTH(j)",
		"JSON_LENGTH(j, '$.a')", "JSON_TYPE(j)", "JSON_VALID(j)", "JSON_CONTAINS(j, '1')", "JSON_CONTAINS(j, '1', '$.a')", "JSON_EXTRACT(j, '$[1]')",
	}},
	{[]string{"json_object", "json_array"}, "twin_num", []string{"JSON_OBJECT('k', i)", "JSON_ARRAY(i, s)", "JSON_ARRAY()", "JSON_OBJECT('m', m, 'd', d)"}},
	// Aggregates: whole statements over groups of edge values.
	{[]string{"count", "sum", "avg", "min", "max", "any_value"}, "twin_agg", []string{
		"SELECT g, COUNT(*), COUNT(i), SUM(i), AVG(i), MIN(i), MAX(i) FROM twin_agg WHERE id > ? GROUP BY g ORDER BY g",
		"SELECT g, SUM(d), AVG(d), MIN(d), MAX(d) FROM twin_agg WHERE id > ? GROUP BY g ORDER BY g",
		"SELECT g, SUM(m), AVG(m), MIN(m), MAX(m), COUNT(m) FROM twin_agg WHERE id > ? GROUP BY g ORDER BY g",
		"SELECT g, MIN(s), MAX(s), COUNT(s) FROM twin_agg WHERE id > ? GROUP BY g ORDER BY g",
		"SELECT COUNT(*), SUM(i), AVG(m), MIN(d), MAX(s) FROM twin_agg WHERE id > ? AND g > 100",
		"SELECT SUM(d), AVG(d), SUM(m) FROM twin_agg WHERE id > ? AND g < 3",
		"SELECT g, ANY_VALUE(g) FROM twin_agg WHERE id > ? GROUP BY g ORDER BY g",
	}},
	{[]string{"count", "sum", "avg", "distinct"}, "twin_agg", []string{
		"SELECT g, COUNT(DISTINCT m), SUM(DISTINCT m), AVG(DISTINCT i), COUNT(DISTINCT d), SUM(DISTINCT d) FROM twin_agg WHERE id > ? GROUP BY g ORDER BY g",
		"SELECT COUNT(DISTINCT m), COUNT(DISTINCT i, m) FROM twin_agg WHERE id > ?",
		"SELECT DISTINCT m FROM twin_agg WHERE id > ? ORDER BY m",
		"SELECT DISTINCT d FROM twin_agg WHERE id > ? ORDER BY d",
		"SELECT m, COUNT(*) FROM twin_agg WHERE id > ? GROUP BY m ORDER BY m",
		"SELECT i, COUNT(*) FROM twin_agg WHERE id > ? GROUP BY i ORDER BY i",
		"SELECT d, COUNT(*) FROM twin_agg WHERE id > ? GROUP BY d ORDER BY d",
	}},
	{[]string{"std", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp"}, "twin_agg", []string{
		"SELECT g, STD(d), STDDEV(i), STDDEV_POP(m), STDDEV_SAMP(d), VARIANCE(i), VAR_POP(d), VAR_SAMP(m) FROM twin_agg WHERE id > ? GROUP BY g ORDER BY g",
	}},
	{[]string{"bit_and", "bit_or", "bit_xor"}, "twin_agg", []string{
		"SELECT g, BIT_AND(i), BIT_OR(i), BIT_XOR(i) FROM twin_agg WHERE id > ? GROUP BY g ORDER BY g",
		"SELECT BIT_AND(i), BIT_OR(i), BIT_XOR(i) FROM twin_agg WHERE id > ? AND g > 100",
	}},
	{[]string{"group_concat"}, "twin_agg", []string{
		"SELECT g, GROUP_CONCAT(s) FROM twin_agg WHERE id > ? GROUP BY g ORDER BY g",
		"SELECT g, GROUP_CONCAT(DISTINCT s ORDER BY s DESC SEPARATOR '|') FROM twin_agg WHERE id > ? GROUP BY g ORDER BY g",
		"SELECT g, GROUP_CONCAT(i ORDER BY id) FROM twin_agg WHERE id > ? GROUP BY g ORDER BY g",
		"SELECT g, GROUP_CONCAT(d ORDER BY id), GROUP_CONCAT(m ORDER BY id) FROM twin_agg WHERE id > ? GROUP BY g ORDER BY g",
		"SELECT g, LENGTH(GROUP_CONCAT(s ORDER BY id SEPARATOR '')) FROM twin_agg WHERE id > ? GROUP BY g ORDER BY g",
	}},
}
