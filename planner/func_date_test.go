package planner

import "testing"

// Expectations were read from MariaDB 10.11 (time_zone +00:00).
func TestDates(t *testing.T) {
	checkEval(t, [][2]string{
		{"unix_timestamp('1969-07-20')", "NULL"}, {"unix_timestamp('2024-01-05 10:30:00')", "1704450600"},
		{"from_unixtime(-1)", "NULL"}, {"from_unixtime(0)", "1970-01-01 00:00:00"},
		{"date_add('2024-01-31', interval 1 month)", "2024-02-29"},
		{"date_add(date '2024-01-31', interval 1 month)", "2024-02-29"},
		{"date_add('2024-01-31', interval 1 hour)", "2024-01-31 01:00:00"},
		{"date_add(date '2024-01-31', interval 90 minute)", "2024-01-31 01:30:00"},
		{"'2024-02-29' + interval 1 year", "2025-02-28"},
		{"date_sub('2024-03-01', interval '1:30' hour_minute)", "2024-02-29 22:30:00"},
		{"date_add('2024-01-01 00:00:00', interval '1 2' day_hour)", "2024-01-02 02:00:00"},
		{"date_add('2024-01-01', interval -1 day)", "2023-12-31"},
		{"year('2024-13-01')", "NULL"}, {"month('abc')", "NULL"}, {"dayofweek('2024-01-07')", "1"},
		{"week('2024-01-01')", "0"}, {"week('2024-01-07')", "1"}, {"week('2023-12-31')", "53"},
		{"week('2024-12-31', 0)", "52"}, {"datediff('2024-03-01 23:59:59', '2024-02-28')", "2"},
		{"timestampdiff(month, '2024-01-31', '2024-02-29')", "0"},
		{"timestampdiff(year, '2000-02-29', '2024-02-28')", "23"},
		{"timestampdiff(day, '2024-01-02', '2024-01-01 00:00:01')", "0"},
		{"timestampdiff(second, '2024-01-01', '2024-01-02')", "86400"},
		{"extract(year_month from '2024-05-06')", "202405"}, {"extract(day_hour from '2024-05-06 07:08:09')", "607"},
		{"date('2024-01-05 10:30:00')", "2024-01-05"}, {"date('junk')", "NULL"},
		{"str_to_date('05/01/2024', '%d/%m/%Y')", "2024-01-05"},
		{"str_to_date('2024-01-05 10:30', '%Y-%m-%d %H:%i')", "2024-01-05 10:30:00"},
		{"str_to_date('x', '%Y')", "NULL"},
		{"date_format('2024-01-05 09:03:07', '%a %b %c %D %d %e %f %H %h %I %i %j %k %l %M %m %p %r %S %s %T %U %u %V %v %W %w %X %x %Y %y %% %q')",
			"Fri Jan 1 5th 05 5 000000 09 09 09 03 005 9 9 January 01 AM 09:03:07 AM 07 07 09:03:07 00 01 53 01 Friday 5 2023 2024 2024 24 % q"},
	})
}
