DROP INDEX users_email ON users;
ALTER TABLE users DROP COLUMN email;
