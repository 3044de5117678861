-- +goose Up
CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL);
INSERT INTO users (name) VALUES ('ann');

-- +goose Down
DROP TABLE users;
