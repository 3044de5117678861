-- The employees dataset: departments and employees (a manager hierarchy).
-- Loaded by MariaDB and by the driver alike; record files only read it.

CREATE TABLE departments (
  id INT PRIMARY KEY,
  name VARCHAR(50) NOT NULL,
  code VARCHAR(10),
  budget DECIMAL(10,2),
  building INT,
  parent_id INT,
  founded DATE
);

INSERT INTO departments (id, name, code, budget, building, parent_id, founded) VALUES
  (1, 'Engineering', 'ENG', 1500000.00, 1, NULL, '2001-03-15'),
  (2, 'engineering', 'eng', 1500000.00, 1, NULL, '2001-03-15'),
  (3, 'Sales', 'SAL', 800000.50, 2, NULL, '1999-01-01'),
  (4, 'Marketing', 'MKT', -2500.75, 2, 3, '2010-06-30'),
  (5, 'Research & Development', 'R&D', 99999999.99, 3, 1, '2015-09-01'),
  (6, 'Support', NULL, NULL, NULL, 3, NULL),
  (7, 'Human Resources', 'HR', 250000.00, NULL, NULL, '2000-02-29'),
  (8, 'Finance', 'FIN', 0.00, 4, NULL, '1998-12-31'),
  (9, 'Légal', 'LEG', 120000.00, 4, 8, '2024-01-05'),
  (10, 'Öffentlichkeitsarbeit', 'PR', 45000.00, 5, 4, '2024-01-01');

INSERT INTO departments (id, name, code, budget, building, parent_id, founded) VALUES
  (11, '研究開発', 'JP-RD', 300000.00, 6, 5, '2019-04-01'),
  (12, 'Ops 🚀', 'OPS', 75000.25, 3, 1, '2023-12-31'),
  (13, ' Facilities', 'FAC', 10000.00, 1, NULL, '2005-05-05'),
  (14, 'Security ', 'SEC', 65000.00, 1, 13, '2005-05-05'),
  (15, 'Data', 'DATA', NULL, 3, 1, '2020-02-29'),
  (16, 'data', 'data', 1.00, 3, 15, '2020-03-01'),
  (17, 'DATA', '', -1.00, NULL, 15, '1970-01-01'),
  (18, 'Archive', NULL, NULL, NULL, NULL, '1969-12-31'),
  (19, 'Quality', 'QA', 55000.00, 2, 1, NULL),
  (20, 'Procurement', 'PROC', 55000.00, 4, 8, '2011-11-11');

INSERT INTO departments (id, name, code, budget, building, parent_id, founded) VALUES
  (21, 'Straße', 'STR', 1234.56, 7, NULL, '2024-02-29'),
  (22, 'Strasse', 'STR', 1234.56, 7, NULL, '2024-03-01');

CREATE TABLE employees (
  id INT PRIMARY KEY,
  first_name VARCHAR(40),
  last_name VARCHAR(40) NOT NULL,
  dept_id INT,
  manager_id INT,
  salary DECIMAL(10,2),
  bonus DOUBLE,
  hired DATE,
  last_review DATETIME,
  remote BOOL,
  badge BIGINT,
  email VARCHAR(80),
  job_title VARCHAR(60)
);

