-- The shop dataset: customers, products, orders, order_items.
-- Loaded by MariaDB and by the driver alike; record files only read it.
-- NULLs, duplicates, case variants, unicode, padded strings, negative and
-- fractional numbers and int64 limits are deliberate.

CREATE TABLE customers (
  id INT PRIMARY KEY,
  name VARCHAR(50) NOT NULL,
  email VARCHAR(100),
  city VARCHAR(50),
  country VARCHAR(50),
  tier INT,
  credit DECIMAL(10,2),
  balance DOUBLE,
  signup DATE,
  last_login DATETIME,
  active BOOL,
  notes TEXT,
  ext_ref BIGINT
);

INSERT INTO customers (id, name, email, city, country, tier, credit, balance, signup, last_login, active, notes, ext_ref) VALUES
  (1, 'Alice Martin', 'alice@example.com', 'Paris', 'FR', 3, 100.00, 0.1, '2024-01-05', '2024-01-05 10:30:00', TRUE, 'VIP', 9223372036854775807),
  (2, 'alice martin', 'ALICE@example.com', 'paris', 'fr', 1, -50.25, -12.5, '2023-12-31', '2024-01-05 00:00:00', FALSE, 'vip', -9223372036854775808),
  (3, 'ALICE MARTIN', NULL, 'PARIS', 'FR', NULL, NULL, NULL, '2024-01-01', NULL, NULL, NULL, 9223372036854775806),
  (4, 'Bob Stone', 'bob@example.com', 'Berlin', 'DE', 2, 0.00, 0.0, '2024-02-29', '2024-01-04 23:59:59', TRUE, '', -9223372036854775807),
  (5, 'bob stone', 'bob@example.com', 'berlin', 'DE', 2, 0.01, 3.14159, '2024-03-01', '2024-03-01 12:00:00', TRUE, 'Vip', 9007199254740993),
  (6, 'Émile Zola', 'emile@example.fr', 'Paris', 'FR', 5, 1234.56, 2.5, '1999-12-31', '1999-12-31 23:59:59', FALSE, 'écrivain', 9007199254740992),
  (7, 'Zoë Weiß', 'zoe@example.de', 'München', 'DE', NULL, 99999999.99, -0.001, '2000-01-01', '2000-01-01 00:00:00', NULL, 'ß vs ss', 0),
  (8, 'Jürgen Groß', NULL, 'München', 'DE', 4, -99999999.99, 123456789.125, '2038-01-19', '2038-01-19 03:14:07', TRUE, 'Strasse', -1),
  (9, '山田太郎', 'yamada@example.jp', '東京', 'JP', 3, 100.00, 42.0, '2024-01-05', '2024-01-05 10:30:01', TRUE, '日本語のメモ', NULL),
  (10, '佐藤花子', 'sato@example.jp', '東京', 'JP', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO customers (id, name, email, city, country, tier, credit, balance, signup, last_login, active, notes, ext_ref) VALUES
  (11, 'Chloé 😀', 'chloe@example.fr', 'Lyon', 'FR', 1, 12.50, -7.25, '2024-06-15', '2024-06-15 08:05:09', FALSE, 'emoji 🎉', 1234567890123),
  (12, 'Dave', 'dave@example.com', NULL, 'US', 0, 12.50, 1e-07, '2024-01-06', '2024-01-06 00:00:00', TRUE, ' ', NULL),
  (13, ' Eve Adams', 'eve@example.com', 'Boston', 'US', -1, -0.50, -1.5, '1970-01-01', '1970-01-01 00:00:00', FALSE, '  padded  ', -42),
  (14, 'Frank Ocean ', NULL, 'Boston', 'US', 3, NULL, 99.99, '1969-07-20', '1969-07-20 20:17:40', NULL, 'trailing ', NULL),
  (15, 'Grace Hopper', 'grace@example.com', 'New York', 'US', 5, 5000.00, 1000000.0, '1985-05-05', '2024-01-05 10:29:59', TRUE, NULL, 1906120912),
  (16, 'Heidi Klum', 'heidi@example.de', 'Berlin', 'DE', 2, 100.00, NULL, '2024-01-05', NULL, TRUE, NULL, NULL),
  (17, 'Ivan Petrov', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (18, 'Judy', 'judy@example.com', 'São Paulo', 'BR', 1, -12.50, 0.5, '2023-01-01', '2023-01-01 00:00:01', FALSE, 'VIP ', 77),
  (19, 'Mallory', 'mallory@example.com', 'Zürich', 'CH', NULL, 7.77, -0.5, '2022-11-30', '2022-11-30 23:00:00', NULL, NULL, NULL),
  (20, 'Niaj', NULL, 'Kraków', 'PL', 2, NULL, 0.25, '2024-12-31', '2024-12-31 23:59:59', TRUE, 'NULL', -77);

INSERT INTO customers (id, name, email, city, country, tier, credit, balance, signup, last_login, active, notes, ext_ref) VALUES
  (21, 'Olivia', 'olivia@example.com', 'Paris', 'FR', 4, 250.00, 250.0, '2024-01-04', '2024-01-04 00:00:00', FALSE, NULL, 500),
  (22, 'Peggy', 'peggy@example.com', 'paris', NULL, NULL, 250.00, NULL, '2024-01-05', '2024-01-05 10:30:00', NULL, NULL, NULL),
  (23, 'Rupert', NULL, NULL, 'GB', 3, NULL, -99.99, NULL, NULL, TRUE, 'Vip', NULL),
  (24, 'Sybil', 'sybil@example.com', 'London', 'GB', 5, 0.00, 0.0, '2021-07-04', '2021-07-04 16:45:00', FALSE, NULL, 9223372036854775807),
  (25, 'Trent', 'trent@example.com', 'London', 'GB', NULL, NULL, 1.0, '2024-02-28', '2024-02-28 23:59:59', NULL, 'vip', NULL),
  (26, 'Victor', NULL, 'Ōsaka', 'JP', 1, 3.33, 3.33, '2024-02-29', '2024-02-29 00:00:00', TRUE, NULL, 3),
  (27, 'Walter', 'walter@example.com', NULL, NULL, NULL, NULL, NULL, '2024-01-05', NULL, NULL, NULL, NULL),
  (28, 'Xavier', 'xavier@example.com', 'Ångström', 'SE', 2, -1.00, -1.0, '2025-01-01', '2025-01-01 00:00:00', FALSE, 'ÅÄÖ', -9223372036854775807),
  (29, 'Yvonne', NULL, 'Zürich', 'CH', 4, 100.00, 100.0, '2024-01-05', '2024-01-05 23:59:59', TRUE, NULL, NULL),
  (30, 'Zed', 'zed@example.com', 'zürich', 'ch', NULL, NULL, NULL, '2023-12-31', '2023-12-31 23:59:59', NULL, '', NULL);

INSERT INTO customers (id, name, email, city, country, tier, credit, balance, signup, last_login, active, notes, ext_ref) VALUES
  (31, 'Ümit', 'umit@example.com', 'İstanbul', 'TR', 3, 42.42, 42.42, '2024-01-02', '2024-01-02 02:02:02', TRUE, 'İi', 42),
  (32, 'bob', NULL, 'Berlin', 'DE', NULL, NULL, NULL, NULL, NULL, FALSE, NULL, NULL);

CREATE TABLE products (
  id INT PRIMARY KEY,
  sku VARCHAR(20) NOT NULL,
  title VARCHAR(100) NOT NULL,
  category VARCHAR(30),
  price DECIMAL(10,2),
  weight DOUBLE,
  stock INT,
  discontinued BOOL,
  added DATE,
  barcode BIGINT
);

INSERT INTO products (id, sku, title, category, price, weight, stock, discontinued, added, barcode) VALUES
  (1, 'A-100', 'Desk Lamp', 'lighting', 19.99, 1.2, 15, 0, '2023-03-01', 4006381333931),
  (2, 'A-101', 'desk lamp', 'Lighting', 19.99, 1.2, 0, 1, '2023-03-01', 4006381333932),
  (3, 'A-102', ' Floor Lamp', 'lighting', 89.50, 7.75, 3, 0, '2023-04-15', NULL),
  (4, 'A-103', 'Table Lamp ', 'lighting', NULL, NULL, NULL, NULL, NULL, NULL),
  (5, 'B-200', 'Office Chair', 'furniture', 149.00, 12.0, 8, 0, '2022-10-10', 9223372036854775807),
  (6, 'B-201', 'Stool', 'furniture', 25.00, 3.5, -2, 0, '2022-10-10', -9223372036854775807),
  (7, 'B-202', 'Bücherregal', 'furniture', 210.00, 30.25, 1, NULL, '2024-01-05', 1),
  (8, 'B-203', 'Schrank', 'Furniture', 480.00, 55.0, 0, 1, '2019-06-30', 0),
  (9, 'C-300', 'Notebook', 'stationery', 2.50, 0.2, 500, 0, '2024-01-01', 9007199254740993),
  (10, 'C-301', 'notebook', 'stationery', 2.50, 0.2, 250, 0, '2024-01-01', 9007199254740992);

INSERT INTO products (id, sku, title, category, price, weight, stock, discontinued, added, barcode) VALUES
  (11, 'C-302', 'NOTEBOOK', 'stationery', 2.75, 0.21, NULL, 0, '2024-01-02', NULL),
  (12, 'C-303', 'Pen', 'stationery', 0.99, 0.01, 1000, 0, '2020-02-29', 12345),
  (13, 'C-304', 'Pencil ✏️', 'stationery', 0.49, 0.005, 1000, 0, '2020-02-29', 12346),
  (14, 'C-305', 'Eraser', NULL, 0.00, NULL, 0, NULL, NULL, NULL),
  (15, 'D-400', '日本茶', 'food', 12.00, 0.1, 40, 0, '2024-05-01', 4901234567894),
  (16, 'D-401', 'Matcha 抹茶', 'food', 24.00, 0.1, 12, 0, '2024-05-01', NULL),
  (17, 'D-402', 'Crème brûlée', 'food', 6.50, 0.3, 0, 1, '2023-12-24', -1),
  (18, 'D-403', 'Straße Snack', 'food', 1.25, 0.05, 75, 0, '2023-12-31', NULL),
  (19, 'D-404', 'Strasse Snack', 'food', 1.25, 0.05, 75, 0, '2023-12-31', NULL),
  (20, 'E-500', 'Gift Card', NULL, -5.00, 0.0, NULL, 0, '2024-02-29', NULL);

INSERT INTO products (id, sku, title, category, price, weight, stock, discontinued, added, barcode) VALUES
  (21, 'E-501', 'Refund Voucher', 'vouchers', -20.00, 0.0, 5, NULL, '2024-03-01', NULL),
  (22, 'E-502', '🎁 Surprise Box', 'misc', 9.99, 2.5, 9, 0, '2024-07-04', 7),
  (23, 'E-503', 'Mystery', 'misc', NULL, -1.0, -1, 1, '1999-12-31', NULL),
  (24, 'F-600', 'Cable', 'electronics', 4.99, 0.15, 300, 0, '2021-01-01', 5012345678900),
  (25, 'F-601', 'cable', 'electronics', 4.99, 0.15, 300, 0, '2021-01-01', 5012345678901),
  (26, 'F-602', 'Adapter', 'electronics', 14.99, 0.08, 30, 1, '2021-06-01', NULL),
  (27, 'F-603', 'Charger', 'Electronics', 29.99, 0.25, NULL, 0, '2022-02-02', NULL),
  (28, 'F-604', 'Headphones', 'electronics', 99.00, 0.35, 20, 0, '2023-09-09', NULL),
  (29, 'G-700', 'Plant', 'garden', 15.00, 2.0, 14, 0, '2024-04-01', -9223372036854775807),
  (30, 'G-701', 'Soil', 'garden', 7.00, 10.0, 60, 0, '2024-04-01', NULL);

CREATE TABLE orders (
  id INT PRIMARY KEY,
  customer_id INT,
  state VARCHAR(20),
  ordered_at DATETIME,
  ship_date DATE,
  total DECIMAL(10,2),
  discount DOUBLE,
  coupon VARCHAR(20),
  priority INT
);

INSERT INTO orders (id, customer_id, state, ordered_at, ship_date, total, discount, coupon, priority) VALUES
  (1, 1, 'paid', '2024-01-05 10:30:00', '2024-01-05', 100.00, 0.1, 'SAVE10', 1),
  (2, 1, 'paid', '2024-01-05 10:30:00', '2024-01-06', 100.00, NULL, NULL, NULL),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (4, 99, 'pending', '2023-12-31 23:59:59', NULL, 0.00, 0.0, '', 0),
  (5, 2, 'cancelled', '2024-01-01 00:00:00', NULL, -15.50, NULL, 'save10', NULL),
  (6, NULL, 'PAID', '2023-12-20 03:32:26', NULL, -276.36, NULL, NULL, 0),
  (7, 24, NULL, '2024-01-23 19:31:37', NULL, 61.33, 0.15, NULL, NULL),
  (8, 21, 'refunded', '2024-01-22 09:45:24', '2024-01-23', NULL, 0.05, NULL, 3),
  (9, 2, 'cancelled', '2024-01-25 04:47:15', NULL, -52.80, NULL, '', 3),
  (10, 15, 'pending', '2024-01-27 17:17:45', NULL, 447.42, 0.05, NULL, NULL);

INSERT INTO orders (id, customer_id, state, ordered_at, ship_date, total, discount, coupon, priority) VALUES
  (11, 6, 'pending', '2024-03-08 07:00:31', NULL, 172.19, NULL, NULL, 3),
  (12, 26, 'refunded', '2024-01-19 04:44:54', '2024-01-21', 299.26, -0.05, 'Winter ', 3),
  (13, 28, 'Paid', '2023-12-13 15:40:25', NULL, NULL, NULL, NULL, NULL),
  (14, 24, 'refunded', '2023-12-02 00:36:09', '2023-12-03', 136.28, 0.05, 'SAVE10', 2),
  (15, 26, 'shipped', '2023-12-04 15:29:30', '2023-12-04', NULL, -0.05, 'SAVE10', 3),
  (16, 6, 'paid', '2024-01-01 16:23:09', '2024-01-01', 421.34, -0.05, 'SAVE10', 3),
  (17, 26, 'pending', '2024-01-12 17:34:49', NULL, 401.88, 0.05, NULL, 0),
  (18, 28, 'cancelled', '2024-02-07 15:22:46', NULL, NULL, NULL, 'SAVE10', 3),
  (19, 15, 'cancelled', '2024-02-23 11:28:51', NULL, 238.96, NULL, NULL, 1),
  (20, 99, 'cancelled', '2024-01-11 15:39:57', NULL, 314.22, 0.1, NULL, 0);

INSERT INTO orders (id, customer_id, state, ordered_at, ship_date, total, discount, coupon, priority) VALUES
  (21, 4, 'Paid', '2024-03-26 06:30:56', NULL, 56.85, -0.05, '', 3),
  (22, 28, 'shipped', '2024-01-24 05:08:01', NULL, 400.80, 0.15, 'save10', 1),
  (23, 5, 'paid', '2024-03-01 20:06:33', '2024-03-01', 138.30, NULL, NULL, 2),
  (24, 11, 'refunded', '2024-01-11 17:26:53', NULL, 300.26, 0.5, '', 0),
  (25, 5, 'paid', '2024-02-05 16:01:55', '2024-02-05', 112.94, NULL, NULL, 3),
  (26, 2, NULL, '2024-02-22 16:35:30', NULL, 367.19, NULL, NULL, 2),
  (27, 2, 'shipped', '2024-01-17 17:01:48', '2024-01-17', 453.98, NULL, 'Winter ', 3),
  (28, 99, 'paid', '2024-03-08 16:56:56', '2024-03-09', 293.29, NULL, NULL, 3),
  (29, NULL, NULL, '2024-03-03 07:27:04', NULL, 80.18, 0.05, 'save10', 1),
  (30, 15, 'pending', '2024-01-15 23:06:25', NULL, 437.67, 0.05, '', 3);

INSERT INTO orders (id, customer_id, state, ordered_at, ship_date, total, discount, coupon, priority) VALUES
  (31, 28, NULL, '2024-01-14 11:20:05', NULL, 221.49, 0.15, NULL, 3),
  (32, 24, 'paid', '2024-01-20 16:04:07', '2024-01-20', 55.09, NULL, NULL, 0),
  (33, 6, 'PAID', '2024-01-25 13:54:58', '2024-01-26', -459.02, NULL, 'SAVE10', NULL),
  (34, 6, 'Paid', '2024-01-03 00:40:05', '2024-01-03', 43.66, NULL, NULL, 3),
  (35, 1, NULL, '2024-01-18 08:39:08', NULL, NULL, 0.0, NULL, 2),
  (36, 2, 'pending', '2024-01-07 20:19:33', NULL, 292.08, 0.05, 'SAVE10', 2),
  (37, 1, 'PAID', '2023-12-02 00:46:32', '2023-12-02', 292.98, NULL, '', -1),
  (38, 99, 'paid', '2024-01-27 16:19:44', '2024-01-27', 265.22, 0.0, NULL, NULL),
  (39, 3, 'PAID', '2024-01-14 01:05:42', '2024-01-16', 392.41, NULL, 'SAVE10', NULL),
  (40, NULL, 'pending', '2024-01-06 14:00:16', NULL, 358.53, NULL, NULL, 2);

CREATE TABLE order_items (
  id INT PRIMARY KEY,
  order_id INT NOT NULL,
  product_id INT,
  qty INT,
  unit_price DECIMAL(10,2),
  note VARCHAR(100)
);

INSERT INTO order_items (id, order_id, product_id, qty, unit_price, note) VALUES
  (1, 1, 6, 1, 25.00, NULL),
  (2, 1, 17, 2, 6.50, 'gift '),
  (3, 1, NULL, 3, 23.57, 'GIFT'),
  (4, 38, NULL, 1, NULL, 'zerbrechlich ß'),
  (5, 15, 31, -1, NULL, ' gift'),
  (6, 39, 11, 0, 2.75, ' gift'),
  (7, 40, 2, -1, 19.99, ' gift'),
  (8, 33, 17, -1, 6.50, 'gift '),
  (9, 2, 19, 2, 1.25, NULL),
  (10, 9, 31, 1, NULL, '');

INSERT INTO order_items (id, order_id, product_id, qty, unit_price, note) VALUES
  (11, 36, NULL, 1, 40.06, ''),
  (12, 17, NULL, 1, 82.40, 'rush'),
  (13, 6, 3, 0, 89.50, NULL),
  (14, 17, 25, 2, 4.99, 'zerbrechlich ß'),
  (15, 30, 13, 1, 0.49, 'zerbrechlich ß'),
  (16, 19, 20, 2, -5.00, NULL),
  (17, 22, 24, 3, 4.99, NULL),
  (18, 1, 16, 3, NULL, NULL),
  (19, 32, 17, 3, 6.50, ''),
  (20, 8, 18, 2, 1.25, NULL);

INSERT INTO order_items (id, order_id, product_id, qty, unit_price, note) VALUES
  (21, 31, NULL, 0, NULL, 'rush'),
  (22, 29, 13, 2, 12.22, 'fragile 📦'),
  (23, 6, 17, 3, NULL, 'zerbrechlich ß'),
  (24, 33, 4, 5, NULL, ''),
  (25, 26, NULL, 1, 73.85, 'GIFT'),
  (26, 20, 14, 5, 0.00, NULL),
  (27, 22, NULL, 5, 19.66, NULL),
  (28, 1, 10, 3, 2.50, 'GIFT'),
  (29, 25, 19, 1, 1.25, 'GIFT'),
  (30, 18, 9, 1, 2.50, 'zerbrechlich ß');

INSERT INTO order_items (id, order_id, product_id, qty, unit_price, note) VALUES
  (31, 19, 5, 2, NULL, 'Gift'),
  (32, 13, 26, 10, 65.54, 'rush'),
  (33, 36, 3, 1, NULL, 'fragile 📦'),
  (34, 9, 10, 0, 2.50, 'rush'),
  (35, 9, 14, 5, 0.00, 'gift'),
  (36, 17, 8, 3, 480.00, 'zerbrechlich ß'),
  (37, 26, 21, 1, -20.00, 'rush'),
  (38, 32, 15, 5, NULL, NULL),
  (39, 36, 3, 1, 89.50, NULL),
  (40, 21, 9, NULL, 2.50, NULL);

INSERT INTO order_items (id, order_id, product_id, qty, unit_price, note) VALUES
  (41, 27, 24, -1, 4.99, 'gift'),
  (42, 22, 16, 3, 24.00, 'Gift'),
  (43, 9, 17, 2, 6.50, NULL),
  (44, 25, 15, 10, 3.57, NULL),
  (45, 3, 25, 0, NULL, NULL),
  (46, 26, 30, -1, 40.70, 'gift '),
  (47, 7, 5, -1, NULL, ' gift'),
  (48, 30, 25, 1, 4.99, NULL),
  (49, 15, 2, 3, 86.54, 'zerbrechlich ß'),
  (50, 28, 4, 1, NULL, 'rush');

INSERT INTO order_items (id, order_id, product_id, qty, unit_price, note) VALUES
  (51, 38, 9, 2, 2.50, NULL),
  (52, 1, 15, 3, 39.70, ''),
  (53, 34, 8, 1, 50.36, NULL),
  (54, 2, 29, 10, 15.00, NULL),
  (55, 28, 8, 0, 480.00, 'Gift'),
  (56, 27, 13, 2, 0.49, 'gift'),
  (57, 33, NULL, 0, 51.07, 'gift '),
  (58, 13, 8, 3, 480.00, 'gift'),
  (59, 7, 16, NULL, 24.00, NULL),
  (60, 32, 22, 1, NULL, 'GIFT');
