package main

// sampleSQL is what --sample loads: the demo's shop, two small tables.
const sampleSQL = `
CREATE TABLE customers (
  id     INT PRIMARY KEY AUTO_INCREMENT,
  name   VARCHAR(50) NOT NULL,
  city   VARCHAR(50),
  email  VARCHAR(100),
  joined DATE
);
CREATE TABLE orders (
  id          INT PRIMARY KEY AUTO_INCREMENT,
  customer_id INT NOT NULL,
  product     VARCHAR(50),
  qty         INT,
  total       DOUBLE,
  status      VARCHAR(20),
  placed      DATE
);
INSERT INTO customers (name, city, email, joined) VALUES
  ('Ada Lovelace',    'London',   'ada@example.com',   '2023-01-15'),
  ('Alan Turing',     'London',   NULL,                '2023-03-02'),
  ('Grace Hopper',    'New York', 'grace@example.com', '2023-06-30'),
  ('Edsger Dijkstra', NULL,       'ewd@example.com',   NULL),
  ('Barbara Liskov',  'Boston',   NULL,                '2024-02-11');
INSERT INTO orders (customer_id, product, qty, total, status, placed) VALUES
  (1, 'Analytical Engine', 1,   1843.00, 'paid',      '2024-01-03'),
  (1, 'Punched cards',     200, 24.50,   'paid',      '2024-01-09'),
  (2, 'Bombe rotor',       3,   89.90,   'pending',   '2024-02-01'),
  (3, 'COBOL manual',      2,   35.00,   'paid',      '2024-02-14'),
  (3, 'Moth (framed)',     1,   NULL,    'cancelled', '2024-02-20'),
  (4, 'Semaphore',         10,  12.75,   'pending',   NULL),
  (5, 'CLU compiler',      1,   49.99,   'paid',      '2024-03-05'),
  (5, 'Substitution kit',  4,   19.96,   'cancelled', '2024-03-07');
`