INSERT INTO employees (id, first_name, last_name, dept_id, manager_id, salary, bonus, hired, last_review, remote, badge, email, job_title) VALUES
  (1, 'Ada', 'Lovelace', 1, NULL, 250000.00, 50000.5, '2001-03-15', '2024-01-05 09:00:00', FALSE, 1, 'ada@corp.example', 'CTO'),
  (2, 'Alan', 'Turing', 1, 1, 180000.00, 12000.0, '2005-06-23', '2024-01-05 10:30:00', TRUE, 2, 'alan@corp.example', 'Principal Engineer'),
  (3, 'Grace', 'Hopper', 1, 1, 175000.00, NULL, '2003-12-09', '2023-12-31 23:59:59', FALSE, 3, 'grace@corp.example', 'Principal Engineer'),
  (4, 'grace', 'hopper', 2, 3, 90000.00, 0.0, '2020-01-01', NULL, TRUE, 4, 'GRACE@corp.example', 'engineer'),
  (5, 'Linus', 'Torvalds', 1, 2, 160000.00, 8000.25, '2010-10-10', '2024-02-29 12:00:00', TRUE, 9223372036854775807, NULL, 'Engineer'),
  (6, 'Margaret', 'Hamilton', 5, 1, 170000.00, -500.0, '2008-08-08', '2024-01-04 17:00:00', FALSE, -9223372036854775808, 'margaret@corp.example', 'Director'),
  (7, 'Ken', 'Thompson', 5, 6, 150000.00, NULL, '2012-01-05', NULL, NULL, 9007199254740993, NULL, 'Engineer'),
  (8, 'Dennis', 'Ritchie', 5, 6, 150000.00, 1500.75, '2012-01-05', '2024-01-05 00:00:00', FALSE, 9007199254740992, 'dennis@corp.example', 'Engineer'),
  (9, 'Barbara', 'Liskov', 12, 1, 140000.00, 0.1, '2015-03-03', '2023-06-30 08:15:00', TRUE, 9223372036854775806, 'barbara@corp.example', 'Manager'),
  (10, NULL, 'Anonymous', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO employees (id, first_name, last_name, dept_id, manager_id, salary, bonus, hired, last_review, remote, badge, email, job_title) VALUES
  (11, 'José', 'Núñez', 3, 12, 65000.50, 2500.0, '2019-07-01', '2024-01-05 10:30:01', TRUE, 11, 'jose@corp.example', 'Sales Rep'),
  (12, 'Jose', 'Nunez', 3, NULL, 95000.00, 10000.0, '2011-02-14', '2024-01-05 10:29:59', FALSE, 12, 'jose.n@corp.example', 'Sales Manager'),
  (13, 'JOSE', 'NUNEZ', 3, 12, 45000.00, NULL, '2023-11-30', NULL, NULL, 13, NULL, 'sales rep'),
  (14, 'Björn', 'Ström', 4, 15, 70000.00, 0.0, '2018-05-05', '2023-05-05 05:05:05', TRUE, -1, 'bjorn@corp.example', 'Marketer'),
  (15, 'Ülle', 'Øster', 4, 12, 88000.00, 4400.0, '2016-04-04', '2024-04-04 04:04:04', FALSE, -2, 'ulle@corp.example', 'Marketing Lead'),
  (16, '太郎', '山田', 11, 9, 72000.00, 1000.0, '2019-04-01', '2024-01-05 10:30:00', TRUE, 16, 'taro@corp.example', '研究員'),
  (17, '花子', '佐藤', 11, 16, 68000.00, NULL, '2020-04-01', NULL, TRUE, 17, 'hanako@corp.example', '研究員'),
  (18, 'Zoë', 'Müller', 7, NULL, 82000.00, 820.2, '2002-02-28', '2024-02-28 14:30:00', FALSE, 18, 'zoe@corp.example', 'HR Lead'),
  (19, 'zoë', 'müller', 7, 18, 52000.00, NULL, '2024-01-05', NULL, NULL, NULL, 'ZOE@corp.example', 'Recruiter'),
  (20, 'Émilie', 'Dupont', 9, 21, 99000.00, -0.5, '2024-01-01', '2024-01-02 00:00:00', TRUE, 20, 'emilie@corp.example', 'Counsel');

INSERT INTO employees (id, first_name, last_name, dept_id, manager_id, salary, bonus, hired, last_review, remote, badge, email, job_title) VALUES
  (21, 'Emilie', 'Dupont', 8, NULL, 130000.00, 13000.0, '2000-01-01', '2000-01-01 00:00:00', FALSE, 21, 'emilie.d@corp.example', 'CFO'),
  (22, 'Sam', 'Smith 😀', 12, 9, 61000.00, NULL, '2022-02-22', '2022-02-22 22:22:22', TRUE, NULL, 'sam@corp.example', 'SRE'),
  (23, ' Pat', 'Jones', 6, NULL, 40000.00, 0.25, '2021-09-09', NULL, NULL, 23, NULL, 'Support Agent'),
  (24, 'Chris ', 'Lee', 6, 23, 41000.00, 0.75, '2021-09-10', '2024-01-05 10:30:00', TRUE, 24, NULL, 'Support Agent'),
  (25, 'Robin', 'Lee', 6, 23, 41000.00, NULL, '2021-09-10', NULL, NULL, NULL, NULL, 'Support Agent'),
  (26, 'Kim', 'Park', 15, 2, 115000.00, 5750.0, '2020-02-29', '2024-02-29 00:00:00', TRUE, 26, 'kim@corp.example', 'Data Scientist'),
  (27, 'kim', 'park', 16, 26, 60000.00, NULL, '2024-03-01', NULL, FALSE, 27, NULL, 'data analyst'),
  (28, 'Lee', 'Kim', 17, 26, -1.00, -1.0, '1970-01-01', '1970-01-01 00:00:01', NULL, -27, NULL, 'Intern'),
  (29, 'Old', 'Timer', 18, NULL, 0.00, 0.0, '1969-07-20', '1969-07-20 20:17:40', FALSE, 1969, 'old@corp.example', 'Archivist'),
  (30, 'Quinn', 'Q', 19, 1, 77000.77, 77.77, '2019-09-19', '2024-09-19 09:19:09', TRUE, 30, 'quinn@corp.example', 'QA Engineer');

INSERT INTO employees (id, first_name, last_name, dept_id, manager_id, salary, bonus, hired, last_review, remote, badge, email, job_title) VALUES
  (31, 'Pro', 'Curer', 20, 21, 58000.00, NULL, '2011-11-11', NULL, NULL, 31, 'pro@corp.example', 'Buyer'),
  (32, 'Nina', 'Strauß', 21, NULL, 1234.56, 12.3456, '2024-02-29', '2024-02-29 23:59:59', TRUE, 32, 'nina@corp.example', 'Clerk'),
  (33, 'Nina', 'Strauss', 22, NULL, 1234.56, 12.3456, '2024-03-01', '2024-03-01 00:00:00', FALSE, 33, 'nina.s@corp.example', 'Clerk'),
  (34, 'Max', 'Power', 99, 1, 99999999.99, 1000000.0, '2024-12-31', '2024-12-31 23:59:59', TRUE, 34, 'max@corp.example', 'Consultant'),
  (35, 'Min', 'Power', NULL, 34, -99999999.99, -1000000.0, '2024-12-31', NULL, FALSE, 35, 'min@corp.example', 'Consultant'),
  (36, 'Eve', 'Evans', 5, 6, 150000.00, 1500.75, '2012-01-05', '2024-01-05 00:00:00', TRUE, 36, 'eve@corp.example', 'Engineer'),
  (37, 'Oscar', 'Wilde', 10, 15, 50000.00, NULL, '2024-01-05', NULL, NULL, NULL, 'oscar@corp.example', NULL),
  (38, 'Pia', 'Lind', 13, NULL, NULL, NULL, '2005-05-05', NULL, NULL, NULL, NULL, 'Facilities'),
  (39, 'Ray', 'Guard', 14, 38, 48000.00, 100.0, '2005-05-06', '2024-01-05 10:30:00', TRUE, 39, 'ray@corp.example', 'Guard'),
  (40, 'Ana', 'Guard', 14, 38, 48000.00, 100.0, '2005-05-06', '2024-01-05 10:30:00', FALSE, 40, 'ana@corp.example', 'guard');

INSERT INTO employees (id, first_name, last_name, dept_id, manager_id, salary, bonus, hired, last_review, remote, badge, email, job_title) VALUES
  (41, '', 'Nobody', NULL, NULL, 10.00, NULL, NULL, NULL, NULL, 41, '', ''),
  (42, 'Ola', 'Nordmann', 3, 12, 65000.50, 2500.0, '2019-07-01', '2024-01-05 10:30:01', TRUE, 42, 'ola@corp.example', 'Sales Rep');
