-- The joins dataset: small tables shaped for multi-table queries (joins,
-- subqueries, set operations). Loaded by MariaDB and by the driver alike;
-- record files only read it.
-- NULL join keys on both sides, duplicate keys on both sides, keys on one
-- side only, an empty table, a self-referencing hierarchy, a many-to-many
-- link table and a has-one pair (the GORM Joins("Profile") shape).

-- jk_a, jk_b: k (INT) and s (VARCHAR) are join keys. k = 1 is twice in
-- jk_a and three times in jk_b; NULL twice on each side; 3 and 5 only in
-- jk_a, 4 and 6 only in jk_b; s has case variants and a trailing space
-- (binary, no-pad: 'x' <> 'X' <> 'x '). They share id, k, s and label.
CREATE TABLE jk_a (
  id INT PRIMARY KEY,
  k INT,
  s VARCHAR(10),
  label VARCHAR(20) NOT NULL,
  n INT
);

INSERT INTO jk_a (id, k, s, label, n) VALUES
  (1, 1, 'x', 'a1', 10),
  (2, 1, 'x', 'a2', 20),
  (3, 2, 'y', 'a3', NULL),
  (4, 3, 'Y', 'a4', 40),
  (5, NULL, NULL, 'a5', 50),
  (6, NULL, 'z', 'a6', 60),
  (7, 5, 'x ', 'a7', -5),
  (8, 0, '', 'a8', 0);

CREATE TABLE jk_b (
  id INT PRIMARY KEY,
  k INT,
  s VARCHAR(10),
  label VARCHAR(20) NOT NULL,
  m DECIMAL(6,2)
);

INSERT INTO jk_b (id, k, s, label, m) VALUES
  (1, 1, 'x', 'b1', 1.50),
  (2, 1, 'X', 'b2', 2.25),
  (3, 1, 'x', 'b3', NULL),
  (4, 2, 'y', 'b4', -1.00),
  (5, 4, 'w', 'b5', 4.00),
  (6, NULL, NULL, 'b6', 6.00),
  (7, NULL, 'z', 'b7', 0.00),
  (8, 0, '', 'b8', 8.75),
  (9, 6, 'y', 'b9', 9.00);

-- jk_c: a third table for chains; shares only k with jk_a and jk_b (so
-- NATURAL JOIN means ON k).
CREATE TABLE jk_c (
  cid INT PRIMARY KEY,
  k INT,
  tag VARCHAR(10)
);

INSERT INTO jk_c (cid, k, tag) VALUES
  (100, 1, 'one'),
  (101, 2, 'two'),
  (102, 2, 'deux'),
  (103, NULL, 'none'),
  (104, 7, 'seven');

-- jk_empty: no rows at all.
CREATE TABLE jk_empty (
  id INT PRIMARY KEY,
  k INT,
  label VARCHAR(20)
);

-- staff: a hierarchy five levels deep under Ava; Kit is a second root with
-- no reports, Lou's manager (99) does not exist.
CREATE TABLE staff (
  id INT PRIMARY KEY,
  name VARCHAR(20) NOT NULL,
  manager_id INT,
  title VARCHAR(20),
  salary INT
);

INSERT INTO staff (id, name, manager_id, title, salary) VALUES
  (1, 'Ava', NULL, 'CEO', 300),
  (2, 'Ben', 1, 'VP', 200),
  (3, 'Cleo', 1, 'VP', 210),
  (4, 'Dan', 2, 'Manager', 150),
  (5, 'Eli', 2, 'Manager', 140),
  (6, 'Fay', 3, 'Manager', 150),
  (7, 'Gus', 4, 'Engineer', 100),
  (8, 'Hal', 4, 'Engineer', 100),
  (9, 'Ivy', 5, 'Engineer', 90),
  (10, 'Jo', 7, 'Intern', 30),
  (11, 'Kit', NULL, 'Advisor', NULL),
  (12, 'Lou', 99, 'Contractor', 50);

-- students, courses and the enrollments linking them: Bo took Algebra
-- twice, Di has no enrollment, Drama and Economics have no students; one
-- enrollment names a course that does not exist, one has no student.
CREATE TABLE students (
  id INT PRIMARY KEY,
  name VARCHAR(20) NOT NULL,
  cohort INT
);

INSERT INTO students (id, name, cohort) VALUES
  (1, 'Amy', 1),
  (2, 'Bo', 2),
  (3, 'Cy', 2),
  (4, 'Di', 3),
  (5, 'Ed', NULL);

CREATE TABLE courses (
  id INT PRIMARY KEY,
  title VARCHAR(20) NOT NULL,
  credits INT
);

INSERT INTO courses (id, title, credits) VALUES
  (10, 'Algebra', 5),
  (20, 'Biology', 4),
  (30, 'Chemistry', 4),
  (40, 'Drama', 2),
  (50, 'Economics', NULL);

CREATE TABLE enrollments (
  id INT PRIMARY KEY,
  student_id INT,
  course_id INT,
  grade INT
);

INSERT INTO enrollments (id, student_id, course_id, grade) VALUES
  (1, 1, 10, 90),
  (2, 1, 20, 85),
  (3, 1, 30, NULL),
  (4, 2, 10, 70),
  (5, 2, 10, 75),
  (6, 3, 20, 88),
  (7, 3, 99, 60),
  (8, 5, 30, 95),
  (9, NULL, 10, 50);

-- accounts and profiles: a has-one with GORM's soft delete (deleted_at).
-- bob's profile has a NULL bio, dave is soft-deleted, carol's only profile
-- is soft-deleted, erin has two profiles, one profile has no account and
-- one names an account that does not exist.
CREATE TABLE accounts (
  id INT PRIMARY KEY,
  name VARCHAR(20) NOT NULL,
  email VARCHAR(40),
  deleted_at DATETIME
);

INSERT INTO accounts (id, name, email, deleted_at) VALUES
  (1, 'alice', 'alice@example.com', NULL),
  (2, 'bob', NULL, NULL),
  (3, 'carol', 'carol@example.com', NULL),
  (4, 'dave', 'dave@example.com', '2024-01-01 00:00:00'),
  (5, 'erin', 'erin@example.com', NULL),
  (6, 'frank', 'frank@example.com', NULL);

CREATE TABLE profiles (
  id INT PRIMARY KEY,
  account_id INT,
  bio VARCHAR(40),
  deleted_at DATETIME
);

INSERT INTO profiles (id, account_id, bio, deleted_at) VALUES
  (1, 1, 'Hi, I am Alice', NULL),
  (2, 2, NULL, NULL),
  (3, 4, 'gone', NULL),
  (4, 3, 'old carol', '2023-06-01 00:00:00'),
  (5, NULL, 'orphan', NULL),
  (6, 5, 'Erin', NULL),
  (7, 5, 'Erin again', NULL),
  (8, 42, 'nobody', NULL);
