-- +goose Up
ALTER TABLE users ADD COLUMN email VARCHAR(100);
CREATE UNIQUE INDEX users_email ON users (email);

-- +goose Down
DROP INDEX users_email ON users;
ALTER TABLE users DROP COLUMN email;
